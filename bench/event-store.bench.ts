import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '../src/event-store/open-event-store';
import { NewEvent } from '../src/event-store/event-store.port';
import { printHeader } from './machine';
import { EventRow, RAW_PAGE_ROWS, rawPageStatement } from './raw-pages';

/**
 * The embedded store against raw better-sqlite3 on the same machine, in the same run: append
 * TOTAL small events in batches through the port and read them all back through it; do the same
 * with plain prepared statements (batched INSERTs in one transaction per batch; SELECTs of 1,000
 * rows at a time + JSON.parse of data and metadata). Raw and port run interleaved batch by batch (and chunk by
 * chunk when reading), so load from other processes weighs on both alike.
 * Targets: port ≥ 65 % of raw append, ≥ 60 % of raw read, peak RSS during the read < 300 MB.
 */
const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const STREAMS = 1_000;
const READ_CHUNK = 10_000;

/** Deterministic, cheap ids: both sides time storage, not UUID generation. */
function batch(b: number): NewEvent[] {
  const out: NewEvent[] = new Array(BATCH);
  for (let k = 0; k < BATCH; k++) {
    const i = b * BATCH + k;
    out[k] = {
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      type: 'ExposureRecorded',
      data: { seq: i, amount: (i % 977) * 1000, currency: 'USD' },
      metadata: { actor: 'bench', effectiveAt: '2025-01-01T00:00:00.000Z' },
    };
  }
  return out;
}

const seconds = (from: bigint): number =>
  Number(process.hrtime.bigint() - from) / 1e9;

async function runBenchmark(): Promise<void> {
  printHeader(
    `event-store: ${TOTAL.toLocaleString('en')} small events, batches of ${BATCH}, ${STREAMS} streams (SQLite, WAL, synchronous=NORMAL)`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-es-'));
  const store = await openEventStore(`sqlite:${join(dir, 'port.db')}`);
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL)`);
    const insert = db.prepare(
      'INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const rawRevisions = new Map<string, number>();
    let rawPosition = 0;
    const rawInsert = db.transaction((stream: string, events: NewEvent[]) => {
      let revision = rawRevisions.get(stream) ?? -1;
      const now = new Date().toISOString();
      for (const e of events)
        insert.run(
          ++rawPosition,
          stream,
          ++revision,
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          now,
        );
      rawRevisions.set(stream, revision);
    });

    // Append, interleaved.
    const revisions = new Map<string, number>();
    let rawAppendSec = 0;
    let portAppendSec = 0;
    for (let b = 0; b < TOTAL / BATCH; b++) {
      const stream = `deal-${b % STREAMS}`;
      const events = batch(b);
      let t = process.hrtime.bigint();
      rawInsert(stream, events);
      rawAppendSec += seconds(t);
      t = process.hrtime.bigint();
      const r = await store.append(
        stream,
        events,
        revisions.get(stream) ?? 'no_stream',
      );
      portAppendSec += seconds(t);
      revisions.set(stream, r.nextExpectedRevision);
    }

    // Read back, interleaved chunk by chunk; checksums prove every event was read and parsed.
    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    // Raw rows as arrays (`.raw()`), a page of RAW_PAGE_ROWS at a time in one call (`all()`): the
    // fastest way better-sqlite3 returns them, the strictest baseline (one by one, `iterate()`,
    // costs about 30 % more CPU per row).
    const rawPage = rawPageStatement(db);
    let rawBuffer: EventRow[] = [];
    let rawAt = 0;
    const rawNext = (): EventRow | undefined => {
      if (rawAt === rawBuffer.length) {
        const after =
          rawBuffer.length > 0 ? rawBuffer[rawBuffer.length - 1][0] : 0;
        rawBuffer = rawPage.all(after, RAW_PAGE_ROWS) as EventRow[];
        rawAt = 0;
      }
      return rawBuffer[rawAt++];
    };
    const portEvents = store.readAll()[Symbol.asyncIterator]();
    let rawReadSec = 0;
    let portReadSec = 0;
    let rawSum = 0;
    let portSum = 0;
    let rawCount = 0;
    let portCount = 0;
    for (let chunk = 0; chunk < TOTAL / READ_CHUNK; chunk++) {
      let t = process.hrtime.bigint();
      for (let k = 0; k < READ_CHUNK; k++) {
        const row = rawNext();
        if (!row) break;
        const data = JSON.parse(row[5]) as { seq: number };
        JSON.parse(row[6]);
        rawSum += data.seq;
        rawCount++;
      }
      rawReadSec += seconds(t);
      t = process.hrtime.bigint();
      for (let k = 0; k < READ_CHUNK; k++) {
        const next = await portEvents.next();
        if (next.done) break;
        portSum += next.value.data.seq as number;
        // the metadata too, as the raw side parses it (the store parses it when first read)
        if (next.value.metadata === null) portSum = NaN;
        portCount++;
      }
      portReadSec += seconds(t);
      if (chunk % 5 === 0)
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await portEvents.return?.();
    const expected = (TOTAL * (TOTAL - 1)) / 2;
    if (
      rawCount !== TOTAL ||
      portCount !== TOTAL ||
      rawSum !== expected ||
      portSum !== expected
    ) {
      throw new Error(
        `read back raw ${rawCount} (sum ${rawSum}), port ${portCount} (sum ${portSum}); expected ${TOTAL} (${expected})`,
      );
    }

    const rate = (sec: number): number => TOTAL / sec;
    const fmt = (n: number): string => Math.round(n).toLocaleString('en');
    const pct = (port: number, raw: number): string =>
      `${Math.round((100 * port) / raw)} %`;
    const rows = [
      ['', 'raw better-sqlite3', 'EventStore port', 'port / raw', 'target'],
      [
        'append (events/s)',
        fmt(rate(rawAppendSec)),
        fmt(rate(portAppendSec)),
        pct(rate(portAppendSec), rate(rawAppendSec)),
        '≥ 65 %',
      ],
      [
        'read + JSON.parse (events/s)',
        fmt(rate(rawReadSec)),
        fmt(rate(portReadSec)),
        pct(rate(portReadSec), rate(rawReadSec)),
        '≥ 60 %',
      ],
      [
        'peak RSS during the read (both, MB)',
        '',
        `${(peakRss / 2 ** 20).toFixed(0)}`,
        '',
        '< 300',
      ],
    ];
    process.stdout.write(
      `${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`,
    );
  } finally {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
