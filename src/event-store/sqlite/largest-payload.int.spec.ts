import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewEvent, RecordedEvent } from '../event-store.port';
import { Page } from '../paged-iterable';
import { SqliteEventStore } from './sqlite-event-store';
import { LARGEST_PAYLOAD_KEY, metaValue } from './sqlite-file';
import { COLUMNS } from './sqlite-rows';
import { collect, newEvent } from '../../../test/kits/event-store.contract';

/**
 * The largest payload a store file records (tangle_meta's LARGEST_PAYLOAD_KEY): never below a
 * committed row's data and metadata bytes, and what lets a read skip asking each row's size.
 */
function recorded(path: string): number | undefined {
  const db = new Database(path, { readonly: true });
  try {
    const value = metaValue(db, LARGEST_PAYLOAD_KEY);
    return value === undefined ? undefined : Number(value);
  } finally {
    db.close();
  }
}

/** What the store keeps of an event's payload: its data and metadata as JSON, in UTF-8 bytes. */
function bytesOf(e: NewEvent): number {
  return (
    Buffer.byteLength(JSON.stringify(e.data)) +
    Buffer.byteLength(JSON.stringify(e.metadata ?? {}))
  );
}

type Statements = {
  statementsFor(sql: string): { sizes: { all(...args: unknown[]): unknown } };
};
type Reader = { readPage(...args: unknown[]): Page<RecordedEvent> };

describe('SQLite store: the largest payload it records', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-payload-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given appends of growing and multi-byte events, then it records the largest in UTF-8 bytes, and keeps it across a reopen', async () => {
    const path = join(dir, 'grow.db');
    let store = SqliteEventStore.open(path);
    const small = newEvent('Small', { i: 1 });
    await store.append('a', [small], 'no_stream');
    const wide = newEvent('Wide', { text: 'é€'.repeat(500) });
    const plain = newEvent('Plain', { text: 'x'.repeat(1500) });
    await store.append('b', [wide, plain], 'no_stream');
    await store.append('a', [newEvent('Small', { i: 2 })], 0);
    await store.close();
    const largest = Math.max(bytesOf(small), bytesOf(wide), bytesOf(plain));
    expect(bytesOf(wide)).toBeGreaterThan(bytesOf(plain));
    expect(recorded(path)).toBe(largest);
    store = SqliteEventStore.open(path);
    await store.append('c', [newEvent('Small', { i: 3 })], 'no_stream');
    await store.close();
    expect(recorded(path)).toBe(largest);
  });

  it('given a file that does not record it (written before it was kept), when opened, then it is measured from the rows', async () => {
    const path = join(dir, 'older.db');
    let store = SqliteEventStore.open(path);
    const events = [1, 300, 20].map((n) =>
      newEvent('Sized', { pad: 'p'.repeat(n) }),
    );
    await store.append('s', events, 'no_stream');
    await store.close();
    const db = new Database(path);
    db.prepare('DELETE FROM tangle_meta WHERE key = ?').run(
      LARGEST_PAYLOAD_KEY,
    );
    db.close();
    expect(recorded(path)).toBeUndefined();
    store = SqliteEventStore.open(path);
    await store.close();
    expect(recorded(path)).toBe(Math.max(...events.map(bytesOf)));
  });

  it('given an append rolled back (the disk is full), then what it would have raised is not kept: a smaller row committed after it raises the record', async () => {
    const path = join(dir, 'full.db');
    let store = SqliteEventStore.open(path);
    await store.append('a', [newEvent('Small', { i: 1 })], 'no_stream');
    await store.close();
    const before = recorded(path)!;
    store = SqliteEventStore.open(path, { maxPageCount: 10 });
    await expect(
      store.append(
        'b',
        [newEvent('Big', { blob: 'x'.repeat(200_000) })],
        'no_stream',
      ),
    ).rejects.toThrow();
    const medium = newEvent('Medium', { pad: 'm'.repeat(2000) });
    await store.append('c', [medium], 'no_stream');
    await store.close();
    expect(bytesOf(medium)).toBeGreaterThan(before);
    expect(recorded(path)).toBe(bytesOf(medium));
  });

  it('given only rows well within a page, then a read asks no row its size; given one larger row, then the pages are bounded by bytes again', async () => {
    const pages = jest.spyOn(
      SqliteEventStore.prototype as unknown as Reader,
      'readPage',
    );
    const store = SqliteEventStore.open(':memory:', {
      pageSize: 10,
      pageBytes: 2000,
    });
    const pagesRead = () =>
      pages.mock.results.map((r) => (r.value as Page<RecordedEvent>).items);
    try {
      const small = Array.from({ length: 25 }, (_, i) =>
        newEvent('Small', { i }),
      );
      await store.append('s', small, 'no_stream');
      // the statements a forward read of every event prepares (readAll)
      const asked = jest.spyOn(
        (store as unknown as Statements).statementsFor(
          `SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`,
        ).sizes,
        'all',
      );
      pages.mockClear();
      expect(await collect(store.readAll())).toHaveLength(25);
      expect(asked).not.toHaveBeenCalled();
      expect(pagesRead().map((p) => p.length)).toEqual([10, 10, 5]);
      // one row of about 2,000 bytes: ten rows of it would pass the bound, so each page is measured
      const large = newEvent('Large', { pad: 'l'.repeat(1980) });
      const after = Array.from({ length: 5 }, (_, i) =>
        newEvent('Small', { i: 100 + i }),
      );
      const all = [...small, large, ...after];
      await store.append('s', [large, ...after], 24);
      pages.mockClear();
      const read = await collect(store.readAll());
      expect(read.map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(asked).toHaveBeenCalled();
      const bytes = new Map(all.map((e) => [e.id, bytesOf(e)]));
      const read2 = pagesRead().filter((p) => p.length > 0);
      // every page within the bound but for its last row: the large row ends its page
      for (const page of read2) {
        const beforeLast = page
          .slice(0, -1)
          .reduce((sum, e) => sum + bytes.get(e.id)!, 0);
        expect(beforeLast).toBeLessThan(2000);
      }
      const withLarge = read2.find((p) => p.some((e) => e.id === large.id))!;
      expect(withLarge[withLarge.length - 1].id).toBe(large.id);
    } finally {
      pages.mockRestore();
      await store.close();
    }
  });
});
