import { TangleError } from '../shared/errors';

/** The stream's revision is not the one the writer expected. Carries the actual revision. */
export class WrongExpectedRevisionError extends TangleError {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    /** The stream's current revision, or `'no_stream'` when it does not exist. */
    readonly actual: number | 'no_stream',
  ) {
    super(
      'wrong_expected_revision',
      `stream ${streamId}: expected revision ${expected}, actual ${String(actual)}`,
      {
        field: 'revision',
        details: { currentRevision: actual === 'no_stream' ? null : actual },
      },
    );
  }
}

export class StreamNotFoundError extends TangleError {
  constructor(readonly streamId: string) {
    super('stream_not_found', `stream ${streamId} does not exist`);
  }
}

/** The store cannot be used: unreachable, locked by another writer, or not a Tangle store. */
export class EventStoreUnavailableError extends TangleError {
  constructor(message: string) {
    super('event_store_unavailable', message);
  }
}

/** The file exists but is not a Tangle event store (another SQLite database, a text file…). */
export class NotATangleStoreError extends EventStoreUnavailableError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path} is not a Tangle event store (${reason})`);
  }
}

/** Another process holds the store file for writing (the embedded store has one writer per file). */
export class EventStoreLockedError extends EventStoreUnavailableError {
  constructor(readonly path: string) {
    super(
      `${path} is in use by another process (the embedded event store allows one writer per file)`,
    );
  }
}

/** The store was closed (shutdown); nothing more can be read or written through it. */
export class EventStoreClosedError extends EventStoreUnavailableError {
  constructor(location: string) {
    super(`the event store at ${location} is closed`);
  }
}
