import { hash } from 'node:crypto';
import { canonicalJson, JsonObject } from './json';

/** Metadata on every stored event. */
export interface EventMetadata {
  /** Valid time: when it is true in the world (ISO instant). */
  readonly effectiveAt: string;
  /** Who recorded it: the bearer token's name, `local` for loopback callers, `seed`, `import`… */
  readonly actor: string;
  readonly reason: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly schemaVersion: number;
  /** Hash of the previous event in the same stream (GENESIS_HASH for the first). */
  readonly prevHash: string;
  /** sha256 over type, data, this metadata (without `hash`) and `prevHash`. */
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash chain link: covers the event's type, data, metadata (hash excluded) and the previous hash. */
export function chainHash(
  type: string,
  data: JsonObject,
  metadataWithoutHash: Omit<EventMetadata, 'hash'> | JsonObject,
): string {
  const metadata = metadataWithoutHash as JsonObject;
  // Copied without `hash` only when it has one (a stored event being verified); a seal's is hashed as it is.
  let rest = metadata;
  if ('hash' in metadata) {
    const { hash: _ignored, ...others } = metadata;
    rest = others;
  }
  // One-shot: no Hash object per event (this runs for every event written or verified).
  return hash('sha256', canonicalJson({ type, data, metadata: rest }), 'hex');
}

/** Seals metadata with its hash, given the previous event's hash in the stream. */
export function sealMetadata(
  type: string,
  data: JsonObject,
  metadata: Omit<EventMetadata, 'hash' | 'prevHash'>,
  prevHash: string,
): EventMetadata {
  // One object: the metadata with prevHash, hashed, then given its hash (same keys, same order).
  const sealed: Omit<EventMetadata, 'hash'> & { hash?: string } = {
    ...metadata,
    prevHash,
  };
  sealed.hash = chainHash(type, data, sealed);
  return sealed as EventMetadata;
}

/** Does the stored event's hash match its content and the given previous hash? */
export function verifyLink(
  type: string,
  data: JsonObject,
  metadata: JsonObject,
  expectedPrevHash: string,
): boolean {
  if (metadata.prevHash !== expectedPrevHash) return false;
  return metadata.hash === chainHash(type, data, metadata);
}
