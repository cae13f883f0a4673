import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { toEvent } from '../../src/event-store/sqlite/sqlite-rows';
import {
  isLedgerEventType,
  storedTimes,
  toDatedEvent,
} from '../../src/exposure/domain/dated-event';
import {
  deferrableDealEvent,
  deferredCode,
  keptSides,
} from '../../src/exposure/domain/deferred-deal-events';
import { TemporalIndex } from '../../src/exposure/domain/temporal-index';
import { forEachRawPage } from '../raw-pages';
import { rateSince, ReadRate, seconds } from './read-rate';

/** The floor's read (its CPU every thread's, the collector's helpers included), and its main thread's. */
export interface FloorRate extends ReadRate {
  /** CPU seconds of the main thread, where the index lives. */
  mainCpuSeconds: number;
}

/**
 * What no rebuild into the temporal index can skip, measured with nothing else running: the
 * store's rows read by better-sqlite3 (1,000 a call, the columns a recorded event carries), each
 * row made the event the store makes of it (its data and metadata kept as text) and added to a
 * fresh {@link TemporalIndex} as the projection adds it — a deal event the index may keep as text
 * as its times and stored data text (`deferrableDealEvent`, `addDeferred`), any other as its
 * envelope (`toDatedEvent`, the metadata's fields read from its text) — all on the main thread
 * where the index lives.
 * None of the store's reading (pages, subscription), no runner, no read model, no writer thread: a
 * rebuild's main thread does all of this and more, so by more than the machine's noise it cannot
 * pass it.
 */
const times = storedTimes();
const sides = keptSides();

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
        // the row as the store makes it an event (data and metadata kept as text)
        const recorded = toEvent(row);
        const type = recorded.type;
        if (!isLedgerEventType(type)) continue;
        const dealId = deferrableDealEvent(
          recorded,
          type,
          row[6],
          row[5],
          times,
          sides,
        );
        if (dealId !== null)
          index.addDeferred(
            dealId,
            recorded.position,
            times.recordedAtMs,
            times.effectiveAtMs,
            times.announcedAtMs,
            deferredCode(type),
            row[5],
            sides.creditor,
            sides.debtor,
          );
        else index.add(toDatedEvent(recorded, row[6])!);
      }
    });
    if (index.size === 0) throw new Error(`no ledger event in ${path}`);
    return {
      ...rateSince(events, started, all),
      mainCpuSeconds: seconds(process.threadCpuUsage(main)),
    };
  } finally {
    db.close();
  }
}
