import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore } from '../event-store/event-store.port';

/** The projections file cannot be opened or read: names the path, says what to do. */
export class ProjectionsFileError extends Error {
  constructor(path: string, cause: unknown) {
    super(
      `the projections file ${path} cannot be read (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'it holds only what is rebuilt from the event store: move it aside and start again',
    );
  }
}

/** What {@link ProjectionsDatabase.bindToStore} found. */
export interface StoreBinding {
  /** Why the projections were dropped (built from another store), or undefined when they were kept. */
  readonly rebuilt?: string;
}

/**
 * The projections' own SQLite file (`APP_CONFIG.projectionsPath`), separate from the event store
 * so it works the same with EventStoreDB. Each projection keeps its versions here:
 * `projection_versions(name, version, status, position)` — `position` is the checkpoint, always
 * written in the same transaction as the version's tables. `projections_meta` ties the file to
 * the store it was built from (the store's id, and an event seen at a checkpoint position).
 */
export class ProjectionsDatabase {
  readonly db: Database.Database;
  private checkpointStatement?: Database.Statement;
  private runInTransaction?: (fn: () => void) => void;

  constructor(readonly path: string) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
    } catch (error) {
      throw new ProjectionsFileError(path, error);
    }
    try {
      if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a killed process loses nothing committed (only a power cut may lose the last commits).
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('cache_size = -65536');
      this.db.exec(`CREATE TABLE IF NOT EXISTS projection_versions (
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('serving', 'building')),
        position INTEGER NOT NULL,
        PRIMARY KEY (name, version)
      )`);
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS projections_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
      );
    } catch (error) {
      this.db.close();
      throw new ProjectionsFileError(path, error);
    }
  }

  /**
   * Checks that the projections were built from `store` before anything reads or extends them:
   * the store id recorded here must be the store's, no checkpoint may lie beyond the store's
   * head, and the event recorded at a confirmed position must still be there. Otherwise every
   * projection is dropped (each rebuilds from position 0) and the reason is returned to be
   * logged. A file from before store ids (checkpoints, no id) cannot be told apart: rebuilt once.
   */
  async bindToStore(store: EventStore): Promise<StoreBinding> {
    const storeId = await store.storeId();
    const head = await store.headPosition();
    const recorded = this.meta('store_id');
    const furthest = this.furthestCheckpoint();
    let reason: string | undefined;
    if (recorded !== undefined && recorded !== storeId)
      reason = `built from store ${recorded}, this store is ${storeId ?? 'empty'}`;
    else if (furthest > head)
      reason = `checkpoint at position ${furthest} but the store ends at ${head}`;
    else if (recorded === undefined && furthest > 0)
      reason =
        'written before projections recorded their store: its origin cannot be checked';
    else {
      const confirmedAt = Number(this.meta('confirmed_position') ?? 0);
      if (confirmedAt > 0) {
        const there = await eventAt(store, confirmedAt);
        if (there !== this.meta('confirmed_event'))
          reason = `the event at position ${confirmedAt} is ${there ?? 'missing'}, not ${this.meta('confirmed_event')}`;
      }
    }
    if (reason) this.dropAll();
    if (storeId !== undefined) this.setMeta('store_id', storeId);
    await this.confirm(store);
    return reason ? { rebuilt: reason } : {};
  }

  /** Records the event at the furthest checkpoint, for the next start to find it again. */
  async confirm(store: EventStore): Promise<void> {
    const position = this.furthestCheckpoint();
    if (position === 0) {
      this.deleteMeta('confirmed_position');
      return;
    }
    const id = await eventAt(store, position);
    if (id === undefined) return;
    this.setMeta('confirmed_position', String(position));
    this.setMeta('confirmed_event', id);
  }

  private furthestCheckpoint(): number {
    return (
      (this.db
        .prepare('SELECT MAX(position) FROM projection_versions')
        .pluck()
        .get() as number | null) ?? 0
    );
  }

  /** Every projection's tables and versions: they start again from an empty file. */
  private dropAll(): void {
    const tables = this.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('projection_versions', 'projections_meta') AND name NOT LIKE 'sqlite_%'",
      )
      .pluck()
      .all() as string[];
    this.transaction(() => {
      for (const t of tables) this.db.exec(`DROP TABLE IF EXISTS "${t}"`);
      this.db.exec('DELETE FROM projection_versions');
      this.db.exec('DELETE FROM projections_meta');
    });
  }

  private meta(key: string): string | undefined {
    return this.db
      .prepare('SELECT value FROM projections_meta WHERE key = ?')
      .pluck()
      .get(key) as string | undefined;
  }

  private setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO projections_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  private deleteMeta(key: string): void {
    this.db.prepare('DELETE FROM projections_meta WHERE key = ?').run(key);
  }

  versions(
    name: string,
  ): { version: number; status: 'serving' | 'building'; position: number }[] {
    return this.db
      .prepare(
        'SELECT version, status, position FROM projection_versions WHERE name = ? ORDER BY version',
      )
      .all(name) as {
      version: number;
      status: 'serving' | 'building';
      position: number;
    }[];
  }

  addVersion(name: string, status: 'serving' | 'building'): number {
    const row = this.db
      .prepare(
        'SELECT COALESCE(MAX(version), 0) AS v FROM projection_versions WHERE name = ?',
      )
      .get(name) as { v: number };
    const version = row.v + 1;
    this.db
      .prepare(
        'INSERT INTO projection_versions (name, version, status, position) VALUES (?, ?, ?, 0)',
      )
      .run(name, version, status);
    return version;
  }

  saveCheckpoint(name: string, version: number, position: number): void {
    // Prepared once: a live projection saves its checkpoint with every batch (each one a commit).
    this.checkpointStatement ??= this.db.prepare(
      'UPDATE projection_versions SET position = ? WHERE name = ? AND version = ?',
    );
    const info = this.checkpointStatement.run(position, name, version);
    if (info.changes !== 1)
      throw new Error(`projection ${name} v${version} is not registered`);
  }

  /** Runs `fn` in one transaction (rolled back if it throws; a savepoint inside another). */
  transaction(fn: () => void): void {
    // One wrapper for every call, made on first use: better-sqlite3 builds a new one per `transaction`.
    this.runInTransaction ??= this.db.transaction((f: () => void) => f());
    this.runInTransaction(fn);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The id of the event at exactly `position`, or undefined when there is none. */
async function eventAt(
  store: EventStore,
  position: number,
): Promise<string | undefined> {
  for await (const e of store.readAll({ fromPosition: position, maxCount: 1 }))
    return e.position === position ? e.id : undefined;
  return undefined;
}
