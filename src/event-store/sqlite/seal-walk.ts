import Database from 'better-sqlite3';
import { createHash, Hash } from 'node:crypto';
import { SealBreak, SealReport } from '../event-store.port';
import { encode, genesisSeal } from './seal';
import { EventRow, INSERT_COLUMNS } from './sqlite-rows';

/**
 * Recomputes every row's seal in position order and reports the first break (see seal.ts).
 * Synchronous: the walk sees one consistent log (no append can land midway), at about a second
 * per million events.
 */
export function walkSeals(db: Database.Database, storeId: string): SealReport {
  let previous = genesisSeal(storeId);
  let sealedHead = 0;
  let expected = 1;
  let checked = 0;
  let firstBroken: SealBreak | null = null;
  /** The append being read (its rows hashed as they come) until its last row, which holds the seal. */
  let group: { hash: Hash; first: SealBreak } | undefined;
  const rows = db
    .prepare(`SELECT ${INSERT_COLUMNS} FROM events ORDER BY position`)
    .raw()
    .iterate() as IterableIterator<[...EventRow, string | null]>;
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
    if (firstBroken) {
      // Everything after a break rests on it: stop at the first one.
      for (const _ of rows) void _;
      break;
    }
    expected = position + 1;
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
