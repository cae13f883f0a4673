import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { firstValueFrom, Subscription } from 'rxjs';
import { filter, take, toArray } from 'rxjs/operators';
import {
  EventStoreClosedError,
  EventStoreLockedError,
  EventStoreUnavailableError,
  NotATangleStoreError,
} from '../event-store.errors';
import { EventStore, SubscriptionMessage } from '../event-store.port';
import { createInMemoryEventStore, openEventStore } from '../open-event-store';
import { SqliteEventStore } from './sqlite-event-store';
import { ValidationError } from '../../shared/errors';
import { Clock } from '../../shared/time';
import {
  collect,
  eventStoreContract,
  events,
} from '../../../test/kits/event-store.contract';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');
const register = join(
  __dirname,
  '../../../test/kits/support',
  'register-ts.js',
);

describe('EventStore contract: SQLite (embedded)', () => {
  eventStoreContract({
    open: () => Promise.resolve(createInMemoryEventStore()),
  });
});

describe('EventStore contract: SQLite (file, WAL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-contract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  eventStoreContract({
    open: () => openEventStore(`sqlite:${join(dir, 'contract.db')}`),
  });
});

describe('SQLite adapter', () => {
  let dir: string;
  const stores: EventStore[] = [];
  const open = async (file: string, clock?: Clock) => {
    const store = await openEventStore(`sqlite:${join(dir, file)}`, { clock });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-sqlite-'));
  });

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the stored texts of each event read, parses the data and the metadata when first read, and serialises it whole', async () => {
    const store = await open('texts.db');
    await store.append(
      'deal-1',
      [
        {
          id: '00000000-0000-4000-8000-000000000001',
          type: 'Noted',
          data: { amountUsd: 5 },
          metadata: {
            effectiveAt: '2025-01-01T00:00:00.000Z',
            reason: 'a "quoted" note',
          },
        },
      ],
      'no_stream',
    );
    const [event] = await collect(store.readAll());
    expect(store.storedDataText?.(event)).toBe('{"amountUsd":5}');
    expect(store.storedMetadataText?.(event)).toBe(
      '{"effectiveAt":"2025-01-01T00:00:00.000Z","reason":"a \\"quoted\\" note"}',
    );
    // each parsed once, then the same object (the data's text is kept: a reader may still want it)
    expect(event.data).toEqual({ amountUsd: 5 });
    expect(event.data).toBe(event.data);
    expect(store.storedDataText?.(event)).toBe('{"amountUsd":5}');
    expect(event.metadata).toEqual({
      effectiveAt: '2025-01-01T00:00:00.000Z',
      reason: 'a "quoted" note',
    });
    expect(event.metadata).toBe(event.metadata);
    // once parsed, the text is let go (a reader of the text reads the parsed metadata then)
    expect(store.storedMetadataText?.(event)).toBeUndefined();
    expect(JSON.parse(JSON.stringify(event))).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      streamId: 'deal-1',
      revision: 0,
      position: 1,
      recordedAt: event.recordedAt,
      type: 'Noted',
      data: { amountUsd: 5 },
      metadata: event.metadata,
    });
    // an event the store did not read has no stored texts
    expect(store.storedMetadataText?.({ ...event })).toBeUndefined();
  });

  it('keeps events across close and reopen; positions and revisions continue', async () => {
    const first = await open('store.db');
    const a = await first.append('deal-1', events(3), 'no_stream');
    await first.close();
    const again = await open('store.db');
    expect(await again.headPosition()).toBe(3);
    const b = await again.append('deal-1', events(1), 2);
    expect(b).toEqual({
      streamId: 'deal-1',
      nextExpectedRevision: 3,
      position: a.position + 1,
    });
    expect((await collect(again.readAll())).map((e) => e.position)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('stamps recordedAt from the clock and never lets it go backwards, even across a reopen', async () => {
    let now = Date.parse('2026-01-10T12:00:00.000Z');
    const clock: Clock = { now: () => new Date(now) };
    const store = await open('clock.db', clock);
    await store.append('s', events(1), 'any');
    now -= 60_000; // the wall clock steps back a minute
    await store.append('s', events(1), 'any');
    await store.close();
    now -= 60_000;
    const reopened = await open('clock.db', clock);
    await reopened.append('s', events(1), 'any');
    now += 10 * 60_000;
    await reopened.append('s', events(1), 'any');
    const stamps = (await collect(reopened.readStream('s'))).map(
      (e) => e.recordedAt,
    );
    expect(stamps).toEqual([
      '2026-01-10T12:00:00.000Z',
      '2026-01-10T12:00:00.000Z',
      '2026-01-10T12:00:00.000Z',
      '2026-01-10T12:08:00.000Z',
    ]);
  });

  it('a second process opening the same file gets EventStoreLockedError naming the path', async () => {
    const path = join(dir, 'locked.db');
    const store = await open('locked.db');
    await store.append('s', events(1), 'no_stream');
    const script = `require(${JSON.stringify(join(root, 'src/event-store/open-event-store.ts'))})
      .openEventStore(${JSON.stringify(`sqlite:${path}`)})
      .then(() => { process.stdout.write('opened'); process.exit(0); },
            (e) => { process.stdout.write(e.constructor.name + ': ' + e.message); process.exit(3); });`;
    const child = run(process.execPath, ['-r', register, '-e', script], {
      cwd: root,
    });
    await expect(child).rejects.toMatchObject({
      code: 3,
      stdout: `EventStoreLockedError: ${path} is in use by another process (the embedded event store allows one writer per file)`,
    });
    // Our own writes are untouched and still possible.
    expect((await store.append('s', events(1), 0)).nextExpectedRevision).toBe(
      1,
    );
  }, 30_000);

  it('once the first process closes the file, another can open it', async () => {
    const first = await open('handover.db');
    await first.append('s', events(1), 'no_stream');
    await first.close();
    const second = await open('handover.db');
    expect(await second.streamRevision('s')).toBe(0);
  });

  it('refuses a file that is not a Tangle store, naming the path, and leaves it untouched', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some notes\n');
    await expect(openEventStore(`sqlite:${text}`)).rejects.toThrow(
      NotATangleStoreError,
    );
    await expect(openEventStore(`sqlite:${text}`)).rejects.toThrow(
      `${text} is not a Tangle event store (it is not an SQLite database)`,
    );

    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    await expect(openEventStore(`sqlite:${other}`)).rejects.toThrow(
      `${other} is not a Tangle event store (it is an SQLite database with other tables: customers)`,
    );
    const check = new Database(other, { readonly: true });
    expect(
      check
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all(),
    ).toEqual(['customers']);
    check.close();

    await expect(openEventStore(`sqlite:${dir}`)).rejects.toThrow(
      `${dir} is not a Tangle event store (it is a directory)`,
    );
  });

  it('refuses a store written by a newer schema version', async () => {
    const store = await open('newer.db');
    await store.close();
    const db = new Database(join(dir, 'newer.db'));
    db.prepare(
      "UPDATE tangle_meta SET value = '99' WHERE key = 'schema_version'",
    ).run();
    db.close();
    await expect(
      openEventStore(`sqlite:${join(dir, 'newer.db')}`),
    ).rejects.toThrow(/written by a newer Tangle \(schema version 99/);
  });

  it('refuses a URL it cannot parse with a ValidationError naming EVENT_STORE_URL', async () => {
    await expect(openEventStore('postgres://localhost/x')).rejects.toThrow(
      ValidationError,
    );
    await expect(openEventStore('postgres://localhost/x')).rejects.toThrow(
      'EVENT_STORE_URL: "postgres://localhost/x" cannot be used',
    );
    await expect(openEventStore('sqlite:')).rejects.toThrow('EVENT_STORE_URL');
  });

  it('after close, every operation fails with EventStoreClosedError and /health says closed', async () => {
    const store = await open('closed.db');
    await store.close();
    await expect(store.append('s', events(1), 'any')).rejects.toThrow(
      EventStoreClosedError,
    );
    await expect(collect(store.readAll())).rejects.toThrow(
      EventStoreUnavailableError,
    );
    await expect(store.headPosition()).rejects.toThrow(EventStoreClosedError);
    expect(await store.health()).toMatchObject({
      kind: 'sqlite',
      state: 'closed',
    });
  });

  it('completes live subscriptions on close', async () => {
    const store = createInMemoryEventStore();
    const all = firstValueFrom(store.subscribeAll().pipe(toArray()));
    await firstValueFrom(
      store.subscribeAll().pipe(
        filter((m) => m.kind === 'caught-up'),
        take(1),
      ),
    );
    await store.close();
    await expect(all).resolves.toEqual([{ kind: 'caught-up', position: 0 }]);
  });

  it('reports fell-behind when a subscriber lags past its buffer, then catches up from the table with no gap or repeat', async () => {
    const store = SqliteEventStore.open(':memory:', {
      subscriptionBufferSize: 5,
    });
    stores.push(store);
    await store.append('s', events(3), 'no_stream');
    const messages: SubscriptionMessage[] = [];
    let sub: Subscription | undefined;
    const done = new Promise<void>((resolveDone) => {
      sub = store.subscribeAll().subscribe((m) => {
        messages.push(m);
        if (m.kind === 'event' && m.event.position === 23) resolveDone();
      });
    });
    await firstValueFrom(
      store.subscribeAll().pipe(
        filter((m) => m.kind === 'caught-up'),
        take(1),
      ),
    );
    // Twenty live events at once overflow a buffer of five.
    await store.append('s', events(20), 2);
    await done;
    sub?.unsubscribe();
    const kinds = messages.map((m) =>
      m.kind === 'event' ? m.event.position : m.kind,
    );
    expect(kinds).toEqual([
      1,
      2,
      3,
      'caught-up',
      'fell-behind',
      ...Array.from({ length: 20 }, (_, i) => i + 4),
      'caught-up',
    ]);
    expect(messages[4]).toEqual({ kind: 'fell-behind', position: 3 });
  });

  it('a subscriber that appends while catching up misses nothing', async () => {
    const store = createInMemoryEventStore();
    stores.push(store);
    await store.append('s', events(1), 'no_stream');
    const seen: number[] = [];
    await new Promise<void>((resolveDone, reject) => {
      const sub = store.subscribeAll().subscribe({
        next: (m) => {
          if (m.kind !== 'event') return;
          seen.push(m.event.position);
          if (m.event.position < 5)
            store.append('s', events(1), m.event.revision).catch(reject);
          else {
            sub.unsubscribe();
            resolveDone();
          }
        },
        error: reject,
      });
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('an empty store answers with head position 0 and no events', async () => {
    const store = createInMemoryEventStore();
    stores.push(store);
    expect(await store.headPosition()).toBe(0);
    expect(await collect(store.readAll())).toEqual([]);
    expect(await collect(store.readAll({ direction: 'backwards' }))).toEqual(
      [],
    );
    expect(await store.health()).toEqual({
      kind: 'sqlite',
      state: 'ready',
      location: ':memory:',
      headPosition: 0,
    });
  });

  it('a locked store is an unavailable store (503 at the HTTP edge)', () => {
    expect(new EventStoreLockedError('/x')).toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });
});

describe('SQLite adapter: batch sizes around the multi-row insert', () => {
  it('keeps revisions and positions contiguous for any batch size', async () => {
    const store = createInMemoryEventStore();
    try {
      const sizes = [1, 49, 50, 51, 99, 100, 101, 137, 1000];
      let revision: number | 'no_stream' = 'no_stream';
      const ids: string[] = [];
      for (const size of sizes) {
        const batch = events(size);
        ids.push(...batch.map((e) => e.id));
        const r = await store.append('s', batch, revision);
        expect(r.position).toBe(ids.length);
        revision = r.nextExpectedRevision;
      }
      const read = await collect(store.readStream('s'));
      expect(read.map((e) => e.id)).toEqual(ids);
      expect(
        read.every((e, i) => e.revision === i && e.position === i + 1),
      ).toBe(true);
    } finally {
      await store.close();
    }
  });
});
