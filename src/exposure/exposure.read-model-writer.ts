import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventRows } from './exposure.read-model';

const WORKER_FILE = join(__dirname, 'exposure.read-model.worker.js');
/**
 * Messages posted to the thread and not yet answered: one it writes, three waiting behind it.
 * With one waiting, a rebuild's main thread waited for the writer about ten times (0.2–0.24 s in
 * all): the writer shares its core with the collector's helper threads, and falls behind in
 * spells. Each message holds about 10,000 rows (2–3 MB).
 */
const MAX_POSTED = 4;

export interface WriterSetup {
  readonly path: string;
  /** The projection's name in projection_versions. */
  readonly name: string;
  readonly walPages: number;
  readonly busyTimeoutMs: number;
}
/** One transaction of the thread: the batches' rows, then the last one's checkpoint. */
export interface WriterRequest {
  readonly version: number;
  readonly batches: readonly EventRows[];
  readonly checkpoint: number;
}
export interface WriterReply {
  readonly checkpoint: number;
  readonly error?: string;
}
export interface WriterOptions {
  /**
   * Rows gathered before they go to the thread as one message (one transaction, the last batch's
   * checkpoint); `drain` sends what is gathered. Each message costs the main thread about a
   * millisecond whatever its size, and each transaction a commit. Default 0: each batch goes
   * as soon as the thread has room for it.
   */
  readonly gatherRows?: number;
}

/**
 * Writes a version being built from a worker thread, so the main thread reads, parses and indexes
 * the next batch while SQLite commits this one (and its checkpoint) on the other core. Batches are
 * written in the order given. They are gathered (see {@link WriterOptions.gatherRows}) and go as
 * one message when the thread has fewer than MAX_POSTED; `write` answers a promise when the
 * thread has MAX_POSTED and a full message waits behind them (the runner awaits it:
 * backpressure, so memory stays bounded when SQLite is slower).
 *
 * Only for a version being built: its checkpoint may trail what the main thread has indexed, which
 * is harmless because a building version is dropped, never resumed, after a restart. Before the
 * version is promoted `drain` waits for every batch to be committed.
 *
 * Available where the worker is compiled to JavaScript and the projections file is a file (tests
 * run the TypeScript sources, often on `:memory:`: there the main thread writes, as before).
 */
export class ReadModelWriterThread {
  private readonly worker: Worker;
  private readonly gatherRows: number;
  /** Batches given to `write` and not yet committed. */
  private inFlight = 0;
  /** Batches in each message posted and not yet answered, oldest first. */
  private readonly posted: number[] = [];
  /** Batches not yet posted, with the last checkpoint, and their rows. */
  private held?: { version: number; batches: EventRows[]; checkpoint: number };
  private heldRows = 0;
  /** Drains waiting: until they resolve, batches go as soon as the thread has room (no gathering). */
  private draining = 0;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private failure?: Error;
  private closed = false;

  static available(path: string): boolean {
    return (
      path !== ':memory:' &&
      __filename.endsWith('.js') &&
      existsSync(WORKER_FILE)
    );
  }

  constructor(
    setup: WriterSetup,
    private readonly onFailed: (error: Error) => void,
    /** How the thread is started (tests start exposure.read-model.worker.ts through a compiler). */
    start: (setup: WriterSetup) => Worker = (workerData) =>
      new Worker(WORKER_FILE, { workerData }),
    options: WriterOptions = {},
  ) {
    this.gatherRows = options.gatherRows ?? 0;
    this.worker = start(setup);
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.error !== undefined)
        return this.fail(
          new Error(
            `the read model's writer failed at checkpoint ${reply.checkpoint}: ${reply.error}`,
          ),
        );
      this.inFlight -= this.posted.shift() ?? 0;
      if (this.ready()) this.post();
      this.wake();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed)
        this.fail(new Error(`the read model's writer exited (code ${code})`));
    });
  }

  /** Batches written and not yet committed. */
  get pending(): number {
    return this.inFlight;
  }

  /** Queues the batch with its checkpoint; a promise when the caller should wait before the next. */
  write(
    version: number,
    rows: EventRows,
    checkpoint: number,
  ): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (this.held && this.held.version !== version) this.post(true);
    if (this.held) {
      this.held.batches.push(rows);
      this.held.checkpoint = checkpoint;
    } else this.held = { version, batches: [rows], checkpoint };
    this.inFlight++;
    this.heldRows += rows.types.length;
    if (this.ready()) this.post();
    return this.full() ? this.until(() => !this.full()) : undefined;
  }

  /** The held batches should go: enough rows gathered, or a drain waits for them. */
  private ready(): boolean {
    return this.heldRows >= this.gatherRows || this.draining > 0;
  }

  /** The thread has MAX_POSTED messages and a full one waits behind them. */
  private full(): boolean {
    return this.posted.length >= MAX_POSTED && this.heldRows >= this.gatherRows;
  }

  /** Posts the held batches as one message if the thread has room for it (or `anyway`). */
  private post(anyway = false): void {
    const held = this.held;
    if (!held || (!anyway && this.posted.length >= MAX_POSTED)) return;
    this.held = undefined;
    this.heldRows = 0;
    const request: WriterRequest = held;
    this.worker.postMessage(
      request,
      held.batches.map((b) => b.numbers.buffer as ArrayBuffer),
    );
    this.posted.push(held.batches.length);
  }

  /**
   * Sends what is gathered; resolves once every batch written so far, and any written while it
   * waits (those go at once, not gathered), is committed.
   */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    this.post(true);
    this.draining++;
    try {
      await this.until(() => this.inFlight === 0);
    } finally {
      this.draining--;
    }
  }

  private until(ready: () => boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          if (ready()) resolve();
          else this.waiters.push(waiter);
        },
        reject,
      };
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  private fail(error: Error): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
    this.onFailed(error);
    void this.close();
  }

  /** Stops the thread (a batch it was writing is rolled back with its checkpoint). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }
}
