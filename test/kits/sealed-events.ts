import { JsonObject } from '../../src/shared/json';
import { GENESIS_HASH, sealMetadata } from '../../src/shared/event-metadata';
import { toDatedEvent } from '../../src/exposure/domain/dated-event';
import { TemporalIndex } from '../../src/exposure/domain/temporal-index';

/** Test data: stored-looking events with properly sealed hash chains, per stream. */
export interface StoredLike {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export class EventLog {
  readonly events: StoredLike[] = [];
  private readonly heads = new Map<
    string,
    { revision: number; hash: string }
  >();
  private clockMs = Date.parse('2026-01-10T00:00:00.000Z');

  append(
    streamId: string,
    type: string,
    data: JsonObject,
    meta: {
      effectiveAt: string;
      actor?: string;
      reason?: string | null;
      recordedAt?: string;
    },
  ): StoredLike {
    const head = this.heads.get(streamId);
    const prevHash = head?.hash ?? GENESIS_HASH;
    const revision = head ? head.revision + 1 : 0;
    const metadata = sealMetadata(
      type,
      data,
      {
        effectiveAt: new Date(meta.effectiveAt).toISOString(),
        actor: meta.actor ?? 'tester',
        reason: meta.reason ?? null,
        correlationId: `c-${this.events.length + 1}`,
        causationId: null,
        schemaVersion: 1,
      },
      prevHash,
    );
    this.clockMs += 1000;
    const event: StoredLike = {
      id: `e-${this.events.length + 1}`,
      streamId,
      revision,
      position: this.events.length + 1,
      recordedAt: meta.recordedAt ?? new Date(this.clockMs).toISOString(),
      type,
      data,
      metadata: metadata as unknown as JsonObject,
    };
    this.heads.set(streamId, { revision, hash: metadata.hash });
    this.events.push(event);
    return event;
  }

  stream(streamId: string): StoredLike[] {
    return this.events.filter((e) => e.streamId === streamId);
  }
}

export const supplyDeal = (
  dealId: string,
  amountUsd: number,
  buyer = 'openai',
  seller = 'oracle',
): JsonObject => ({
  dealId,
  kind: 'supply',
  buyer,
  seller,
  amountUsd,
  startDate: '2025-09-10T00:00:00.000Z',
  endDate: null,
  schedule: null,
  category: 'compute',
  vendorFinancing: false,
  source: null,
  notes: null,
});

/** The exposure index holding every ledger event of a log (as after the projection's catch-up). */
export function indexOfStored(events: Iterable<StoredLike>): TemporalIndex {
  const index = new TemporalIndex();
  for (const e of events) {
    const envelope = toDatedEvent(e);
    if (envelope) index.add(envelope);
  }
  return index;
}
