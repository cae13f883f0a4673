import type { Statement } from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import {
  COMPANY_EVENT_TYPES,
  DEAL_EVENT_TYPES,
  LedgerEventType,
} from '../ledger/domain/ledger.events';
import { ProjectionsDatabase } from '../projections/projections-database';
import { keysetPages } from '../shared/page-bound';
import type { TemporalIndex } from './domain/temporal-index';

export const EXPOSURE_PROJECTION = 'exposure';
const INSERT_ROWS = 200;
/** Statement sizes for the rows after the last full INSERT_ROWS (at most 3 + 4 + 9 statements). */
const REST_ROWS = [50, 10, 1];
/** The ledger's event types, numbered for {@link EventRows} (the same list on both threads). */
const EVENT_TYPES: readonly string[] = [
  ...COMPANY_EVENT_TYPES,
  ...DEAL_EVENT_TYPES,
];
const TYPE_CODE = new Map(EVENT_TYPES.map((t, i) => [t, i] as const));
/**
 * WAL pages between automatic checkpoints while a version is being built (SQLite's default is
 * 1,000 pages, 4 MB): a rebuild writes the whole history, and each checkpoint syncs the file, so
 * fewer, larger ones save about a tenth of the write time. Commits stay as durable as before.
 */
export const BUILDING_WAL_PAGES = 16384;
const DEFAULT_WAL_PAGES = 1000;
/** The start's read of a version: rows per call, and the data they may hold (bytes, as stored). */
const LOAD_PAGE_ROWS = 1000;
const LOAD_PAGE_BYTES = 8 * 1024 * 1024;
type LoadedRow = [number, number, number, string, string, number | null];

/**
 * The exposure projection's durable form, one table set per version in the projections file:
 * `exposure_v<n>_events` — every ledger event as the engine folds it (position, recorded and
 * effective time, type, current-schema data): the temporal index is rebuilt from it in memory at
 * start, then resumed from the checkpoint — and `exposure_v<n>_counts`, events per type (a
 * double-counted or missed event shows there). Written only with the checkpoint.
 */
export class ExposureReadModel {
  private readonly rows: EventRowsWriter;

  constructor(readonly database: ProjectionsDatabase) {
    this.rows = new EventRowsWriter(database.db);
  }

  private get db() {
    return this.database.db;
  }

  static eventsTable(version: number): string {
    return `exposure_v${Math.trunc(version)}_events`;
  }

  static countsTable(version: number): string {
    return `exposure_v${Math.trunc(version)}_counts`;
  }

  /** The serving version (created empty on first use) and any leftover building versions dropped. */
  openServing(): { version: number; position: number } {
    const versions = this.database.versions(EXPOSURE_PROJECTION);
    for (const v of versions)
      if (v.status === 'building') this.dropVersion(v.version);
    const serving = versions.find((v) => v.status === 'serving');
    if (serving) {
      this.createTables(serving.version);
      return { version: serving.version, position: serving.position };
    }
    let version = 0;
    this.database.transaction(() => {
      version = this.database.addVersion(EXPOSURE_PROJECTION, 'serving');
      this.createTables(version);
    });
    return { version, position: 0 };
  }

  createBuilding(): number {
    let version = 0;
    this.database.transaction(() => {
      version = this.database.addVersion(EXPOSURE_PROJECTION, 'building');
      this.createTables(version);
    });
    this.db.pragma(`wal_autocheckpoint = ${BUILDING_WAL_PAGES}`);
    return version;
  }

  /** After a build (promoted or dropped): SQLite's usual checkpoint interval again. */
  private builtOrDropped(): void {
    if (this.db.open)
      this.db.pragma(`wal_autocheckpoint = ${DEFAULT_WAL_PAGES}`);
  }

  private createTables(version: number): void {
    this.db
      .exec(`CREATE TABLE IF NOT EXISTS ${ExposureReadModel.eventsTable(version)} (
      position INTEGER PRIMARY KEY,
      recorded_at_ms INTEGER NOT NULL,
      effective_at_ms INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      announced_at_ms INTEGER
    )`);
    // tables made before announcedAt was kept: add the column (their events carry none)
    const table = ExposureReadModel.eventsTable(version);
    const columns = this.db.pragma(`table_info(${table})`) as {
      name: string;
    }[];
    if (!columns.some((c) => c.name === 'announced_at_ms'))
      this.db.exec(`ALTER TABLE ${table} ADD COLUMN announced_at_ms INTEGER`);
    this.db
      .exec(`CREATE TABLE IF NOT EXISTS ${ExposureReadModel.countsTable(version)} (
      type TEXT PRIMARY KEY,
      count INTEGER NOT NULL
    )`);
  }

  /**
   * Appends rows (`EventRowsBuilder`; positions must be new: a duplicate fails the transaction).
   * Call inside `commit`.
   */
  appendRows(version: number, rows: EventRows): void {
    this.rows.write(version, [rows]);
  }

  /** The read model's writes and the checkpoint, in one transaction. */
  commit(version: number, write: () => void, checkpoint: number): void {
    this.database.transaction(() => {
      write();
      this.database.saveCheckpoint(EXPOSURE_PROJECTION, version, checkpoint);
    });
  }

  /**
   * Every stored event of a version into `index`, in position order, read a bounded page at a
   * time (keysetPages: at most LOAD_PAGE_ROWS rows and about LOAD_PAGE_BYTES of data per call,
   * where fetching row by row cost the start of a large store about a second more): the deal
   * events the index may keep as text (`DEFERRED_DEAL_TYPES`) as their stored data text
   * (`TemporalIndex.addStored`; the rows hold the current schema version), the others as
   * envelopes. A start's load then parses a deal event only when a query reads it (a fold reads its
   * deal from the text).
   */
  loadInto(version: number, index: TemporalIndex): void {
    for (const page of this.pages(version))
      for (const [position, recorded, effective, type, data, announced] of page)
        index.addStored(
          position,
          recorded,
          effective,
          announced ?? NaN,
          type as LedgerEventType,
          data,
        );
  }

  private pages(version: number): Iterable<LoadedRow[]> {
    const rest = `FROM ${ExposureReadModel.eventsTable(version)} WHERE position > ? ORDER BY position LIMIT ?`;
    const rows = this.db
      .prepare(
        `SELECT position, recorded_at_ms, effective_at_ms, type, data, announced_at_ms ${rest}`,
      )
      .raw();
    const sizes = this.db.prepare(`SELECT octet_length(data) ${rest}`).pluck();
    return keysetPages(
      LOAD_PAGE_ROWS,
      LOAD_PAGE_BYTES,
      -1, // below every position (an EventStoreDB commit position may be 0)
      (after, n) => sizes.all(after, n) as number[],
      (after, n) => rows.all(after, n) as LoadedRow[],
      (row) => row[0],
    );
  }

  /** The building version becomes the serving one; the old serving version is dropped. One transaction. */
  promote(version: number): void {
    this.database.transaction(() => {
      for (const v of this.database.versions(EXPOSURE_PROJECTION)) {
        if (v.version !== version && v.status === 'serving')
          this.dropVersion(v.version);
      }
      this.db
        .prepare(
          `UPDATE projection_versions SET status = 'serving' WHERE name = ? AND version = ?`,
        )
        .run(EXPOSURE_PROJECTION, version);
    });
    this.builtOrDropped();
  }

  dropVersion(version: number): void {
    this.db.exec(
      `DROP TABLE IF EXISTS ${ExposureReadModel.eventsTable(version)}`,
    );
    this.db.exec(
      `DROP TABLE IF EXISTS ${ExposureReadModel.countsTable(version)}`,
    );
    this.db
      .prepare('DELETE FROM projection_versions WHERE name = ? AND version = ?')
      .run(EXPOSURE_PROJECTION, version);
    this.rows.forget(version);
    this.builtOrDropped();
  }

  /** The version's rows and checkpoint as text (for equality checks between builds). */
  dump(version: number): string {
    const events = this.db
      .prepare(
        `SELECT * FROM ${ExposureReadModel.eventsTable(version)} ORDER BY position`,
      )
      .raw()
      .all();
    const counts = this.db
      .prepare(
        `SELECT * FROM ${ExposureReadModel.countsTable(version)} ORDER BY type`,
      )
      .raw()
      .all();
    const checkpoint =
      this.database
        .versions(EXPOSURE_PROJECTION)
        .find((v) => v.version === version)?.position ?? null;
    return JSON.stringify({ checkpoint, counts, events });
  }
}

/**
 * A batch of read-model rows in columns: the numbers in one Float64Array (position, recorded,
 * effective, announced — NaN when not announced — four per row), the types as small codes, and
 * each row's data as JSON text. What crosses to the writer thread: the numbers transferred, not
 * copied, and the texts as they were stored when the store hands them over (nothing serialised
 * on either thread).
 */
export interface EventRows {
  readonly numbers: Float64Array;
  readonly types: Uint8Array;
  readonly data: readonly string[];
}

/**
 * Makes {@link EventRows} a row at a time (room for `capacity` rows; `rows()` answers those
 * pushed).
 */
export class EventRowsBuilder {
  private readonly numbers: Float64Array;
  private readonly types: Uint8Array;
  private readonly data: string[] = [];

  constructor(capacity: number) {
    this.numbers = new Float64Array(4 * capacity);
    this.types = new Uint8Array(capacity);
  }

  /** One row: `announcedAtMs` NaN when not announced, `text` the data's JSON text. */
  push(
    position: number,
    recordedAtMs: number,
    effectiveAtMs: number,
    announcedAtMs: number,
    type: LedgerEventType,
    text: string,
  ): void {
    const i = this.data.length;
    if (i === this.types.length)
      throw new Error(`event rows: more than the ${i} rows made room for`);
    this.numbers[4 * i] = position;
    this.numbers[4 * i + 1] = recordedAtMs;
    this.numbers[4 * i + 2] = effectiveAtMs;
    this.numbers[4 * i + 3] = announcedAtMs;
    this.types[i] = TYPE_CODE.get(type)!;
    this.data.push(text);
  }

  /** A row's number `k` (0 position, 1 recorded, 2 effective, 3 announced). */
  number(row: number, k: 0 | 1 | 2 | 3): number {
    return this.numbers[4 * row + k];
  }

  /** A row's type. */
  type(row: number): LedgerEventType {
    return EVENT_TYPES[this.types[row]] as LedgerEventType;
  }

  /** A row's data text. */
  text(row: number): string {
    return this.data[row];
  }

  /**
   * The rows pushed, their numbers copied (the writer thread takes the copy's buffer; `number`
   * still reads the builder's own).
   */
  rows(): EventRows {
    const n = this.data.length;
    return {
      numbers: this.numbers.slice(0, 4 * n),
      types: this.types.slice(0, n),
      data: this.data,
    };
  }
}

/**
 * Writes {@link EventRows} into a version's tables (the events, and the counts per type) on one
 * connection — the main thread's, or the writer thread's own (exposure.read-model.worker.ts).
 * Many rows per statement: one native call per INSERT_ROWS rows, one reused parameter array.
 */
export class EventRowsWriter {
  private readonly inserts = new Map<number, Statement>();
  private readonly counts = new Map<number, Statement>();
  private readonly params: (number | string | null)[] = new Array<
    number | string | null
  >(6 * INSERT_ROWS).fill(0);

  constructor(private readonly db: Database) {}

  private insertStatement(version: number, rows: number): Statement {
    const key = version * 1000 + rows;
    let insert = this.inserts.get(key);
    if (!insert) {
      const values = Array.from(
        { length: rows },
        () => '(?, ?, ?, ?, ?, ?)',
      ).join(', ');
      insert = this.db.prepare(
        `INSERT INTO ${ExposureReadModel.eventsTable(version)} (position, recorded_at_ms, effective_at_ms, type, data, announced_at_ms) VALUES ${values}`,
      );
      this.inserts.set(key, insert);
    }
    return insert;
  }

  /**
   * Writes the batches' rows, in order, as if they were one batch: full statements of INSERT_ROWS
   * rows across batch boundaries, the rest in a few smaller ones. Call inside a transaction
   * (positions must be new: a duplicate fails it).
   */
  write(version: number, batches: readonly EventRows[]): void {
    const many = this.insertStatement(version, INSERT_ROWS);
    const params = this.params;
    const perType = new Array<number>(EVENT_TYPES.length).fill(0);
    let p = 0;
    for (const { numbers, types, data } of batches) {
      for (let k = 0; k < types.length; k++) {
        const announced = numbers[4 * k + 3];
        params[p++] = numbers[4 * k];
        params[p++] = numbers[4 * k + 1];
        params[p++] = numbers[4 * k + 2];
        params[p++] = EVENT_TYPES[types[k]];
        params[p++] = data[k];
        params[p++] = Number.isNaN(announced) ? null : announced;
        perType[types[k]]++;
        if (p === params.length) {
          many.run(params);
          p = 0;
        }
      }
    }
    // the rest (fewer than INSERT_ROWS rows): a few statements of fixed sizes, each prepared once
    let at = 0;
    const rest = p / 6;
    for (const size of REST_ROWS) {
      while (rest - at >= size) {
        this.insertStatement(version, size).run(
          params.slice(6 * at, 6 * (at + size)),
        );
        at += size;
      }
    }
    let count = this.counts.get(version);
    if (!count) {
      count = this.db.prepare(
        `INSERT INTO ${ExposureReadModel.countsTable(version)} (type, count) VALUES (?, ?) ON CONFLICT (type) DO UPDATE SET count = count + excluded.count`,
      );
      this.counts.set(version, count);
    }
    for (let t = 0; t < perType.length; t++)
      if (perType[t] > 0) count.run(EVENT_TYPES[t], perType[t]);
  }

  /** The version's tables are gone: its statements too. */
  forget(version: number): void {
    for (const key of [...this.inserts.keys()])
      if (Math.floor(key / 1000) === version) this.inserts.delete(key);
    this.counts.delete(version);
  }
}
