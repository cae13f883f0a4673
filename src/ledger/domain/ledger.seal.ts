import {
  EventMetadata,
  GENESIS_HASH,
  sealMetadata,
} from '../../shared/event-metadata';
import { JsonObject } from '../../shared/json';
import { LedgerEventType, SCHEMA_VERSION } from './ledger.events';

export { GENESIS_HASH };

/** Who writes and why, as the shell knows it: the metadata the facts do not carry themselves. */
export interface WriteMetadata {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** With an idempotency key: the digest of the command, so a reused key with another body is recognised. */
  readonly commandHash?: string;
  /** When the world learned of it (at or before the time it is recorded); absent when not given. */
  readonly announcedAt?: string;
}

/**
 * What any stream's decider answers (ledger facts, scenario facts): the stored type and data, the
 * valid time and the stated reason. The shell adds the rest of the metadata when it seals.
 */
export interface StreamFact {
  readonly event: { readonly type: string; readonly data: object };
  readonly effectiveAt: string;
  readonly reason: string | null;
}

/** The schema version a ledger event type is stored with. */
export function ledgerSchemaVersion(type: string): number {
  return SCHEMA_VERSION[type as LedgerEventType];
}

/** A fact sealed into the store's shape: id, type, data, and metadata chained to the stream's previous event. */
export interface SealedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * Seals facts into a stream's hash chain: each event's hash covers its type, data, metadata and
 * the previous event's hash in the same stream (`prevHash`: the stream's last hash, or GENESIS_HASH).
 * Pure: ids come in from the shell. One sealing for every stream family; `schemaVersionOf` names
 * the version each event type is stored with (the ledger's by default).
 */
export function sealFacts(
  facts: readonly StreamFact[],
  ids: readonly string[],
  prevHash: string,
  write: WriteMetadata,
  schemaVersionOf: (type: string) => number = ledgerSchemaVersion,
): SealedEvent[] {
  if (ids.length !== facts.length)
    throw new Error(`sealFacts: ${facts.length} facts but ${ids.length} ids`);
  let previous = prevHash;
  return facts.map((fact, i) => {
    const data = fact.event.data as unknown as JsonObject;
    const unsealed: Omit<EventMetadata, 'hash' | 'prevHash'> & {
      commandHash?: string;
      announcedAt?: string;
    } = {
      effectiveAt: fact.effectiveAt,
      actor: write.actor,
      reason: fact.reason,
      correlationId: write.correlationId,
      causationId: write.causationId,
      schemaVersion: schemaVersionOf(fact.event.type),
    };
    // Set only when given (no key at all otherwise), in this order: the stored metadata's.
    if (write.commandHash !== undefined)
      unsealed.commandHash = write.commandHash;
    if (write.announcedAt !== undefined)
      unsealed.announcedAt = write.announcedAt;
    const metadata = sealMetadata(fact.event.type, data, unsealed, previous);
    previous = metadata.hash;
    return {
      id: ids[i],
      type: fact.event.type,
      data,
      metadata: metadata as unknown as JsonObject,
    };
  });
}
