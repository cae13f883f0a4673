import { createHash, randomUUID } from 'node:crypto';
import { TangleError } from '../../shared/errors';
import { canonicalJson } from '../../shared/json';

/** Namespace of Tangle's name-based UUIDs (RFC 9562 v5 layout over SHA-1). */
const NAMESPACE = Buffer.from('6f1c5c1e8d2a4b7e9a31d0c4e2b7f813', 'hex');

/** A name-based UUID (version 5 layout): the same parts always give the same id. */
export function nameBasedUuid(...parts: readonly (string | number)[]): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(parts.map(String).join('\u0000'))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Event ids of a write: derived from the actor and the `Idempotency-Key` when there is one (a retry
 * re-derives the same ids, which the store recognises), random otherwise.
 */
export function eventIds(
  count: number,
  actor: string,
  idempotencyKey: string | undefined,
): string[] {
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++)
    ids[i] =
      idempotencyKey === undefined
        ? randomUUID()
        : nameBasedUuid('event', actor, idempotencyKey, i);
  return ids;
}

/** Digest of a command, stored beside keyed writes to tell a retry from a reused key. */
export function commandHash(command: object): string {
  return createHash('sha256').update(canonicalJson(command)).digest('hex');
}

export class IdempotencyKeyReusedError extends TangleError {
  constructor(key: string) {
    super(
      'idempotency_key_reused',
      `Idempotency-Key: "${key}" was already used for a different request`,
      { field: 'Idempotency-Key' },
    );
  }
}

/** Keys are opaque to us but bounded, printable and without separators we rely on. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
