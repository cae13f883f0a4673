import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The projections' own SQLite file (`APP_CONFIG.projectionsPath`), separate from the event store
 * so it works the same with EventStoreDB. Each projection keeps its versions here:
 * `projection_versions(name, version, status, position)` — `position` is the checkpoint, always
 * written in the same transaction as the version's tables.
 */
export class ProjectionsDatabase {
  readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
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
    const info = this.db
      .prepare(
        'UPDATE projection_versions SET position = ? WHERE name = ? AND version = ?',
      )
      .run(position, name, version);
    if (info.changes !== 1)
      throw new Error(`projection ${name} v${version} is not registered`);
  }

  /** Runs `fn` in one transaction (rolled back if it throws). */
  transaction(fn: () => void): void {
    this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
