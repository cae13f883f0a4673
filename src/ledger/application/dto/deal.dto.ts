import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import {
  IsAmount,
  IsInstant,
  IsSlug,
  IsOneOf,
} from '../../../common/validation';
import {
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
  DEAL_KINDS,
  DealCertainty,
  DealConfidence,
  DealKind,
} from '../../../contracts';
import { AnnouncedAt, EffectiveAt, INSTANT, Reason, USD } from './write-fields';

export class InstallmentDto {
  @ApiProperty({ description: INSTANT, example: '2027-01-01' })
  @IsInstant()
  date!: string;

  @ApiProperty({
    description: USD,
    example: 60e9,
    exclusiveMinimum: true,
    minimum: 0,
  })
  @IsAmount('positive')
  amountUsd!: number;
}

const CERTAINTY =
  'binding (signed or funded) · conditional (milestones, the "up to" part) · intent (letter of intent, talks)';
const CONFIDENCE = "the source's reliability: high · medium · low";

/** A range for a deal with no published amount. */
export class EstimateDto {
  @ApiProperty({ description: USD, example: 60e9 })
  @IsAmount('positive')
  low!: number;

  @ApiProperty({ description: `${USD}; low ≤ central ≤ high`, example: 100e9 })
  @IsAmount('positive')
  central!: number;

  @ApiProperty({ description: USD, example: 140e9 })
  @IsAmount('positive')
  high!: number;

  @ApiProperty({
    description: 'The published unit price the estimate rests on',
    example: '10 GW at $10B per GW (company statement)',
  })
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  basis!: string;
}

/** POST /deals. Roles by kind: supply → buyer, seller; investment → investor, investee; loan → lender, borrower. */
export class RecordDealDto {
  @ApiPropertyOptional({
    description: 'Slug id; generated when absent',
    example: 'oracle-openai-stargate',
  })
  @IsOptional()
  @IsSlug()
  id?: string;

  @ApiProperty({ enum: DEAL_KINDS })
  @IsOneOf(DEAL_KINDS)
  kind!: DealKind;

  @ApiPropertyOptional({ description: 'supply: who pays', example: 'openai' })
  @IsOptional()
  @IsSlug()
  buyer?: string;

  @ApiPropertyOptional({
    description: 'supply: who delivers',
    example: 'oracle',
  })
  @IsOptional()
  @IsSlug()
  seller?: string;

  @ApiPropertyOptional({ description: 'investment: who funds' })
  @IsOptional()
  @IsSlug()
  investor?: string;

  @ApiPropertyOptional({ description: 'investment: who is funded' })
  @IsOptional()
  @IsSlug()
  investee?: string;

  @ApiPropertyOptional({ description: 'loan: who lends' })
  @IsOptional()
  @IsSlug()
  lender?: string;

  @ApiPropertyOptional({ description: 'loan: who borrows' })
  @IsOptional()
  @IsSlug()
  borrower?: string;

  @ApiPropertyOptional({
    description: `${USD}; absent when no amount was published (recorded and flagged)`,
    example: 300e9,
  })
  @IsOptional()
  @IsAmount('positive')
  amountUsd?: number;

  @ApiProperty({ description: `Signing; ${INSTANT}`, example: '2025-09-10' })
  @IsInstant()
  effectiveAt!: string;

  @ApiPropertyOptional({ description: INSTANT, example: '2027-01-01' })
  @IsOptional()
  @IsInstant()
  startDate?: string;

  @ApiPropertyOptional({
    description: `${INSTANT}; after startDate`,
    example: '2032-01-01',
  })
  @IsOptional()
  @IsInstant()
  endDate?: string;

  @ApiPropertyOptional({ description: 'Loans: alias of endDate' })
  @IsOptional()
  @IsInstant()
  maturityDate?: string;

  @ApiPropertyOptional({ example: 'compute' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  category?: string;

  @ApiPropertyOptional({ description: 'The lender also sells to the borrower' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  vendorFinancing?: boolean;

  @ApiPropertyOptional({
    type: [InstallmentDto],
    description: 'Installments summing to amountUsd, inside the term',
  })
  @IsOptional()
  @IsArray({ message: 'must be an array of { date, amountUsd }' })
  @ArrayMinSize(1, { message: 'must have at least one installment' })
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  schedule?: InstallmentDto[];

  @ApiPropertyOptional({ example: 'https://www.wsj.com/…' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  source?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'must be a string' })
  notes?: string;

  @ApiPropertyOptional({
    enum: DEAL_CERTAINTIES,
    description: `${CERTAINTY}; default binding`,
  })
  @IsOptional()
  @IsOneOf(DEAL_CERTAINTIES)
  certainty?: DealCertainty;

  @ApiPropertyOptional({
    enum: DEAL_CONFIDENCES,
    description: `${CONFIDENCE}; default high`,
  })
  @IsOptional()
  @IsOneOf(DEAL_CONFIDENCES)
  confidence?: DealConfidence;

  @ApiPropertyOptional({
    type: EstimateDto,
    description: 'Instead of amountUsd when no amount was published',
  })
  @IsOptional()
  @IsObject({ message: 'must be an object { low, central, high, basis }' })
  @ValidateNested()
  @Type(() => EstimateDto)
  estimateUsd?: EstimateDto;

  @ApiPropertyOptional({
    description:
      "Supply: damages a failing buyer owes on installments beyond the horizon, 0 to 1 (overrides the view's default 0.25)",
    minimum: 0,
    maximum: 1,
  })
  @IsOptional()
  @IsAmount('rate')
  damagesRate?: number;

  @ApiPropertyOptional({
    description: 'Capacity delivered, in GW (> 0)',
    example: 10,
  })
  @IsOptional()
  @IsAmount('positive')
  capacityGw?: number;

  @AnnouncedAt('2025-09-10')
  announcedAt?: string;
}

/** PATCH /deals/:id — the changed fields only (null clears a field), with the reason. */
export class AmendDealDto {
  @EffectiveAt('2026-01-01')
  effectiveAt!: string;

  @Reason('scaled back to phase 1')
  reason!: string;

  @ApiPropertyOptional({
    description: `${USD}; null: no published amount`,
    nullable: true,
  })
  @IsOptional()
  @IsAmount('positive')
  amountUsd?: number | null;

  @ApiPropertyOptional({ description: INSTANT, nullable: true })
  @IsOptional()
  @IsInstant()
  startDate?: string | null;

  @ApiPropertyOptional({ description: INSTANT, nullable: true })
  @IsOptional()
  @IsInstant()
  endDate?: string | null;

  @ApiPropertyOptional({
    description: 'Loans: alias of endDate',
    nullable: true,
  })
  @IsOptional()
  @IsInstant()
  maturityDate?: string | null;

  @ApiPropertyOptional({ type: [InstallmentDto], nullable: true })
  @IsOptional()
  @IsArray({ message: 'must be an array of { date, amountUsd }' })
  @ArrayMinSize(1, { message: 'must have at least one installment' })
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  schedule?: InstallmentDto[] | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  category?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  vendorFinancing?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  source?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  notes?: string | null;

  @ApiPropertyOptional({ enum: DEAL_CERTAINTIES, description: CERTAINTY })
  @IsOptional()
  @IsOneOf(DEAL_CERTAINTIES)
  certainty?: DealCertainty;

  @ApiPropertyOptional({ enum: DEAL_CONFIDENCES, description: CONFIDENCE })
  @IsOptional()
  @IsOneOf(DEAL_CONFIDENCES)
  confidence?: DealConfidence;

  @ApiPropertyOptional({
    type: EstimateDto,
    nullable: true,
    description: 'null once the amount is published (then give amountUsd)',
  })
  @IsOptional()
  @IsObject({ message: 'must be an object { low, central, high, basis }' })
  @ValidateNested()
  @Type(() => EstimateDto)
  estimateUsd?: EstimateDto | null;

  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: 1 })
  @IsOptional()
  @IsAmount('rate')
  damagesRate?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'GW (> 0)' })
  @IsOptional()
  @IsAmount('positive')
  capacityGw?: number | null;

  @AnnouncedAt()
  announcedAt?: string;
}

/** POST /deals/:id/terminate */
export class TerminateDealDto {
  @EffectiveAt('2026-01-01')
  effectiveAt!: string;

  @Reason('cancelled by the buyer')
  reason!: string;
  @AnnouncedAt()
  announcedAt?: string;
}

/** POST /deals/:id/payments — a payment by the debtor. */
export class RecordPaymentDto {
  @ApiProperty({ description: USD, example: 5e9 })
  @IsAmount('positive')
  amountUsd!: number;

  @EffectiveAt('2027-02-01')
  effectiveAt!: string;
  @AnnouncedAt()
  announcedAt?: string;
}

/** POST /deals/:id/write-downs */
export class WriteDownDealDto {
  @ApiProperty({ description: USD, example: 1e9 })
  @IsAmount('positive')
  amountUsd!: number;

  @EffectiveAt('2026-02-01')
  effectiveAt!: string;

  @Reason('impaired')
  reason!: string;
  @AnnouncedAt()
  announcedAt?: string;
}

/** POST /deals/:id/retract — recorded in error: it never existed, though the audit keeps it. */
export class RetractDealDto {
  @ApiPropertyOptional({
    description: `${INSTANT}; default: the deal's own effectiveAt`,
  })
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;

  @Reason('duplicate of another record')
  reason!: string;
  @AnnouncedAt()
  announcedAt?: string;
}

/** The answer of every write. */
export class WriteResultDto {
  @ApiProperty({ example: 'oracle-openai-stargate' })
  id!: string;

  @ApiProperty({
    description: "The stream's revision after the write (0-based)",
    example: 0,
  })
  revision!: number;

  @ApiProperty({
    description:
      'Global position of the last event written: pass as ?minPosition= to read your write',
    example: 42,
  })
  position!: number;
}

/** Every error answer (API.md conventions). */
export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    description: 'Names the offending field first',
    example: 'amountUsd: must be a positive finite number',
  })
  message!: string;

  @ApiPropertyOptional({
    description: 'Stable error code',
    example: 'validation_failed',
  })
  code?: string;

  @ApiPropertyOptional({ example: 'amountUsd' })
  field?: string;

  @ApiPropertyOptional({
    description: 'On a revision conflict (409): the stream’s current revision',
    example: 3,
  })
  currentRevision?: number | null;
}
