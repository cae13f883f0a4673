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
 * A recorded event as this store reads it: the port's fields, and the data's JSON text as stored
 * (the store writes `JSON.stringify` of the data, so the text is what serialising the parsed data
 * again would give). Private, so the event looks and compares as any other; a reader that would
 * write the data out as text again (the exposure read model, a million rows in a rebuild) takes
 * it through {@link storedDataText} instead of serialising it once more.
 */
class StoredEvent implements RecordedEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  readonly #dataText: string;

  constructor(row: EventRow) {
    this.id = row[3];
    this.streamId = row[1];
    this.revision = row[2];
    this.position = row[0];
    this.recordedAt = row[7];
    this.type = row[4];
    this.data = JSON.parse(row[5]) as JsonObject;
    this.metadata = JSON.parse(row[6]) as JsonObject;
    this.#dataText = row[5];
  }

  static dataText(event: RecordedEvent): string | undefined {
    return #dataText in event ? event.#dataText : undefined;
  }
}

export function toEvent(row: EventRow): RecordedEvent {
  return new StoredEvent(row);
}

/** The stored JSON text of an event's data when this store read it (undefined for any other). */
export function storedDataText(event: RecordedEvent): string | undefined {
  return StoredEvent.dataText(event);
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
