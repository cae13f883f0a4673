import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsInstant } from '../../../common/validation';

/**
 * The fields every ledger write shares (when it takes effect, why, when the world learned of it),
 * each one decorator: its validation and its line in the API document. The checks are listed in
 * the order stacked decorators register them (bottom-up), so a field breaking two rules is still
 * refused with the same first message.
 */

export const USD = 'US dollars, a plain number (`300e9`)';
export const INSTANT = 'ISO 8601 date or instant; a date alone is 00:00 UTC';
export const ANNOUNCED =
  'When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then';

/** `effectiveAt`, required: when the change takes effect (valid time). */
export function EffectiveAt(example: string): PropertyDecorator {
  return applyDecorators(
    IsInstant(),
    ApiProperty({ description: INSTANT, example }),
  );
}

/** `reason`, required: why the change is made (kept in the event's metadata). */
export function Reason(example: string): PropertyDecorator {
  return applyDecorators(
    IsNotEmpty({ message: 'must not be empty' }),
    IsString({ message: 'must be a string' }),
    ApiProperty({ example }),
  );
}

/** `announcedAt`, optional: when the world learned of it. */
export function AnnouncedAt(example?: string): PropertyDecorator {
  return applyDecorators(
    IsInstant(),
    IsOptional(),
    ApiPropertyOptional({
      description: ANNOUNCED,
      ...(example === undefined ? {} : { example }),
    }),
  );
}
