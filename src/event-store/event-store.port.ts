import { Observable } from 'rxjs';
import { JsonObject } from '../shared/json';

/**
 * The EventStore port: the only door to storage. Both adapters (SQLite, EventStoreDB)
 * pass the same contract suite (test/kits/event-store.contract.ts). Nothing above this port knows which runs.
 */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** `n` is the revision (0-based) of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface NewEvent {
  /** A UUID. Re-appending the same ids at the same expected revision is an idempotent no-op. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  /** 0-based position within the stream. */
  revision: number;
  /** Global order across all streams; strictly increasing, starts at 1. */
  position: number;
  /** When the store committed it (ISO 8601, ms, UTC): the event's recorded time. */
  recordedAt: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: number;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadStreamsOptions {
  /** Inclusive global position: only the events at or before it. Default: all of them. */
  toPosition?: number;
}

export interface EventFilter {
  /** Keep events whose stream id starts with one of these (e.g. `deal-`). */
  streamPrefixes?: readonly string[];
  /** Keep events of these types. */
  eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive global position. Default: the start (forwards) or the end (backwards). */
  fromPosition?: number;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeAllOptions {
  /** The checkpoint: the last position already processed (exclusive). Default: from the start. */
  afterPosition?: number;
  filter?: EventFilter;
}

export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  /** Everything stored up to `position` has been delivered; live from here. */
  | { kind: 'caught-up'; position: number }
  /** The subscriber lagged behind live appends and is catching up again. */
  | { kind: 'fell-behind'; position: number };

export type EventStoreKind = 'sqlite' | 'eventstoredb';

export interface EventStoreHealth {
  kind: EventStoreKind;
  /**
   * `unhealthy`: open but not to be written to (a failed integrity check, a corrupt page, a write
   * that failed for want of space or permission); appends are refused with a 503 until it is fixed.
   */
  state: 'ready' | 'unavailable' | 'closed' | 'unhealthy';
  /** Where it is: a file path or a redacted URL. */
  location: string;
  headPosition?: number;
  detail?: string;
}

export interface EventStore {
  readonly kind: EventStoreKind;

  /** Throws WrongExpectedRevisionError (carrying the actual revision) on a mismatch. */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;

  /** Lazily; throws StreamNotFoundError when the stream does not exist. */
  readStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): AsyncIterable<RecordedEvent>;

  /**
   * Lazily: the events of several streams (each id read once however often it is listed), each
   * stream's in revision order and all of one stream's before the next stream's; the streams in an
   * order of the store's choosing. A stream that does not exist, or has no events up to
   * `toPosition`, yields nothing (no StreamNotFoundError: one absent stream does not fail the
   * others). For a reader that needs many streams at once (the live hub loading the entities a
   * stretch of its fold touches): the SQLite store reads them a chunk of ids per query.
   */
  readStreams(
    streamIds: readonly string[],
    options?: ReadStreamsOptions,
  ): AsyncIterable<RecordedEvent>;

  /** Lazily, in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * Optional: the data of an event this store read, as the JSON text it stored (`JSON.stringify`
   * of the data); undefined for an event it did not read. A reader that writes the data out as
   * text again (the exposure read model: a million rows in a rebuild) takes it instead of
   * serialising the parsed data once more. The SQLite store has it; EventStoreDB does not.
   */
  storedDataText?(event: RecordedEvent): string | undefined;

  /**
   * Optional, as storedDataText: the metadata's JSON text as stored. A reader that needs a few of
   * its fields (the exposure rebuild: valid time, announcement, schema version) reads them from
   * the text without parsing the rest (`jsonFieldReader`). The SQLite store has it, and parses an
   * event's metadata only when it is first read; once parsed, the text is let go and this answers
   * undefined (read `metadata` then).
   */
  storedMetadataText?(event: RecordedEvent): string | undefined;

  /** Catch-up, then live; `caught-up`/`fell-behind` messages mark the transitions. */
  subscribeAll(options?: SubscribeAllOptions): Observable<SubscriptionMessage>;

  /** The stream's current revision, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;

  /** The position of the last event in the store (0 when empty). */
  headPosition(): Promise<number>;

  health(): Promise<EventStoreHealth>;

  /**
   * The store's identity: on SQLite a random id written when the file was created; on
   * EventStoreDB the id of the first event in the log. Undefined for an EventStoreDB with no
   * events yet. Projections tie their checkpoints to it.
   */
  storeId(): Promise<string | undefined>;

  /**
   * Walks the store's own seal over every stored column and the global order (SQLite only;
   * EventStoreDB keeps its own log and answers undefined).
   */
  verifySeals?(): Promise<SealReport>;

  /**
   * The seal of the append that ends at `position` (SQLite only), for anchors; undefined when no
   * append ends there.
   */
  sealAt?(position: number): Promise<string | undefined>;

  close(): Promise<void>;
}

/** Why a sealed position does not verify. */
export type SealProblem =
  /** The row's columns or its place after the previous row no longer match its seal. */
  | 'seal-mismatch'
  /** Positions skip: rows were deleted from the middle of the log. */
  | 'position-gap'
  /** Rows after the last seal: an append's end was cut off. */
  | 'unsealed';

export interface SealBreak {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly problem: SealProblem;
}

/** The result of {@link EventStore.verifySeals}. */
export interface SealReport {
  readonly storeId: string;
  readonly checked: number;
  /** The last position and its seal: what an anchor records. */
  readonly head: { readonly position: number; readonly seal: string };
  /** The first row that does not verify (later rows are not trusted, so not listed). */
  readonly firstBroken: SealBreak | null;
}
