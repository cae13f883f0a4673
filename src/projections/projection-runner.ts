import type { Subscription } from 'rxjs';
import type {
  EventFilter,
  EventStore,
  RecordedEvent,
} from '../event-store/event-store.port';
import { TangleError } from '../shared/errors';
import { BatchOutcome, ProjectionFailedError } from './committed-batch';

/** How often catch-up reports how far it got. */
const PROGRESS_EVERY_MS = 5_000;

export type RunnerState =
  'idle' | 'catching-up' | 'live' | 'failed' | 'stopped';

export interface RunnerLogger {
  log(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ProjectionRunnerOptions {
  /** e.g. `exposure`. */
  name: string;
  version: number;
  store: EventStore;
  /**
   * The projection's work for one batch (`version` is the read-model version it is for: a rebuild
   * runs a second one beside the serving one), called directly, one batch at a time: the runner
   * waits for the outcome (or the error, with its position) before the next batch.
   */
  project(
    version: number,
    events: readonly RecordedEvent[],
  ): BatchOutcome | Promise<BatchOutcome>;
  /**
   * Runs `write` and saves `checkpoint` in ONE transaction of the read model's database:
   * a process killed at any point resumes with nothing counted twice or missed. A promise: the
   * runner waits for it before the next batch (a version being built, written by another thread).
   */
  commit(write: () => void, checkpoint: number): void | Promise<void>;
  /** The stored checkpoint: the last position already projected. */
  afterPosition: number;
  filter?: EventFilter;
  /** Most events per batch (catch-up); live events go as they come. Default 2000. */
  batchSize?: number;
  /**
   * Live: how long after the last live batch committed the next one may start, asked each time
   * (0 or none: at once, in the turn its events came). Above 0, a batch starts at the end of the
   * turn and no sooner than that: under load the events of several commits of the store share one
   * transaction, and read-your-writes waits at most that long more.
   */
  liveGatherMs?(): number;
  logger: RunnerLogger;
  onCaughtUp?(position: number): void;
  onFailed?(error: ProjectionFailedError): void;
}

/** The projection did not reach `minPosition` in time (HTTP 504). */
export class ProjectionTimeoutError extends TangleError {
  constructor(
    projection: string,
    minPosition: number,
    reached: number,
    timeoutMs: number,
  ) {
    super(
      'timeout',
      `minPosition: projection ${projection} reached ${reached}, not ${minPosition}, within ${timeoutMs} ms`,
      {
        field: 'minPosition',
        details: { minPosition, position: reached },
      },
    );
  }
}

/** The projection stopped on an error and cannot answer until it is rebuilt or restarted. */
export class ProjectionUnavailableError extends TangleError {
  constructor(message: string) {
    super('event_store_unavailable', message);
  }
}

/**
 * Feeds one projection from `subscribeAll`, starting after its stored checkpoint, in global order.
 * For each batch it calls the projection (`project`), awaits its outcome, then commits the
 * outcome's writes together with the checkpoint. An error of the projection stops the runner
 * (state `failed`, the event position logged and kept for /health); nothing is skipped.
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private queue: RecordedEvent[] = [];
  private queueHead = 0;
  private pumping = false;
  private pumpScheduled = false;
  /** The first position of the batch the projection is working on. */
  private inFlight?: number;
  private pendingCaughtUp: number | null = null;
  private waiters: {
    position: number;
    resolve: () => void;
    reject: (error: Error) => void;
  }[] = [];
  private stateValue: RunnerState = 'idle';
  private committed: number;
  /** Highest position known to be projected (filtered-out positions included once caught up). */
  private reachedValue: number;
  private failure?: ProjectionFailedError;
  /** When the last batch committed live (performance.now()): the next waits for `liveGatherMs`. */
  private lastLiveCommit = -Infinity;
  /** When catch-up progress was last logged (a rebuild of a large store takes a while). */
  private progressLoggedAt = Date.now();

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.committed = options.afterPosition;
    this.reachedValue = options.afterPosition;
  }

  get name(): string {
    return this.options.name;
  }

  get version(): number {
    return this.options.version;
  }

  get state(): RunnerState {
    return this.stateValue;
  }

  /** The checkpoint: last position committed with the read model. */
  get position(): number {
    return this.committed;
  }

  get reached(): number {
    return this.reachedValue;
  }

  get error(): ProjectionFailedError | undefined {
    return this.failure;
  }

  start(): void {
    if (this.stateValue !== 'idle')
      throw new Error(
        `projection ${this.name} v${this.version} already started`,
      );
    this.stateValue = 'catching-up';
    this.subscription = this.options.store
      .subscribeAll({
        afterPosition: this.options.afterPosition,
        filter: this.options.filter,
      })
      .subscribe({
        next: (message) => {
          if (message.kind === 'event') this.queue.push(message.event);
          else if (message.kind === 'caught-up')
            this.pendingCaughtUp = message.position;
          else if (this.stateValue === 'live') this.stateValue = 'catching-up';
          this.schedulePump();
        },
        error: (error: unknown) =>
          this.fail(
            new ProjectionFailedError(this.name, this.committed + 1, error),
          ),
      });
  }

  stop(): void {
    if (this.stateValue !== 'failed') this.stateValue = 'stopped';
    this.subscription?.unsubscribe();
    this.queue = [];
    this.queueHead = 0;
  }

  /** Resolves once the projection has reached `position`; rejects after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    if (this.reachedValue >= position) return Promise.resolve();
    if (this.failure)
      return Promise.reject(
        new ProjectionUnavailableError(this.failure.message),
      );
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new ProjectionTimeoutError(
            this.name,
            position,
            this.reachedValue,
            timeoutMs,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * The pump starts after the store has handed over what it delivers in one go (a catch-up page
   * is delivered in one synchronous loop): started from the first event it would take that event
   * alone as a batch, and the rest of the page as another — half the batches of a rebuild would
   * hold one event, each with its own transaction and checkpoint.
   */
  private schedulePump(): void {
    if (this.pumping || this.pumpScheduled) return;
    this.pumpScheduled = true;
    const run = (): void => {
      this.pumpScheduled = false;
      void this.pump();
    };
    const gather =
      this.stateValue === 'live' ? (this.options.liveGatherMs?.() ?? 0) : 0;
    if (gather <= 0) {
      queueMicrotask(run);
      return;
    }
    // Live, appends commit one by one or in small groups (the writes of one stream take turns on
    // its lock, each its own commit): their events wait for the turn's end (the check phase,
    // before the next poll for I/O), and under load until `gather` ms after the last live
    // commit, then go as one batch — one read-model transaction and checkpoint instead of many.
    const wait = this.lastLiveCommit + gather - performance.now();
    if (wait >= 1) setTimeout(run, wait).unref();
    else setImmediate(run);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const batchSize = this.options.batchSize ?? 2000;
    try {
      while (this.isRunning()) {
        if (this.queueHead >= this.queue.length) {
          this.queue = [];
          this.queueHead = 0;
          if (this.pendingCaughtUp !== null) {
            const at = this.pendingCaughtUp;
            this.pendingCaughtUp = null;
            this.advanceReached(Math.max(this.committed, at));
            if (this.stateValue === 'catching-up') {
              this.stateValue = 'live';
              this.options.onCaughtUp?.(this.reachedValue);
            }
          }
          break;
        }
        const end = Math.min(this.queue.length, this.queueHead + batchSize);
        const events: RecordedEvent[] = [];
        for (let i = this.queueHead; i < end; i++) {
          // duplicate guard: a redelivered position (after fell-behind) is never projected twice
          if (this.queue[i].position > this.committed)
            events.push(this.queue[i]);
        }
        this.queueHead = end;
        if (this.queueHead > 50_000) {
          this.queue = this.queue.slice(this.queueHead);
          this.queueHead = 0;
        }
        if (events.length === 0) continue;
        await this.project(events);
      }
    } catch (error) {
      this.fail(
        error instanceof ProjectionFailedError
          ? error
          : new ProjectionFailedError(
              this.name,
              this.inFlight ?? this.committed + 1,
              error,
            ),
      );
    } finally {
      this.pumping = false;
    }
  }

  private isRunning(): boolean {
    return this.stateValue === 'catching-up' || this.stateValue === 'live';
  }

  private async project(events: RecordedEvent[]): Promise<void> {
    const firstPosition = events[0].position;
    this.inFlight = firstPosition;
    let outcome: BatchOutcome;
    try {
      outcome = await this.options.project(this.version, events);
    } catch (error) {
      throw error instanceof ProjectionFailedError
        ? error
        : new ProjectionFailedError(this.name, firstPosition, error);
    } finally {
      this.inFlight = undefined;
    }
    if (!this.isRunning()) return; // stopped while the projection worked: commit nothing
    const checkpoint = outcome.failure
      ? lastBefore(events, outcome.failure.position, this.committed)
      : events[events.length - 1].position;
    if (checkpoint > this.committed) {
      try {
        const written = this.options.commit(() => outcome.write(), checkpoint);
        if (written) await written;
      } catch (error) {
        throw new ProjectionFailedError(this.name, firstPosition, error);
      }
      this.committed = checkpoint;
      if (this.stateValue === 'live') this.lastLiveCommit = performance.now();
      outcome.afterCommit?.();
      this.advanceReached(this.committed);
      if (
        this.stateValue === 'catching-up' &&
        Date.now() - this.progressLoggedAt >= PROGRESS_EVERY_MS
      ) {
        this.progressLoggedAt = Date.now();
        this.options.logger.log(
          `projection ${this.name} v${this.version} catching up: at position ${this.committed}`,
        );
      }
    }
    if (outcome.failure) throw outcome.failure;
  }

  private advanceReached(position: number): void {
    if (position > this.reachedValue) this.reachedValue = position;
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.position <= this.reachedValue);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.position > this.reachedValue);
    for (const w of ready) w.resolve();
  }

  private fail(error: ProjectionFailedError): void {
    if (this.stateValue === 'failed' || this.stateValue === 'stopped') return;
    this.stateValue = 'failed';
    this.failure = error;
    this.subscription?.unsubscribe();
    const cause = error.cause instanceof Error ? error.cause.stack : undefined;
    this.options.logger.error(
      `projection ${this.name} v${this.version} stopped at event position ${error.position}: ${error.message}`,
      cause,
    );
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters)
      w.reject(new ProjectionUnavailableError(error.message));
    this.options.onFailed?.(error);
  }
}

/** The last position of `events` before `position` (or `fallback` when none). */
function lastBefore(
  events: readonly RecordedEvent[],
  position: number,
  fallback: number,
): number {
  let last = fallback;
  for (const e of events) if (e.position < position) last = e.position;
  return last;
}
