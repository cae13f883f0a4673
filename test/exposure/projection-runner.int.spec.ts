import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CqrsModule,
  EventBus,
  EventsHandler,
  IEventHandler,
  UnhandledExceptionBus,
} from '@nestjs/cqrs';
import { createInMemoryEventStore } from '../../src/event-store/open-event-store';
import type {
  EventStore,
  RecordedEvent,
} from '../../src/event-store/event-store.port';
import {
  CommittedBatch,
  runProjectionWork,
} from '../../src/projections/committed-batch';
import { ProjectionRunner } from '../../src/projections/projection-runner';

class CountedBatch extends CommittedBatch {}
class ThrowingBatch extends CommittedBatch {}

const seen: number[] = [];
let failAt = Infinity;

/** Counts positions through the bus, slowly and asynchronously, failing at `failAt`. */
@EventsHandler(CountedBatch)
class CountingHandler implements IEventHandler<CountedBatch> {
  async handle(batch: CountedBatch): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    runProjectionWork(batch, () => {
      const positions = batch.events.map((e) => e.position);
      if (positions.includes(failAt))
        throw new Error(`cannot project ${failAt}`);
      return { write: () => seen.push(...positions) };
    });
  }
}

/** A handler that throws straight into Nest (the error goes to UnhandledExceptionBus). */
@EventsHandler(ThrowingBatch)
class ThrowingHandler implements IEventHandler<ThrowingBatch> {
  handle(): void {
    throw new Error('thrown past the batch');
  }
}

@Module({
  imports: [CqrsModule.forRoot()],
  providers: [CountingHandler, ThrowingHandler],
})
class RunnerTestModule {}

const quietLogger = { log: () => undefined, error: () => undefined };

describe('projection runner over the EventBus', () => {
  let store: EventStore;
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  beforeEach(async () => {
    seen.length = 0;
    failAt = Infinity;
    store = createInMemoryEventStore();
    for (let i = 0; i < 50; i++) {
      await store.append(
        `deal-x${i % 7}`,
        [
          {
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            type: 'Noted',
            data: { i },
            metadata: {},
          },
        ],
        'any',
      );
    }
    Logger.overrideLogger(false);
    app = await NestFactory.createApplicationContext(RunnerTestModule, {
      logger: false,
    });
    await app.init();
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  function runner(
    kind: 'counted' | 'throwing',
    checkpoints: number[],
    afterPosition = 0,
  ) {
    return new ProjectionRunner({
      name: 'test',
      version: 1,
      store,
      bus: app.get(EventBus),
      unhandled$: app.get(UnhandledExceptionBus),
      createBatch: (v, events: RecordedEvent[]) =>
        kind === 'counted'
          ? new CountedBatch(v, events)
          : new ThrowingBatch(v, events),
      commit: (write, checkpoint) => {
        write();
        checkpoints.push(checkpoint);
      },
      afterPosition,
      batchSize: 8,
      logger: quietLogger,
    });
  }

  it('keeps global order through Nest’s fire-and-forget bus: each batch awaited, then its checkpoint', async () => {
    const checkpoints: number[] = [];
    const r = runner('counted', checkpoints);
    r.start();
    await r.waitFor(50, 5000);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // batches of at most 8, each committed with its checkpoint after the handler finished
    expect(checkpoints[checkpoints.length - 1]).toBe(50);
    expect(checkpoints.length).toBeGreaterThanOrEqual(7);
    checkpoints.forEach((c, i) =>
      expect(c - (checkpoints[i - 1] ?? 0)).toBeGreaterThan(0),
    );
    checkpoints.forEach((c, i) =>
      expect(c - (checkpoints[i - 1] ?? 0)).toBeLessThanOrEqual(8),
    );
    // live events follow
    await store.append(
      'deal-late',
      [
        {
          id: '00000000-0000-4000-8000-999999999999',
          type: 'Noted',
          data: {},
          metadata: {},
        },
      ],
      'any',
    );
    await r.waitFor(51, 5000);
    expect(seen[seen.length - 1]).toBe(51);
    expect(r.state).toBe('live');
    r.stop();
  });

  it('resumes after its checkpoint', async () => {
    const r = runner('counted', [], 30);
    r.start();
    await r.waitFor(50, 5000);
    expect(seen[0]).toBe(31);
    expect(seen).toHaveLength(20);
    r.stop();
  });

  it('a handler error stops the runner with the batch position; nothing after it is committed', async () => {
    failAt = 20;
    const checkpoints: number[] = [];
    const r = runner('counted', checkpoints);
    r.start();
    await expect(r.waitFor(50, 5000)).rejects.toThrow(
      /failed at position \d+: cannot project 20/,
    );
    expect(r.state).toBe('failed');
    // the failing batch starts right after the checkpoint and holds position 20; nothing of it is committed
    expect(r.error!.position).toBe(r.position + 1);
    expect(r.position).toBeLessThan(20);
    expect(r.position).toBeGreaterThanOrEqual(12);
    expect(seen).toEqual(Array.from({ length: r.position }, (_, i) => i + 1));
  });

  it('an error thrown past the batch into UnhandledExceptionBus still stops the runner', async () => {
    const r = runner('throwing', []);
    r.start();
    await expect(r.waitFor(1, 5000)).rejects.toThrow(/thrown past the batch/);
    expect(r.state).toBe('failed');
    expect(r.error?.position).toBe(1);
  });
});
