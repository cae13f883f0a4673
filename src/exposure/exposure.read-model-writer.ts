import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventRows } from './exposure.read-model';

const WORKER_FILE = join(__dirname, 'exposure.read-model.worker.js');
/** Batches written ahead of the writer thread at most (memory stays bounded when SQLite is slower). */
const MAX_IN_FLIGHT = 8;
/** Messages posted to the thread and not yet answered: one it writes, one waiting behind it. */
const MAX_POSTED = 2;

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

/**
 * Writes a version being built from a worker thread, so the main thread reads, parses and indexes
 * the next batch while SQLite commits this one (and its checkpoint) on the other core. Batches are
 * written in the order given; `write` answers a promise only when MAX_IN_FLIGHT batches are
 * already waiting (the runner awaits it: backpressure). While the thread is busy with two
 * messages, the batches that come meanwhile wait here and go as one message, written in one
 * transaction with the last one's checkpoint: the slower SQLite is, the larger its transactions.
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
  /** Batches given to `write` and not yet committed. */
  private inFlight = 0;
  /** Batches in each message posted and not yet answered, oldest first. */
  private readonly posted: number[] = [];
  /** Batches not yet posted (the thread has MAX_POSTED messages), with the last checkpoint. */
  private held?: { version: number; batches: EventRows[]; checkpoint: number };
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
  ) {
    this.worker = start(setup);
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.error !== undefined)
        return this.fail(
          new Error(
            `the read model's writer failed at checkpoint ${reply.checkpoint}: ${reply.error}`,
          ),
        );
      this.inFlight -= this.posted.shift() ?? 0;
      this.post();
      this.wake();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed)
        this.fail(new Error(`the read model's writer exited (code ${code})`));
    });
  }

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
    this.post();
    return this.inFlight >= MAX_IN_FLIGHT
      ? this.below(MAX_IN_FLIGHT)
      : undefined;
  }

  /** Posts the held batches as one message if the thread has room for it (or `anyway`). */
  private post(anyway = false): void {
    const held = this.held;
    if (!held || (!anyway && this.posted.length >= MAX_POSTED)) return;
    this.held = undefined;
    const request: WriterRequest = held;
    this.worker.postMessage(
      request,
      held.batches.map((b) => b.numbers.buffer as ArrayBuffer),
    );
    this.posted.push(held.batches.length);
  }

  /** Resolves once every batch queued so far is committed. */
  drain(): Promise<void> {
    return this.below(1);
  }

  private below(limit: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inFlight < limit) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          if (this.inFlight < limit) resolve();
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
