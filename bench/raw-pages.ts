import type { Database, Statement } from 'better-sqlite3';
import type { EventRow } from '../src/event-store/sqlite/sqlite-rows';

export type { EventRow } from '../src/event-store/sqlite/sqlite-rows';

/** Rows per call of the raw reads, as the store's own pages. */
export const RAW_PAGE_ROWS = 1_000;

/**
 * The store's file read without the store's code: the events' rows after a position, in position
 * order, as arrays (`.raw()`), a page per call: `.all(after, limit)`.
 */
export function rawPageStatement(db: Database): Statement<[number, number]> {
  return db
    .prepare<[number, number]>(
      'SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .raw();
}

/**
 * Every row of the store's file, RAW_PAGE_ROWS per call (`all()`, the fastest way better-sqlite3
 * returns rows), each page handed to `each`.
 */
export function forEachRawPage(
  db: Database,
  each: (rows: readonly EventRow[]) => void,
): void {
  const page = rawPageStatement(db);
  for (let after = 0; ;) {
    const rows = page.all(after, RAW_PAGE_ROWS) as EventRow[];
    if (rows.length === 0) return;
    each(rows);
    after = rows[rows.length - 1][0];
  }
}
