import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  START,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { ValidationError } from '../../shared/errors';
import {
  EventStoreClosedError,
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
  SubscribeAllOptions,
  SubscriptionMessage,
} from '../event-store.port';
import {
  eventMatcher,
  validateAppend,
  validateReadAll,
  validateReadStream,
  validateReadStreams,
  validateStreamId,
  validateSubscribeAll,
} from '../event-store.validation';
import {
  isCancellation,
  messageOf,
  NO_POSITION,
  positionOf,
  serverFilter,
  toExpected,
  toPosition,
  toRecorded,
  toStoreError,
} from './eventstoredb-mapping';

export interface EventStoreDbOptions {
  /** How long to wait for the server to answer when connecting (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * The EventStoreDB adapter (`@eventstore/db-client` 6, gRPC).
 *
 * Positions: our numeric `position` is the event's **commit position** in EventStoreDB's
 * transaction log (a byte offset). Every event written over gRPC is its own log record, committed
 * implicitly, so its commit position equals its prepare position: unique per event, and strictly
 * increasing in `$all` order. Mapping back, position `p` is the log position `{ commit: p, prepare: p }`.
 * Positions are not dense (1, 2, 3… is the SQLite adapter's); they stay exact as JavaScript numbers
 * up to 2^53 bytes (8 PiB) of log.
 *
 * System streams and events (`$…`) are never returned. `recordedAt` is the server's `created`
 * time (the server stamps it; the `clock` option applies to the embedded store only).
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private closed = false;
  private readonly live = new Set<{ unsubscribe(): Promise<void> }>();

  static async connect(
    connectionString: string,
    redacted: string,
    options: EventStoreDbOptions = {},
  ): Promise<EventStoreDbEventStore> {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new ValidationError(
        'EVENT_STORE_URL',
        `"${redacted}" cannot be used: ${messageOf(error)}`,
      );
    }
    const store = new EventStoreDbEventStore(client, redacted);
    try {
      await store.lastPosition(options.connectTimeoutMs ?? 10_000);
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw new EventStoreUnavailableError(
        `EventStoreDB at ${redacted} does not answer: ${messageOf(error)}`,
      );
    }
    return store;
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    readonly location: string,
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    this.ensureOpen();
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: e.data,
            metadata: e.metadata,
          }),
        ),
        { expectedRevision: toExpected(expectedRevision) },
      );
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // An idempotent replay may come back without a position: take the stored event's.
      const position =
        result.position && result.position.commit < NO_POSITION
          ? Number(result.position.commit)
          : await this.positionAt(streamId, nextExpectedRevision);
      return { streamId, nextExpectedRevision, position };
    } catch (error) {
      throw this.toStoreError(error, streamId, expectedRevision);
    }
  }

  private async positionAt(
    streamId: string,
    revision: number,
  ): Promise<number> {
    for await (const resolved of this.client.readStream(streamId, {
      fromRevision: BigInt(revision),
      maxCount: 1,
    })) {
      const position = positionOf(resolved);
      if (position !== undefined) return position;
    }
    throw new EventStoreUnavailableError(
      `EventStoreDB at ${this.location} did not report the position of ${streamId}@${revision}`,
    );
  }

  readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    validateReadStream(streamId, options);
    const backwards = options.direction === 'backwards';
    return {
      [Symbol.asyncIterator]: () =>
        this.streamEvents(streamId, options, backwards),
    };
  }

  private async *streamEvents(
    streamId: string,
    options: ReadStreamOptions,
    backwards: boolean,
  ): AsyncGenerator<RecordedEvent> {
    this.ensureOpen();
    if (options.maxCount === 0) {
      if ((await this.streamRevision(streamId)) === undefined)
        throw new StreamNotFoundError(streamId);
      return;
    }
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision !== undefined
          ? BigInt(options.fromRevision)
          : backwards
            ? END
            : START,
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    try {
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (event) yield event;
      }
    } catch (error) {
      throw this.toStoreError(error, streamId);
    } finally {
      read.destroy();
    }
  }

  /** One server read per stream, one after another (the server has no read of several streams). */
  readStreams(
    streamIds: readonly string[],
    options: ReadStreamsOptions = {},
  ): AsyncIterable<RecordedEvent> {
    validateReadStreams(streamIds, options);
    const ids = [...new Set(streamIds)];
    const to = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    return {
      [Symbol.asyncIterator]: () => this.streamsEvents(ids, to),
    };
  }

  private async *streamsEvents(
    streamIds: readonly string[],
    toPosition: number,
  ): AsyncGenerator<RecordedEvent> {
    for (const streamId of streamIds) {
      try {
        for await (const event of this.streamEvents(streamId, {}, false)) {
          // a stream's positions grow with its revisions: the rest lies after `toPosition` too
          if (event.position > toPosition) break;
          yield event;
        }
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    validateReadAll(options);
    const backwards = options.direction === 'backwards';
    const matches = eventMatcher(options.filter);
    const from = options.fromPosition;
    return {
      [Symbol.asyncIterator]: () =>
        this.allEvents(options, backwards, matches, from),
    };
  }

  private async *allEvents(
    options: ReadAllOptions,
    backwards: boolean,
    matches: (event: RecordedEvent) => boolean,
    from: number | undefined,
  ): AsyncGenerator<RecordedEvent> {
    this.ensureOpen();
    let remaining = options.maxCount ?? Infinity;
    if (remaining <= 0) return;
    const emit = (event: RecordedEvent | undefined): event is RecordedEvent =>
      event !== undefined && matches(event);
    try {
      if (backwards && from !== undefined) {
        // The server reads backwards from a position exclusively; `fromPosition` is inclusive.
        for await (const resolved of this.client.readAll({
          direction: FORWARDS,
          fromPosition: toPosition(from),
          maxCount: 1,
        })) {
          const event = toRecorded(resolved);
          if (emit(event) && event.position === from) {
            yield event;
            remaining--;
          }
        }
      }
      if (remaining <= 0) return;
      const read = this.client.readAll({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition:
          from !== undefined ? toPosition(from) : backwards ? END : START,
        maxCount: Number.MAX_SAFE_INTEGER,
      });
      try {
        for await (const resolved of read) {
          const event = toRecorded(resolved);
          if (!emit(event)) continue;
          if (
            from !== undefined &&
            (backwards ? event.position >= from : event.position < from)
          )
            continue;
          yield event;
          if (--remaining <= 0) break;
        }
      } finally {
        read.destroy();
      }
    } catch (error) {
      throw this.toStoreError(error);
    }
  }

  subscribeAll(
    options: SubscribeAllOptions = {},
  ): Observable<SubscriptionMessage> {
    validateSubscribeAll(options);
    const matches = eventMatcher(options.filter);
    return new Observable<SubscriptionMessage>((subscriber) => {
      if (this.closed) {
        subscriber.error(new EventStoreClosedError(this.location));
        return undefined;
      }
      let last = options.afterPosition ?? 0;
      const subscription = this.client.subscribeToAll({
        fromPosition: options.afterPosition
          ? toPosition(options.afterPosition)
          : START,
        filter: serverFilter(options.filter),
      });
      this.live.add(subscription);
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        const event = toRecorded(resolved);
        // The checkpoint is exclusive; a server replaying it (or anything before) is not a new event.
        if (!event || event.position <= last) return;
        last = event.position;
        if (matches(event)) subscriber.next({ kind: 'event', event });
      });
      subscription.on('caughtUp', () =>
        subscriber.next({ kind: 'caught-up', position: last }),
      );
      subscription.on('fellBehind', () =>
        subscriber.next({ kind: 'fell-behind', position: last }),
      );
      subscription.on('error', (error: Error) => {
        if (isCancellation(error)) return;
        subscriber.error(this.toStoreError(error));
      });
      subscription.on('end', () => subscriber.complete());
      return () => {
        this.live.delete(subscription);
        subscription.unsubscribe().catch(() => undefined);
      };
    });
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    validateStreamId(streamId);
    this.ensureOpen();
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
      return undefined;
    } catch (error) {
      const mapped = this.toStoreError(error, streamId);
      if (mapped instanceof StreamNotFoundError) return undefined;
      throw mapped;
    }
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    try {
      return await this.lastPosition();
    } catch (error) {
      throw this.toStoreError(error);
    }
  }

  /** The position of the last record in `$all` (system events included: it is where the log ends). */
  private async lastPosition(deadline?: number): Promise<number> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      deadline,
    })) {
      const position = positionOf(resolved);
      if (position !== undefined) return position;
    }
    return 0;
  }

  async health(): Promise<EventStoreHealth> {
    if (this.closed)
      return { kind: this.kind, state: 'closed', location: this.location };
    try {
      const headPosition = await this.lastPosition(2_000);
      return {
        kind: this.kind,
        state: 'ready',
        location: this.location,
        headPosition,
      };
    } catch (error) {
      return {
        kind: this.kind,
        state: 'unavailable',
        location: this.location,
        detail: this.toStoreError(error).message,
      };
    }
  }

  /** EventStoreDB has no place for our own id: the first event of the log names the store. */
  async storeId(): Promise<string | undefined> {
    for await (const event of this.readAll({ maxCount: 1 })) return event.id;
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      [...this.live].map((s) => s.unsubscribe().catch(() => undefined)),
    );
    this.live.clear();
    await this.client.dispose();
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreClosedError(this.location);
  }

  private toStoreError(
    error: unknown,
    streamId?: string,
    expected?: ExpectedRevision,
  ): Error {
    return toStoreError(error, this.location, streamId, expected);
  }
}
