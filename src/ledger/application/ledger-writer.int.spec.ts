import { Global, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig, APP_CONFIG } from '../../config/app-config';
import { EventStoreModule } from '../../event-store/event-store.module';
import {
  EventStore,
  EVENT_STORE,
  RecordedEvent,
} from '../../event-store/event-store.port';
import { HealthModule } from '../../health/health.module';
import { commandHash, nameBasedUuid } from './idempotency';
import { LedgerCommands } from './ledger-commands.service';
import { sealFacts } from '../domain/ledger.seal';
import { LedgerModule } from '../ledger.module';
import { GENESIS_HASH, verifyLink } from '../../shared/event-metadata';
import { CLOCK, systemClock } from '../../shared/time';

const config: AppConfig = {
  port: 0,
  host: '127.0.0.1',
  eventStoreUrl: 'sqlite::memory:',
  seed: 'none',
  tokens: [],
  projectionsPath: ':memory:',
};

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useValue: config },
    { provide: CLOCK, useValue: systemClock },
  ],
  exports: [APP_CONFIG, CLOCK],
})
class TestConfigModule {}

@Module({
  imports: [
    TestConfigModule,
    CqrsModule.forRoot(),
    EventStoreModule,
    HealthModule,
    LedgerModule,
  ],
})
class LedgerOnlyModule {}

/** The write path with its cached stream state, when another writer appends behind its back. */
describe('LedgerWriter with another writer on the same store', () => {
  let ctx: INestApplicationContext;
  let store: EventStore;
  let ledger: LedgerCommands;
  const me = { actor: 'me' };

  beforeAll(async () => {
    ctx = await NestFactory.createApplicationContext(LedgerOnlyModule, {
      logger: false,
    });
    store = ctx.get<EventStore>(EVENT_STORE);
    ledger = ctx.get(LedgerCommands);
    for (const id of ['x', 'y'])
      await ledger.execute(
        {
          command: 'register-company',
          id,
          name: id,
          effectiveAt: '2020-01-01',
        },
        me,
      );
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function events(streamId: string): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream(streamId)) out.push(e);
    return out;
  }

  /** What another process would append: a payment sealed onto the stream's current last hash. */
  async function paidElsewhere(
    dealId: string,
    amountUsd: number,
    key?: string,
    hash = 'not-this-one',
  ): Promise<void> {
    const stored = await events(`deal-${dealId}`);
    const last = stored[stored.length - 1];
    const sealed = sealFacts(
      [
        {
          event: { type: 'DealPaymentRecorded', data: { dealId, amountUsd } },
          effectiveAt: '2025-06-01T00:00:00.000Z',
          reason: null,
        },
      ],
      [
        key
          ? nameBasedUuid('event', 'me', key, 0)
          : '00000000-0000-4000-8000-' +
            String(Date.now()).padStart(12, '0').slice(-12),
      ],
      last.metadata.hash as string,
      {
        actor: 'me',
        correlationId: 'elsewhere',
        causationId: null,
        ...(key ? { commandHash: hash } : {}),
      },
    );
    await store.append(`deal-${dealId}`, sealed, last.revision);
  }

  it('catches up from the next revision and decides again when its cache is stale', async () => {
    await ledger.execute(
      {
        command: 'record-deal',
        id: 'stale',
        kind: 'loan',
        lender: 'x',
        borrower: 'y',
        amountUsd: 100,
        effectiveAt: '2021-01-01',
      },
      me,
    );
    await ledger.execute(
      {
        command: 'record-payment',
        id: 'stale',
        amountUsd: 10,
        effectiveAt: '2025-06-01',
      },
      me,
    );
    await paidElsewhere('stale', 85);
    // The cache still thinks 10 of 100 are paid; the store says 95: a payment of 10 must now be refused.
    await expect(
      ledger.execute(
        {
          command: 'record-payment',
          id: 'stale',
          amountUsd: 10,
          effectiveAt: '2025-07-01',
        },
        me,
      ),
    ).rejects.toThrow(/^amountUsd: would bring payments to 105/);
    const answer = await ledger.execute(
      {
        command: 'record-payment',
        id: 'stale',
        amountUsd: 5,
        effectiveAt: '2025-07-01',
      },
      me,
    );
    expect(answer.revision).toBe(3);
    const stored = await events('deal-stale');
    expect(stored).toHaveLength(4);
    let prev = GENESIS_HASH;
    for (const e of stored) {
      expect(verifyLink(e.type, e.data, e.metadata, prev)).toBe(true);
      prev = e.metadata.hash as string;
    }
  });

  it('recognises a key another writer already used on the stream with another body', async () => {
    await ledger.execute(
      {
        command: 'record-deal',
        id: 'keyed',
        kind: 'loan',
        lender: 'x',
        borrower: 'y',
        amountUsd: 100,
        effectiveAt: '2021-01-01',
      },
      me,
    );
    await ledger.execute(
      {
        command: 'record-payment',
        id: 'keyed',
        amountUsd: 1,
        effectiveAt: '2025-06-01',
      },
      me,
    );
    await paidElsewhere('keyed', 2, 'shared-key');
    const head = await store.headPosition();
    await expect(
      ledger.execute(
        {
          command: 'record-payment',
          id: 'keyed',
          amountUsd: 3,
          effectiveAt: '2025-06-01',
        },
        { ...me, idempotencyKey: 'shared-key' },
      ),
    ).rejects.toThrow(/^Idempotency-Key: /);
    expect(await store.headPosition()).toBe(head);
  });

  it('answers a key another writer used with the same command with that first answer, recording nothing', async () => {
    await ledger.execute(
      {
        command: 'record-deal',
        id: 'retry',
        kind: 'loan',
        lender: 'x',
        borrower: 'y',
        amountUsd: 100,
        effectiveAt: '2021-01-01',
      },
      me,
    );
    await ledger.execute(
      {
        command: 'record-payment',
        id: 'retry',
        amountUsd: 1,
        effectiveAt: '2025-06-01',
      },
      me,
    );
    const command = {
      command: 'record-payment' as const,
      id: 'retry',
      amountUsd: 2,
      effectiveAt: '2025-06-01',
    };
    await paidElsewhere('retry', 2, 'retry-key', commandHash(command));
    const head = await store.headPosition();
    const answer = await ledger.execute(command, {
      ...me,
      idempotencyKey: 'retry-key',
    });
    expect(answer).toEqual({ id: 'retry', revision: 2, position: head });
    expect(await store.headPosition()).toBe(head);
  });
});
