import Database from 'better-sqlite3';
import { accessSync, constants as fsConstants } from 'node:fs';
import { Observable } from 'rxjs';
import { Clock, systemClock } from '../../shared/time';
import { TangleError } from '../../shared/errors';
import {
  EventStoreClosedError,
  EventStoreLockedError,
  EventStoreUnavailableError,
  StreamNotFoundError,
} from '../event-store.errors';
import {
  AppendResult,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  SealReport,
  SubscribeAllOptions,
  SubscriptionMessage,
} from '../event-store.port';
import {
  eventMatcher,
  validateReadAll,
  validateReadStream,
  validateReadStreams,
  validateStreamId,
  validateSubscribeAll,
} from '../event-store.validation';
import { Page, pagedIterable } from '../paged-iterable';
import { readBoundedPage } from '../../shared/page-bound';
import { GroupCommitWriter } from './group-commit';
import { LiveSubscription } from './live-subscription';
import { walkSeals } from './seal-walk';
import { streamBatchPages } from './stream-batch';
import { integrityProblems, metaValue, openStoreFile } from './sqlite-file';
import {
  COLUMNS,
  EventRow,
  filterSql,
  messageOf,
  settle,
  sizesSql,
  storedDataText,
  storedMetadataText,
  toEvent,
} from './sqlite-rows';

export { SQLITE_SCHEMA_VERSION } from './sqlite-file';
export { ANY_IDEMPOTENCY_WINDOW } from './group-commit';

export interface SqliteEventStoreOptions {
  /** Stamps `recordedAt`; default the system clock. Never goes backwards even if the clock does. */
  clock?: Clock;
  /** Most events read per page (reads and subscription catch-up). Default 1,000. */
  pageSize?: number;
  /**
   * A page also ends with the event whose data and metadata bring it to this many bytes (UTF-8,
   * as stored; keeps pages of 1 MB events bounded). Default 8 MiB.
   */
  pageBytes?: number;
  /** Live events a subscriber may have pending before it is told it fell behind. Default 10,000. */
  subscriptionBufferSize?: number;
  /** Caps the file at this many pages (SQLite's `max_page_count`): a full disk, on purpose (tests). */
  maxPageCount?: number;
}

/**
 * The embedded store: one SQLite file in WAL mode, owned by one process. The file is opened with
 * `locking_mode=EXCLUSIVE` and locked at once, so a second process gets EventStoreLockedError
 * instead of writing beside us. Positions are the table's integer primary key (1, 2, 3…).
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private closed = false;
  readonly id: string;
  /** Set when the file failed an integrity check or reported corruption: no more writes. */
  private corrupt?: string;
  /** Set when the last write failed for want of space or permission; cleared by the next one that succeeds. */
  private writeFailure?: string;
  private readonly pageSize: number;
  private readonly pageBytes: number;
  private readonly bufferSize: number;
  private readonly subscriptions = new Set<LiveSubscription>();
  /** Per read's SQL: its rows statement and its sizes statement (sizesSql). */
  private readonly statements = new Map<
    string,
    { rows: Database.Statement; sizes: Database.Statement }
  >();
  private sealStatement?: Database.Statement;
  private readonly writer: GroupCommitWriter;

  static open(
    path: string,
    options: SqliteEventStoreOptions = {},
  ): SqliteEventStore {
    const memory = path === ':memory:';
    const { db, damage } = openStoreFile(path, options.maxPageCount);
    let store: SqliteEventStore;
    try {
      store = new SqliteEventStore(db, memory ? ':memory:' : path, options);
    } catch (error) {
      // The last row (head, seal) could not be read: a damaged page where the log ends.
      db.close();
      throw new EventStoreUnavailableError(
        `${path} is damaged: ${messageOf(error)} (\`tangle check --full --store sqlite:${path}\` says where; restore it from a backup)`,
      );
    }
    if (damage.length > 0)
      store.corrupt = `quick_check: ${damage.slice(0, 3).join('; ')}`;
    return store;
  }

  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
    options: SqliteEventStoreOptions,
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.pageBytes = options.pageBytes ?? 8 * 1024 * 1024;
    this.bufferSize = options.subscriptionBufferSize ?? 10_000;
    this.id = metaValue(db, 'store_id') ?? '';
    const clock: Clock = options.clock ?? systemClock;
    this.writer = new GroupCommitWriter(db, this.id, clock, {
      ensureWritable: () => this.ensureWritable(),
      writeError: (error) => this.storeError(error, 'write'),
      listening: () => this.subscriptions.size > 0,
      committed: (rows) => {
        this.writeFailure = undefined;
        if (rows.length > 0) this.notify(rows);
      },
    });
  }

  /** Group commit (see GroupCommitWriter.append): concurrent appends share one transaction. */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.writer.append(streamId, events, expectedRevision);
  }

  private ensureWritable(): void {
    this.ensureOpen();
    if (this.corrupt)
      throw new EventStoreUnavailableError(
        `the event store at ${this.location} is damaged (${this.corrupt}); writes are refused until it is repaired or restored (\`tangle check --full\`)`,
      );
  }

  readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    validateReadStream(streamId, options);
    const backwards = options.direction === 'backwards';
    const sql = backwards
      ? `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`
      : `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`;
    let cursor =
      options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    let remaining = options.maxCount ?? Infinity;
    let first = true;
    return pagedIterable(() => {
      this.ensureOpen();
      const page =
        remaining > 0
          ? this.readPage(sql, [streamId, cursor], remaining)
          : { items: [], done: true };
      // Rows prove the stream exists: its head is looked up only when the first page has none.
      if (
        first &&
        page.items.length === 0 &&
        this.writer.streamRevision(streamId) === undefined
      )
        throw new StreamNotFoundError(streamId);
      first = false;
      remaining -= page.items.length;
      const last = page.items[page.items.length - 1];
      if (last) cursor = backwards ? last.revision - 1 : last.revision + 1;
      return {
        items: page.items,
        done: page.done || remaining <= 0 || cursor < 0,
      };
    });
  }

  /** A query per chunk of ids (see streamBatchPages), in the pages of the other reads. */
  readStreams(
    streamIds: readonly string[],
    options: ReadStreamsOptions = {},
  ): AsyncIterable<RecordedEvent> {
    validateReadStreams(streamIds, options);
    const nextPage = streamBatchPages(
      streamIds,
      options.toPosition ?? Number.MAX_SAFE_INTEGER,
      (sql, params) => this.readPage(sql, params, Infinity),
    );
    return pagedIterable(() => {
      this.ensureOpen();
      return nextPage();
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    validateReadAll(options);
    const backwards = options.direction === 'backwards';
    const { clause, params } = filterSql(options.filter);
    const sql = backwards
      ? `SELECT ${COLUMNS} FROM events WHERE position <= ?${clause} ORDER BY position DESC LIMIT ?`
      : `SELECT ${COLUMNS} FROM events WHERE position >= ?${clause} ORDER BY position LIMIT ?`;
    let cursor =
      options.fromPosition ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    let remaining = options.maxCount ?? Infinity;
    return pagedIterable(() => {
      this.ensureOpen();
      if (remaining <= 0) return { items: [], done: true };
      const page = this.readPage(sql, [cursor, ...params], remaining);
      remaining -= page.items.length;
      const last = page.items[page.items.length - 1];
      if (last) cursor = backwards ? last.position - 1 : last.position + 1;
      return {
        items: page.items,
        done: page.done || remaining <= 0 || cursor < 1,
      };
    });
  }

  /**
   * One bounded page: at most pageSize rows and about pageBytes of payload (readBoundedPage: the
   * rows' sizes first, then the page's rows in one call). While no row of the file is larger than
   * pageBytes / pageSize (the writer's `largestPayload`), no page can pass the bound and the sizes
   * are not asked for (a second pass over the rows: about 0.3 CPU s in a rebuild of a million
   * events).
   */
  private readPage(
    sql: string,
    params: unknown[],
    remaining: number,
  ): Page<RecordedEvent> {
    const limit = Math.min(this.pageSize, remaining);
    try {
      const { rows, sizes } = this.statementsFor(sql);
      const page =
        this.writer.largestPayload * limit <= this.pageBytes
          ? { rows: rows.all(...params, limit) as EventRow[], cut: false }
          : readBoundedPage(
              limit,
              this.pageBytes,
              (n) => sizes.all(...params, n) as number[],
              (n) => rows.all(...params, n) as EventRow[],
            );
      const items = page.rows.map(toEvent);
      return { items, done: !page.cut && items.length < limit };
    } catch (error) {
      throw this.storeError(error);
    }
  }

  /**
   * The data of an event this store read, as the JSON text it stored (undefined for an event it
   * did not read): for a reader that writes the data out as text again, instead of serialising it.
   */
  storedDataText(event: RecordedEvent): string | undefined {
    return storedDataText(event);
  }

  /** The metadata of an event this store read, as the JSON text it stored (as storedDataText). */
  storedMetadataText(event: RecordedEvent): string | undefined {
    return storedMetadataText(event);
  }

  subscribeAll(
    options: SubscribeAllOptions = {},
  ): Observable<SubscriptionMessage> {
    validateSubscribeAll(options);
    return new Observable<SubscriptionMessage>((subscriber) => {
      if (this.closed) {
        subscriber.error(new EventStoreClosedError(this.location));
        return undefined;
      }
      const { clause, params } = filterSql(options.filter);
      const subscription = new LiveSubscription(
        subscriber,
        options.afterPosition ?? 0,
        eventMatcher(options.filter),
        this.bufferSize,
        (after) =>
          this.catchUpPage(
            `SELECT ${COLUMNS} FROM events WHERE position > ?${clause} ORDER BY position LIMIT ?`,
            after,
            params,
          ),
        () => this.writer.head,
      );
      this.subscriptions.add(subscription);
      subscription.start();
      return () => {
        subscription.stop();
        this.subscriptions.delete(subscription);
      };
    });
  }

  /**
   * A catch-up page read together with the head, in one synchronous step: appends (also
   * synchronous) land either before it (in the table, ≤ head) or after it (notified live, > head).
   */
  private catchUpPage(
    sql: string,
    after: number,
    params: unknown[],
  ): { events: RecordedEvent[]; scannedTo: number } {
    this.ensureOpen();
    const page = this.readPage(sql, [after, ...params], Infinity);
    if (!page.done)
      return {
        events: page.items,
        scannedTo: page.items[page.items.length - 1].position,
      };
    return { events: page.items, scannedTo: Math.max(this.writer.head, after) };
  }

  private notify(rows: EventRow[]): void {
    let events: RecordedEvent[] | undefined;
    for (const subscription of this.subscriptions) {
      if (!subscription.live) continue;
      events ??= rows.map(toEvent);
      subscription.push(events);
    }
  }

  streamRevision(streamId: string): Promise<number | undefined> {
    return settle(() => {
      validateStreamId(streamId);
      this.ensureOpen();
      return this.writer.streamRevision(streamId);
    });
  }

  headPosition(): Promise<number> {
    return settle(() => {
      this.ensureOpen();
      return this.writer.head;
    });
  }

  health(): Promise<EventStoreHealth> {
    if (this.closed)
      return Promise.resolve({
        kind: 'sqlite',
        state: 'closed',
        location: this.location,
      });
    const problem = this.corrupt ?? this.writeFailure ?? this.notWritable();
    return Promise.resolve({
      kind: 'sqlite',
      state: problem ? 'unhealthy' : 'ready',
      location: this.location,
      headPosition: this.writer.head,
      ...(problem ? { detail: problem } : {}),
    });
  }

  /** A file made read-only under a running server: it would take no more writes. */
  private notWritable(): string | undefined {
    if (this.location === ':memory:') return undefined;
    try {
      accessSync(this.location, fsConstants.W_OK);
      return undefined;
    } catch (error) {
      return `the store file cannot be written: ${messageOf(error)}`;
    }
  }

  storeId(): Promise<string> {
    return Promise.resolve(this.id);
  }

  sealAt(position: number): Promise<string | undefined> {
    return settle(() => {
      this.ensureOpen();
      try {
        // Prepared once: the audit anchors ask after every burst of appends.
        this.sealStatement ??= this.db
          .prepare('SELECT seal FROM events WHERE position = ?')
          .pluck();
        return (
          (this.sealStatement
            // Only an append's last row holds its seal: a position inside an append answers undefined.
            .get(position) as string | null | undefined) ?? undefined
        );
      } catch (error) {
        throw this.storeError(error);
      }
    });
  }

  verifySeals(): Promise<SealReport> {
    return settle(() => {
      this.ensureOpen();
      try {
        return walkSeals(this.db, this.id, this.pageSize, this.pageBytes);
      } catch (error) {
        throw this.storeError(error);
      }
    });
  }

  /** SQLite's own structural check: `quick` (at every start) or `full` (`tangle check --full`). */
  checkIntegrity(level: 'quick' | 'full'): Promise<string[]> {
    return settle(() => {
      this.ensureOpen();
      const problems = integrityProblems(this.db, level);
      if (problems.length > 0)
        this.corrupt = `${level === 'full' ? 'integrity_check' : 'quick_check'}: ${problems.slice(0, 3).join('; ')}`;
      return problems;
    });
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.closed) return;
      // Appends already accepted are written before the file is closed.
      this.writer.flush();
      this.closed = true;
      for (const subscription of this.subscriptions) subscription.complete();
      this.subscriptions.clear();
      this.statements.clear();
      this.db.close();
    });
  }

  /** A read's statements, prepared once: its rows (as arrays) and their sizes (sizesSql). */
  private statementsFor(sql: string): {
    rows: Database.Statement;
    sizes: Database.Statement;
  } {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = {
        rows: this.db.prepare(sql).raw(),
        sizes: this.db.prepare(sizesSql(sql)).pluck(),
      };
      // Filter shapes are few (a handful of prefixes/types); bound the cache anyway.
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreClosedError(this.location);
  }

  /** The one place where SQLite's errors become ours (and the store's health learns of them). */
  private storeError(error: unknown, during: 'read' | 'write' = 'read'): Error {
    if (error instanceof TangleError) return error;
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
        return new EventStoreLockedError(this.location);
      if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
        this.corrupt = `${messageOf(error)} (${code})`;
      else if (during === 'write')
        this.writeFailure = `the last write failed: ${messageOf(error)} (${code})`;
      return new EventStoreUnavailableError(
        `the event store at ${this.location} failed: ${messageOf(error)} (${code})`,
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}
