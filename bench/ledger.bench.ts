import 'reflect-metadata';
import {
  Body,
  Controller,
  HttpCode,
  Post,
  Global,
  INestApplication,
  INestApplicationContext,
  Module,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import autocannon from 'autocannon';
import { ChildProcess, fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { createApp, httpAdapter, useBodyParsers } from '../src/app.factory';
import { AuthModule } from '../src/auth/auth.module';
import { HttpErrorFilter } from '../src/common/http-exception.filter';
import { AppConfig, APP_CONFIG } from '../src/config/app-config';
import { EventStoreModule } from '../src/event-store/event-store.module';
import { EventStore, EVENT_STORE } from '../src/event-store/event-store.port';
import { HealthModule } from '../src/health/health.module';
import { LedgerCommands } from '../src/ledger/application/ledger-commands.service';
import { LedgerWriter } from '../src/ledger/application/ledger-writer';
import { StreamRepository } from '../src/ledger/application/stream-repository';
import {
  DealState,
  evolveDeal,
  initialDealState,
} from '../src/ledger/domain/deal.decider';
import { DealFact } from '../src/ledger/domain/ledger.fact';
import { LedgerModule } from '../src/ledger/ledger.module';
import { CLOCK, systemClock } from '../src/shared/time';
import { printHeader } from './machine';

/**
 * Ledger write throughput on the embedded store (a temporary SQLite file).
 * In process: commands one at a time through LedgerCommands → CommandBus → handler → decide →
 * append (target ≥ 10,000 commands/s). Baseline in the same run: a long stream with the per-stream
 * state cache switched off (each command re-reads and re-folds the whole stream).
 * Over HTTP: the whole application (every module, projections following live) under autocannon,
 * 50 concurrent clients (target ≥ 2,000 requests/s with p99 ≤ 25 ms): payments spread over 500 deals,
 * then all on one deal (its stream grows by tens of thousands), then new deals.
 */
const COMPANIES = 1_000;
const DEALS = Number(process.env.BENCH_DEALS ?? 10_000);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 20_000);
const LONG_STREAM = Number(process.env.BENCH_LONG_STREAM ?? 2_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);

const seconds = (from: bigint): number =>
  Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n: number): string => Math.round(n).toLocaleString('en');

function config(dir: string, name: string): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: `sqlite:${join(dir, `${name}.db`)}`,
    seed: 'none',
    tokens: [],
    projectionsPath: join(dir, `${name}.projections.db`),
  };
}

function ledgerOnlyModule(appConfig: AppConfig): Type<unknown> {
  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: appConfig },
      { provide: CLOCK, useValue: systemClock },
    ],
    exports: [APP_CONFIG, CLOCK],
  })
  class BenchConfigModule {}

  @Module({
    imports: [
      BenchConfigModule,
      CqrsModule.forRoot(),
      EventStoreModule,
      HealthModule,
      AuthModule,
      LedgerModule,
    ],
  })
  class BenchLedgerModule {}
  return BenchLedgerModule;
}

async function ledgerContext(
  appConfig: AppConfig,
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(ledgerOnlyModule(appConfig), {
    logger: false,
  });
}

async function timed(
  label: string,
  count: number,
  run: (i: number) => Promise<unknown>,
): Promise<number> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) await run(i);
  const rate = count / seconds(start);
  const used = process.cpuUsage(cpu);
  const cpuPerCommand = (used.user + used.system) / count;
  process.stdout.write(
    `  ${label.padEnd(58)} ${fmt(count).padStart(7)} commands  ${fmt(rate).padStart(7)} /s   ` +
      `CPU ${cpuPerCommand.toFixed(0).padStart(4)} µs/command, ${((used.system / (used.user + used.system)) * 100).toFixed(0)} % kernel (≈ ${fmt(1e6 / cpuPerCommand)}/s on a free core)\n`,
  );
  return rate;
}

async function inProcess(dir: string): Promise<void> {
  process.stdout.write(
    `\nin process (bus → decide → append, one command at a time):\n`,
  );
  const ctx = await ledgerContext(config(dir, 'in-process'));
  const ledger = ctx.get(LedgerCommands);
  const actor = { actor: 'bench' };
  try {
    await timed('register-company', COMPANIES, (i) =>
      ledger.execute(
        {
          command: 'register-company',
          id: `c${i}`,
          name: `C${i}`,
          effectiveAt: '2020-01-01',
        },
        actor,
      ),
    );
    const recordRate = await timed(
      'record-deal (parties looked up, new stream each)',
      DEALS,
      (i) =>
        ledger.execute(
          {
            command: 'record-deal',
            id: `d${i}`,
            kind: 'supply',
            buyer: `c${i % COMPANIES}`,
            seller: `c${(i + 1) % COMPANIES}`,
            amountUsd: 1e12,
            effectiveAt: '2025-01-01',
            endDate: '2030-01-01',
          },
          actor,
        ),
    );
    const payRate = await timed(
      `record-payment (over ${fmt(DEALS)} deals)`,
      PAYMENTS,
      (i) =>
        ledger.execute(
          {
            command: 'record-payment',
            id: `d${i % DEALS}`,
            amountUsd: 1e6,
            effectiveAt: '2025-06-01',
          },
          actor,
        ),
    );
    const keyedRate = await timed(
      'record-payment with Idempotency-Key',
      PAYMENTS / 2,
      (i) =>
        ledger.execute(
          {
            command: 'record-payment',
            id: `d${i % DEALS}`,
            amountUsd: 1e6,
            effectiveAt: '2025-06-01',
          },
          { actor: 'bench', idempotencyKey: `k${i}` },
        ),
    );
    const cachedLong = await timed(
      `one deal, stream growing to ${fmt(LONG_STREAM)} (state cached)`,
      LONG_STREAM,
      () =>
        ledger.execute(
          {
            command: 'record-payment',
            id: 'd0',
            amountUsd: 1,
            effectiveAt: '2025-06-01',
          },
          actor,
        ),
    );
    // Baseline: the same on another long stream with the cache off (every command re-reads the stream).
    const writer = ctx.get<LedgerWriter>(LedgerWriter) as unknown as {
      deals: StreamRepository<DealState, DealFact>;
    };
    const cached = writer.deals;
    writer.deals = new StreamRepository(
      ctx.get<EventStore>(EVENT_STORE),
      evolveDeal,
      initialDealState,
      0,
    );
    const uncachedLong = await timed(
      `baseline: the same, stream re-read every command`,
      LONG_STREAM,
      () =>
        ledger.execute(
          {
            command: 'record-payment',
            id: 'd1',
            amountUsd: 1,
            effectiveAt: '2025-06-01',
          },
          actor,
        ),
    );
    writer.deals = cached;
    process.stdout.write(
      `  → record-deal ${fmt(recordRate)}/s, payments ${fmt(payRate)}/s (keyed ${fmt(keyedRate)}/s): target ≥ 10,000/s ${Math.min(recordRate, payRate) >= 10_000 ? 'met' : 'NOT met'}; ` +
        `long stream: cache ×${(cachedLong / uncachedLong).toFixed(1)} over re-reading\n`,
    );
  } finally {
    await ctx.close();
  }
}

/**
 * The in-run baseline: a NestJS hello-world on the same platform (Fastify, its default JSON
 * parser), answering the same POST body with a small JSON object. What the framework alone
 * costs per request on this machine, in this run.
 */
@Controller('hello')
class HelloController {
  @Post()
  @HttpCode(201)
  hello(@Body() body: unknown): { ok: boolean } {
    return { ok: body !== undefined };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

/** The server runs in its own process, so the load generator does not share its event loop. */
async function serve(dir: string, what: string): Promise<void> {
  const appConfig = config(dir, what);
  let app: INestApplication;
  if (what === 'hello') {
    app = await NestFactory.create<NestFastifyApplication>(
      HelloModule,
      new FastifyAdapter(),
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    return announce(app);
  }
  if (what === 'whole')
    app = await createApp({ config: appConfig, logger: false });
  else {
    // The ledger's write path alone, wired as createApp wires it (body limit, error filter, auth guard).
    const ledgerOnly = await NestFactory.create<NestFastifyApplication>(
      ledgerOnlyModule(appConfig),
      httpAdapter(),
      { bodyParser: false, logger: false },
    );
    useBodyParsers(ledgerOnly);
    ledgerOnly.useGlobalFilters(new HttpErrorFilter());
    app = ledgerOnly;
  }
  await app.listen(0, '127.0.0.1');
  const ledger = app.get(LedgerCommands);
  for (let i = 0; i < 100; i++)
    await ledger.execute(
      {
        command: 'register-company',
        id: `h${i}`,
        name: `H${i}`,
        effectiveAt: '2020-01-01',
      },
      { actor: 'bench' },
    );
  for (let i = 0; i < 500; i++) {
    await ledger.execute(
      {
        command: 'record-deal',
        id: `hd${i}`,
        kind: 'loan',
        lender: `h${i % 100}`,
        borrower: `h${(i + 7) % 100}`,
        amountUsd: 1e15,
        effectiveAt: '2025-01-01',
      },
      { actor: 'bench' },
    );
  }
  announce(app);
}

/** Tells the parent the port, answers its CPU-time questions, and stops when told. */
function announce(app: INestApplication): void {
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  // The parent asks for this process's CPU time around each run ('cpu'), then says 'stop'.
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    else stop();
  });
  process.once('SIGTERM', stop);
  if (process.send) process.send({ port });
  else process.stdout.write(`serving on ${port}\n`);
}

function serverCpu(server: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    const onMessage = (m: { cpu?: NodeJS.CpuUsage }): void => {
      if (!m.cpu) return;
      server.off('message', onMessage);
      resolve(m.cpu);
    };
    server.on('message', onMessage);
    server.send('cpu');
  });
}

interface Measured {
  rate: number;
  p99: number;
}

async function overHttp(
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
  const server = fork(__filename, ['--serve', dir, what], {
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
      const cpuPerRequest =
        (after.user - before.user + after.system - before.system) /
        result.requests.total;
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
          `  ${''.padEnd(50)} server CPU ${cpuPerRequest.toFixed(0)} µs/request, ${(((after.system - before.system) / result.requests.total / cpuPerRequest) * 100).toFixed(0)} % in the kernel (≈ ${fmt(1e6 / cpuPerRequest)} req/s on a free core)\n`,
      );
    }
    return first!;
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.send('stop');
    await exited;
  }
}

async function main(): Promise<void> {
  printHeader(
    'ledger: command throughput on the embedded store (temporary SQLite file)',
  );
  process.stdout.write(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-ledger-'));
  try {
    await inProcess(dir);
    const baseline = await overHttp(dir, 'hello');
    await overHttp(dir, 'ledger', baseline);
    await overHttp(dir, 'whole', baseline);
    // Measured again at the end: the machine is shared, so the baseline is bracketed.
    const after = await overHttp(dir, 'hello');
    process.stdout.write(
      `\nbaseline before / after: ${fmt(baseline.rate)} / ${fmt(after.rate)} req/s, p99 ${baseline.p99} / ${after.p99} ms\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv[2] === '--serve'
  ? serve(process.argv[3], process.argv[4] ?? 'whole')
  : main()
).catch((error: unknown) => {
  process.stderr.write(
    `ledger bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
