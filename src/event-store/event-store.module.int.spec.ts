import { Global, Module } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, loadConfig } from '../config/app-config';
import { CLOCK, Clock } from '../shared/time';
import { EventStoreModule } from './event-store.module';
import { EventStore, EVENT_STORE } from './event-store.port';
import { createInMemoryEventStore } from './open-event-store';

const pinned: Clock = { now: () => new Date('2025-06-01T10:00:00.000Z') };

@Global()
@Module({
  providers: [
    {
      provide: APP_CONFIG,
      useValue: loadConfig({
        EVENT_STORE_URL: 'sqlite::memory:',
        TANGLE_SEED: 'none',
      }),
    },
    { provide: CLOCK, useValue: pinned },
  ],
  exports: [APP_CONFIG, CLOCK],
})
class EdgeModule {}

const event = () => ({
  id: crypto.randomUUID(),
  type: 'Tested',
  data: {},
  metadata: {},
});

describe('EventStoreModule', () => {
  it('opens the store APP_CONFIG names, stamps recordedAt with CLOCK, and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EdgeModule, EventStoreModule],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    const store = app.get<EventStore>(EVENT_STORE);
    expect(store.kind).toBe('sqlite');
    await store.append('s', [event()], 'no_stream');
    const stamps: string[] = [];
    for await (const e of store.readAll()) stamps.push(e.recordedAt);
    expect(stamps).toEqual(['2025-06-01T10:00:00.000Z']);
    await app.close();
    expect(await store.health()).toMatchObject({ state: 'closed' });
  });

  it('withStore provides a given store globally and closes it on shutdown', async () => {
    const given = createInMemoryEventStore();
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.withStore(given)],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    expect(app.get(EVENT_STORE)).toBe(given);
    await app.close();
    await expect(given.headPosition()).rejects.toThrow('is closed');
  });
});
