import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, APP_CONFIG, loadConfig } from '../config/app-config';
import { EventStoreModule } from '../event-store/event-store.module';
import { EventStore, EVENT_STORE } from '../event-store/event-store.port';
import { LedgerCommands } from '../ledger/application/ledger-commands.service';
import { readDataset } from './ai-buildout.dataset';
import { SeedModule } from './seed.module';
import { SeedService } from './seed.service';
import { CLOCK, systemClock } from '../shared/time';

/** The seed loader with the ledger and an embedded store: first start, second start, explicit re-load. */
function configWith(eventStoreUrl: string, seed: AppConfig['seed']): AppConfig {
  return loadConfig({
    EVENT_STORE_URL: eventStoreUrl,
    TANGLE_SEED: seed,
    TANGLE_PROJECTIONS_PATH: ':memory:',
  });
}

async function start(config: AppConfig): Promise<TestingModule> {
  @Module({
    imports: [CqrsModule.forRoot(), EventStoreModule, SeedModule],
    providers: [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: systemClock },
    ],
    exports: [APP_CONFIG, CLOCK],
  })
  class Root {}
  const moduleRef = await Test.createTestingModule({
    imports: [{ module: Root, global: true }],
  })
    .setLogger({
      log: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    })
    .compile();
  await moduleRef.init();
  return moduleRef;
}

async function count(
  store: EventStore,
): Promise<{ events: number; head: number; actors: Set<string> }> {
  let events = 0;
  let head = -1;
  const actors = new Set<string>();
  for await (const e of store.readAll()) {
    events += 1;
    head = e.position;
    actors.add(
      typeof e.metadata.actor === 'string'
        ? e.metadata.actor
        : JSON.stringify(e.metadata.actor),
    );
  }
  return { events, head, actors };
}

describe('the seed loader', () => {
  const lines = readDataset().length;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-seed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the whole data set into an empty store on start, with no refused line', async () => {
    const app = await start(
      configWith(`sqlite:${join(dir, 'a.db')}`, 'ai-buildout'),
    );
    try {
      const { events, actors } = await count(app.get<EventStore>(EVENT_STORE));
      expect(events).toBeGreaterThanOrEqual(lines);
      expect([...actors]).toEqual(['seed']);
      // an explicit load afterwards (npm run seed) records nothing new: every line has its idempotency key
      const before = await count(app.get<EventStore>(EVENT_STORE));
      const report = await app.get(SeedService).load();
      expect(report.failed).toEqual([]);
      expect(report).toMatchObject({
        lines,
        recorded: 0,
        alreadyPresent: lines,
      });
      expect((await count(app.get<EventStore>(EVENT_STORE))).head).toBe(
        before.head,
      );
    } finally {
      await app.close();
    }
  });

  it('reports every line recorded on an explicit load into an empty store, with progress', async () => {
    const app = await start(configWith('sqlite::memory:', 'none'));
    try {
      expect((await count(app.get<EventStore>(EVENT_STORE))).events).toBe(0);
      const seen: number[] = [];
      const report = await app
        .get(SeedService)
        .load(undefined, (done, total) => {
          expect(total).toBe(lines);
          seen.push(done);
        });
      expect(report.failed).toEqual([]);
      expect(report).toMatchObject({
        lines,
        recorded: lines,
        alreadyPresent: 0,
      });
      expect(seen).toEqual(Array.from({ length: lines }, (_, i) => i + 1));
      expect(report.position).toBe(
        (await count(app.get<EventStore>(EVENT_STORE))).head,
      );
    } finally {
      await app.close();
    }
  });

  it('leaves a store that already holds events alone on start', async () => {
    const url = `sqlite:${join(dir, 'b.db')}`;
    const first = await start(configWith(url, 'none'));
    await first.get(LedgerCommands).execute(
      {
        command: 'register-company',
        id: 'acme',
        name: 'Acme',
        effectiveAt: '2020-01-01',
      },
      { actor: 'test' },
    );
    await first.close();
    const second = await start(configWith(url, 'ai-buildout'));
    try {
      const { events, actors } = await count(
        second.get<EventStore>(EVENT_STORE),
      );
      expect(events).toBe(1);
      expect([...actors]).toEqual(['test']);
    } finally {
      await second.close();
    }
  });

  it('does nothing on start with TANGLE_SEED=none', async () => {
    const app = await start(configWith('sqlite::memory:', 'none'));
    try {
      expect((await count(app.get<EventStore>(EVENT_STORE))).events).toBe(0);
    } finally {
      await app.close();
    }
  });
});
