import { JsonObject } from '../../shared/json';
import { EventFilter, RecordedEvent } from '../event-store.port';

/** Row layout of every read (`raw` mode: arrays, no per-row key objects). */
export type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];
export const COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
export const INSERT_COLUMNS = `${COLUMNS}, seal`;

/**
 * The bytes of a row's data and metadata as stored, from the row's header alone (SQLite's
 * `octet_length` does not load a large value): what bounds a page. Bytes of UTF-8 are never fewer
 * than the characters.
 */
export const PAYLOAD_BYTES = 'octet_length(data) + octet_length(metadata)';

const READ_PREFIX = `SELECT ${COLUMNS} `;

/**
 * The query that answers, for each row a read (`SELECT ${COLUMNS} …`) would return, its
 * {@link PAYLOAD_BYTES}: the same rows in the same order.
 */
export function sizesSql(readSql: string): string {
  if (!readSql.startsWith(READ_PREFIX))
    throw new Error(`not a read of the events' columns: ${readSql}`);
  return `SELECT ${PAYLOAD_BYTES} ${readSql.slice(READ_PREFIX.length)}`;
}

/** Runs synchronous store work as the port's promise: a throw becomes a rejection. */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(
      error instanceof Error ? error : new Error(String(error)),
    );
  }
}

/**
 * A recorded event as this store reads it: the port's fields, and the data's and metadata's JSON
 * text as stored (the store writes `JSON.stringify` of each, so the text is what serialising the
 * parsed value again would give), in private fields; a reader that would write the data out as
 * text again (the exposure read model, a million rows in a rebuild) takes it through
 * {@link storedDataText} instead of serialising it once more.
 *
 * The data and the metadata are each parsed when first read, not with the row. The metadata is
 * about twice the size of the data (valid time, actor, reason, correlation and causation ids,
 * schema version, the hash chain), and the exposure rebuild needs three of its fields, which it
 * reads from the text ({@link storedMetadataText}) — a million parses of it were a quarter of the
 * rebuild's read. The data of every deal event but a retraction a rebuild keeps as the stored
 * text, which folds read without parsing it (`TemporalIndex.addDeferred`), so it is not parsed
 * at all in the read. `toJSON` serialises the event with both, as a plain object with the fields would;
 * a comparison over own properties alone (a spread, a deep-equality check) does not see them.
 */
class StoredEvent implements RecordedEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  type: string;
  readonly #dataText: string;
  #data: JsonObject | undefined;
  /** Let go once the metadata is parsed (the live ring holds its events for a while). */
  #metadataText: string | undefined;
  #metadata: JsonObject | undefined;

  constructor(row: EventRow) {
    this.id = row[3];
    this.streamId = row[1];
    this.revision = row[2];
    this.position = row[0];
    this.recordedAt = row[7];
    this.type = row[4];
    this.#dataText = row[5];
    this.#data = undefined;
    this.#metadataText = row[6];
    this.#metadata = undefined;
  }

  get data(): JsonObject {
    return (this.#data ??= JSON.parse(this.#dataText) as JsonObject);
  }

  get metadata(): JsonObject {
    if (this.#metadata === undefined) {
      this.#metadata = JSON.parse(this.#metadataText!) as JsonObject;
      this.#metadataText = undefined;
    }
    return this.#metadata;
  }

  toJSON(): RecordedEvent {
    return {
      id: this.id,
      streamId: this.streamId,
      revision: this.revision,
      position: this.position,
      recordedAt: this.recordedAt,
      type: this.type,
      data: this.data,
      metadata: this.metadata,
    };
  }

  static dataText(event: RecordedEvent): string | undefined {
    return #dataText in event ? event.#dataText : undefined;
  }

  static metadataText(event: RecordedEvent): string | undefined {
    return #metadataText in event ? event.#metadataText : undefined;
  }
}

export function toEvent(row: EventRow): RecordedEvent {
  return new StoredEvent(row);
}

/** The stored JSON text of an event's data when this store read it (undefined for any other). */
export function storedDataText(event: RecordedEvent): string | undefined {
  return StoredEvent.dataText(event);
}

/**
 * The stored JSON text of an event's metadata when this store read it and its metadata has not
 * been parsed yet (undefined otherwise: read `metadata` then).
 */
export function storedMetadataText(event: RecordedEvent): string | undefined {
  return StoredEvent.metadataText(event);
}

export function filterSql(filter: EventFilter | undefined): {
  clause: string;
  params: unknown[];
} {
  let clause = '';
  const params: unknown[] = [];
  if (filter?.streamPrefixes) {
    clause += ` AND (${filter.streamPrefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`;
    for (const prefix of filter.streamPrefixes)
      params.push(prefix.length, prefix);
  }
  if (filter?.eventTypes) {
    clause += ` AND type IN (${filter.eventTypes.map(() => '?').join(', ')})`;
    params.push(...filter.eventTypes);
  }
  return { clause, params };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
