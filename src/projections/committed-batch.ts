import type { IEvent } from '@nestjs/cqrs';
import type { RecordedEvent } from '../event-store/event-store.port';

/** What a projection's handler hands back for one batch; the runner commits it. */
export interface BatchOutcome {
  /** Runs inside the runner's transaction, just before the checkpoint is saved with it. */
  write(): void;
  /** Runs once the transaction has committed (update in-memory state, emit updates). */
  afterCommit?(): void;
  /**
   * The handler stopped at this event: the events before it were projected (the runner commits
   * them with the checkpoint just before `failure.position`), then the runner stops.
   */
  failure?: ProjectionFailedError;
}

/**
 * Committed events on their way to one projection through Nest's EventBus. The bus is only the
 * transport: the runner publishes one batch at a time and awaits `completion`, which the
 * `@EventsHandler` settles with its outcome (or its error) — so Nest's fire-and-forget publish
 * can neither reorder nor drop events, and no error vanishes into UnhandledExceptionBus.
 *
 * Each projection subclasses it (its handler is registered for the subclass only).
 */
export abstract class CommittedBatch implements IEvent {
  readonly completion: Promise<BatchOutcome>;
  private resolveFn!: (outcome: BatchOutcome) => void;
  private rejectFn!: (error: unknown) => void;
  private settled = false;

  constructor(
    /** The read-model version the batch is for (a rebuild runs a second version beside the serving one). */
    readonly version: number,
    /** In global order, positions strictly increasing. */
    readonly events: readonly RecordedEvent[],
  ) {
    this.completion = new Promise<BatchOutcome>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  get firstPosition(): number {
    return this.events[0]?.position ?? 0;
  }

  get lastPosition(): number {
    return this.events[this.events.length - 1]?.position ?? 0;
  }

  get isSettled(): boolean {
    return this.settled;
  }

  settle(outcome: BatchOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveFn(outcome);
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectFn(error);
  }
}

/**
 * The work of a projection handler, run so that every outcome reaches the runner:
 * `handle(batch) { runProjectionWork(batch, () => …pure evolve… ) }`.
 */
export function runProjectionWork(
  batch: CommittedBatch,
  work: () => BatchOutcome,
): void {
  try {
    batch.settle(work());
  } catch (error) {
    batch.fail(error);
  }
}

/** A handler error, with the position of the event it failed on when known. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} failed at position ${position}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'ProjectionFailedError';
  }
}
