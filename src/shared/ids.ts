import { ValidationError } from './errors';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function parseSlug(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SLUG.test(value)) {
    throw new ValidationError(
      field,
      'must be a slug (lowercase letters, digits and hyphens, 1-63 characters, starting with a letter or digit)',
    );
  }
  return value;
}

/** Stream ids come from here and nowhere else. */
export const streams = {
  company: (id: string): string => `company-${id}`,
  deal: (id: string): string => `deal-${id}`,
  scenario: (id: string): string => `scenario-${id}`,
} as const;

export const STREAM_PREFIX = {
  company: 'company-',
  deal: 'deal-',
  scenario: 'scenario-',
} as const;

/** The id part of a stream id (`deal-abc` → `abc`). */
export function idOfStream(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(dash + 1);
}
