import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  COMPANY_EVENT_TYPES,
  DEAL_EVENT_TYPES,
  LedgerEvent,
  LedgerEventType,
  SCHEMA_VERSION,
} from '../../ledger/domain/ledger.events';
import { upcast } from '../../ledger/domain/ledger.upcasters';
import type { JsonObject, JsonPrimitive, JsonValue } from '../../shared/json';
import { jsonFieldReader } from '../../shared/json-fields';
import { toMillis } from '../../shared/time';

/**
 * A ledger event as the exposure engine folds it: the (already upcast) event plus its two times.
 * `position` orders recorded time (and breaks ties of effective time); `recordedAtMs` is the
 * store's commit time; `effectiveAtMs` is valid time (`metadata.effectiveAt`).
 *
 * Hypothetical events (scenario overlays) use the same shape with synthetic positions.
 */
export interface DatedEvent {
  readonly position: number;
  readonly recordedAtMs: number;
  readonly effectiveAtMs: number;
  /**
   * When the world learned of it (`metadata.announcedAt`, at or before recorded time), when the
   * write said so. A `knownAt` view counts the event from then (DESIGN.md "Public knowledge").
   */
  readonly announcedAtMs?: number;
  readonly event: LedgerEvent;
}

/** Is the envelope known at (knownPosition, knownAtMs)? Recorded by then, or announced by then. */
export function isKnown(
  e: DatedEvent,
  knownPosition: number,
  knownAtMs: number,
): boolean {
  return (
    e.position <= knownPosition ||
    (e.announcedAtMs !== undefined && e.announcedAtMs <= knownAtMs)
  );
}

const LEDGER_TYPES: ReadonlySet<string> = new Set<string>([
  ...COMPANY_EVENT_TYPES,
  ...DEAL_EVENT_TYPES,
]);

export function isLedgerEventType(type: string): type is LedgerEventType {
  return LEDGER_TYPES.has(type);
}

/**
 * The envelope a stored event becomes (toDatedEvent, the read model's load): the event's type and
 * data are fields of the envelope itself and `event` is the envelope, so an indexed event is one
 * object (and its data), not an envelope holding an `{ type, data }` holding the data. The
 * temporal index keeps every envelope of the history (a million in a rebuild): each object fewer
 * is less to allocate, to promote and to mark while the index grows.
 *
 * Made by this one object literal, not a class: V8 learns that what a literal makes lives long and
 * then allocates it in the old generation at once; instances of a class are always made young
 * and copied twice by the scavenger (a full rebuild: 0.72–0.87 CPU s of scavenging with a class,
 * 0.46–0.50 s with this literal). A spread copy still answers `event` (the original: the same
 * type and data); `event` makes the object circular, so it is never serialised whole.
 */
export function datedEvent(
  position: number,
  recordedAtMs: number,
  effectiveAtMs: number,
  type: LedgerEventType,
  data: LedgerEvent['data'],
  /** Undefined when the write gave none (every envelope has the field: one shape for all). */
  announcedAtMs: number | undefined,
): DatedEvent {
  const envelope = {
    position,
    recordedAtMs,
    effectiveAtMs,
    announcedAtMs,
    type,
    data,
    event: undefined as unknown as LedgerEvent,
  };
  // the envelope has the event's `type` and `data`, paired as the store holds them
  envelope.event = envelope as unknown as LedgerEvent;
  return envelope;
}

/** The metadata fields an envelope reads, into {@link metadataFields} in this order. */
const readMetadataFields = jsonFieldReader([
  'effectiveAt',
  'announcedAt',
  'schemaVersion',
]);
/** Reused by every conversion (one at a time, nothing calls back into it). */
const metadataFields: (JsonPrimitive | undefined)[] = [];

/**
 * What an envelope takes from a stored event besides its type and data: its three times and the
 * schema version its data was stored with ({@link readStoredTimes} writes them into one reused
 * object).
 */
export interface StoredTimes {
  recordedAtMs: number;
  /** Valid time; the recorded time when the write gave none (never written by the ledger). */
  effectiveAtMs: number;
  /** NaN when the write gave none. */
  announcedAtMs: number;
  schemaVersion: number;
}

/** A {@link StoredTimes} to reuse (one conversion at a time). */
export function storedTimes(): StoredTimes {
  return {
    recordedAtMs: 0,
    effectiveAtMs: 0,
    announcedAtMs: NaN,
    schemaVersion: 0,
  };
}

/**
 * Reads a stored ledger event's times and schema version into `out`. `metadataText`, the
 * metadata's JSON text as the store keeps it (EventStore.storedMetadataText), lets the three
 * fields be read without parsing the rest of the metadata; the parsed `recorded.metadata` is read
 * where it is not given or holds what the text reader leaves to a full parse.
 */
export function readStoredTimes(
  recorded: RecordedEvent,
  type: LedgerEventType,
  metadataText: string | undefined,
  out: StoredTimes,
): void {
  let effective: JsonValue | undefined;
  let announced: JsonValue | undefined;
  let version: JsonValue | undefined;
  if (
    metadataText !== undefined &&
    readMetadataFields(metadataText, metadataFields)
  ) {
    [effective, announced, version] = metadataFields;
  } else {
    const metadata = recorded.metadata as JsonObject | undefined;
    effective = metadata?.effectiveAt;
    announced = metadata?.announcedAt;
    version = metadata?.schemaVersion;
  }
  const recordedAtMs = toMillis(recorded.recordedAt);
  const effectiveAtMs =
    typeof effective === 'string' ? toMillis(effective) : NaN;
  out.recordedAtMs = recordedAtMs;
  // An event without a valid time (never written by the ledger) is taken as effective when recorded.
  out.effectiveAtMs = Number.isFinite(effectiveAtMs)
    ? effectiveAtMs
    : recordedAtMs;
  // NaN where not given or not an instant
  out.announcedAtMs = typeof announced === 'string' ? toMillis(announced) : NaN;
  out.schemaVersion =
    typeof version === 'number' ? version : SCHEMA_VERSION[type];
}

/** Reused by {@link toDatedEvent} (one conversion at a time, nothing calls back into it). */
const times = storedTimes();

/**
 * Reads a stored event as a ledger envelope, or `null` for events the ledger does not own
 * (scenario streams, unknown types). Stored shapes are brought to the current schema by the
 * ledger's upcaster (ledger.upcasters.ts). `metadataText` as {@link readStoredTimes}.
 */
export function toDatedEvent(
  recorded: RecordedEvent,
  metadataText?: string,
): DatedEvent | null {
  const type = recorded.type;
  if (!isLedgerEventType(type)) return null;
  readStoredTimes(recorded, type, metadataText, times);
  return datedEvent(
    recorded.position,
    times.recordedAtMs,
    times.effectiveAtMs,
    type,
    upcast(
      type,
      recorded.data,
      times.schemaVersion,
      recorded.streamId,
    ) as LedgerEvent['data'],
    Number.isNaN(times.announcedAtMs) ? undefined : times.announcedAtMs,
  );
}

/**
 * The deal or company an event belongs to. Each type reads its id at a place of its own: the
 * types' data have different shapes, and one read shared by six of them is a megamorphic lookup
 * for every event indexed.
 */
export function entityOf(event: LedgerEvent): {
  kind: 'deal' | 'company';
  id: string;
} {
  switch (event.type) {
    case 'DealPaymentRecorded':
      return { kind: 'deal', id: event.data.dealId };
    case 'DealRecorded':
      return { kind: 'deal', id: event.data.dealId };
    case 'DealAmended':
      return { kind: 'deal', id: event.data.dealId };
    case 'DealTerminated':
      return { kind: 'deal', id: event.data.dealId };
    case 'DealWrittenDown':
      return { kind: 'deal', id: event.data.dealId };
    case 'DealRetracted':
      return { kind: 'deal', id: event.data.dealId };
    case 'CompanyRegistered':
      return { kind: 'company', id: event.data.companyId };
    case 'CompanyFinancialsReported':
      return { kind: 'company', id: event.data.companyId };
    case 'CompanyDefaulted':
      return { kind: 'company', id: event.data.companyId };
    case 'CompanyDefaultCured':
      return { kind: 'company', id: event.data.companyId };
  }
}
