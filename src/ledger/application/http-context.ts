import { HttpReply } from '../../common/http-platform';
import { ValidationError } from '../../shared/errors';
import { Caller } from '../../auth/auth.types';
import { IDEMPOTENCY_KEY } from './idempotency';
import { WriteContext, WriteResult } from './ledger.write';

/** The write context of an HTTP request: the caller's name as actor, Idempotency-Key, X-Correlation-Id. */
export function httpWriteContext(
  caller: Caller,
  idempotencyKey: string | undefined,
  correlationId: string | undefined,
): WriteContext {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ValidationError(
      'Idempotency-Key',
      'must be 1-200 printable characters without spaces',
    );
  }
  if (correlationId !== undefined && !IDEMPOTENCY_KEY.test(correlationId)) {
    throw new ValidationError(
      'X-Correlation-Id',
      'must be 1-200 printable characters without spaces',
    );
  }
  // The keys are set only when given (a context without them has none, not undefined ones).
  const context: { -readonly [K in keyof WriteContext]: WriteContext[K] } = {
    actor: caller.name,
  };
  if (idempotencyKey !== undefined) context.idempotencyKey = idempotencyKey;
  if (correlationId !== undefined) context.correlationId = correlationId;
  return context;
}

/** `If-Match: 3` or `If-Match: "3"` (the ETag form) → 3. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!m)
    throw new ValidationError(
      'If-Match',
      'must be a revision the write answered (an integer ≥ 0)',
    );
  return Number(m[1]);
}

/** Every write answers `{ id, revision, position }` and the stream's revision as its ETag (for If-Match). */
export async function answer(
  res: HttpReply,
  result: Promise<WriteResult>,
): Promise<WriteResult> {
  const written = await result;
  void res.header('ETag', `"${written.revision}"`);
  return {
    id: written.id,
    revision: written.revision,
    position: written.position,
  };
}
