import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsNumber,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsAmount, IsInstant, IsOneOf } from '../../common/validation';
import {
  CONTAGION_MODELS,
  ContagionModelName,
  DEAL_CERTAINTIES as CERTAINTIES,
  DEAL_CONFIDENCES as CONFIDENCES,
  ESTIMATE_CHOICES,
  SCENARIO_BASES as BASES,
  SCENARIO_PERIODS,
} from '../../contracts';
import type { ScenarioParams } from '../domain/scenario.definition';
import { ShockDto, ShocksByType } from './shock.dto';

const INSTANT = 'ISO 8601 date or instant; a date alone is 00:00 UTC';

export class ScenarioParamsDto {
  @ApiPropertyOptional({
    description: 'Rogers–Veraart: share of outside assets a defaulter realises',
    minimum: 0,
    maximum: 1,
    example: 0.5,
  })
  @IsOptional()
  @IsAmount('rate')
  alpha?: number;

  @ApiPropertyOptional({
    description:
      'Rogers–Veraart: share of interbank receivables a defaulter realises',
    minimum: 0,
    maximum: 1,
    example: 1,
  })
  @IsOptional()
  @IsAmount('rate')
  beta?: number;

  @ApiPropertyOptional({
    description:
      'Recovery on failed companies (Furfine) and on defaults without their own; default 0',
    minimum: 0,
    maximum: 1,
  })
  @IsOptional()
  @IsAmount('rate')
  recoveryRate?: number;

  @ApiPropertyOptional({
    description: 'Recovery on a stake in a failed company; default 0',
    minimum: 0,
    maximum: 1,
  })
  @IsOptional()
  @IsAmount('rate')
  equityRecoveryRate?: number;

  @ApiPropertyOptional({
    description:
      'Days after `at` within which payments count as due; default 365',
    minimum: 1,
    maximum: 36500,
    example: 365,
  })
  @IsOptional()
  // class-validator reports constraints bottom-up: the type first ("30" → must be a number)
  @Max(36500, { message: 'must be at most 36500' })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be a whole number of days' })
  @IsNumber({}, { message: 'must be a number' })
  horizonDays?: number;

  @ApiPropertyOptional({
    description:
      'Damages a failing buyer owes on the part of a supply contract due after the horizon; default 0.25',
    minimum: 0,
    maximum: 1,
  })
  @IsOptional()
  @IsAmount('rate')
  damagesRate?: number;

  @OptionalOneOf(BASES, 'How deals are read; default balance-sheet')
  basis?: ScenarioParams['basis'];

  @OptionalOneOf(SCENARIO_PERIODS, 'year: a year-by-year clearing')
  periods?: ScenarioParams['periods'];

  @OptionalOneOf(
    CERTAINTIES,
    'Weakest certainty of a deal counted; default binding',
  )
  minCertainty?: ScenarioParams['minCertainty'];

  @OptionalOneOf(
    CONFIDENCES,
    'Weakest confidence of a deal counted; default low',
  )
  minConfidence?: ScenarioParams['minConfidence'];

  @OptionalOneOf(
    ESTIMATE_CHOICES,
    'Which estimate an unpriced deal counts at (omit: left out); default central',
  )
  estimates?: ScenarioParams['estimates'];
}

/** An optional field taking one value of a list, the message listing them. */
function OptionalOneOf(
  values: readonly string[],
  description: string,
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: values, description }),
    IsOptional(),
    IsOneOf(values),
  );
}

/** `model`: one of the contagion models, documented with `example`. */
function IsContagionModel(example: ContagionModelName): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: CONTAGION_MODELS, example }),
    IsOneOf(CONTAGION_MODELS),
  );
}

/** `params`: the model's optional parameters, validated as a nested ScenarioParamsDto. */
function OptionalScenarioParams(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: ScenarioParamsDto }),
    IsOptional(),
    ValidateNested(),
    Type(() => ScenarioParamsDto),
  );
}

const SHOCKS_DOC =
  'Each one of `{ type: "default", company, recoveryRate? }`, `{ type: "asset-shock", fraction, companies? | sector? }` (all companies when neither), `{ type: "cancel-deal", deal }`, `{ type: "haircut", fraction, deal | deals | category | kind | buyer | seller }` (exactly one selector)';
const OVERLAY_DOC =
  'Hypothetical events merged with the real history by effectiveAt: `{ type: <ledger event type>, effectiveAt, data }` (DealRecorded, DealAmended, DealTerminated, DealPaymentRecorded, DealWrittenDown, CompanyRegistered, CompanyFinancialsReported, CompanyDefaulted, CompanyDefaultCured; data as the ledger stores it) or `{ type: "SuppressDeal", deal }` (the real deal never happened)';

/**
 * `overlay`: optional hypothetical events, each an object. Listed in the order stacked decorators
 * register (bottom-up), so the array check still reports first.
 */
function OptionalOverlay(arrayMessage: string): PropertyDecorator {
  return applyDecorators(
    IsArray({ message: arrayMessage }),
    IsObject({ each: true, message: 'each overlay item must be an object' }),
    IsOptional(),
    ApiPropertyOptional({
      description: OVERLAY_DOC,
      type: 'array',
      items: { type: 'object' },
    }),
  );
}

/** POST /scenarios (API.md "Scenarios"). Shocks and overlay items are checked item by item, each problem naming its path. */
export class CreateScenarioDto {
  @ApiProperty({ example: 'OpenAI misses its compute payments' })
  // class-validator reports constraints bottom-up: the presence check first
  @MaxLength(200, { message: 'must be at most 200 characters' })
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  name!: string;

  @ApiProperty({
    description: `Valid time of the network; ${INSTANT}`,
    example: '2026-01-01',
  })
  @IsInstant()
  at!: string;

  @ApiPropertyOptional({
    description: `Recorded time of the history used; default now, fixed at the first run. ${INSTANT}`,
  })
  @IsOptional()
  @IsInstant()
  knownAt?: string;

  @IsContagionModel('eisenberg-noe')
  model!: ContagionModelName;

  @OptionalScenarioParams()
  params?: ScenarioParamsDto;

  @ApiProperty({
    description: SHOCKS_DOC,
    type: 'array',
    items: { type: 'object' },
    example: [{ type: 'default', company: 'openai', recoveryRate: 0.4 }],
  })
  @ValidateNested({ each: true })
  @ShocksByType()
  @IsObject({ each: true, message: 'each shock must be an object' })
  @IsArray({ message: 'must be an array (it may be empty)' })
  shocks!: ShockDto[];

  @OptionalOverlay('must be an array of hypothetical events')
  overlay?: Record<string, unknown>[];
}

/** POST /scenarios/sweep */
export class SweepDto {
  @ApiProperty({ description: INSTANT, example: '2026-01-01' })
  @IsInstant()
  at!: string;

  @ApiPropertyOptional({ description: `${INSTANT}; default now` })
  @IsOptional()
  @IsInstant()
  knownAt?: string;

  @IsContagionModel('furfine')
  model!: ContagionModelName;

  @OptionalScenarioParams()
  params?: ScenarioParamsDto;

  @ApiPropertyOptional({
    description: `Applied in every run. ${SHOCKS_DOC}`,
    type: 'array',
    items: { type: 'object' },
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @ShocksByType()
  @IsObject({ each: true, message: 'each shock must be an object' })
  @IsArray({ message: 'must be an array' })
  shocks?: ShockDto[];

  @OptionalOverlay('must be an array')
  overlay?: Record<string, unknown>[];

  @ApiPropertyOptional({
    description: 'One default probability for every company (per run)',
    minimum: 0,
    maximum: 1,
    example: 0.02,
  })
  @IsOptional()
  @IsAmount('rate')
  probability?: number;

  @ApiPropertyOptional({
    description: 'Default probability per company id (overrides `probability`)',
    example: { openai: 0.05, coreweave: 0.08 },
  })
  @IsOptional()
  @IsObject({ message: 'must be an object of company id → probability' })
  probabilities?: Record<string, number>;

  @ApiProperty({
    description:
      'Seed of the pseudo-random draws (xoshiro128**): the same seed, the same answer',
    example: 42,
  })
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be 0 or more' })
  @Max(4294967295, { message: 'must be at most 4294967295' })
  seed!: number;

  @ApiProperty({
    description: 'Number of Monte Carlo runs',
    minimum: 1,
    maximum: 1000000,
    example: 10000,
  })
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000000, { message: 'must be at most 1000000' })
  runs!: number;
}
