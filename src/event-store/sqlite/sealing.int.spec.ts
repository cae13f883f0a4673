import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../event-store.errors';
import { SQLITE_SCHEMA_VERSION, SqliteEventStore } from './sqlite-event-store';
import { GENESIS_HASH, sealMetadata } from '../../shared/event-metadata';
import { JsonObject } from '../../shared/json';
import { events } from '../../../test/kits/event-store.contract';

/** The embedded store's seal, its schema migration and its health (what the contract cannot say). */
describe('SQLite store: seals, migration from schema 1, integrity and health', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-seal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seals every appended row: a fresh store verifies, and keeps its id across restarts', async () => {
    const path = join(dir, 's.db');
    let store = SqliteEventStore.open(path);
    await store.append('a-1', events(3), 'no_stream');
    await store.append('b-1', events(120), 'no_stream'); // the multi-row INSERT path
    const id = await store.storeId();
    const report = await store.verifySeals();
    expect(report).toMatchObject({
      storeId: id,
      checked: 123,
      firstBroken: null,
      head: { position: 123, seal: await store.sealAt(123) },
    });
    await store.close();
    store = SqliteEventStore.open(path);
    try {
      expect(await store.storeId()).toBe(id);
      await store.append('a-1', events(1), 2);
      expect((await store.verifySeals()).firstBroken).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('an append is sealed as a whole: an edit inside a bulk append is named at its first position', async () => {
    const path = join(dir, 'bulk.db');
    const store = SqliteEventStore.open(path);
    await store.append('a-1', events(2), 'no_stream');
    await store.append('b-1', events(120), 'no_stream');
    await store.close();
    const db = new Database(path);
    db.prepare("UPDATE events SET type = 'Forged' WHERE position = 77").run();
    db.close();
    const reopened = SqliteEventStore.open(path);
    try {
      expect((await reopened.verifySeals()).firstBroken).toEqual({
        position: 3,
        stream: 'b-1',
        revision: 0,
        problem: 'seal-mismatch',
      });
    } finally {
      await reopened.close();
    }
    // Only the append's last row holds its seal: cutting it off leaves the append unsealed.
    const cut = new Database(path);
    cut.prepare("UPDATE events SET type = 'Tested' WHERE position = 77").run();
    cut.prepare('DELETE FROM events WHERE position = 122').run();
    cut.close();
    const again = SqliteEventStore.open(path);
    try {
      expect((await again.verifySeals()).firstBroken).toEqual({
        position: 3,
        stream: 'b-1',
        revision: 0,
        problem: 'unsealed',
      });
    } finally {
      await again.close();
    }
  });

  it('given the log walked in small pages (appends across page ends), then the verification says what one page says: the head, the first break, a gap', async () => {
    const path = join(dir, 'paged.db');
    const store = SqliteEventStore.open(path);
    await store.append('a-1', events(2), 'no_stream');
    await store.append('b-1', events(120), 'no_stream');
    await store.append('a-1', events(5), 1);
    const whole = await store.verifySeals();
    await store.close();
    const walked = async (options: {
      pageSize: number;
      pageBytes?: number;
    }) => {
      const paged = SqliteEventStore.open(path, options);
      try {
        return await paged.verifySeals();
      } finally {
        await paged.close();
      }
    };
    expect(whole).toMatchObject({ checked: 127, firstBroken: null });
    expect(await walked({ pageSize: 7 })).toEqual(whole);
    expect(await walked({ pageSize: 1000, pageBytes: 100 })).toEqual(whole);

    const forged = new Database(path);
    forged
      .prepare("UPDATE events SET type = 'Forged' WHERE position = 77")
      .run();
    forged.close();
    const broken = await walked({ pageSize: 1000 });
    expect(broken.firstBroken).toEqual({
      position: 3,
      stream: 'b-1',
      revision: 0,
      problem: 'seal-mismatch',
    });
    expect(await walked({ pageSize: 7 })).toEqual(broken);
    expect(await walked({ pageSize: 1, pageBytes: 1 })).toEqual(broken);

    const gap = new Database(path);
    gap.prepare("UPDATE events SET type = 'Tested' WHERE position = 77").run();
    gap.prepare('DELETE FROM events WHERE position = 124').run();
    gap.close();
    const gapped = await walked({ pageSize: 1000 });
    expect(gapped.firstBroken).toMatchObject({
      position: 125,
      problem: 'position-gap',
    });
    expect(await walked({ pageSize: 4 })).toEqual(gapped);
  });

  /** A store as schema version 1 wrote it: no seal column, no store id. */
  function writeVersion1(
    path: string,
    rows: {
      stream: string;
      type: string;
      data: JsonObject;
      metadata: JsonObject;
    }[],
  ): void {
    const db = new Database(path);
    db.exec(`
      CREATE TABLE tangle_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL);
      CREATE UNIQUE INDEX events_by_stream ON events (stream_id, revision);
      INSERT INTO tangle_meta VALUES ('format', 'tangle-event-store'), ('schema_version', '1');
    `);
    const revisions = new Map<string, number>();
    const insert = db.prepare(
      'INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    rows.forEach((r, i) => {
      const revision = (revisions.get(r.stream) ?? -1) + 1;
      revisions.set(r.stream, revision);
      insert.run(
        i + 1,
        r.stream,
        revision,
        `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        r.type,
        JSON.stringify(r.data),
        JSON.stringify(r.metadata),
        '2026-01-01T00:00:00.000Z',
      );
    });
    db.close();
  }

  function chained(stream: string, n: number) {
    let prev = GENESIS_HASH;
    return Array.from({ length: n }, (_, i) => {
      const data = { i };
      const metadata = sealMetadata(
        'Tested',
        data,
        {
          effectiveAt: '2026-01-01T00:00:00.000Z',
          actor: 'test',
          schemaVersion: 1,
        } as never,
        prev,
      );
      prev = metadata.hash;
      return {
        stream,
        type: 'Tested',
        data,
        metadata: metadata as unknown as JsonObject,
      };
    });
  }

  it('migrates a schema-1 store whose chains hold: seals every row, gives it an id, records how far it went', async () => {
    const path = join(dir, 'v1.db');
    writeVersion1(path, [...chained('deal-a', 3), ...chained('deal-b', 2)]);
    const store = SqliteEventStore.open(path);
    try {
      expect(await store.storeId()).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.verifySeals()).toMatchObject({
        checked: 5,
        firstBroken: null,
      });
      await store.append('deal-b', events(1), 1);
      expect((await store.verifySeals()).firstBroken).toBeNull();
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    const meta = new Map(
      db.prepare('SELECT key, value FROM tangle_meta').raw().all() as [
        string,
        string,
      ][],
    );
    db.close();
    expect(meta.get('schema_version')).toBe(String(SQLITE_SCHEMA_VERSION));
    expect(meta.get('sealed_at_migration')).toBe('5');
  });

  it('refuses to seal a schema-1 store whose chain is already broken, naming the position, and leaves it at schema 1', () => {
    const path = join(dir, 'v1-broken.db');
    const rows = chained('deal-a', 3);
    rows[1].data = { i: 99 }; // edited after it was hashed
    writeVersion1(path, rows);
    expect(() => SqliteEventStore.open(path)).toThrow(
      EventStoreUnavailableError,
    );
    expect(() => SqliteEventStore.open(path)).toThrow(
      /cannot be sealed: its hash chain breaks at position 2/,
    );
    const db = new Database(path, { readonly: true });
    expect(
      db
        .prepare("SELECT value FROM tangle_meta WHERE key = 'schema_version'")
        .pluck()
        .get(),
    ).toBe('1');
    db.close();
  });

  it('a full disk: the write fails with a 503 error, /health says unhealthy, and the next write that fits clears it', async () => {
    const path = join(dir, 'full.db');
    const store = SqliteEventStore.open(path);
    await store.append('a-1', events(1), 'no_stream');
    await store.close();
    const capped = SqliteEventStore.open(path, { maxPageCount: 8 });
    try {
      const big = events(1, 'Big', () => ({ blob: 'x'.repeat(200_000) }));
      await expect(capped.append('a-1', big, 'any')).rejects.toThrow(
        EventStoreUnavailableError,
      );
      expect(await capped.health()).toMatchObject({
        state: 'unhealthy',
        detail: expect.stringContaining('SQLITE_FULL'),
      });
      expect(await capped.headPosition()).toBe(1);
      await capped.append('a-1', events(1), 'any');
      expect((await capped.health()).state).toBe('ready');
    } finally {
      await capped.close();
    }
  });
});
