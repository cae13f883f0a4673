import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { DEAL_KINDS } from '../contracts';

/** Building blocks of the answer schemas (openapi-answers*.ts). */
export const usd = (description?: string): SchemaObject => ({
  type: 'number',
  ...(description ? { description } : {}),
});
export const nullableUsd = (description?: string): SchemaObject => ({
  ...usd(description),
  nullable: true,
});
export const ref = (name: string): SchemaObject =>
  ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;
export const strings: SchemaObject = {
  type: 'array',
  items: { type: 'string' },
};
/** A string from one of the contract's `as const` lists. */
export const oneOf = (values: readonly string[]): SchemaObject => ({
  type: 'string',
  enum: [...values],
});
export const kind: SchemaObject = oneOf(DEAL_KINDS);
export const byKind = (value: SchemaObject): SchemaObject => ({
  type: 'object',
  properties: { supply: value, investment: value, loan: value },
  additionalProperties: value,
});
