import { TangleError } from '../../shared/errors';
import { EventMetadata } from '../../shared/event-metadata';
import { idOfStream } from '../../shared/ids';
import { JsonObject } from '../../shared/json';
import {
  COMPANY_EVENT_TYPES,
  DEAL_EVENT_TYPES,
  LedgerEvent,
  LedgerEventType,
  SCHEMA_VERSION,
} from './ledger.events';
import { LedgerFact } from './ledger.fact';

/**
 * The one read path for stored ledger events: every reader (write-side handlers, projections,
 * audit, scenarios) turns a stored event into the current shape of its type here, so older
 * schema versions never leak past this file.
 *
 * Structural on purpose (no import of the event-store port): anything with these fields reads.
 */
export interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** A stored ledger event read as its current schema version, with its envelope. */
export interface LedgerEnvelope<
  E extends LedgerEvent = LedgerEvent,
> extends LedgerFact<E> {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
  readonly actor: string;
  /** The metadata exactly as stored (the hash chain covers this form, not the upcast one). */
  readonly metadata: EventMetadata;
  /** The schema version the event was stored with (the event itself is now the current one). */
  readonly storedSchemaVersion: number;
}

type Upcaster = (data: JsonObject, streamId: string) => JsonObject;

/** Upcasters by type and stored version: each turns version v into v + 1. */
const UPCASTERS: Partial<Record<LedgerEventType, Record<number, Upcaster>>> = {
  CompanyFinancialsReported: {
    /**
     * v1 recorded `equityUsd` and `externalAssetsUsd` (null when not reported) and no
     * `externalLiabilitiesUsd`; v2 holds only the reported fields, and always its companyId.
     */
    1: (data, streamId) => {
      const out: JsonObject = {
        companyId:
          typeof data.companyId === 'string'
            ? data.companyId
            : idOfStream(streamId),
      };
      if (typeof data.equityUsd === 'number') out.equityUsd = data.equityUsd;
      if (typeof data.externalAssetsUsd === 'number')
        out.externalAssetsUsd = data.externalAssetsUsd;
      return out;
    },
    /** v3 only adds optional fields (a filing's figures): a v2 event reads as it is. */
    2: (data) => data,
  },
  DealRecorded: {
    /**
     * v1 had no certainty, confidence, estimate, damages rate or capacity. v2 only adds them, and
     * their absence reads as the defaults (binding, high, none: `termsOfRecorded`), so a v1 event
     * is read as it is — no copy of every stored deal on each rebuild.
     */
    1: (data) => data,
  },
};

const LEDGER_TYPES: ReadonlySet<string> = new Set<string>([
  ...COMPANY_EVENT_TYPES,
  ...DEAL_EVENT_TYPES,
]);

export function isLedgerEventType(type: string): type is LedgerEventType {
  return LEDGER_TYPES.has(type);
}

/** Stored data of `type` at `schemaVersion` → data of the current version. */
export function upcast(
  type: LedgerEventType,
  data: JsonObject,
  schemaVersion: number,
  streamId: string,
): JsonObject {
  const current = SCHEMA_VERSION[type];
  if (schemaVersion > current) {
    throw new TangleError(
      'validation_failed',
      `${type} in ${streamId}: schema version ${schemaVersion} is newer than this build reads (${current})`,
      {
        field: 'schemaVersion',
      },
    );
  }
  let out = data;
  for (let v = schemaVersion; v < current; v++) {
    const step = UPCASTERS[type]?.[v];
    if (!step)
      throw new TangleError(
        'validation_failed',
        `${type}: no upcaster from schema version ${v}`,
        { field: 'schemaVersion' },
      );
    out = step(out, streamId);
  }
  return out;
}

/** Reads a stored event as a current-version ledger event; throws for a type the ledger does not know. */
export function toLedgerEvent(recorded: StoredEvent): LedgerEnvelope {
  const envelope = tryToLedgerEvent(recorded);
  if (!envelope)
    throw new TangleError(
      'validation_failed',
      `${recorded.type} (${recorded.streamId}@${recorded.revision}) is not a ledger event`,
      { field: 'type' },
    );
  return envelope;
}

/** Like toLedgerEvent, but undefined for events that are not the ledger's (e.g. scenario streams). */
export function tryToLedgerEvent(
  recorded: StoredEvent,
): LedgerEnvelope | undefined {
  if (!isLedgerEventType(recorded.type)) return undefined;
  const metadata = recorded.metadata as unknown as EventMetadata;
  const storedSchemaVersion =
    typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;
  const data = upcast(
    recorded.type,
    recorded.data,
    storedSchemaVersion,
    recorded.streamId,
  );
  return {
    id: recorded.id,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position,
    recordedAt: recorded.recordedAt,
    event: { type: recorded.type, data } as unknown as LedgerEvent,
    effectiveAt: metadata.effectiveAt,
    reason: metadata.reason ?? null,
    actor: metadata.actor,
    metadata,
    storedSchemaVersion,
  };
}
