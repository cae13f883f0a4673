import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import {
  IsAmount,
  IsInstant,
  IsSlug,
  IsOneOf,
} from '../../../common/validation';
import { DEAL_CONFIDENCES, DealConfidence } from '../../../contracts';
import { AnnouncedAt, EffectiveAt, INSTANT, Reason, USD } from './write-fields';

/** POST /companies */
export class RegisterCompanyDto {
  @ApiProperty({
    description: 'Slug id',
    example: 'openai',
    pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  })
  @IsSlug()
  id!: string;

  @ApiProperty({ example: 'OpenAI' })
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  name!: string;

  @ApiPropertyOptional({ example: 'ai-lab' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  sector?: string;

  @ApiPropertyOptional({ description: `Capital buffer; ${USD}`, example: 60e9 })
  @IsOptional()
  @IsAmount('any')
  equityUsd?: number;

  @ApiPropertyOptional({
    description: `Assets outside the network; ${USD}`,
    example: 40e9,
    minimum: 0,
  })
  @IsOptional()
  @IsAmount('non-negative')
  externalAssetsUsd?: number;

  @ApiPropertyOptional({
    description: `Debts to creditors outside the network; ${USD}`,
    example: 10e9,
    minimum: 0,
  })
  @IsOptional()
  @IsAmount('non-negative')
  externalLiabilitiesUsd?: number;

  @ApiPropertyOptional({
    description: `${INSTANT}; default now`,
    example: '2015-12-11',
  })
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;
  @AnnouncedAt()
  announcedAt?: string;
}

/** POST /companies/:id/financials — only the reported figures. */
export class ReportFinancialsDto {
  @ApiPropertyOptional({ description: USD, example: 70e9 })
  @IsOptional()
  @IsAmount('any')
  equityUsd?: number;

  @ApiPropertyOptional({ description: USD, minimum: 0 })
  @IsOptional()
  @IsAmount('non-negative')
  externalAssetsUsd?: number;

  @ApiPropertyOptional({ description: USD, minimum: 0 })
  @IsOptional()
  @IsAmount('non-negative')
  externalLiabilitiesUsd?: number;

  @ApiPropertyOptional({
    description: `A filing's total assets (with totalLiabilitiesUsd); ${USD}`,
    minimum: 0,
    example: 120e9,
  })
  @IsOptional()
  @IsAmount('non-negative')
  totalAssetsUsd?: number;

  @ApiPropertyOptional({
    description: `A filing's total liabilities (with totalAssetsUsd); ${USD}`,
    minimum: 0,
    example: 90e9,
  })
  @IsOptional()
  @IsAmount('non-negative')
  totalLiabilitiesUsd?: number;

  @ApiPropertyOptional({
    description: `Cash and short-term investments; ${USD}`,
    minimum: 0,
  })
  @IsOptional()
  @IsAmount('non-negative')
  cashUsd?: number;

  @ApiPropertyOptional({ description: `A year's operating cash flow; ${USD}` })
  @IsOptional()
  @IsAmount('any')
  operatingCashFlowUsd?: number;

  @ApiPropertyOptional({ example: 'Form 10-K for the year ended 2025-05-31' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  source?: string;

  @ApiPropertyOptional({
    description:
      'How sure the figures are: high (a filing, the default), medium, low (an estimate, e.g. a private company from press reports); views and scenarios name a low one in caveats',
    enum: DEAL_CONFIDENCES,
  })
  @IsOptional()
  @IsOneOf(DEAL_CONFIDENCES)
  confidence?: DealConfidence;

  @ApiProperty({
    description: `The period end for a filing; ${INSTANT}`,
    example: '2025-06-30',
  })
  @IsInstant()
  effectiveAt!: string;

  @AnnouncedAt('2025-07-28')
  announcedAt?: string;
}

/** POST /companies/:id/default — a real, recorded default. */
export class RecordDefaultDto {
  @EffectiveAt('2026-03-01')
  effectiveAt!: string;

  @ApiPropertyOptional({
    description: 'Share of claims recovered, 0 to 1',
    minimum: 0,
    maximum: 1,
    example: 0.4,
  })
  @IsOptional()
  @IsAmount('rate')
  recoveryRate?: number;

  @ApiPropertyOptional({ example: 'missed a coupon' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  reason?: string;
  @AnnouncedAt()
  announcedAt?: string;
}

/** POST /companies/:id/cure — the default is cured. */
export class CureDefaultDto {
  @EffectiveAt('2026-04-01')
  effectiveAt!: string;

  @Reason('refinanced')
  reason!: string;
  @AnnouncedAt()
  announcedAt?: string;
}
