import { fork, ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createApp } from '../src/app.factory';
import { AppConfig } from '../src/config/app-config';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { LiveHub } from '../src/live/live-hub.service';
import { GENESIS_HASH, sealMetadata } from '../src/shared/event-metadata';
import { JsonObject } from '../src/shared/json';
import { percentile, printHeader } from './machine';

/**
 * Live channel: append-to-delivery latency with 100 SSE subscribers while writes run at 500/s
 * (target p99 ≤ 50 ms), server memory per idle subscriber, and the heap the server holds per
 * event (the exposure projection's index and the live hub's state) against the events themselves.
 *
 * The subscribers run in a child process (so their parsing does not share the server's event
 * loop); each write carries its append time in `reason`, and a subscriber measures the delay
 * when the message arrives (both processes read the same wall clock, sub-millisecond).
 */
const SUBSCRIBERS = 100;
const RATE = 500;
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 1;
const IDLE = 1000;
/** Payments already on the long deal before the second run. */
const LONG_DEAL = Number(process.env.LIVE_BENCH_LONG_DEAL ?? 20_000);
/** Deals of 10 events each whose memory is measured. */
const HELD_DEALS = Number(process.env.LIVE_BENCH_HELD_DEALS ?? 2_000);

const now = (): number => performance.timeOrigin + performance.now();

// ---- child: SSE subscribers ----

function runClients(base: string, count: number, query: string): void {
  const latencies: number[] = [];
  let opened = 0;
  let received = 0;
  for (let i = 0; i < count; i++) {
    http.get(
      `${base}/live${query}`,
      { headers: { Accept: 'text/event-stream' } },
      (res) => {
        res.setEncoding('utf8');
        let buffer = '';
        let subscribed = false;
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (!subscribed && block.includes(': subscribed')) {
              subscribed = true;
              if (++opened === count) process.send!({ kind: 'ready' });
            }
            const at = block.indexOf('"reason":"t=');
            if (at >= 0) {
              const sent = Number(
                block.slice(at + 12, block.indexOf('"', at + 12)),
              );
              latencies.push(now() - sent);
              received++;
            }
          }
        });
      },
    );
  }
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'report')
      process.send!({ kind: 'report', latencies, received });
    if (m.kind === 'exit') process.exit(0);
  });
}

// ---- parent: server, writer, figures ----

class Writer {
  private readonly heads = new Map<
    string,
    { revision: number; hash: string }
  >();
  constructor(private readonly store: EventStore) {}

  async append(
    streamId: string,
    type: string,
    data: JsonObject,
    reason: string | null = null,
  ): Promise<number> {
    const head = this.heads.get(streamId);
    const metadata = sealMetadata(
      type,
      data,
      {
        effectiveAt: '2026-01-01T00:00:00.000Z',
        actor: 'bench',
        reason,
        correlationId: randomUUID(),
        causationId: null,
        schemaVersion: 1,
      },
      head?.hash ?? GENESIS_HASH,
    );
    const result = await this.store.append(
      streamId,
      [
        {
          id: randomUUID(),
          type,
          data,
          metadata: metadata as unknown as JsonObject,
        },
      ],
      head ? head.revision : 'no_stream',
    );
    this.heads.set(streamId, {
      revision: result.nextExpectedRevision,
      hash: metadata.hash,
    });
    return result.position;
  }
}

/** `count` SSE subscribers in a child process, each on `/live<query>`. */
function child(
  base: string,
  count: number,
  query: string,
): Promise<ChildProcess> {
  const proc = fork(__filename, ['clients', base, String(count), query], {
    stdio: 'inherit',
  });
  return new Promise((resolve) =>
    proc.on(
      'message',
      (m: { kind: string }) => m.kind === 'ready' && resolve(proc),
    ),
  );
}

function ask<T>(proc: ChildProcess): Promise<T> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as T));
    proc.send({ kind: 'report' });
  });
}

function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 300));
}

async function heapAndRss(): Promise<{ heap: number; rss: number }> {
  for (let i = 0; i < 3; i++) {
    (global as { gc?: () => void }).gc?.();
    await settle();
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/** Append → delivery latency with SUBSCRIBERS subscribers on `/live<query>` while payments run at RATE/s. */
async function latency(
  label: string,
  base: string,
  hub: LiveHub,
  writer: Writer,
  query: string,
  dealOf: (i: number) => string,
): Promise<void> {
  const clients = await child(base, SUBSCRIBERS, query);
  const total = RATE * SECONDS;
  const perTick = RATE / 100; // every 10 ms
  let sent = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = now();
  let lastPosition = 0;
  await new Promise<void>((resolve) => {
    const tick = async (): Promise<void> => {
      const due = Math.min(
        total,
        Math.floor(((now() - started) / 1000) * RATE) + perTick,
      );
      while (sent < due) {
        const i = sent++;
        const deal = dealOf(i);
        lastPosition = await writer.append(
          `deal-${deal}`,
          'DealPaymentRecorded',
          { dealId: deal, amountUsd: 1 },
          `t=${now()}`,
        );
      }
      if (sent >= total) resolve();
      else setTimeout(() => void tick(), 10);
    };
    void tick();
  });
  const elapsed = (now() - started) / 1000;
  loopDelay.disable();
  await hub.whenProcessed(lastPosition);
  await new Promise((r) => setTimeout(r, 1000));
  const report = await ask<{ latencies: number[]; received: number }>(clients);
  clients.send({ kind: 'exit' });
  await new Promise((r) => clients.on('exit', r));
  while (hub.stats().subscribers > 0) await settle();
  // Leave out the warm-up second (JIT, connection set-up) from each subscriber's samples.
  const warm = Math.round(RATE * WARMUP_SECONDS);
  const perClient = report.latencies.length / SUBSCRIBERS;
  const samples = report.latencies.filter(
    (_, i) => i % perClient >= warm || perClient < warm,
  );
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const max = samples[samples.length - 1];
  process.stdout.write(
    [
      `### ${label}`,
      '',
      `writes: ${total} payments in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s), each appended alone through the port`,
      `deliveries: ${report.received} of ${total * SUBSCRIBERS} expected; resyncs ${hub.stats().resyncs}; load average during the run ${loadavg()[0].toFixed(1)} (other work on the machine inflates the tail)`,
      '',
      '| measure | value | target |',
      '|---|---|---|',
      `| append → delivery p50 (${SUBSCRIBERS} SSE subscribers, ${RATE} writes/s) | ${p50.toFixed(1)} ms | |`,
      `| append → delivery p99 | ${p99.toFixed(1)} ms | ≤ 50 ms ${p99 <= 50 ? '✓' : '✗'} |`,
      `| append → delivery max | ${max.toFixed(1)} ms | |`,
      `| server event-loop delay p99 / max during the writes | ${(loopDelay.percentile(99) / 1e6).toFixed(1)} / ${(loopDelay.max / 1e6).toFixed(1)} ms | |`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  printHeader(
    `live channel: ${SUBSCRIBERS} SSE subscribers, writes at ${RATE}/s for ${SECONDS} s`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tangle-live-bench-'));
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: `sqlite:${join(dir, 'bench.db')}`,
    seed: 'none',
    tokens: [],
    projectionsPath: join(dir, 'bench.projections.db'),
  };
  const app = await createApp({ config, logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${((app.getHttpServer() as http.Server).address() as { port: number }).port}`;
  const store = app.get<EventStore>(EVENT_STORE);
  const hub = app.get(LiveHub);
  const writer = new Writer(store);
  try {
    const deals = 20;
    for (let i = 0; i < deals; i++) {
      for (const c of [`buyer-${i}`, `seller-${i}`]) {
        await writer.append(`company-${c}`, 'CompanyRegistered', {
          companyId: c,
          name: c,
          sector: null,
          equityUsd: 1e9,
          externalAssetsUsd: null,
          externalLiabilitiesUsd: null,
        });
      }
      await writer.append(`deal-d${i}`, 'DealRecorded', {
        dealId: `d${i}`,
        kind: 'supply',
        buyer: `buyer-${i}`,
        seller: `seller-${i}`,
        amountUsd: 1e12,
        startDate: '2025-01-01T00:00:00.000Z',
        endDate: '2030-01-01T00:00:00.000Z',
        schedule: null,
        category: 'compute',
        vendorFinancing: false,
        source: null,
        notes: null,
      });
    }
    // (a wait on the hub starts its fold: idle until someone watches, it would hold nothing)
    await hub.whenProcessed(await store.headPosition());

    // What the server holds per event (the exposure projection's index and the live hub's state),
    // before any client connects: HELD_DEALS more deals of 10 events each (recorded, then nine
    // rounds of payments), as most deals are short.
    const heldBefore = await heapAndRss();
    const firstHeld = (await store.headPosition()) + 1;
    for (let d = 0; d < HELD_DEALS; d++)
      await writer.append(`deal-h${d}`, 'DealRecorded', {
        dealId: `h${d}`,
        kind: 'supply',
        buyer: `buyer-${d % deals}`,
        seller: `seller-${d % deals}`,
        amountUsd: 1e12,
        startDate: '2025-01-01T00:00:00.000Z',
        endDate: '2030-01-01T00:00:00.000Z',
        schedule: null,
        category: 'compute',
        vendorFinancing: false,
        source: null,
        notes: null,
      });
    for (let round = 0; round < 9; round++)
      for (let d = 0; d < HELD_DEALS; d++)
        await writer.append(`deal-h${d}`, 'DealPaymentRecorded', {
          dealId: `h${d}`,
          amountUsd: 1,
        });
    await hub.whenProcessed(await store.headPosition());
    const heldAfter = await heapAndRss();
    // In-run baseline: the same events as read from the store, held in an array.
    const raw: unknown[] = [];
    const rawBefore = await heapAndRss();
    for await (const e of store.readAll({ fromPosition: firstHeld }))
      raw.push(e);
    const rawAfter = await heapAndRss();
    const held = heldAfter.heap - heldBefore.heap;
    const rawHeld = rawAfter.heap - rawBefore.heap;
    process.stdout.write(
      [
        '| measure | value |',
        '|---|---|',
        `| server heap held for ${raw.length.toLocaleString('en')} more events, no client connected (exposure projection + live hub) | ${(held / 2 ** 20).toFixed(1)} MiB (${(held / raw.length).toFixed(0)} B per event) |`,
        `| baseline: the same events read from the store, held in an array | ${(rawHeld / 2 ** 20).toFixed(1)} MiB (${(rawHeld / raw.length).toFixed(0)} B per event) |`,
        `| ratio | ${(held / rawHeld).toFixed(2)} |`,
        '',
      ].join('\n'),
    );
    raw.length = 0;

    // Memory per idle subscriber (server side): before and after 1,000 idle SSE connections.
    const before = await heapAndRss();
    const idle = await child(base, IDLE, '');
    const after = await heapAndRss();
    const heapPer = (after.heap - before.heap) / IDLE;
    const rssPer = (after.rss - before.rss) / IDLE;
    idle.send({ kind: 'exit' });
    await new Promise((r) => idle.on('exit', r));
    while (hub.stats().subscribers > 0) await settle();

    process.stdout.write(
      [
        '| measure | value |',
        '|---|---|',
        `| server memory per idle subscriber (${IDLE} connections) | heap ${(heapPer / 1024).toFixed(1)} KiB, RSS ${(rssPer / 1024).toFixed(1)} KiB |`,
        '',
      ].join('\n'),
    );

    // Latency under load: payments spread over the 20 deals, subscribers on `?topics=payment`.
    await latency(
      `payments over ${deals} deals, subscribers on ?topics=payment`,
      base,
      hub,
      writer,
      '?topics=payment',
      (i) => `d${i % deals}`,
    );
    // One deal with a long history takes every payment; subscribers take every message (each
    // payment's own and the exposure edge it moves), so the hub works out every event's changes.
    for (let i = 0; i < LONG_DEAL; i++)
      await writer.append('deal-d0', 'DealPaymentRecorded', {
        dealId: 'd0',
        amountUsd: 1,
      });
    await hub.whenProcessed(await store.headPosition());
    await latency(
      `one deal already ${LONG_DEAL.toLocaleString('en')} payments long takes every payment, subscribers on every message`,
      base,
      hub,
      writer,
      '',
      () => 'd0',
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'clients') {
  runClients(process.argv[3], Number(process.argv[4]), process.argv[5] ?? '');
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
