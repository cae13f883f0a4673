import Database from 'better-sqlite3';
import { createHash, Hash } from 'node:crypto';
import { SealBreak, SealReport } from '../event-store.port';
import { encode, genesisSeal } from './seal';
import { keysetPages } from '../../shared/page-bound';
import { EventRow, INSERT_COLUMNS, PAYLOAD_BYTES } from './sqlite-rows';

type SealedRow = [...EventRow, string | null];

/**
 * Recomputes every row's seal in position order and reports the first break (see seal.ts).
 * Synchronous: the walk sees one consistent log (no append can land midway). The rows are read a
 * bounded page per call (keysetPages: at most `pageRows` rows and about `pageBytes` of data
 * and metadata), as the store's reads are.
 */
export function walkSeals(
  db: Database.Database,
  storeId: string,
  pageRows: number,
  pageBytes: number,
): SealReport {
  let previous = genesisSeal(storeId);
  let sealedHead = 0;
  let expected = 1;
  let checked = 0;
  let firstBroken: SealBreak | null = null;
  /** The append being read (its rows hashed as they come) until its last row, which holds the seal. */
  let group: { hash: Hash; first: SealBreak } | undefined;
  const rest = 'FROM events WHERE position > ? ORDER BY position LIMIT ?';
  const read = db.prepare(`SELECT ${INSERT_COLUMNS} ${rest}`).raw();
  const sizes = db.prepare(`SELECT ${PAYLOAD_BYTES} ${rest}`).pluck();
  pages: for (const rows of keysetPages(
    pageRows,
    pageBytes,
    0,
    (after, n) => sizes.all(after, n) as number[],
    (after, n) => read.all(after, n) as SealedRow[],
    (row) => row[0],
  )) {
    for (const row of rows) {
      checked++;
      const [position, stream, revision] = row;
      const seal = row[8];
      const here = (problem: SealBreak['problem']): SealBreak => ({
        position,
        stream,
        revision,
        problem,
      });
      if (position !== expected) {
        firstBroken = here('position-gap');
      } else {
        group ??= {
          hash: createHash('sha256').update(previous),
          first: here('seal-mismatch'),
        };
        group.hash.update(encode(row as unknown as EventRow));
        if (seal) {
          if (group.hash.digest('hex') !== seal) firstBroken = group.first;
          else {
            previous = seal;
            sealedHead = position;
          }
          group = undefined;
        }
      }
      // Everything after a break rests on it: stop at the first one.
      if (firstBroken) break pages;
      expected = position + 1;
    }
  }
  // Rows after the last seal: the end of an append was cut off (or never sealed).
  if (!firstBroken && group)
    firstBroken = { ...group.first, problem: 'unsealed' };
  return {
    storeId,
    checked,
    head: { position: sealedHead, seal: previous },
    firstBroken,
  };
}
