import Database from 'better-sqlite3';
import { BoundedCache } from '../../shared/bounded-cache';
import { Clock } from '../../shared/time';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port';
import { validateAppend } from '../event-store.validation';
import { genesisSeal, sealRows } from './seal';
import { LARGEST_PAYLOAD_KEY, metaValue } from './sqlite-file';
import { EventRow, INSERT_COLUMNS, settle } from './sqlite-rows';

/** How many of a stream's latest events a re-append under `any`/`stream_exists` is recognised against. */
export const ANY_IDEMPOTENCY_WINDOW = 1_000;
/** Streams whose head the writer keeps in memory (beyond it, the longest unused is forgotten and read again). */
export const STREAM_HEADS_KEPT = 100_000;
/** Rows per multi-row INSERT (9 parameters each, well under SQLite's parameter limit). */
const INSERT_ROWS = 50;
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

/** What the writer needs of the store it writes for. */
export interface WriterHost {
  /** Throws when the store takes no writes (closed, damaged). */
  ensureWritable(): void;
  /** SQLite's errors made the store's own (its health learns of a failed write). */
  writeError(error: unknown): Error;
  /** True when someone listens for committed rows (live subscribers). */
  listening(): boolean;
  /** After a commit that wrote or replayed at least one append: the rows it wrote, in order. */
  committed(rows: EventRow[]): void;
}

/**
 * The embedded store's writer: the log's head and seal, each append's expected-revision check and
 * idempotent replay, and the group commit that writes concurrent appends in one transaction.
 */
export class GroupCommitWriter {
  /** Position of the last committed row (0 when empty). */
  head: number;
  private lastRecordedMs: number;
  /** The seal of the row at `head` (the genesis seal when empty). */
  private lastSeal: string;

  /**
   * The largest payload of any row of the file (data and metadata bytes), as tangle_meta keeps it
   * (LARGEST_PAYLOAD_KEY): raised in the transaction of an append that writes a larger row, and
   * put back with the heads when that transaction rolls back, so it is never below a committed
   * row's payload. Infinity when the file does not record it.
   */
  largestPayload: number;
  private readonly raiseLargestPayload: Database.Statement;

  /** The last recorded time written, and its text. */
  private recordedAtMs = Number.NaN;
  private recordedAtText = '';
  private readonly insert: Database.Statement;
  private readonly insertMany: Database.Statement;
  private readonly insertParams: unknown[] = new Array(INSERT_ROWS * 9);
  private readonly streamHead: Database.Statement;
  private readonly streamExists: Database.Statement;
  private readonly streamFrom: Database.Statement;
  private readonly findEventId: Database.Statement;
  /**
   * Each stream's last committed revision (-1: no such stream), as read or written here. The
   * writer is its file's only writer (the file is locked EXCLUSIVE from open to close; an
   * in-memory database has no other connection), so what it wrote or read stays true until it
   * writes again. Only committed heads enter: a group's own go to `groupHeads` first.
   */
  private readonly heads = new BoundedCache<string, number>(STREAM_HEADS_KEPT);
  /** The heads the transaction being written moved; made known when it commits, dropped when it fails. */
  private readonly groupHeads = new Map<string, number>();
  /** Appends made since the last group commit, written together on the next turn of the event loop. */
  private queue: Queued[] = [];
  /** True from the first append of a turn of the event loop until that turn's group is written. */
  private turnOpen = false;
  /** The last turn's group held several appends: the next turn's first append joins its group. */
  private busy = false;
  private readonly groupTx: (batch: readonly Queued[]) => (Pending | Failed)[];
  private readonly appendTx: (
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ) => Pending;
  constructor(
    db: Database.Database,
    storeId: string,
    private readonly clock: Clock,
    private readonly host: WriterHost,
  ) {
    this.insert = db.prepare(
      `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${ROW_PARAMS}`,
    );
    this.insertMany = db.prepare(
      `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${Array(INSERT_ROWS).fill(ROW_PARAMS).join(', ')}`,
    );
    this.largestPayload = Number(
      metaValue(db, LARGEST_PAYLOAD_KEY) ?? Infinity,
    );
    this.raiseLargestPayload = db.prepare(
      `UPDATE tangle_meta SET value = ? WHERE key = '${LARGEST_PAYLOAD_KEY}'`,
    );
    this.streamHead = db
      .prepare(
        'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck();
    // A forward seek: several times cheaper than the backward one of `streamHead`, which a
    // stream never written (a new deal's) then needs not.
    this.streamExists = db
      .prepare('SELECT 1 FROM events WHERE stream_id = ? LIMIT 1')
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
    const last = db
      .prepare(
        'SELECT position, recorded_at, seal FROM events ORDER BY position DESC LIMIT 1',
      )
      .raw()
      .get() as [number, string, string | null] | undefined;
    this.head = last?.[0] ?? 0;
    this.lastRecordedMs = last ? Date.parse(last[1]) : 0;
    // The head row ends an append, so it holds the seal (a cut-off tail is `verify`'s to report).
    this.lastSeal = last?.[2] ?? lastSealBefore(db) ?? genesisSeal(storeId);
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
          // No savepoint per append: a refusal (a wrong expected revision) is found before its
          // first row is inserted, so it leaves nothing to roll back and the others stay. Any
          // other failure (the store's own: a full disk) is thrown on and fails the whole group.
          const pending = this.appendInTransaction(
            item.streamId,
            item.events,
            item.expected,
          );
          // The next append of the group seals after this one and takes the positions after it.
          if (pending.written) this.advance(pending.written);
          return pending;
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError)
            return { failed: error };
          throw error;
        }
      }),
    );
  }

  /**
   * Group commit: the first append of a turn of the event loop is written at once (alone, as
   * before); the appends made after it in the same turn (concurrent requests) are written together
   * at the end of the turn, in one SQLite transaction with one commit. Each keeps its own
   * expected-revision check, idempotency and answer: one that is refused is refused before it
   * inserts a row, and the others are written. Under load (the last turn's group held several
   * appends) the first append of a turn waits for its group too. A failure of the store itself
   * (a full disk, a failed commit) fails the whole group, and nothing of it is written. Input is
   * checked at once (a bad append is refused before it is queued).
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      validateAppend(streamId, events, expectedRevision);
      this.host.ensureWritable();
    } catch (error) {
      return Promise.reject(
        error instanceof Error ? error : new Error(String(error)),
      );
    }
    const first = !this.turnOpen;
    if (first) {
      this.turnOpen = true;
      setImmediate(() => {
        this.turnOpen = false;
        // Under load (the last turn's group held several appends), the next turn's first append
        // waits for its group too: one commit for all of them instead of one more of its own.
        this.busy = this.queue.length >= 2;
        this.flush();
      });
    }
    if (first && !this.busy) {
      // The first append of a quiet turn is written at once, as a lone append always was; those
      // made after it in the same turn wait for the turn's end and go together.
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

  /** Writes the queued appends: alone in their own transaction, or together in one. */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.host.ensureWritable();
    } catch (error) {
      for (const item of batch) item.reject(error as Error);
      return;
    }
    const before = {
      head: this.head,
      recordedMs: this.lastRecordedMs,
      seal: this.lastSeal,
      largestPayload: this.largestPayload,
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
      // The group's commit failed: none of it is in the file, so the heads and seal are as before.
      this.endGroup(false);
      this.head = before.head;
      this.lastRecordedMs = before.recordedMs;
      this.lastSeal = before.seal;
      this.largestPayload = before.largestPayload;
      const failure = this.host.writeError(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    // Alone, a failure (refused, or its own commit failed) was rolled back with its transaction.
    const committed = batch.length > 1 || !('failed' in outcomes[0]);
    this.endGroup(committed);
    if (!committed) this.largestPayload = before.largestPayload;
    const written: EventRow[] = [];
    let wrote = false;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if ('failed' in outcome) {
        batch[i].reject(this.host.writeError(outcome.failed));
        continue;
      }
      wrote = true;
      if (outcome.written) {
        // Committed: only now do live subscribers hear of it (alone, the head moves here too).
        if (batch.length === 1) this.advance(outcome.written);
        if (this.host.listening()) written.push(...outcome.written.rows);
      }
    }
    if (wrote) this.host.committed(written);
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
    const current = this.headOf(streamId);
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
    // The appends of a group mostly share their millisecond: its text is made once.
    if (recordedMs !== this.recordedAtMs) {
      this.recordedAtMs = recordedMs;
      this.recordedAtText = new Date(recordedMs).toISOString();
    }
    const recordedAt = this.recordedAtText;
    let position = this.head;
    let revision = current ?? -1;
    const rows = new Array<EventRow>(events.length);
    const params = this.insertParams;
    let p = 0;
    let largest = this.largestPayload;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const data = JSON.stringify(e.data);
      const metadata = JSON.stringify(e.metadata);
      rows[i] = [
        ++position,
        streamId,
        ++revision,
        e.id,
        e.type,
        data,
        metadata,
        recordedAt,
      ];
      // UTF-8 takes at most three bytes per UTF-16 unit: most rows are measured by their length
      if (3 * (data.length + metadata.length) > largest)
        largest = Math.max(
          largest,
          Buffer.byteLength(data, 'utf8') + Buffer.byteLength(metadata, 'utf8'),
        );
    }
    if (largest > this.largestPayload) {
      this.raiseLargestPayload.run(String(largest));
      this.largestPayload = largest;
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
    // The next append of this transaction to the stream follows this one.
    this.groupHeads.set(streamId, revision);
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

  /** The stream's last revision, undefined for a stream never written. */
  streamRevision(streamId: string): number | undefined {
    return this.headOf(streamId);
  }

  /**
   * The stream's last revision inside the transaction being written (its own appends first), else
   * as committed: remembered, or read once. A head read inside a transaction is a committed one
   * (a stream this transaction wrote is found in `groupHeads` before any read).
   */
  private headOf(streamId: string): number | undefined {
    const known = this.groupHeads.get(streamId) ?? this.heads.get(streamId);
    if (known !== undefined) return known < 0 ? undefined : known;
    const read =
      this.streamExists.get(streamId) === undefined
        ? undefined
        : (this.streamHead.get(streamId) as number);
    this.heads.set(streamId, read ?? -1);
    return read;
  }

  /** After a transaction: its heads become the committed ones, or (rolled back) are forgotten. */
  private endGroup(committed: boolean): void {
    if (committed)
      for (const [streamId, revision] of this.groupHeads)
        this.heads.set(streamId, revision);
    this.groupHeads.clear();
  }
}

function lastSealBefore(db: Database.Database): string | undefined {
  return (
    (db
      .prepare(
        'SELECT seal FROM events WHERE seal IS NOT NULL ORDER BY position DESC LIMIT 1',
      )
      .pluck()
      .get() as string | undefined) ?? undefined
  );
}
