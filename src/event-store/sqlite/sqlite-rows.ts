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

export function toEvent(row: EventRow): RecordedEvent {
  return {
    id: row[3],
    streamId: row[1],
    revision: row[2],
    position: row[0],
    recordedAt: row[7],
    type: row[4],
    data: JSON.parse(row[5]) as JsonObject,
    metadata: JSON.parse(row[6]) as JsonObject,
  };
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
