import type { Database } from 'better-sqlite3';
import type { EventRow } from '../../src/event-store/sqlite/sqlite-rows';

export type { EventRow } from '../../src/event-store/sqlite/sqlite-rows';

/**
 * The store's file read without the store's code: better-sqlite3 returning the events' rows in
 * position order, 1,000 per call (`.raw().all()`, its fastest way), each page handed to `each`.
 */
export function forEachRawPage(
  db: Database,
  each: (rows: readonly EventRow[]) => void,
): void {
  const page = db
    .prepare(
      'SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT 1000',
    )
    .raw();
  for (let after = 0; ;) {
    const rows = page.all(after) as EventRow[];
    if (rows.length === 0) return;
    each(rows);
    after = rows[rows.length - 1][0];
  }
}
