import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
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

/**
 * The writer keeps each stream's head (its last revision) instead of reading it before every
 * append: it is the file's only writer, and a head enters only once its transaction committed.
 */
describe('SQLite adapter: the stream heads the writer keeps', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-heads-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A store whose file is nearly full: a 200 KB event no longer fits, a small one does. */
  async function nearlyFull(path: string): Promise<SqliteEventStore> {
    const store = SqliteEventStore.open(path);
    await store.append('a', events(1), 'no_stream');
    await store.append('b', events(1), 'no_stream');
    await store.close();
    return SqliteEventStore.open(path, { maxPageCount: 10 });
  }
  const big = () => events(1, 'Big', () => ({ blob: 'x'.repeat(200_000) }));

  it('given a group rolled back whole (the disk is full), then every stream it touched is checked against its committed revision', async () => {
    const store = await nearlyFull(join(dir, 'full-group.db'));
    try {
      const outcomes = await Promise.allSettled([
        // The first append of the turn is written alone, at once; the two after it go together.
        store.append('c', events(1), 'no_stream'),
        store.append('a', events(1), 0),
        store.append('b', big(), 0),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(
        EventStoreUnavailableError,
      );
      // 'a' is still at revision 0: the revision the rolled-back group gave it is refused…
      await expect(store.append('a', events(1), 1)).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      await expect(store.append('b', events(1), 'no_stream')).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      // …and the committed one is taken.
      await expect(store.append('a', events(1), 0)).resolves.toMatchObject({
        nextExpectedRevision: 1,
      });
      await expect(store.append('b', events(1), 0)).resolves.toMatchObject({
        nextExpectedRevision: 1,
      });
      expect((await store.verifySeals()).firstBroken).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('given an append alone that fails (the disk is full), then its stream stays at its committed revision', async () => {
    const store = await nearlyFull(join(dir, 'full-alone.db'));
    try {
      await expect(store.append('a', big(), 0)).rejects.toThrow(
        EventStoreUnavailableError,
      );
      expect(await store.streamRevision('a')).toBe(0);
      await expect(store.append('a', events(1), 1)).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      await expect(store.append('new', big(), 'no_stream')).rejects.toThrow(
        EventStoreUnavailableError,
      );
      expect(await store.streamRevision('new')).toBeUndefined();
      await expect(
        store.append('new', events(1), 'no_stream'),
      ).resolves.toMatchObject({ nextExpectedRevision: 0 });
    } finally {
      await store.close();
    }
  });

  it('given the store open, then no other connection can write to its file (which is why the writer may keep the heads)', async () => {
    const path = join(dir, 'locked.db');
    const store = SqliteEventStore.open(path);
    const other = new Database(path, { timeout: 0 });
    try {
      await store.append('a', events(1), 'no_stream');
      expect(() =>
        other.exec(
          "INSERT INTO tangle_meta (key, value) VALUES ('intruder', 'x')",
        ),
      ).toThrow(/locked|busy/i);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('given another store wrote to the file after this one closed, then the reopened store reads the heads afresh', async () => {
    const path = join(dir, 'reopened.db');
    const first = SqliteEventStore.open(path);
    await first.append('s', events(1), 'no_stream');
    expect(await first.streamRevision('s')).toBe(0);
    await first.close();
    const second = SqliteEventStore.open(path);
    await second.append('s', events(2), 0);
    await second.close();
    const third = SqliteEventStore.open(path);
    try {
      await expect(third.append('s', events(1), 0)).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      await expect(third.append('s', events(1), 2)).resolves.toMatchObject({
        nextExpectedRevision: 3,
      });
    } finally {
      await third.close();
    }
  });

  it('given a stream looked up before it exists, then it is created once and the next no_stream append is refused', async () => {
    const store = SqliteEventStore.open(join(dir, 'absent.db'));
    try {
      expect(await store.streamRevision('later')).toBeUndefined();
      const [created, again] = await Promise.allSettled([
        store.append('later', events(1), 'no_stream'),
        store.append('later', events(1), 'no_stream'),
      ]);
      expect(created.status).toBe('fulfilled');
      expect((again as PromiseRejectedResult).reason).toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.streamRevision('later')).toBe(0);
    } finally {
      await store.close();
    }
  });
});
