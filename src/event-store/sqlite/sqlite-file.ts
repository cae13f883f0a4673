import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { TangleError } from '../../shared/errors';
import { ChainVerifier } from '../../audit/domain/chain-verifier';
import {
  EventStoreLockedError,
  EventStoreUnavailableError,
  NotATangleStoreError,
} from '../event-store.errors';
import { genesisSeal, sealOf } from './seal';
import {
  COLUMNS,
  EventRow,
  messageOf,
  PAYLOAD_BYTES,
  toEvent,
} from './sqlite-rows';

/**
 * The embedded store's file: what it must be before it is opened (an SQLite database of ours, of a
 * schema this version reads), how it is created or migrated, and SQLite's own structural checks.
 */

/** Bumped whenever the tables change; a store written by a newer schema is refused, not misread. */
export const SQLITE_SCHEMA_VERSION = 2;
const FORMAT = 'tangle-event-store';
const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Opens (creating or migrating) the store file and takes its lock. `damage` lists what SQLite's
 * quick check found: a damaged file still opens, for reading what can be read, but takes no writes.
 */
export function openStoreFile(
  path: string,
  maxPageCount: number | undefined,
): { db: Database.Database; damage: string[] } {
  const memory = path === ':memory:';
  if (!memory) checkFile(path);
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: 0 });
  } catch (error) {
    throw new EventStoreUnavailableError(
      `cannot open the event store file ${path}: ${messageOf(error)}`,
    );
  }
  try {
    // Read-only look first: a database that is not ours must be left exactly as it was
    // (switching it to WAL would already rewrite its header).
    inspectSchema(db, path);
    if (!memory) {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = NORMAL');
    // 8 MiB of page cache: the B-trees' inner pages stay cached, the leaves come from the OS's
    // file cache. A larger cache costs every commit that split an index page: SQLite renumbers
    // the split pages through a spare page number (the pending-byte page, 262,145 with 4 KiB
    // pages), and at the commit that follows, for a file under 1 GiB, it walks its whole page
    // hash table (one slot per cached page) to drop pages past the file's end. At 64 MiB that
    // walk was about 3 % of the server's CPU under a stream of payments, and random stream reads
    // were no faster (docs/benchmarks.md).
    db.pragma('cache_size = -8192');
    db.pragma('temp_store = MEMORY');
    // Take the write lock now (held until close in EXCLUSIVE mode) and settle the schema under it.
    db.exec('BEGIN EXCLUSIVE');
    try {
      // Looked at again under the lock: another process may have created it meanwhile.
      const found = inspectSchema(db, path);
      if (found === 'empty') createSchema(db);
      else if (found === 1) sealVersion1(db, path);
      settleLargestPayload(db);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } catch (error) {
    db.close();
    throw openError(error, path);
  }
  if (maxPageCount !== undefined)
    db.pragma(`max_page_count = ${Math.trunc(maxPageCount)}`);
  // A quick structural check at every start (the full one is `tangle check --full`).
  const damage = memory ? [] : integrityProblems(db, 'quick');
  return { db, damage };
}

/** Refuses, before SQLite touches it, a path that cannot be a store: a directory or a non-SQLite file. */
function checkFile(path: string): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory())
    throw new NotATangleStoreError(path, 'it is a directory');
  if (stat.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER)
    throw new NotATangleStoreError(path, 'it is not an SQLite database');
}

/** `empty` for a new store, else its schema version; throws unless it is a Tangle store this version can read. */
function inspectSchema(db: Database.Database, path: string): 'empty' | number {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  if (tables.length === 0) return 'empty';
  if (!tables.includes('tangle_meta')) {
    throw new NotATangleStoreError(
      path,
      `it is an SQLite database with other tables: ${tables.slice(0, 5).join(', ')}`,
    );
  }
  const meta = new Map(
    db.prepare('SELECT key, value FROM tangle_meta').raw().all() as [
      string,
      string,
    ][],
  );
  if (meta.get('format') !== FORMAT)
    throw new NotATangleStoreError(
      path,
      'its tangle_meta table does not describe an event store',
    );
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version))
    throw new NotATangleStoreError(path, 'it records no schema version');
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new EventStoreUnavailableError(
      `${path} was written by a newer Tangle (schema version ${version}; this version reads up to ${SQLITE_SCHEMA_VERSION})`,
    );
  }
  return version;
}

function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE tangle_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE events (
      position    INTEGER PRIMARY KEY,
      stream_id   TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      event_id    TEXT    NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      recorded_at TEXT    NOT NULL,
      seal        TEXT
    );
    CREATE UNIQUE INDEX events_by_stream ON events (stream_id, revision);

  `);
  const meta = db.prepare('INSERT INTO tangle_meta (key, value) VALUES (?, ?)');
  meta.run('format', FORMAT);
  meta.run('schema_version', String(SQLITE_SCHEMA_VERSION));
  meta.run('store_id', randomUUID());
}

/**
 * Migrates a store written by schema version 1 (no seal column) in the open exclusive
 * transaction. The events it holds were protected only by each stream's hash chain in their
 * metadata, so that chain is checked first: a store whose chain is already broken is refused
 * (naming the first broken position) rather than sealed as if it were sound. Then every row is
 * sealed in position order and the store gets its id; `sealed_at_migration` records how far the
 * log went when it was sealed (rows up to there are vouched for by the old chain only).
 */
function sealVersion1(db: Database.Database, path: string): void {
  const verifier = new ChainVerifier();
  const read = db
    .prepare(`SELECT ${COLUMNS} FROM events ORDER BY position`)
    .raw();
  for (const row of read.iterate() as IterableIterator<EventRow>) {
    const event = toEvent(row);
    // Events appended without the ledger's chain fields (never sealed) have nothing to check.
    if (typeof event.metadata.hash === 'string') verifier.add(event);
  }
  const first = verifier
    .finish()
    .broken.find((b) => !b.problems.every((p) => p === 'unsealed'));
  if (first)
    throw new EventStoreUnavailableError(
      `${path} (schema version 1) cannot be sealed: its hash chain breaks at position ${first.position} ` +
        `(stream ${first.stream}, revision ${first.revision}: ${first.problems.join(', ')}); restore it from a backup`,
    );
  const storeId = randomUUID();
  db.exec('ALTER TABLE events ADD COLUMN seal TEXT');
  const update = db.prepare('UPDATE events SET seal = ? WHERE position = ?');
  let seal = genesisSeal(storeId);
  let head = 0;
  for (const row of read.all() as EventRow[]) {
    seal = sealOf(seal, row);
    update.run(seal, row[0]);
    head = row[0];
  }
  const meta = db.prepare(
    'INSERT OR REPLACE INTO tangle_meta (key, value) VALUES (?, ?)',
  );
  meta.run('store_id', storeId);
  meta.run('sealed_at_migration', String(head));
  meta.run('schema_version', String(SQLITE_SCHEMA_VERSION));
}

/**
 * The tangle_meta key of the largest payload ({@link PAYLOAD_BYTES}: data and metadata bytes) of
 * any row of the file: the bound on a page's bytes a read can take without asking each row's size
 * (`SqliteEventStore.readPage`). Raised in the transaction of the append that writes a larger
 * row (GroupCommitWriter), so it is never below a committed row's payload — unless a version that
 * does not keep it appended to the file, which leaves reads' pages bounded by rows alone.
 */
export const LARGEST_PAYLOAD_KEY = 'largest_payload_bytes';

/**
 * Measures the largest payload of a file that does not record it yet (written before it was kept,
 * or new), once, under the open's lock: one pass over the rows' headers.
 */
function settleLargestPayload(db: Database.Database): void {
  if (metaValue(db, LARGEST_PAYLOAD_KEY) !== undefined) return;
  const largest = db
    .prepare(`SELECT coalesce(max(${PAYLOAD_BYTES}), 0) FROM events`)
    .pluck()
    .get() as number;
  db.prepare('INSERT INTO tangle_meta (key, value) VALUES (?, ?)').run(
    LARGEST_PAYLOAD_KEY,
    String(largest),
  );
}

export function metaValue(
  db: Database.Database,
  key: string,
): string | undefined {
  const value = db
    .prepare('SELECT value FROM tangle_meta WHERE key = ?')
    .pluck()
    .get(key) as string | undefined;
  return value;
}

/** SQLite's `quick_check`/`integrity_check` findings; empty when the file is sound. */
export function integrityProblems(
  db: Database.Database,
  level: 'quick' | 'full',
): string[] {
  try {
    const rows = (
      db.pragma(
        level === 'full' ? 'integrity_check(20)' : 'quick_check(20)',
      ) as Record<string, unknown>[]
    ).map((r) => Object.values(r)[0]);
    return rows.length === 1 && rows[0] === 'ok' ? [] : rows.map(String);
  } catch (error) {
    return [messageOf(error)];
  }
}

function openError(error: unknown, path: string): Error {
  if (error instanceof TangleError) return error;
  const raw = (error as { code?: unknown })?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new EventStoreLockedError(path);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new NotATangleStoreError(
      path,
      `SQLite cannot read it: ${messageOf(error)}`,
    );
  return new EventStoreUnavailableError(
    `cannot open the event store file ${path}: ${messageOf(error)}`,
  );
}
