import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { createApp, httpAdapter, useBodyParsers } from '../../src/app.factory';
import { HttpErrorFilter } from '../../src/common/http-exception.filter';
import { LedgerCommands } from '../../src/ledger/application/ledger-commands.service';
import { config, HelloModule, ledgerOnlyModule } from './wiring';

/**
 * The server of the ledger benchmark's HTTP rows, in its own process (`node server.js <dir> <what>`,
 * forked by over-http.ts) so the load generator does not share its event loop. `what`: `hello`
 * (the baseline), `ledger` (the write path alone) or `whole` (every module).
 */
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

/**
 * The garbage collector's work as this process saw it: young-generation collections (scavenges,
 * whose number follows the bytes allocated) and the main thread's time in every collection.
 */
const gc = { scavenges: 0, pauseMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.pauseMs += entry.duration;
    const { kind } = (entry as { detail?: { kind?: number } }).detail ?? {};
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
  }
}).observe({ entryTypes: ['gc'] });

/** Tells the parent the port, answers its CPU-time questions, and stops when told. */
function announce(app: INestApplication): void {
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  // The parent asks for this process's CPU time around each run ('cpu'), then says 'stop'.
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage(), gc: { ...gc } });
    else stop();
  });
  process.once('SIGTERM', stop);
  if (process.send) process.send({ port });
  else process.stdout.write(`serving on ${port}\n`);
}

serve(process.argv[2], process.argv[3] ?? 'whole').catch((error: unknown) => {
  process.stderr.write(
    `ledger bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
