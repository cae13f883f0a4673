import { RecordedEvent } from '../event-store.port';
import { Page } from '../paged-iterable';
import { COLUMNS } from './sqlite-rows';

/**
 * Stream ids per query of a several-stream read. The IN list always has this many parameters, the
 * ids of a shorter chunk padded with NULLs (which equal nothing), so that one prepared statement
 * serves every chunk.
 */
export const STREAMS_PER_QUERY = 100;

const IN_LIST = Array.from({ length: STREAMS_PER_QUERY }, () => '?').join(',');

/**
 * A chunk's events up to a position, stream after stream: SQLite walks the IN list's ids in order,
 * each a seek in `events_by_stream` (stream_id, revision), so the ORDER BY needs no sort.
 */
const CHUNK_SQL = `SELECT ${COLUMNS} FROM events WHERE stream_id IN (${IN_LIST}) AND position <= ? ORDER BY stream_id, revision LIMIT ?`;

/** The rest of the stream a chunk's page ended inside. */
const REST_SQL = `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND position <= ? ORDER BY revision LIMIT ?`;

/** Reads one bounded page of `sql` (the store's: it appends the LIMIT's parameter). */
export type PageReader = (
  sql: string,
  params: unknown[],
) => Page<RecordedEvent>;

/**
 * The page source of `readStreams` on SQLite: the distinct ids a chunk at a time, one query per
 * chunk. A page that ends early (the store's page bounds) ends inside one stream: that stream's
 * rest is read by itself, then the chunk again for the ids the page did not reach — every stream
 * the page did reach is complete but the last (rows come stream after stream), and a stream it did
 * not reach has no rows before the page's end, whatever order SQLite compares ids in.
 */
export function streamBatchPages(
  streamIds: readonly string[],
  toPosition: number,
  readPage: PageReader,
): () => Page<RecordedEvent> {
  const ids = [...new Set(streamIds)];
  let next = 0;
  let pending: string[] = [];
  let rest: { streamId: string; fromRevision: number } | undefined;
  const finished = () =>
    rest === undefined && pending.length === 0 && next >= ids.length;
  return () => {
    if (rest) {
      const page = readPage(REST_SQL, [
        rest.streamId,
        rest.fromRevision,
        toPosition,
      ]);
      const last = page.items[page.items.length - 1];
      if (page.done || !last) rest = undefined;
      else rest.fromRevision = last.revision + 1;
      return { items: page.items, done: finished() };
    }
    if (pending.length === 0) {
      if (next >= ids.length) return { items: [], done: true };
      pending = ids.slice(next, next + STREAMS_PER_QUERY);
      next += pending.length;
    }
    const params: unknown[] = [...pending];
    while (params.length < STREAMS_PER_QUERY) params.push(null);
    params.push(toPosition);
    const page = readPage(CHUNK_SQL, params);
    const last = page.items[page.items.length - 1];
    if (page.done || !last) pending = [];
    else {
      rest = { streamId: last.streamId, fromRevision: last.revision + 1 };
      const reached = new Set(page.items.map((e) => e.streamId));
      pending = pending.filter((id) => !reached.has(id));
    }
    return { items: page.items, done: finished() };
  };
}
