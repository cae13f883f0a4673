/**
 * `npm run bench -- exposure` (after `npm run bench:generate`): on the synthetic history in
 * data/bench/ (≈ 1,000,000 events), measures
 * - the full rebuild of the exposure projection (runner → the projection's work → index; the read
 *   model + checkpoint written by the writer thread), in events/s, beside two baselines — the
 *   store's own `readAll` with every event parsed, and better-sqlite3 reading the same file with
 *   `JSON.parse` of each row (no store code) — and checks the read model it wrote (every event,
 *   checkpoint at the head); and, last, the floor under any rebuild into the index: the same
 *   file's rows read and indexed as the projection indexes them (every deal event but a
 *   retraction kept as its data text, the other events made envelopes) on the main thread with
 *   nothing else (none of the store's reading, no runner or read model:
 *   bench/exposure/index-floor.ts), beside a raw read taken just before it;
 * - the first company queries after the rebuild (they read their deals from the kept texts);
 *   then one company's exposure at a random (at, knownAt), p50/p99, and the naive full replay of
 *   the same queries in the same run (the ratio is the gain of the temporal index);
 * - the whole network at a date (five queries, then 25 more in a row for the distribution over a
 *   longer run, with the full collections that land inside them); the heap in use after them,
 *   before a full collection and after it; what a full collection of the heap left costs, forced;
 *   peak memory (RSS);
 * - last, the whole network over HTTP as a user of the server gets it: the whole application in a
 *   process of its own on the same store (bench/exposure/over-http.ts), `GET /exposures?at=` at
 *   dates over the history as known now, each answer read to its last byte, and the server's RSS;
 *   beside the same answers made in this process and written as their JSON text.
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  constants,
  performance,
  PerformanceEntry,
  PerformanceObserver,
} from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { openEventStore } from '../src/event-store/open-event-store';
import {
  companyExposureAt,
  networkAt,
  networkPartsAt,
} from '../src/exposure/domain/exposure.queries';
import { jsonPieces } from '../src/shared/json-pieces';
import { NaiveReplay } from '../src/exposure/domain/naive-replay';
import { ExposureProjection } from '../src/exposure/exposure.projection';
import { ExposureReadModel } from '../src/exposure/exposure.read-model';
import { ExposureStandaloneModule } from '../src/exposure/exposure-standalone.module';
import { FloorRate, indexFloorRate } from './exposure/index-floor';
import { startChild } from './child';
import { COMPARISONS, type OverHttp } from './exposure/over-http';
import { forEachRawPage } from './raw-pages';
import { rateSince, ReadRate, seconds } from './exposure/read-rate';
import { DEFAULT_BENCH_STORE, prng } from './generate';
import { percentile, printHeader } from './machine';

const STORE = process.env.EXPOSURE_BENCH_STORE ?? DEFAULT_BENCH_STORE;
const FAST_SAMPLES = 2000;
const NAIVE_SAMPLES = 3;
const NETWORK_SAMPLES = 5;
const FULL_GC_SAMPLES = 5;
/** Whole-network queries after the measured ones, for the distribution over a longer run. */
const NETWORK_MORE = 25;
/** Whole networks over HTTP, as known now: the first after the server's start apart, then these. */
const HTTP_SAMPLES = 20;
/** `EXPOSURE_BENCH_PARTS=rebuild`: the raw read and the rebuild only (no queries). */
const REBUILD_ONLY = process.env.EXPOSURE_BENCH_PARTS === 'rebuild';

let peakRss = 0;
// the resident size alone: `process.memoryUsage()` also walks the heap's spaces, which every 20 ms
// cost the measured phases 1–4 % of the main thread's time
const sampleMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};

/** CPU seconds (user + system, every thread of the process) since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  return seconds(process.cpuUsage(from));
}

async function rawReadRate(): Promise<ReadRate> {
  const store = await openEventStore(`sqlite:${STORE}`);
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let events = 0;
    let bytes = 0;
    for await (const e of store.readAll()) {
      events++;
      // touch the parsed event: the store parses its data and its metadata when first read,
      // so the baseline reads both to parse every event whole
      bytes +=
        e.type.length +
        (e.data === null ? 0 : 1) +
        (e.metadata === null ? 0 : 1);
    }
    void bytes;
    return rateSince(events, started, cpu);
  } finally {
    await store.close();
  }
}

/** The recorded time of the store's first and last event (ms), read from its file. */
function recordedSpan(): { first: number; last: number } {
  const db = new Database(STORE, { readonly: true });
  try {
    const at = (order: 'ASC' | 'DESC') =>
      Date.parse(
        db
          .prepare(
            `SELECT recorded_at FROM events ORDER BY position ${order} LIMIT 1`,
          )
          .pluck()
          .get() as string,
      );
    return { first: at('ASC'), last: at('DESC') };
  } finally {
    db.close();
  }
}

/**
 * The second baseline, the store's file read without the store's code: better-sqlite3 returning
 * the rows in position order 1,000 per call (`.raw().all()`, its fastest way) and `JSON.parse` of
 * each row's data and metadata — what any program reading the file would do at the least.
 */
function sqliteReadRate(): ReadRate {
  const db = new Database(STORE, { readonly: true });
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let events = 0;
    let fields = 0;
    forEachRawPage(db, (rows) => {
      for (const row of rows) {
        events++;
        const data = JSON.parse(row[5]) as object;
        const metadata = JSON.parse(row[6]) as object;
        fields += (data === null ? 0 : 1) + (metadata === null ? 0 : 1);
      }
    });
    void fields;
    return rateSince(events, started, cpu);
  } finally {
    db.close();
  }
}

/**
 * The floor (bench/exposure/index-floor.ts) beside a raw read taken just before it: the two are
 * compared with each other, not with the baselines at the start, which the machine's other work
 * may have met at another pace.
 */
function floorBesideRawRead(): {
  raw: ReadRate;
  floor: FloorRate;
  /** The floor's rate as a share of the raw read's, by wall clock and by (main-thread) CPU. */
  wallShare: number;
  cpuShare: number;
} {
  global.gc?.();
  const raw = sqliteReadRate();
  global.gc?.();
  const floor = indexFloorRate(STORE);
  return {
    raw,
    floor,
    wallShare: floor.perSecond / raw.perSecond,
    cpuShare: raw.cpuSeconds / floor.mainCpuSeconds,
  };
}

/** The read model written during the rebuild holds every indexed event, with the checkpoint at the head. */
function checkReadModel(
  path: string,
  version: number,
  events: number,
  head: number,
): void {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT COUNT(*) FROM ${ExposureReadModel.eventsTable(version)}`)
      .pluck()
      .get() as number;
    const counted = db
      .prepare(
        `SELECT SUM(count) FROM ${ExposureReadModel.countsTable(version)}`,
      )
      .pluck()
      .get() as number;
    const checkpoint = db
      .prepare(
        `SELECT position FROM projection_versions WHERE name = 'exposure' AND version = ?`,
      )
      .pluck()
      .get(version) as number;
    if (rows !== events || counted !== events || checkpoint < head)
      throw new Error(
        `read model v${version}: ${rows} rows, ${counted} counted, checkpoint ${checkpoint}; index ${events} events, head ${head}`,
      );
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(STORE)) {
    process.stderr.write(
      `no benchmark store at ${STORE}: run \`npm run bench:generate\` first\n`,
    );
    process.exit(2);
  }
  printHeader('exposure: bitemporal projection and point-in-time queries');
  const memoryTimer = setInterval(sampleMemory, 20);

  const raw = await rawReadRate();
  global.gc?.();
  const sqlite = sqliteReadRate();
  global.gc?.();
  // read before the application opens the store (it holds the file's lock)
  const { first, last } = recordedSpan();

  const dir = mkdtempSync(join(tmpdir(), 'tangle-exposure-bench-'));
  const app = await NestFactory.createApplicationContext(
    ExposureStandaloneModule.forRoot({
      config: {
        port: 0,
        host: '127.0.0.1',
        eventStoreUrl: `sqlite:${STORE}`,
        seed: 'none',
        tokens: [],
        projectionsPath: join(dir, 'projections.db'),
      },
      projection: { serve: false, batchSize: 5000 },
    }),
    { logger: ['error', 'warn'] },
  );
  await app.init();
  const projection = app.get(ExposureProjection);
  const rebuildCpu = process.cpuUsage();
  const rebuildMainCpu = process.threadCpuUsage();
  const rebuildStarted = performance.now();
  const { version, done } = await projection.rebuild();
  await done;
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  sampleMemory();
  const peakRebuild = peakRss;
  const rebuildCpuSeconds = cpuSeconds(rebuildCpu);
  const rebuildMainSeconds = seconds(process.threadCpuUsage(rebuildMainCpu));
  const index = projection.index();
  const head = index.headPosition();
  checkReadModel(join(dir, 'projections.db'), version, index.size, head);
  const rebuildRate = index.size / rebuildSeconds;
  if (REBUILD_ONLY) {
    clearInterval(memoryTimer);
    sampleMemory();
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    const { floor, raw: rawAgain, wallShare, cpuShare } = floorBesideRawRead();
    process.stdout.write(
      `raw read ${Math.round(raw.perSecond).toLocaleString('en-US')} events/s, ${raw.cpuSeconds.toFixed(2)} CPU s; ` +
        `rebuild ${Math.round(rebuildRate).toLocaleString('en-US')} events/s (${rebuildSeconds.toFixed(1)} s), ${rebuildCpuSeconds.toFixed(2)} CPU s (main thread ${rebuildMainSeconds.toFixed(2)}); ` +
        `ratio ${Math.round((100 * rebuildRate) / raw.perSecond)} % wall, ${Math.round((100 * raw.cpuSeconds) / rebuildCpuSeconds)} % CPU; ` +
        `raw better-sqlite3 read ${Math.round(sqlite.perSecond).toLocaleString('en-US')} events/s, ${sqlite.cpuSeconds.toFixed(2)} CPU s, ratio ${Math.round((100 * rebuildRate) / sqlite.perSecond)} % wall, ${Math.round((100 * sqlite.cpuSeconds) / rebuildCpuSeconds)} % CPU (${Math.round((100 * sqlite.cpuSeconds) / rebuildMainSeconds)} % of the main thread's); ` +
        `peak RSS ${(peakRss / 2 ** 30).toFixed(2)} GiB, heap after ${(heap / 2 ** 30).toFixed(2)} GiB; ` +
        `floor (read, index adds as the projection's, nothing else) ${Math.round(floor.perSecond).toLocaleString('en-US')} events/s, ${floor.cpuSeconds.toFixed(2)} CPU s (main thread ${floor.mainCpuSeconds.toFixed(2)}), ` +
        `${Math.round(100 * wallShare)} % (${Math.round(100 * cpuShare)} % by CPU) of a raw better-sqlite3 read taken just before it (${Math.round(rawAgain.perSecond).toLocaleString('en-US')} events/s, ${rawAgain.cpuSeconds.toFixed(2)} CPU s)\n`,
    );
    return;
  }

  // queries are measured in steady state: the rebuild's garbage collected first
  global.gc?.();
  const heapAfterRebuild = process.memoryUsage().heapUsed;
  // the events the index keeps as text until a query reads their deal
  const deferredAfterRebuild = index.deferredSize;
  const keptTextBytesAfterRebuild = index.keptTextBytes;
  // random (company, at, knownAt) over the history's span (first, last: its recorded times)
  const companies = [...index.companyIds()];
  const rnd = prng(2026);
  const query = () => {
    const knownAtMs = first + rnd() * (last - first);
    const atMs =
      first - 365 * 86_400_000 + rnd() * (last - first + 730 * 86_400_000);
    return {
      companyId: companies[Math.floor(rnd() * companies.length)],
      atMs,
      knownPosition: index.knownPosition(knownAtMs),
    };
  };
  // the first queries after the rebuild: each reads its deals from the texts they keep (their
  // recordings', amendments' and terminations' made envelopes; payments and write-downs not)
  const firstQueries = Array.from({ length: FAST_SAMPLES }, query);
  const cold: number[] = [];
  for (const q of firstQueries) {
    const t = performance.now();
    companyExposureAt(index, q.companyId, q);
    cold.push(performance.now() - t);
  }
  const deferredAfterFirstQueries = index.deferredSize;
  for (let i = 0; i < 200; i++) {
    const q = query();
    companyExposureAt(index, q.companyId, q); // warm-up
  }
  const fast: number[] = [];
  const queries = Array.from({ length: FAST_SAMPLES }, query);
  for (const q of queries) {
    const t = performance.now();
    companyExposureAt(index, q.companyId, q);
    fast.push(performance.now() - t);
  }
  sampleMemory();

  const peakCompanyQueries = peakRss;
  // the first whole-network query reads every deal not read yet from its kept texts, and makes
  // each deal's fold columns, terms and plan (kept until the deal changes)
  const deferredBeforeNetwork = index.deferredSize;
  const coldCpu = process.cpuUsage();
  const coldStarted = performance.now();
  networkAt(index, { atMs: last, knownPosition: head });
  const networkCold = performance.now() - coldStarted;
  const networkColdCpu = cpuSeconds(coldCpu) * 1000;
  const deferredAfterNetwork = index.deferredSize;
  const keptTextBytesAfterNetwork = index.keptTextBytes;
  sampleMemory();
  const peakColdNetwork = peakRss;
  const network: number[] = [];
  const networkCpu: number[] = [];
  // the full collections that land inside these queries (what a slow one is made of)
  const fullCollections: PerformanceEntry[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (
        (e as PerformanceEntry & { detail?: { kind?: number } }).detail
          ?.kind === constants.NODE_PERFORMANCE_GC_MAJOR
      )
        fullCollections.push(e);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const windows: [number, number][] = [];
  // the peak through the measured queries (the target's), apart from the longer run's
  let peakMeasured = 0;
  // the measured queries, then more in a row: where a full collection comes, over a longer run
  const networkRun: number[] = [];
  for (let i = 0; i < NETWORK_SAMPLES + NETWORK_MORE; i++) {
    const q = query();
    const cpu = process.cpuUsage();
    const t = performance.now();
    networkAt(index, q);
    const end = performance.now();
    networkRun.push(end - t);
    windows.push([t, end]);
    if (i < NETWORK_SAMPLES) {
      network.push(end - t);
      networkCpu.push(cpuSeconds(cpu) * 1000);
    }
    sampleMemory();
    if (i === NETWORK_SAMPLES - 1) peakMeasured = peakRss;
  }
  // entries for collections are delivered on a later turn of the event loop
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  gcObserver.disconnect();
  const inWindows = (from: number, to: number) =>
    fullCollections.filter((e) =>
      windows
        .slice(from, to)
        .some(([start, end]) => e.startTime >= start && e.startTime <= end),
    );
  const collectionsInQueries = inWindows(0, NETWORK_SAMPLES);
  const collectionsInRun = inWindows(0, windows.length);

  sampleMemory();
  const peakLongerRun = peakRss;
  // the heap in use before a full collection: what the queries left, garbage included (an answer
  // that reached the old generation stays there until the next full collection)
  const heapBeforeCollection = process.memoryUsage().heapUsed;
  global.gc?.();
  const heapAfterQueries = process.memoryUsage().heapUsed;
  // what any full collection of that heap costs (a slow whole-network query is one that runs while
  // V8 marks it): more, forced, of the live heap alone, all its marking at once; the least and the
  // median of FULL_GC_SAMPLES (other work on the machine lengthens some)
  const fullGcWall: number[] = [];
  const fullGcCpuMs: number[] = [];
  for (let i = 0; global.gc && i < FULL_GC_SAMPLES; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    global.gc();
    fullGcWall.push(performance.now() - started);
    fullGcCpuMs.push(cpuSeconds(cpu) * 1000);
  }
  // the whole network as known now (the API's default) at dates over the history, made and written
  // as its JSON text here (the pieces let go as made): the in-run baseline of the same answers
  // over HTTP (below)
  const httpDates = Array.from({ length: 1 + HTTP_SAMPLES }, () =>
    new Date(first + rnd() * (last - first)).toISOString().slice(0, 10),
  );
  const inProcessText: number[] = [];
  let textChars = 0;
  for (const date of httpDates.slice(1)) {
    const t = performance.now();
    const { companies, edges, dependencies, caveats } = networkPartsAt(index, {
      atMs: Date.parse(date),
      knownPosition: head,
    });
    const answer = { companies, edges, dependencies, caveats };
    for (const piece of jsonPieces(answer)) textChars += piece.length;
    inProcessText.push(performance.now() - t);
  }
  const naiveEngine = new NaiveReplay(index.envelopes());
  const naive: number[] = [];
  for (const q of queries.slice(0, NAIVE_SAMPLES)) {
    const t = performance.now();
    const answer = companyExposureAt(naiveEngine, q.companyId, q);
    naive.push(performance.now() - t);
    const expected = companyExposureAt(index, q.companyId, q);
    if (JSON.stringify(answer) !== JSON.stringify(expected))
      throw new Error(`naive and fast answers differ for ${JSON.stringify(q)}`);
    sampleMemory();
  }
  clearInterval(memoryTimer);
  sampleMemory();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  // after every memory figure: this index is a second one, built and dropped here
  const { floor, raw: rawAgain, wallShare, cpuShare } = floorBesideRawRead();
  // the whole application in a process of its own on this store (its projection rebuilt at start),
  // asked by a client in a process of its own too (this one's heap is gigabytes)
  const httpDir = mkdtempSync(join(tmpdir(), 'tangle-exposure-bench-http-'));
  const client = await startChild<OverHttp>(
    join(__dirname, 'exposure', 'http-client.js'),
    [STORE, httpDir, String(head), ...httpDates],
  ).finally(() => rmSync(httpDir, { recursive: true, force: true }));
  await client.stop();
  const http = client.ready;
  const httpMs = http.answers.map((a) => a.ms);
  const httpMb = http.answers.map((a) => a.bytes / 2 ** 20);

  const p50 = percentile(fast, 50);
  const p99 = percentile(fast, 99);
  const naiveP50 = percentile(naive, 50);
  const rows: [string, string, string][] = [
    [
      'events in the store (head position)',
      `${raw.events.toLocaleString('en-US')} (${head.toLocaleString('en-US')})`,
      '',
    ],
    [
      'read+parse of the store through its port (readAll)',
      `${Math.round(raw.perSecond).toLocaleString('en-US')} events/s`,
      'baseline',
    ],
    [
      'raw better-sqlite3 read of the same file, 1,000 rows a call, + JSON.parse (no store code)',
      `${Math.round(sqlite.perSecond).toLocaleString('en-US')} events/s (${sqlite.cpuSeconds.toFixed(1)} CPU s)`,
      'baseline',
    ],
    [
      'full rebuild (runner → projection → index + read model)',
      `${Math.round(rebuildRate).toLocaleString('en-US')} events/s (${rebuildSeconds.toFixed(1)} s)`,
      '',
    ],
    [
      'rebuild / raw read, by wall clock',
      `${Math.round((100 * rebuildRate) / raw.perSecond)} %`,
      '≥ 60 %',
    ],
    [
      'rebuild / raw better-sqlite3 read, by wall clock',
      `${Math.round((100 * rebuildRate) / sqlite.perSecond)} %`,
      '≥ 60 %',
    ],
    [
      'floor: the same rows read and indexed as the projection indexes them, nothing else (main thread)',
      `${Math.round(floor.perSecond).toLocaleString('en-US')} events/s (${floor.cpuSeconds.toFixed(1)} CPU s, main thread ${floor.mainCpuSeconds.toFixed(1)})`,
      '',
    ],
    [
      'floor / a raw better-sqlite3 read taken just before it: by wall clock; by main-thread CPU',
      `${Math.round(100 * wallShare)} %; ${Math.round(100 * cpuShare)} % (that read ${Math.round(rawAgain.perSecond).toLocaleString('en-US')} events/s, ${rawAgain.cpuSeconds.toFixed(1)} CPU s)`,
      '',
    ],
    [
      'CPU seconds: raw read / rebuild (all threads; steadier on a shared machine)',
      `${raw.cpuSeconds.toFixed(1)} s / ${rebuildCpuSeconds.toFixed(1)} s (rebuild ${Math.round((100 * raw.cpuSeconds) / rebuildCpuSeconds)} % of the raw rate per CPU second)`,
      '',
    ],
    [
      "events kept as their data text after the rebuild (folds read their deal's from there; made envelopes when a query reads the events themselves)",
      `${deferredAfterRebuild.toLocaleString('en-US')} of ${index.size.toLocaleString('en-US')}`,
      '',
    ],
    [
      `the first ${FAST_SAMPLES.toLocaleString('en-US')} company queries after the rebuild, p50 / p99 (their deals read from the kept texts)`,
      `${percentile(cold, 50).toFixed(3)} / ${percentile(cold, 99).toFixed(3)} ms (max ${Math.max(...cold).toFixed(1)} ms; ${(deferredAfterRebuild - deferredAfterFirstQueries).toLocaleString('en-US')} events made envelopes)`,
      '',
    ],
    [
      'one company at random (at, knownAt): p50',
      `${p50.toFixed(3)} ms`,
      '≤ 5 ms',
    ],
    [
      'one company at random (at, knownAt): p99',
      `${p99.toFixed(3)} ms`,
      '≤ 20 ms',
    ],
    [
      `naive full replay, same queries (p50 of ${NAIVE_SAMPLES})`,
      `${naiveP50.toFixed(0)} ms`,
      'baseline',
    ],
    [
      'gain of the temporal index (naive p50 / fast p50)',
      `${Math.round(naiveP50 / p50).toLocaleString('en-US')}×`,
      '≥ 100×',
    ],
    [
      `whole network, first query (reads the deals not read yet from their kept texts, and makes each deal's fold columns, terms, plan)`,
      `${networkCold.toFixed(0)} ms (CPU ${networkColdCpu.toFixed(0)} ms; ${(deferredBeforeNetwork - deferredAfterNetwork).toLocaleString('en-US')} events made envelopes, ${deferredAfterNetwork.toLocaleString('en-US')} still kept; their texts ${(keptTextBytesAfterRebuild / 2 ** 20).toFixed(0)} MiB after the rebuild, ${(keptTextBytesAfterNetwork / 2 ** 20).toFixed(0)} MiB now)`,
      '',
    ],
    [
      `whole network at a date (median / max of ${NETWORK_SAMPLES})`,
      `${percentile(network, 50).toFixed(0)} ms / ${Math.max(...network).toFixed(0)} ms`,
      '≤ 250 / 500 ms',
    ],
    [
      `whole network: CPU time per query, all threads (median / max of ${NETWORK_SAMPLES})`,
      `${percentile(networkCpu, 50).toFixed(0)} ms / ${Math.max(...networkCpu).toFixed(0)} ms`,
      '',
    ],
    [
      `whole network: full collections inside the ${NETWORK_SAMPLES} queries (their main-thread pauses)`,
      `${collectionsInQueries.length}` +
        (collectionsInQueries.length > 0
          ? ` (${collectionsInQueries.map((e) => e.duration.toFixed(0)).join(', ')} ms)`
          : ''),
      '',
    ],
    [
      `whole network, ${NETWORK_SAMPLES + NETWORK_MORE} queries in a row (those ${NETWORK_SAMPLES} and ${NETWORK_MORE} more): median / 90th percentile / max; full collections inside them`,
      `${percentile(networkRun, 50).toFixed(0)} / ${percentile(networkRun, 90).toFixed(0)} / ${Math.max(...networkRun).toFixed(0)} ms; ${collectionsInRun.length}`,
      '',
    ],
    [
      `whole network over HTTP: the application in its own process on this store, GET /exposures?at= at ${HTTP_SAMPLES} dates as known now, each read to its last byte: median / max`,
      `${percentile(httpMs, 50).toFixed(0)} / ${Math.max(...httpMs).toFixed(0)} ms (${percentile(httpMb, 50).toFixed(1)} MiB median, ${Math.max(...httpMb).toFixed(1)} max; the first after the start: ${http.first.ms.toFixed(0)} ms; the server ready in ${http.startSeconds.toFixed(1)} s, of which its index reading the deals kept as text once caught up ${http.warmSeconds.toFixed(1)} s)`,
      '',
    ],
    [
      'the same answers made in this process and written as their JSON text, no HTTP (baseline): median / max; HTTP / this, medians',
      `${percentile(inProcessText, 50).toFixed(0)} / ${Math.max(...inProcessText).toFixed(0)} ms (${(textChars / HTTP_SAMPLES / 2 ** 20).toFixed(1)} M characters on average); ${(percentile(httpMs, 50) / percentile(inProcessText, 50)).toFixed(2)}×`,
      'baseline',
    ],
    [
      `whole network over HTTP: the server's peak RSS (start, rebuild and the ${1 + HTTP_SAMPLES} answers); its RSS after the answers, least / last`,
      `${(http.peakRss / 2 ** 30).toFixed(2)} GiB; ${(Math.min(...http.rssAfter) / 2 ** 30).toFixed(2)} / ${(http.rssAfter[http.rssAfter.length - 1] / 2 ** 30).toFixed(2)} GiB`,
      '',
    ],
    ...(['plain', 'overlay'] as const).map(
      (which): [string, string, string] => {
        const c = http.compared[which];
        const ms = c.answers.map((a) => a.ms);
        const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
        return [
          which === 'plain'
            ? `a scenario's comparison over HTTP (POST /scenarios at the first date, c1 defaulting; then GET /scenarios/:id/compare ${COMPARISONS} times): the run; each comparison, first / median / max; the server's RSS after each, first / last`
            : `the same with an overlay (deal d0 suppressed: the scenario's timeline is a second index of every event known then)`,
          `${(c.postMs / 1000).toFixed(1)} s; ${ms[0].toFixed(0)} / ${percentile(ms, 50).toFixed(0)} / ${Math.max(...ms).toFixed(0)} ms (${(c.answers[0].bytes / 2 ** 20).toFixed(1)} MiB); ${gib(c.rssAfter[0])} / ${gib(c.rssAfter[c.rssAfter.length - 1])} GiB`,
          '',
        ];
      },
    ),
    [
      `peak memory (RSS): rebuild and queries (through the ${NETWORK_SAMPLES} measured whole-network queries)`,
      `${(peakMeasured / 2 ** 30).toFixed(2)} GiB`,
      '≤ 1.0 GiB',
    ],
    [
      `peak RSS by phase: rebuild / company queries / first network query / the ${NETWORK_SAMPLES} measured / the ${NETWORK_MORE} more`,
      [
        peakRebuild,
        peakCompanyQueries,
        peakColdNetwork,
        peakMeasured,
        peakLongerRun,
      ]
        .map((b) => (b / 2 ** 30).toFixed(2))
        .join(' / ') + ' GiB',
      '',
    ],
    [
      'heap in use after the rebuild (index of every event, after GC)',
      `${(heapAfterRebuild / 2 ** 30).toFixed(2)} GiB`,
      '',
    ],
    [
      `heap in use after the ${NETWORK_SAMPLES + NETWORK_MORE} whole-network queries: before a full collection (garbage included) / after it (what the folds keep)`,
      `${(heapBeforeCollection / 2 ** 30).toFixed(2)} / ${(heapAfterQueries / 2 ** 30).toFixed(2)} GiB`,
      '',
    ],
    [
      `a full collection of that heap, forced (marking it all at once): least / median of ${FULL_GC_SAMPLES}, wall (CPU of all threads)`,
      global.gc
        ? `${Math.min(...fullGcWall).toFixed(0)} / ${percentile(fullGcWall, 50).toFixed(0)} ms (CPU ${Math.min(...fullGcCpuMs).toFixed(0)} / ${percentile(fullGcCpuMs, 50).toFixed(0)} ms)`
        : 'not measured (run without --expose-gc)',
      '',
    ],
    [
      'peak memory (RSS) with the naive reference loaded too',
      `${(peakRss / 2 ** 30).toFixed(2)} GiB`,
      '',
    ],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => r[1].length));
  for (const [name, value, target] of rows)
    process.stdout.write(`${name.padEnd(w)}  ${value.padEnd(v)}  ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
