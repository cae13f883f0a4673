import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { toDatedEvent } from '../../src/exposure/domain/dated-event';
import { TemporalIndex } from '../../src/exposure/domain/temporal-index';
import type { JsonObject } from '../../src/shared/json';
import { EventRow, forEachRawPage } from './raw-pages';

export interface FloorRate {
  events: number;
  perSecond: number;
  /** CPU seconds, every thread (the collector's helpers included). */
  cpuSeconds: number;
  /** CPU seconds of the main thread, where the index lives. */
  mainCpuSeconds: number;
}

/**
 * A row as the recorded event `toDatedEvent` takes: its data parsed, its metadata parsed only if
 * asked for (only where the text reader leaves a field to a full parse).
 */
class RowEvent implements RecordedEvent {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly recordedAt: string;
  private readonly metadataText: string;

  constructor(row: EventRow) {
    this.position = row[0];
    this.streamId = row[1];
    this.revision = row[2];
    this.id = row[3];
    this.type = row[4];
    this.data = JSON.parse(row[5]) as JsonObject;
    this.metadataText = row[6];
    this.recordedAt = row[7];
  }

  get metadata(): JsonObject {
    return JSON.parse(this.metadataText) as JsonObject;
  }
}

const cpu = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1e6;

/**
 * What no rebuild into the temporal index can skip, measured with nothing else running: the
 * store's rows read by better-sqlite3 (1,000 a call, the columns a recorded event carries), each
 * row's data parsed, its envelope made as the projection makes it (`toDatedEvent`, the metadata's
 * fields read from its text) and added to a fresh {@link TemporalIndex}, all on the main thread
 * where the index lives. No store code, no runner, no read model, no writer thread: a rebuild's
 * main thread does all of this and more, so by more than the machine's noise it cannot pass it.
 */
export function indexFloorRate(path: string): FloorRate {
  const db = new Database(path, { readonly: true });
  try {
    const index = new TemporalIndex();
    const all = process.cpuUsage();
    const main = process.threadCpuUsage();
    const started = performance.now();
    let events = 0;
    forEachRawPage(db, (rows) => {
      for (const row of rows) {
        events++;
        const envelope = toDatedEvent(new RowEvent(row), row[6]);
        if (envelope) index.add(envelope);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    if (index.size === 0) throw new Error(`no ledger event in ${path}`);
    return {
      events,
      perSecond: events / seconds,
      cpuSeconds: cpu(process.cpuUsage(all)),
      mainCpuSeconds: cpu(process.threadCpuUsage(main)),
    };
  } finally {
    db.close();
  }
}
