import { CONTAGION_MODELS, ContagionModelName } from '../../contracts';
import { isValidInstantString } from '../../shared/time';
import { SLUG } from '../../shared/ids';
import { UsageError } from './output';

/** `--at`/`--known-at`: an ISO date or time, checked before anything is asked. */
export function instantOption(
  value: string | undefined,
  option: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'now') return undefined;
  if (!isValidInstantString(value))
    throw new UsageError(
      option,
      `"${value}" is not an ISO 8601 date or time (e.g. 2025-09-10)`,
    );
  return value;
}

/** `--at` and `--known-at` as the API's `at` and `knownAt` query (undefined: now). */
export function asOfQuery(options: { at?: string; knownAt?: string }): {
  at: string | undefined;
  knownAt: string | undefined;
} {
  return {
    at: instantOption(options.at, '--at'),
    knownAt: instantOption(options.knownAt, '--known-at'),
  };
}

export function slugOption(value: string | undefined, option: string): string {
  if (value === undefined || value === '')
    throw new UsageError(option, 'is required');
  if (!SLUG.test(value))
    throw new UsageError(
      option,
      `"${value}" is not an id (lowercase letters, digits and hyphens)`,
    );
  return value;
}

/** A value of one of the contract's lists (src/contracts); the refusal lists them. */
export function oneOfOption<T extends string>(
  value: unknown,
  option: string,
  values: readonly T[],
): T {
  if (
    typeof value !== 'string' ||
    !(values as readonly string[]).includes(value)
  )
    throw new UsageError(option, `must be one of ${values.join(', ')}`);
  return value as T;
}

/** `--model`: a contagion model, debtrank when not given. */
export function modelOption(
  value: string | undefined,
  option = '--model',
): ContagionModelName {
  return oneOfOption(value ?? 'debtrank', option, CONTAGION_MODELS);
}

export function positiveIntOption(
  value: string | undefined,
  option: string,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(
      option,
      `must be a positive whole number, got "${value}"`,
    );
  return n;
}

export function rateOption(
  value: string | undefined,
  option: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(
      option,
      `must be a number between 0 and 1, got "${value}"`,
    );
  return n;
}
