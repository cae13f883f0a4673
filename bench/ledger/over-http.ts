import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { fmt, HTTP_SECONDS } from './wiring';

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
}

export async function overHttp(
  dir: string,
  what: 'whole' | 'ledger' | 'hello',
  baseline?: Measured,
): Promise<Measured> {
  process.stdout.write(
    what === 'hello'
      ? `\nIn-run baseline: a NestJS hello-world on the Fastify adapter (same body, same load), its own process; autocannon, 50 connections, ${HTTP_SECONDS} s:\n`
      : what === 'whole'
        ? `\nHTTP, the whole application (projections, live updates and audit following every write), its own process; autocannon, 50 connections, ${HTTP_SECONDS} s each:\n`
        : `\nHTTP, the ledger's write path alone (validation, auth, handlers, store), its own process; autocannon, 50 connections, ${HTTP_SECONDS} s each:\n`,
  );
  const server = fork(join(__dirname, 'server.js'), [dir, what], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (m: { port: number }) => resolve(m.port));
      server.once('exit', (code) =>
        reject(new Error(`the server exited (${code}) before listening`)),
      );
    });
    const url = `http://127.0.0.1:${port}`;
    let n = 0;
    const hello: [string, autocannon.Request][] = [
      [
        'hello-world: POST /hello',
        {
          method: 'POST',
          path: '/hello',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ amountUsd: 1, effectiveAt: '2025-06-01' }),
        },
      ],
    ];
    const runs: [string, autocannon.Request][] =
      what === 'hello'
        ? hello
        : [
            [
              'POST /deals/:id/payments (500 deals)',
              {
                method: 'POST',
                path: '/deals/hd0/payments',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  amountUsd: 1,
                  effectiveAt: '2025-06-01',
                }),
                setupRequest: (req) => ({
                  ...req,
                  path: `/deals/hd${n++ % 500}/payments`,
                }),
              },
            ],
            [
              'POST /deals/:id/payments (one deal takes every one)',
              {
                method: 'POST',
                path: '/deals/hd0/payments',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  amountUsd: 1,
                  effectiveAt: '2025-06-01',
                }),
              },
            ],
            [
              'POST /deals (a new deal each, parties looked up)',
              {
                method: 'POST',
                path: '/deals',
                headers: { 'content-type': 'application/json' },
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
    // Warm-up (JIT, caches), not reported.
    await autocannon({
      url,
      connections: 50,
      duration: Math.max(1, Math.round(HTTP_SECONDS / 3)),
      requests: [runs[0][1]],
    });
    let first: Measured | undefined;
    for (const [label, request] of runs) {
      const before = await serverCpu(server);
      const result = await autocannon({
        url,
        connections: 50,
        duration: HTTP_SECONDS,
        requests: [request],
      });
      const after = await serverCpu(server);
      const total = result.requests.total;
      const cpuPerRequest =
        (after.cpu.user -
          before.cpu.user +
          after.cpu.system -
          before.cpu.system) /
        total;
      const scavenges =
        ((after.gc.scavenges - before.gc.scavenges) / total) * 1000;
      const pause = ((after.gc.pauseMs - before.gc.pauseMs) * 1000) / total;
      const ok = result.non2xx === 0 && result.errors === 0;
      first ??= { rate: result.requests.average, p99: result.latency.p99 };
      const ratio = baseline
        ? result.requests.average / baseline.rate
        : undefined;
      const met =
        ratio !== undefined && ratio >= 0.5 && result.latency.p99 <= 30;
      process.stdout.write(
        `  ${label.padEnd(50)} ${fmt(result.requests.average).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
          `(${fmt(result.requests.total)} requests, ${result.non2xx} non-2xx, ${result.errors} errors)` +
          (ratio === undefined
            ? ''
            : `  ${(ratio * 100).toFixed(0)} % of the hello-world; target (≥ 50 %, p99 ≤ 30 ms) ${met ? 'met' : 'NOT met'}`) +
          `${ok ? '' : ' — FAILURES'}\n` +
          `  ${''.padEnd(50)} server CPU ${cpuPerRequest.toFixed(0)} µs/request, ${(((after.cpu.system - before.cpu.system) / total / cpuPerRequest) * 100).toFixed(0)} % in the kernel (≈ ${fmt(1e6 / cpuPerRequest)} req/s on a free core); ` +
          `GC ${scavenges.toFixed(2)} scavenges per 1,000 requests, ${pause.toFixed(1)} µs main-thread pause per request\n`,
      );
    }
    return first!;
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.send('stop');
    await exited;
  }
}
