import { createInMemoryEventStore } from '../event-store/open-event-store';
import type {
  EventStore,
  RecordedEvent,
} from '../event-store/event-store.port';
import type { BatchOutcome } from './committed-batch';
import { ProjectionRunner } from './projection-runner';

const seen: number[] = [];
let failAt = Infinity;

/** Counts positions, slowly and asynchronously, failing at `failAt`. */
async function counting(
  _version: number,
  events: readonly RecordedEvent[],
): Promise<BatchOutcome> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const positions = events.map((e) => e.position);
  if (positions.includes(failAt)) throw new Error(`cannot project ${failAt}`);
  return { write: () => seen.push(...positions) };
}

/** A projection whose work rejects after a turn of the event loop, whatever the batch. */
async function rejecting(): Promise<BatchOutcome> {
  await new Promise((resolve) => setImmediate(resolve));
  throw new Error('rejected after a turn');
}

const quietLogger = { log: () => undefined, error: () => undefined };

describe('projection runner calling its projection', () => {
  let store: EventStore;

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
  });

  afterEach(async () => {
    await store.close();
  });

  function runner(
    kind: 'counted' | 'rejecting',
    checkpoints: number[],
    afterPosition = 0,
    liveGatherMs?: number,
  ) {
    return new ProjectionRunner({
      name: 'test',
      version: 1,
      store,
      project: kind === 'counted' ? counting : rejecting,
      commit: (write, checkpoint) => {
        write();
        checkpoints.push(checkpoint);
      },
      afterPosition,
      batchSize: 8,
      liveGatherMs: () => liveGatherMs ?? 0,
      logger: quietLogger,
    });
  }

  function note(id: number): Promise<unknown> {
    return store.append(
      'deal-late',
      [
        {
          id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
          type: 'Noted',
          data: { id },
          metadata: {},
        },
      ],
      'any',
    );
  }

  it('keeps global order: each batch awaited, then its checkpoint', async () => {
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

  it('takes what the store hands over in one go as full batches, not its first event alone', async () => {
    const checkpoints: number[] = [];
    const r = runner('counted', checkpoints);
    r.start();
    await r.waitFor(50, 5000);
    // the 50 stored events come as one catch-up page: batches of 8, the last of 2
    expect(checkpoints).toEqual([8, 16, 24, 32, 40, 48, 50]);
    r.stop();
  });

  it('live, the events committed soon after a live batch wait for liveGatherMs and go as one batch', async () => {
    const checkpoints: number[] = [];
    // long enough that the three appends below, each committed on its own, come within it
    const r = runner('counted', checkpoints, 0, 1000);
    r.start();
    await r.waitFor(50, 5000);
    const caughtUp = checkpoints.length;
    // the first live event after a quiet spell goes at once, alone
    await note(51);
    await r.waitFor(51, 5000);
    expect(r.state).toBe('live');
    // a few turns of the event loop apart: without the wait each would be a batch of its own
    for (const id of [52, 53, 54]) {
      await note(id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await r.waitFor(54, 5000);
    expect(checkpoints.slice(caughtUp)).toEqual([51, 54]);
    expect(seen.slice(50)).toEqual([51, 52, 53, 54]);
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

  it('a projection error stops the runner with the batch position; nothing after it is committed', async () => {
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

  it('a projection that rejects later still stops the runner at the batch', async () => {
    const r = runner('rejecting', []);
    r.start();
    await expect(r.waitFor(1, 5000)).rejects.toThrow(/rejected after a turn/);
    expect(r.state).toBe('failed');
    expect(r.error?.position).toBe(1);
  });
});
