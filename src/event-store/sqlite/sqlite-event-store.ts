import Database from 'better-sqlite3';
import {
  accessSync,
  closeSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { Observable, Subscriber } from 'rxjs';
import { Clock, systemClock } from '../../shared/time';
import { TangleError } from '../../shared/errors';
import { JsonObject } from '../../shared/json';
import {
  EventStoreClosedError,
  EventStoreLockedError,
  EventStoreUnavailableError,
  NotATangleStoreError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import {
  AppendResult,
  EventFilter,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealBreak,
  SealReport,
  SubscribeAllOptions,
  SubscriptionMessage,
} from '../event-store.port';
import {
  eventMatcher,
  validateAppend,
  validateReadAll,
  validateReadStream,
  validateStreamId,
  validateSubscribeAll,
} from '../event-store.validation';
import { Page, pagedIterable } from '../paged-iterable';
import { ChainVerifier } from '../../audit/domain/chain-verifier';
import { createHash, Hash } from 'node:crypto';
import { encode, genesisSeal, sealOf, sealRows } from './seal';

/** Bumped whenever the tables change; a store written by a newer schema is refused, not misread. */
export const SQLITE_SCHEMA_VERSION = 2;
const FORMAT = 'tangle-event-store';
const SQLITE_HEADER = 'SQLite format 3\u0000';
/** How many of a stream's latest events a re-append under `any`/`stream_exists` is recognised against. */
export const ANY_IDEMPOTENCY_WINDOW = 1_000;
/** Rows per multi-row INSERT (9 parameters each, well under SQLite's parameter limit). */
const INSERT_ROWS = 50;

export interface SqliteEventStoreOptions {
  /** Stamps `recordedAt`; default the system clock. Never goes backwards even if the clock does. */
  clock?: Clock;
  /** Most events read per page (reads and subscription catch-up). Default 1,000. */
  pageSize?: number;
  /** A page also ends once its payloads reach this many characters (keeps 1 MB events bounded). Default 8 MiB. */
  pageChars?: number;
  /** Live events a subscriber may have pending before it is told it fell behind. Default 10,000. */
  subscriptionBufferSize?: number;
  /** Caps the file at this many pages (SQLite's `max_page_count`): a full disk, on purpose (tests). */
  maxPageCount?: number;
}

/** Row layout of every read (`raw` mode: arrays, no per-row key objects). */
type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];
const COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
const INSERT_COLUMNS = `${COLUMNS}, seal`;
const ROW_PARAMS = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** An append waiting for its group's transaction (see `append`). */
interface Queued {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

/** An append of a group that was refused or failed (what it threw, as thrown). */
interface Failed {
  failed: unknown;
}

interface Pending {
  result: AppendResult;
  /** Set when the append wrote events (not an idempotent replay). */
  written?: {
    head: number;
    recordedMs: number;
    seal: string;
    rows: EventRow[];
  };
}

/**
 * The embedded store: one SQLite file in WAL mode, owned by one process. The file is opened with
 * `locking_mode=EXCLUSIVE` and locked at once, so a second process gets EventStoreLockedError
 * instead of writing beside us. Positions are the table's integer primary key (1, 2, 3…).
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private head: number;
  private lastRecordedMs: number;
  /** The seal of the row at `head` (the genesis seal when empty). */
  private lastSeal: string;
  readonly id: string;
  /** Set when the file failed an integrity check or reported corruption: no more writes. */
  private corrupt?: string;
  /** Set when the last write failed for want of space or permission; cleared by the next one that succeeds. */
  private writeFailure?: string;
  private readonly clock: Clock;
  private readonly pageSize: number;
  private readonly pageChars: number;
  private readonly bufferSize: number;
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly statements = new Map<string, Database.Statement>();

  private readonly insert: Database.Statement;
  private readonly insertMany: Database.Statement;
  private readonly insertParams: unknown[] = new Array(INSERT_ROWS * 9);
  private readonly streamHead: Database.Statement;
  private readonly streamFrom: Database.Statement;
  private readonly findEventId: Database.Statement;
  /** Appends made since the last group commit, written together on the next turn of the event loop. */
  private queue: Queued[] = [];
  /** True from an append written at once until the end of that turn of the event loop. */
  private turnOpen = false;
  private readonly groupTx: (batch: readonly Queued[]) => (Pending | Failed)[];
  private readonly appendTx: (
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ) => Pending;

  static open(
    path: string,
    options: SqliteEventStoreOptions = {},
  ): SqliteEventStore {
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
      db.pragma('cache_size = -65536');
      db.pragma('temp_store = MEMORY');
      // Take the write lock now (held until close in EXCLUSIVE mode) and settle the schema under it.
      db.exec('BEGIN EXCLUSIVE');
      try {
        // Looked at again under the lock: another process may have created it meanwhile.
        const found = inspectSchema(db, path);
        if (found === 'empty') createSchema(db);
        else if (found === 1) sealVersion1(db, path);
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } catch (error) {
      db.close();
      throw openError(error, path);
    }
    if (options.maxPageCount !== undefined)
      db.pragma(`max_page_count = ${Math.trunc(options.maxPageCount)}`);
    // A quick structural check at every start (the full one is `tangle check --full`): a damaged
    // file still opens, for reading what can be read, but takes no writes.
    const damage = memory ? [] : integrityProblems(db, 'quick');
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
    this.clock = options.clock ?? systemClock;
    this.pageSize = options.pageSize ?? 1000;
    this.pageChars = options.pageChars ?? 8 * 1024 * 1024;
    this.bufferSize = options.subscriptionBufferSize ?? 10_000;
    this.insert = db.prepare(
      `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${ROW_PARAMS}`,
    );
    this.insertMany = db.prepare(
      `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${Array(INSERT_ROWS).fill(ROW_PARAMS).join(', ')}`,
    );
    this.streamHead = db
      .prepare(
        'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck();
    this.streamFrom = db
      .prepare(
        'SELECT event_id, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .raw();
    this.findEventId = db
      .prepare(
        'SELECT revision FROM events WHERE stream_id = ? AND revision > ? AND event_id = ? ORDER BY revision LIMIT 1',
      )
      .pluck();
    this.id = metaValue(db, 'store_id') ?? '';
    const last = db
      .prepare(
        'SELECT position, recorded_at, seal FROM events ORDER BY position DESC LIMIT 1',
      )
      .raw()
      .get() as [number, string, string | null] | undefined;
    this.head = last?.[0] ?? 0;
    this.lastRecordedMs = last ? Date.parse(last[1]) : 0;
    // The head row ends an append, so it holds the seal (a cut-off tail is `verify`'s to report).
    this.lastSeal = last?.[2] ?? this.lastSealBefore() ?? genesisSeal(this.id);
    this.appendTx = db.transaction(
      (
        streamId: string,
        events: readonly NewEvent[],
        expected: ExpectedRevision,
      ) => this.appendInTransaction(streamId, events, expected),
    );
    this.groupTx = db.transaction((batch: readonly Queued[]) =>
      batch.map((item) => {
        try {
          // Called inside the group's transaction, each append is a SAVEPOINT of it: one that
          // fails (a wrong expected revision) is rolled back alone, the others stay.
          const pending = this.appendTx(
            item.streamId,
            item.events,
            item.expected,
          );
          // The next append of the group seals after this one and takes the positions after it.
          if (pending.written) this.advance(pending.written);
          return pending;
        } catch (error) {
          return { failed: error };
        }
      }),
    );
  }

  /**
   * Group commit: the first append of a turn of the event loop is written at once (alone, as
   * before); the appends made after it in the same turn (concurrent requests) are written together
   * at the end of the turn, in one SQLite transaction with one commit. Each keeps its own
   * expected-revision check, idempotency and answer: within the group each is a savepoint, so one
   * that is refused is rolled back alone. A commit that fails fails the whole group, and nothing
   * of it is written. Input is checked at once (a bad append is refused before it is queued).
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      validateAppend(streamId, events, expectedRevision);
      this.ensureWritable();
    } catch (error) {
      return Promise.reject(
        error instanceof Error ? error : new Error(String(error)),
      );
    }
    if (!this.turnOpen) {
      // The first append of a turn of the event loop is written at once, as a lone append always
      // was; those made after it in the same turn wait for the turn's end and go together.
      this.turnOpen = true;
      setImmediate(() => {
        this.turnOpen = false;
        this.flush();
      });
      this.queue.push({
        streamId,
        events,
        expected: expectedRevision,
        resolve: () => undefined,
        reject: () => undefined,
      });
      return settle(() => this.flushAlone());
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({
        streamId,
        events,
        expected: expectedRevision,
        resolve,
        reject,
      });
    });
  }

  /** Writes the one queued append now and answers it (a throw is its rejection). */
  private flushAlone(): AppendResult {
    let answer: { result?: AppendResult; error?: unknown } = {};
    const [item] = this.queue;
    item.resolve = (result) => (answer = { result });
    item.reject = (error) => (answer = { error });
    this.flush();
    if (answer.result) return answer.result;
    throw answer.error;
  }

  private ensureWritable(): void {
    this.ensureOpen();
    if (this.corrupt)
      throw new EventStoreUnavailableError(
        `the event store at ${this.location} is damaged (${this.corrupt}); writes are refused until it is repaired or restored (\`tangle check --full\`)`,
      );
  }

  /** Writes the queued appends: alone in their own transaction, or together in one. */
  private flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.ensureWritable();
    } catch (error) {
      for (const item of batch) item.reject(error as Error);
      return;
    }
    const before = {
      head: this.head,
      recordedMs: this.lastRecordedMs,
      seal: this.lastSeal,
    };
    let outcomes: (Pending | Failed)[];
    try {
      outcomes =
        batch.length === 1
          ? [
              this.settleOne(() =>
                this.appendTx(
                  batch[0].streamId,
                  batch[0].events,
                  batch[0].expected,
                ),
              ),
            ]
          : this.groupTx(batch);
    } catch (error) {
      // The group's commit failed: none of it is in the file, so the head and seal are as before.
      this.head = before.head;
      this.lastRecordedMs = before.recordedMs;
      this.lastSeal = before.seal;
      const failure = this.storeError(error, 'write');
      for (const item of batch) item.reject(failure);
      return;
    }
    const written: EventRow[] = [];
    let wrote = false;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if ('failed' in outcome) {
        batch[i].reject(this.storeError(outcome.failed, 'write'));
        continue;
      }
      wrote = true;
      if (outcome.written) {
        // Committed: only now do live subscribers hear of it (alone, the head moves here too).
        if (batch.length === 1) this.advance(outcome.written);
        if (this.subscriptions.size > 0) written.push(...outcome.written.rows);
      }
    }
    if (wrote) this.writeFailure = undefined;
    if (written.length > 0) this.notify(written);
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if (!('failed' in outcome)) batch[i].resolve(outcome.result);
    }
  }

  /** An append of its own: its error is its answer (a failed commit here is this append's alone). */
  private settleOne(work: () => Pending): Pending | Failed {
    try {
      return work();
    } catch (error) {
      return { failed: error };
    }
  }

  private advance(written: NonNullable<Pending['written']>): void {
    this.head = written.head;
    this.lastRecordedMs = written.recordedMs;
    this.lastSeal = written.seal;
  }

  private appendInTransaction(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Pending {
    const current = this.streamHead.get(streamId) as number | undefined;
    let replay: AppendResult | undefined;
    if (expected === 'any' || expected === 'stream_exists') {
      if (expected === 'stream_exists' && current === undefined)
        throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
      if (current !== undefined) {
        // Like EventStoreDB's idempotency under `any`, recognised against recent events only: an
        // index by event id would cost every append a random B-tree write.
        const at = this.findEventId.get(
          streamId,
          current - ANY_IDEMPOTENCY_WINDOW,
          events[0].id,
        ) as number | undefined;
        if (at !== undefined) {
          replay = this.replayAt(streamId, events, at);
          if (!replay)
            throw new WrongExpectedRevisionError(streamId, expected, current);
        }
      }
    } else {
      const expectedRevision = expected === 'no_stream' ? -1 : expected;
      if ((current ?? -1) !== expectedRevision) {
        if (current !== undefined && current > expectedRevision)
          replay = this.replayAt(streamId, events, expectedRevision + 1);
        if (!replay)
          throw new WrongExpectedRevisionError(
            streamId,
            String(expected),
            current ?? 'no_stream',
          );
      }
    }
    if (replay) return { result: replay };

    const recordedMs = Math.max(
      this.clock.now().getTime(),
      this.lastRecordedMs,
    );
    const recordedAt = new Date(recordedMs).toISOString();
    let position = this.head;
    let revision = current ?? -1;
    const rows = new Array<EventRow>(events.length);
    const params = this.insertParams;
    let p = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      rows[i] = [
        ++position,
        streamId,
        ++revision,
        e.id,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        recordedAt,
      ];
    }
    // One seal for the whole append (see seal.ts), stored on each of its rows.
    const seal = sealRows(this.lastSeal, rows);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      // Many rows per statement: one native call per INSERT_ROWS events instead of one per event.
      if (events.length - (i - (i % INSERT_ROWS)) >= INSERT_ROWS) {
        for (let c = 0; c < 8; c++) params[p++] = row[c];
        params[p++] = i === rows.length - 1 ? seal : null;
        if (p === params.length) {
          this.insertMany.run(params);
          p = 0;
        }
      } else {
        this.insert.run(...row, i === rows.length - 1 ? seal : null);
      }
    }
    return {
      result: { streamId, nextExpectedRevision: revision, position },
      written: { head: position, recordedMs, seal, rows },
    };
  }

  /** The original result when `events` are exactly what is stored from `revision` on. */
  private replayAt(
    streamId: string,
    events: readonly NewEvent[],
    revision: number,
  ): AppendResult | undefined {
    const stored = this.streamFrom.all(streamId, revision, events.length) as [
      string,
      number,
    ][];
    if (stored.length !== events.length) return undefined;
    for (let i = 0; i < events.length; i++) {
      if (stored[i][0].toLowerCase() !== events[i].id.toLowerCase())
        return undefined;
    }
    return {
      streamId,
      nextExpectedRevision: revision + events.length - 1,
      position: stored[stored.length - 1][1],
    };
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
      if (first) {
        first = false;
        if (this.streamHead.get(streamId) === undefined)
          throw new StreamNotFoundError(streamId);
      }
      if (remaining <= 0) return { items: [], done: true };
      const page = this.readPage(sql, [streamId, cursor], remaining);
      remaining -= page.items.length;
      const last = page.items[page.items.length - 1];
      if (last) cursor = backwards ? last.revision - 1 : last.revision + 1;
      return {
        items: page.items,
        done: page.done || remaining <= 0 || cursor < 0,
      };
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

  /** One bounded page: at most pageSize rows and about pageChars characters of payload. */
  private readPage(
    sql: string,
    params: unknown[],
    remaining: number,
  ): Page<RecordedEvent> {
    const limit = Math.min(this.pageSize, remaining);
    const items: RecordedEvent[] = [];
    let chars = 0;
    let cut = false;
    try {
      for (const row of this.statement(sql).iterate(
        ...params,
        limit,
      ) as IterableIterator<EventRow>) {
        items.push(toEvent(row));
        chars += row[5].length + row[6].length;
        if (chars >= this.pageChars && items.length < limit) {
          cut = true;
          break;
        }
      }
    } catch (error) {
      throw this.storeError(error);
    }
    return { items, done: !cut && items.length < limit };
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
        () => this.head,
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
    return { events: page.items, scannedTo: Math.max(this.head, after) };
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
      return this.streamHead.get(streamId) as number | undefined;
    });
  }

  headPosition(): Promise<number> {
    return settle(() => {
      this.ensureOpen();
      return this.head;
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
      headPosition: this.head,
      ...(problem ? { detail: problem } : {}),
    });
  }

  private lastSealBefore(): string | undefined {
    return (
      (this.db
        .prepare(
          'SELECT seal FROM events WHERE seal IS NOT NULL ORDER BY position DESC LIMIT 1',
        )
        .pluck()
        .get() as string | undefined) ?? undefined
    );
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
        return (
          (this.db
            .prepare('SELECT seal FROM events WHERE position = ?')
            .pluck()
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
        return this.walkSeals();
      } catch (error) {
        throw this.storeError(error);
      }
    });
  }

  /**
   * Recomputes every row's seal in position order. Synchronous: the walk sees one consistent
   * log (no append can land midway), at about a second per million events.
   */
  private walkSeals(): SealReport {
    let previous = genesisSeal(this.id);
    let sealedHead = 0;
    let expected = 1;
    let checked = 0;
    let firstBroken: SealBreak | null = null;
    /** The append being read (its rows hashed as they come) until its last row, which holds the seal. */
    let group: { hash: Hash; first: SealBreak } | undefined;
    const rows = this.db
      .prepare(`SELECT ${INSERT_COLUMNS} FROM events ORDER BY position`)
      .raw()
      .iterate() as IterableIterator<[...EventRow, string | null]>;
    for (const row of rows) {
      checked++;
      const [position, stream, revision] = row;
      const seal = row[8];
      const here = (problem: SealBreak['problem']): SealBreak => ({
        position,
        stream,
        revision,
        problem,
      });
      if (position !== expected) {
        firstBroken = here('position-gap');
      } else {
        group ??= {
          hash: createHash('sha256').update(previous),
          first: here('seal-mismatch'),
        };
        group.hash.update(encode(row as unknown as EventRow));
        if (seal) {
          if (group.hash.digest('hex') !== seal) firstBroken = group.first;
          else {
            previous = seal;
            sealedHead = position;
          }
          group = undefined;
        }
      }
      if (firstBroken) {
        // Everything after a break rests on it: stop at the first one.
        for (const _ of rows) void _;
        break;
      }
      expected = position + 1;
    }
    // Rows after the last seal: the end of an append was cut off (or never sealed).
    if (!firstBroken && group)
      firstBroken = { ...group.first, problem: 'unsealed' };
    return {
      storeId: this.id,
      checked,
      head: { position: sealedHead, seal: previous },
      firstBroken,
    };
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
      this.flush();
      this.closed = true;
      for (const subscription of this.subscriptions) subscription.complete();
      this.subscriptions.clear();
      this.statements.clear();
      this.db.close();
    });
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).raw();
      // Filter shapes are few (a handful of prefixes/types); bound the cache anyway.
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
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

/**
 * One subscriber: pages from the table while catching up (so no gap and no repeat are possible
 * across the switch), then takes live events pushed in by `append` after each commit.
 */
class LiveSubscription {
  live = false;
  private stopped = false;
  /** Last position handed to the subscriber (or passed over by the filter). */
  private delivered: number;
  /** Last position known to this subscription (delivered or waiting in the buffer). */
  private seen: number;
  private buffer: RecordedEvent[] = [];
  private scheduled = false;

  constructor(
    private readonly subscriber: Subscriber<SubscriptionMessage>,
    afterPosition: number,
    private readonly matches: (event: RecordedEvent) => boolean,
    private readonly bufferSize: number,
    private readonly page: (after: number) => {
      events: RecordedEvent[];
      scannedTo: number;
    },
    private readonly head: () => number,
  ) {
    this.delivered = afterPosition;
    this.seen = afterPosition;
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.buffer = [];
  }

  complete(): void {
    this.stop();
    this.subscriber.complete();
  }

  push(events: RecordedEvent[]): void {
    if (this.stopped) return;
    for (const event of events) {
      if (event.position <= this.seen) continue;
      this.seen = event.position;
      if (this.matches(event)) this.buffer.push(event);
    }
    if (this.buffer.length > this.bufferSize) {
      // Too far behind live: drop the buffer and page the rest from the table.
      this.buffer = [];
      this.live = false;
      this.seen = this.delivered;
      this.subscriber.next({ kind: 'fell-behind', position: this.delivered });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.run();
      } catch (error) {
        this.stopped = true;
        this.subscriber.error(error);
      }
    });
  }

  private run(): void {
    if (this.stopped) return;
    if (this.live) {
      const events = this.buffer;
      this.buffer = [];
      for (const event of events) {
        // A push during delivery may have found us behind: the table takes over from `delivered`.
        if (this.stopped || !this.live) return;
        this.delivered = event.position;
        this.subscriber.next({ kind: 'event', event });
      }
      if (!this.live) return;
      if (this.buffer.length === 0) this.delivered = this.seen;
      else this.schedule();
      return;
    }
    const { events, scannedTo } = this.page(this.delivered);
    for (const event of events) {
      if (this.stopped) return;
      this.delivered = event.position;
      this.subscriber.next({ kind: 'event', event });
    }
    this.delivered = scannedTo;
    this.seen = scannedTo;
    // Checked after delivery: a subscriber that appended meanwhile is paged again, not skipped.
    if (this.head() <= scannedTo) {
      this.live = true;
      this.subscriber.next({ kind: 'caught-up', position: scannedTo });
    } else {
      this.schedule();
    }
  }
}

/** Runs synchronous store work as the port's promise: a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(
      error instanceof Error ? error : new Error(String(error)),
    );
  }
}

function toEvent(row: EventRow): RecordedEvent {
  return {
    id: row[3],
    streamId: row[1],
    revision: row[2],
    position: row[0],
    recordedAt: row[7],
    type: row[4],
    data: JSON.parse(row[5]) as JsonObject,
    metadata: JSON.parse(row[6]) as JsonObject,
  };
}

function filterSql(filter: EventFilter | undefined): {
  clause: string;
  params: unknown[];
} {
  let clause = '';
  const params: unknown[] = [];
  if (filter?.streamPrefixes) {
    clause += ` AND (${filter.streamPrefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`;
    for (const prefix of filter.streamPrefixes)
      params.push(prefix.length, prefix);
  }
  if (filter?.eventTypes) {
    clause += ` AND type IN (${filter.eventTypes.map(() => '?').join(', ')})`;
    params.push(...filter.eventTypes);
  }
  return { clause, params };
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

function metaValue(db: Database.Database, key: string): string | undefined {
  const value = db
    .prepare('SELECT value FROM tangle_meta WHERE key = ?')
    .pluck()
    .get(key) as string | undefined;
  return value;
}

/** SQLite's `quick_check`/`integrity_check` findings; empty when the file is sound. */
function integrityProblems(
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
