import {
  RuleViolationError,
  ValidationError,
  NotFoundError,
} from '../../shared/errors';
import { Instant, parseInstant, toMillis } from '../../shared/time';
import {
  AmountEstimate,
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
  DealCertainty,
  DealConfidence,
  DealTerms,
  Installment,
} from './ledger.events';

/**
 * Field-level rules shared by both deciders. They run again in the domain even though the HTTP
 * edge validates the same shapes: import lines and other callers reach the deciders too.
 */

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError(field, 'must be a non-empty string');
  return value;
}

export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new ValidationError(field, 'must be a string');
  return value;
}

export function positiveAmount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(field, 'must be a positive finite number');
  }
  return value;
}

export function finiteAmount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ValidationError(field, 'must be a finite number');
  return value;
}

export function nonNegativeAmount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(field, 'must be a finite number, zero or more');
  }
  return value;
}

export function rate(value: unknown, field: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > 1
  ) {
    throw new ValidationError(field, 'must be a number between 0 and 1');
  }
  return value;
}

export function optionalInstant(value: unknown, field: string): Instant | null {
  if (value === undefined || value === null) return null;
  return parseInstant(value, field);
}

export function certaintyOf(
  value: unknown,
  field = 'certainty',
): DealCertainty {
  if (value === undefined || value === null) return 'binding';
  if (!(DEAL_CERTAINTIES as readonly unknown[]).includes(value))
    throw new ValidationError(
      field,
      `must be one of ${DEAL_CERTAINTIES.join(', ')}`,
    );
  return value as DealCertainty;
}

export function confidenceOf(
  value: unknown,
  field = 'confidence',
): DealConfidence {
  if (value === undefined || value === null) return 'high';
  if (!(DEAL_CONFIDENCES as readonly unknown[]).includes(value))
    throw new ValidationError(
      field,
      `must be one of ${DEAL_CONFIDENCES.join(', ')}`,
    );
  return value as DealConfidence;
}

/** `{ low, central, high, basis }`: positive amounts, low ≤ central ≤ high, a non-empty basis. */
export function parseEstimate(
  value: unknown,
  field = 'estimateUsd',
): AmountEstimate | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ValidationError(
      field,
      'must be an object { low, central, high, basis }',
    );
  const v = value as Record<string, unknown>;
  const low = positiveAmount(v.low, `${field}.low`);
  const central = positiveAmount(v.central, `${field}.central`);
  const high = positiveAmount(v.high, `${field}.high`);
  const basis = requireText(v.basis, `${field}.basis`);
  if (low > central || central > high)
    throw new ValidationError(
      field,
      `must have low ≤ central ≤ high (got ${low}, ${central}, ${high})`,
    );
  return { low, central, high, basis };
}

export function optionalRate(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  return rate(value, field);
}

export function optionalPositive(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  return positiveAmount(value, field);
}

/**
 * A write's `announcedAt` (when the world learned of it): an instant at or before the time it is
 * recorded (`recordingAt`, the shell's clock); undefined when not given.
 */
export function announcedAtOf(
  value: unknown,
  recordingAt: Instant,
): Instant | undefined {
  if (value === undefined || value === null) return undefined;
  const announcedAt = parseInstant(value, 'announcedAt');
  if (toMillis(announcedAt) > toMillis(recordingAt))
    throw new ValidationError(
      'announcedAt',
      `must not be after the time it is recorded (${recordingAt})`,
    );
  return announcedAt;
}

/** Relative tolerance for sums of dollar amounts (floating point, up to trillions). */
const SUM_TOLERANCE = 1e-9;

export function sameAmount(a: number, b: number): boolean {
  return (
    Math.abs(a - b) <= SUM_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))
  );
}

/** Parses a schedule: dated positive amounts, stored as instants in date order. */
export function parseSchedule(
  value: unknown,
  field = 'schedule',
): Installment[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value))
    throw new ValidationError(field, 'must be an array of { date, amountUsd }');
  if (value.length === 0)
    throw new ValidationError(field, 'must have at least one installment');
  const out = value.map((raw: unknown, i): Installment => {
    if (raw === null || typeof raw !== 'object')
      throw new ValidationError(
        `${field}[${i}]`,
        'must be an object { date, amountUsd }',
      );
    const item = raw as Record<string, unknown>;
    return {
      date: parseInstant(item.date, `${field}[${i}].date`),
      amountUsd: positiveAmount(item.amountUsd, `${field}[${i}].amountUsd`),
    };
  });
  return out.sort((a, b) => toMillis(a.date) - toMillis(b.date));
}

/**
 * The invariants every deal's terms satisfy (after recording and after every amendment):
 * the amount, when published, is positive and finite; the term runs forwards; a schedule needs
 * the amount, sums to it and falls inside the term. `effectiveAt` is the deal's signing.
 */
export function checkTerms(terms: DealTerms, effectiveAt: Instant): void {
  if (terms.amountUsd !== null) positiveAmount(terms.amountUsd, 'amountUsd');
  if (terms.amountUsd !== null && terms.estimateUsd !== null)
    throw new RuleViolationError(
      'estimateUsd',
      'is for a deal with no published amount: give amountUsd or estimateUsd, not both (amend with estimateUsd: null once the amount is published)',
    );
  if (
    terms.startDate !== null &&
    terms.endDate !== null &&
    toMillis(terms.endDate) <= toMillis(terms.startDate)
  ) {
    throw new RuleViolationError(
      'endDate',
      `must be after startDate (${terms.startDate})`,
    );
  }
  const start = terms.startDate ?? effectiveAt;
  if (
    terms.startDate === null &&
    terms.endDate !== null &&
    toMillis(terms.endDate) <= toMillis(effectiveAt)
  ) {
    throw new RuleViolationError(
      'endDate',
      `must be after the deal's effectiveAt (${effectiveAt})`,
    );
  }
  if (terms.schedule !== null) {
    if (terms.amountUsd === null)
      throw new RuleViolationError(
        'schedule',
        'needs amountUsd: the installments must sum to the amount',
      );
    let sum = 0;
    terms.schedule.forEach((item, i) => {
      if (toMillis(item.date) < toMillis(start)) {
        throw new RuleViolationError(
          `schedule[${i}].date`,
          `falls before the term starts (${start})`,
        );
      }
      if (
        terms.endDate !== null &&
        toMillis(item.date) > toMillis(terms.endDate)
      ) {
        throw new RuleViolationError(
          `schedule[${i}].date`,
          `falls after the term ends (${terms.endDate})`,
        );
      }
      sum += item.amountUsd;
    });
    if (!sameAmount(sum, terms.amountUsd)) {
      throw new RuleViolationError(
        'schedule',
        `installments sum to ${sum}, not to amountUsd ${terms.amountUsd}`,
      );
    }
  }
}

export function notBefore(
  at: Instant,
  floor: Instant,
  field: string,
  what: string,
): void {
  if (toMillis(at) < toMillis(floor))
    throw new RuleViolationError(
      field,
      `must not be before ${what} (${floor})`,
    );
}

/** A company or deal the command names does not exist: 404, the message naming the field (`id: deal x not found`). */
export class UnknownEntityError extends NotFoundError {
  constructor(what: 'company' | 'deal', id: string, field = 'id') {
    super(what, id, field);
    this.message = `${field}: ${what} ${id} not found`;
  }
}
