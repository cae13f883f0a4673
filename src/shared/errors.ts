/**
 * Domain errors: typed, with stable codes, knowing nothing of HTTP.
 * One exception filter (src/common/http-exception.filter.ts) maps codes to statuses.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'already_exists'
  | 'rule_violated'
  | 'wrong_expected_revision'
  | 'stream_not_found'
  | 'event_store_unavailable'
  | 'unauthorized'
  | 'forbidden'
  | 'timeout'
  /** An Idempotency-Key reused with a different request. */
  | 'idempotency_key_reused';

export interface TangleErrorOptions {
  /** The offending field, named in the HTTP `message`. */
  field?: string;
  details?: Record<string, unknown>;
}

export class TangleError extends Error {
  readonly field?: string;
  readonly details?: Record<string, unknown>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: TangleErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.field = options.field;
    this.details = options.details;
  }
}

/** Bad input: the message names the field. */
export class ValidationError extends TangleError {
  constructor(field: string, problem: string) {
    super('validation_failed', `${field}: ${problem}`, { field });
  }
}

/** A business rule refused the command. */
export class RuleViolationError extends TangleError {
  constructor(field: string, problem: string) {
    super('rule_violated', `${field}: ${problem}`, { field });
  }
}

export class NotFoundError extends TangleError {
  constructor(what: string, id: string, field = 'id') {
    super('not_found', `${what} ${id} not found`, { field });
  }
}

export class AlreadyExistsError extends TangleError {
  constructor(what: string, id: string, field = 'id') {
    super('already_exists', `${what} ${id} already exists`, { field });
  }
}
