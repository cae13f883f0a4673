import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventRows } from './exposure.read-model';

const WORKER_FILE = join(__dirname, 'exposure.read-model.worker.js');
/** Batches written ahead of the writer thread at most (memory stays bounded when SQLite is slower). */
const MAX_IN_FLIGHT = 4;

export interface WriterSetup {
  readonly path: string;
  /** The projection's name in projection_versions. */
  readonly name: string;
  readonly walPages: number;
  readonly busyTimeoutMs: number;
}
export interface WriterRequest {
  readonly version: number;
  readonly rows: EventRows;
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
 * already waiting (the runner awaits it: backpressure).
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
  private inFlight = 0;
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
      this.inFlight--;
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
    const request: WriterRequest = { version, rows, checkpoint };
    this.worker.postMessage(request, [rows.numbers.buffer as ArrayBuffer]);
    this.inFlight++;
    return this.inFlight >= MAX_IN_FLIGHT
      ? this.below(MAX_IN_FLIGHT)
      : undefined;
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
