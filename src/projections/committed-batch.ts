/** What a projection hands back for one batch of committed events; the runner commits it. */
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

/** A projection's error, with the position of the event it failed on when known. */
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
