import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { SqliteEventStore } from './sqlite-event-store';
import {
  collect,
  events,
  newEvent,
} from '../../../test/kits/event-store.contract';

const register = join(
  __dirname,
  '../../../test/kits/support',
  'register-ts.js',
);
const killer = join(
  __dirname,
  '../../../test/kits/support',
  'kill-mid-group.ts',
);

/**
 * Group commit in the embedded store: the first append of a turn of the event loop is written at
 * once; those made after it in the same turn share one transaction at the turn's end, and each
 * keeps its own check, idempotency and answer.
 */
describe('SQLite adapter: appends arriving together (group commit)', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-group-'));
    store = SqliteEventStore.open(join(dir, 'group.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given appends to different streams made together, then each gets its own answer, positions follow the order they were made, and the seals verify', async () => {
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        store.append(`s-${i}`, events(i + 1), 'no_stream'),
      ),
    );
    expect(results).toEqual([
      { streamId: 's-0', nextExpectedRevision: 0, position: 1 },
      { streamId: 's-1', nextExpectedRevision: 1, position: 3 },
      { streamId: 's-2', nextExpectedRevision: 2, position: 6 },
      { streamId: 's-3', nextExpectedRevision: 3, position: 10 },
    ]);
    expect(await store.headPosition()).toBe(10);
    expect((await store.verifySeals()).firstBroken).toBeNull();
  });

  it('given appends to the same stream made together, then each is checked against the one before it', async () => {
    const [first, second, stale] = await Promise.allSettled([
      store.append('same', events(2), 'no_stream'),
      store.append('same', events(1), 1),
      store.append('same', events(1), 1),
    ]);
    expect(first).toEqual({
      status: 'fulfilled',
      value: { streamId: 'same', nextExpectedRevision: 1, position: 2 },
    });
    expect(second).toEqual({
      status: 'fulfilled',
      value: { streamId: 'same', nextExpectedRevision: 2, position: 3 },
    });
    expect(stale.status).toBe('rejected');
    expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(
      (await collect(store.readStream('same'))).map((e) => e.revision),
    ).toEqual([0, 1, 2]);
    expect((await store.verifySeals()).firstBroken).toBeNull();
  });

  it('given a wrong expected revision inside a group, then only that append fails; the others are written and sealed', async () => {
    await store.append('existing', events(1), 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('a', events(1), 'no_stream'),
      store.append('existing', events(1), 'no_stream'),
      store.append('b', events(2), 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const [refused, written] = await Promise.allSettled([
      store.append('existing', events(1), 'no_stream'),
      store.append('c', events(1), 'no_stream'),
    ]);
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(written.status).toBe('fulfilled');
    // Positions stay dense: the refused append took none.
    const all = await collect(store.readAll());
    expect(all.map((e) => [e.position, e.streamId])).toEqual([
      [1, 'existing'],
      [2, 'a'],
      [3, 'b'],
      [4, 'b'],
      [5, 'c'],
    ]);
    expect((await store.verifySeals()).firstBroken).toBeNull();
  });

  it('given the same append twice in one group (a retry), then both get the first answer and it is stored once', async () => {
    const same = [newEvent('Tested', { i: 1 })];
    const [a, b] = await Promise.all([
      store.append('retried', same, 'no_stream'),
      store.append('retried', same, 'no_stream'),
    ]);
    expect(b).toEqual(a);
    expect(await collect(store.readStream('retried'))).toHaveLength(1);
  });

  it('given appends queued when the store is closed, then they are written first', async () => {
    const pending = store.append('late', events(1), 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ position: 1 });
    store = SqliteEventStore.open(join(dir, 'group.db'));
    expect(await store.headPosition()).toBe(1);
  });

  it('given a process killed in the middle of a group, then none of the group is in the file and the seal chain verifies and goes on', async () => {
    await store.close();
    const file = join(dir, 'killed.db');
    const outcome = await new Promise<{
      signal: NodeJS.Signals | null;
      stdout: string;
    }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['-r', register, killer, file],
        (error, stdout) =>
          resolve({
            signal:
              (error as { signal?: NodeJS.Signals } | null)?.signal ?? null,
            stdout,
          }),
      );
      child.stdin?.end();
    });
    expect(outcome).toEqual({ signal: 'SIGKILL', stdout: '' });
    store = SqliteEventStore.open(file);
    const all = await collect(store.readAll());
    // group-0, the first append of its turn, was committed at once; the group after it is gone whole.
    expect(all.map((e) => e.streamId)).toEqual([
      'alone-1',
      'alone-2',
      'group-0',
    ]);
    expect((await store.verifySeals()).firstBroken).toBeNull();
    await Promise.all([
      store.append('group-1', events(1), 'no_stream'),
      store.append('after', events(1), 'no_stream'),
    ]);
    expect(await store.headPosition()).toBe(5);
    expect((await store.verifySeals()).firstBroken).toBeNull();
  }, 60_000);
});
