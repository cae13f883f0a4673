import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  COMPANY_EVENT_TYPES,
  DEAL_EVENT_TYPES,
  LedgerEvent,
  LedgerEventType,
  SCHEMA_VERSION,
} from '../../ledger/domain/ledger.events';
import { upcast } from '../../ledger/domain/ledger.upcasters';

/**
 * A ledger event as the exposure engine folds it: the (already upcast) event plus its two times.
 * `position` orders recorded time (and breaks ties of effective time); `recordedAtMs` is the
 * store's commit time; `effectiveAtMs` is valid time (`metadata.effectiveAt`).
 *
 * Hypothetical events (scenario overlays) use the same shape with synthetic positions.
 */
export interface LedgerEnvelope {
  readonly position: number;
  readonly recordedAtMs: number;
  readonly effectiveAtMs: number;
  readonly event: LedgerEvent;
}

const LEDGER_TYPES: ReadonlySet<string> = new Set<string>([
  ...COMPANY_EVENT_TYPES,
  ...DEAL_EVENT_TYPES,
]);

export function isLedgerEventType(type: string): type is LedgerEventType {
  return LEDGER_TYPES.has(type);
}

/**
 * Reads a stored event as a ledger envelope, or `null` for events the ledger does not own
 * (scenario streams, unknown types). Stored shapes are brought to the current schema by the
 * ledger's upcaster (ledger.upcasters.ts) unless another `read` is given.
 */
export function toLedgerEnvelope(
  recorded: RecordedEvent,
  read: (recorded: RecordedEvent) => LedgerEvent = asCurrent,
): LedgerEnvelope | null {
  if (!isLedgerEventType(recorded.type)) return null;
  const recordedAtMs = Date.parse(recorded.recordedAt);
  const effective = recorded.metadata?.effectiveAt;
  const effectiveAtMs =
    typeof effective === 'string' ? Date.parse(effective) : NaN;
  return {
    position: recorded.position,
    recordedAtMs,
    // An event without a valid time (never written by the ledger) is taken as effective when recorded.
    effectiveAtMs: Number.isFinite(effectiveAtMs)
      ? effectiveAtMs
      : recordedAtMs,
    event: read(recorded),
  };
}

/** The ledger's upcaster: older stored schema versions become the current shape. */
function asCurrent(recorded: RecordedEvent): LedgerEvent {
  const type = recorded.type as LedgerEventType;
  const version = recorded.metadata?.schemaVersion;
  const data = upcast(
    type,
    recorded.data,
    typeof version === 'number' ? version : SCHEMA_VERSION[type],
    recorded.streamId,
  );
  return { type, data } as unknown as LedgerEvent;
}

/** The deal or company an event belongs to. */
export function entityOf(event: LedgerEvent): {
  kind: 'deal' | 'company';
  id: string;
} {
  switch (event.type) {
    case 'CompanyRegistered':
    case 'CompanyFinancialsReported':
    case 'CompanyDefaulted':
    case 'CompanyDefaultCured':
      return { kind: 'company', id: event.data.companyId };
    case 'DealRecorded':
    case 'DealAmended':
    case 'DealTerminated':
    case 'DealPaymentRecorded':
    case 'DealWrittenDown':
    case 'DealRetracted':
      return { kind: 'deal', id: event.data.dealId };
  }
}
