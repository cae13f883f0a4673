import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../child';
import { percentile } from '../machine';
import { fmt, HTTP_SECONDS } from './wiring';

type What = 'whole' | 'ledger' | 'hello';

interface ServerTimes {
  cpu: NodeJS.CpuUsage;
  /** Young-generation collections so far, and the main thread's time in all collections. */
  gc: { scavenges: number; pauseMs: number };
}

function serverCpu(server: ChildProcess): Promise<ServerTimes> {
  return new Promise((resolve) => {
    const onMessage = (m: Partial<ServerTimes>): void => {
      if (!m.cpu || !m.gc) return;
      server.off('message', onMessage);
      resolve({ cpu: m.cpu, gc: m.gc });
    };
    server.on('message', onMessage);
    server.send('cpu');
  });
}

export interface Measured {
  rate: number;
  p99: number;
  /** The server's CPU time per request (µs). */
  cpuPerRequest: number;
  /** Answers other than 2xx, and errors: marked on the row. */
  failures: number;
}

/** One server of the HTTP rows, in its own process (server.ts), and where it listens. */
interface Served {
  readonly url: string;
  readonly process: ChildProcess;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const PAYMENT_BODY = JSON.stringify({
  amountUsd: 1,
  effectiveAt: '2025-06-01',
});
const HELLO: autocannon.Request = {
  method: 'POST',
  path: '/hello',
  headers: JSON_HEADERS,
  body: PAYMENT_BODY,
};

/** Payments spread over the 500 deals every server of the ledger rows starts with: the target row. */
function paymentsOver500Deals(): autocannon.Request {
  let n = 0;
  return {
    method: 'POST',
    path: '/deals/hd0/payments',
    headers: JSON_HEADERS,
    body: PAYMENT_BODY,
    setupRequest: (req) => ({ ...req, path: `/deals/hd${n++ % 500}/payments` }),
  };
}

function ledgerRuns(): [string, autocannon.Request][] {
  let n = 0;
  return [
    ['POST /deals/:id/payments (500 deals)', paymentsOver500Deals()],
    [
      'POST /deals/:id/payments (one deal takes every one)',
      {
        method: 'POST',
        path: '/deals/hd0/payments',
        headers: JSON_HEADERS,
        body: PAYMENT_BODY,
      },
    ],
    [
      'POST /deals (a new deal each, parties looked up)',
      {
        method: 'POST',
        path: '/deals',
        headers: JSON_HEADERS,
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            body: JSON.stringify({
              id: `new-${i}`,
              kind: 'supply',
              buyer: `h${i % 100}`,
              seller: `h${(i + 3) % 100}`,
              amountUsd: 1e9,
              effectiveAt: '2025-03-01',
            }),
          };
        },
      },
    ],
  ];
}

/** Forks the server (`what`, its files in `dir`), waits until it listens, runs `work`, stops it. */
async function withServer<T>(
  dir: string,
  what: What,
  work: (served: Served) => Promise<T>,
): Promise<T> {
  const server = await startChild<{ port: number }>(
    join(__dirname, 'server.js'),
    [dir, what],
  );
  try {
    return await work({
      url: `http://127.0.0.1:${server.ready.port}`,
      process: server.process,
    });
  } finally {
    await server.stop();
  }
}

/** Warm-up (JIT, caches), not reported. */
async function warmUp(
  served: Served,
  request: autocannon.Request,
  seconds: number,
): Promise<void> {
  await autocannon({
    url: served.url,
    connections: 50,
    duration: seconds,
    requests: [request],
  });
}

/** One row: autocannon at 50 connections, with the server's CPU and collector work over it. */
async function measure(
  served: Served,
  request: autocannon.Request,
  seconds: number,
): Promise<
  Measured & {
    result: autocannon.Result;
    kernelShare: number;
    scavenges: number;
    pauseUs: number;
  }
> {
  const before = await serverCpu(served.process);
  const result = await autocannon({
    url: served.url,
    connections: 50,
    duration: seconds,
    requests: [request],
  });
  const after = await serverCpu(served.process);
  const total = result.requests.total;
  const cpu =
    after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system;
  return {
    rate: result.requests.average,
    p99: result.latency.p99,
    cpuPerRequest: cpu / total,
    result,
    kernelShare: (after.cpu.system - before.cpu.system) / cpu,
    scavenges: ((after.gc.scavenges - before.gc.scavenges) / total) * 1000,
    pauseUs: ((after.gc.pauseMs - before.gc.pauseMs) * 1000) / total,
    failures: result.non2xx + result.errors,
  };
}

const meets = (share: number, p99: number): boolean =>
  share >= 0.5 && p99 <= 30;

/** What the live client read (live-client.ts). */
interface LiveRead {
  readonly bytes: number;
  /** The server ended the stream before the client was stopped: it was sent `resync`. */
  readonly endedByServer: boolean;
}

/**
 * One live client on the server while `work` runs (live-client.ts, its own process): `GET /live`,
 * every message, no filter; `work` starts once the server says it is subscribed (its live channel
 * folding). Answers `work`'s result and what the client read.
 */
async function withLiveClient<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ result: T; read: LiveRead }> {
  const client = await startChild(join(__dirname, 'live-client.js'), [url]);
  const result = await work().catch(async (error: unknown) => {
    await client.stop();
    throw error;
  });
  return { result, read: (await client.stop()) as LiveRead };
}

export async function overHttp(
  dir: string,
  what: What,
  baseline?: Measured,
): Promise<Measured> {
  process.stdout.write(
    what === 'hello'
      ? `\nIn-run baseline: a NestJS hello-world on the Fastify adapter (same body, same load), its own process; autocannon, 50 connections, ${HTTP_SECONDS} s:\n`
      : what === 'whole'
        ? `\nHTTP, the whole application (projections, live updates and audit following every write), its own process; autocannon, 50 connections, ${HTTP_SECONDS} s each:\n`
        : `\nHTTP, the ledger's write path alone (validation, auth, handlers, store), its own process; autocannon, 50 connections, ${HTTP_SECONDS} s each:\n`,
  );
  // [label, request, with one live client]: the whole application's live channel folds only
  // while a client is connected, so it has one row with one
  const runs: [string, autocannon.Request, boolean?][] =
    what === 'hello' ? [['hello-world: POST /hello', HELLO]] : ledgerRuns();
  if (what === 'whole')
    runs.push([
      'payments (500 deals), one client on GET /live',
      paymentsOver500Deals(),
      true,
    ]);
  return withServer(dir, what, async (served) => {
    await warmUp(served, runs[0][1], Math.max(1, Math.round(HTTP_SECONDS / 3)));
    let first: Measured | undefined;
    for (const [label, request, watched] of runs) {
      let live = '';
      let m: Awaited<ReturnType<typeof measure>>;
      if (watched) {
        const { result, read } = await withLiveClient(served.url, () =>
          measure(served, request, HTTP_SECONDS),
        );
        m = result;
        live = `; the client read ${(read.bytes / 2 ** 20).toFixed(1)} MiB${read.endedByServer ? ', and the server ended its stream (resync: it fell behind)' : ''}`;
      } else m = await measure(served, request, HTTP_SECONDS);
      first ??= m;
      const share = baseline ? m.rate / baseline.rate : undefined;
      process.stdout.write(
        `  ${label.padEnd(50)} ${fmt(m.rate).padStart(6)} req/s  p50 ${m.result.latency.p50} ms  p99 ${m.p99} ms  ` +
          `(${fmt(m.result.requests.total)} requests, ${m.result.non2xx} non-2xx, ${m.result.errors} errors)` +
          (share === undefined
            ? ''
            : `  ${(share * 100).toFixed(0)} % of the hello-world; target (≥ 50 %, p99 ≤ 30 ms) ${meets(share, m.p99) ? 'met' : 'NOT met'}`) +
          `\n  ${''.padEnd(50)} server CPU ${m.cpuPerRequest.toFixed(0)} µs/request, ${(m.kernelShare * 100).toFixed(0)} % in the kernel (≈ ${fmt(1e6 / m.cpuPerRequest)} req/s on a free core); ` +
          `GC ${m.scavenges.toFixed(2)} scavenges per 1,000 requests, ${m.pauseUs.toFixed(1)} µs main-thread pause per request` +
          `${live}${m.failures > 0 ? ' — FAILURES' : ''}\n`,
      );
    }
    return first!;
  });
}

/** The median of a round's figures (the lower middle one of an even count). */
const median = (xs: readonly number[]): number => percentile(xs, 50);

/**
 * The target row in alternated rounds: in each, the hello-world, the write path alone and the
 * whole application, each a fresh process measured for `seconds` right after the one before, so
 * each share is of a baseline taken moments earlier on the same machine. A single long row lands
 * wherever the machine's other work puts it (the hello-world measured before and after one run
 * has differed by two fifths); the median over rounds is the figure to read.
 */
export async function alternatedRounds(
  dir: string,
  rounds: number,
  seconds: number,
): Promise<void> {
  process.stdout.write(
    `\nPayments over 500 deals in ${rounds} alternated rounds (hello-world, write path alone, whole application; each its own process, ${seconds} s after a warm-up; 50 connections):\n`,
  );
  const shares: Record<'ledger' | 'whole', number[]> = {
    ledger: [],
    whole: [],
  };
  const cpu: Record<What, number[]> = { hello: [], ledger: [], whole: [] };
  let failed = false;
  for (let round = 1; round <= rounds; round++) {
    const roundDir = join(dir, `round-${round}`);
    mkdirSync(roundDir, { recursive: true });
    const row: Partial<Record<What, Measured>> = {};
    for (const what of ['hello', 'ledger', 'whole'] as const) {
      const request = what === 'hello' ? HELLO : paymentsOver500Deals();
      row[what] = await withServer(roundDir, what, async (served) => {
        await warmUp(served, request, Math.max(1, Math.round(seconds / 3)));
        return measure(served, request, seconds);
      });
      cpu[what].push(row[what].cpuPerRequest);
      if (row[what].failures > 0) failed = true;
    }
    const hello = row.hello!;
    const part = (what: 'ledger' | 'whole'): string => {
      const m = row[what]!;
      const share = m.rate / hello.rate;
      shares[what].push(share);
      return `${what === 'ledger' ? 'write path alone' : 'whole application'} ${fmt(m.rate)} req/s, p99 ${m.p99} ms, ${m.cpuPerRequest.toFixed(0)} µs (${(share * 100).toFixed(0)} %${meets(share, m.p99) ? ' ✓' : ''})${m.failures > 0 ? ' — FAILURES' : ''}`;
    };
    process.stdout.write(
      `  round ${round}: hello-world ${fmt(hello.rate)} req/s, ${hello.cpuPerRequest.toFixed(0)} µs; ${part('ledger')}; ${part('whole')}; load ${loadavg()[0].toFixed(1)}\n`,
    );
  }
  const summary = (what: 'ledger' | 'whole'): string =>
    `${what === 'ledger' ? 'write path alone' : 'whole application'} ${(median(shares[what]) * 100).toFixed(0)} % (${(Math.min(...shares[what]) * 100).toFixed(0)}–${(Math.max(...shares[what]) * 100).toFixed(0)} %), ${median(cpu[what]).toFixed(0)} µs a payment`;
  process.stdout.write(
    `  median share of the round's hello-world (target ≥ 50 %): ${summary('ledger')}; ${summary('whole')}; the hello-world ${median(cpu.hello).toFixed(0)} µs a request${failed ? ' — FAILURES in some rounds' : ''}\n`,
  );
}
