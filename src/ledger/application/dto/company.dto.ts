import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsAmount, IsInstant, IsSlug } from '../../../common/validation';

const USD = 'US dollars, a plain number (`300e9`)';
const INSTANT = 'ISO 8601 date or instant; a date alone is 00:00 UTC';

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

  @ApiProperty({ description: INSTANT, example: '2025-06-30' })
  @IsInstant()
  effectiveAt!: string;
}

/** POST /companies/:id/default — a real, recorded default. */
export class RecordDefaultDto {
  @ApiProperty({ description: INSTANT, example: '2026-03-01' })
  @IsInstant()
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
}

/** POST /companies/:id/cure — the default is cured. */
export class CureDefaultDto {
  @ApiProperty({ description: INSTANT, example: '2026-04-01' })
  @IsInstant()
  effectiveAt!: string;

  @ApiProperty({ example: 'refinanced' })
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  reason!: string;
}
