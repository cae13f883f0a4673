import { createHash, hash } from 'node:crypto';

/**
 * The embedded store's seal. Each append (one transaction) is sealed as a whole:
 * `seal = sha256(previous append's seal ‖ every stored column of each of its rows)`, stored on each
 * of its rows, so one chain runs through the whole log in global order. Editing any column of
 * any row (event id, type, data, metadata, recorded time, stream, revision, position), deleting a
 * row or moving one (within a stream or across streams) breaks the seal of that append or of the
 * next. One hash per append, not per row: bulk appends pay for sealing once (a single-event
 * write, the HTTP case, is its own append, so a break is still named to the row). Cutting the end
 * off leaves a valid shorter chain: the anchors (kept outside the file) catch that.
 */
export type SealedColumns = readonly [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** The seal before the first row: derived from the store id, so one store's rows never verify in another. */
export function genesisSeal(storeId: string): string {
  return createHash('sha256')
    .update(`tangle-event-store\n${storeId}`)
    .digest('hex');
}

/** The seal of one append: its rows, in position order, after `previous`. */
export function sealRows(
  previous: string,
  rows: readonly SealedColumns[],
): string {
  // An append of one row (every HTTP write) is hashed in one shot, without a Hash object: the
  // same bytes (a hex seal, then the row's encoding), so the same seal.
  if (rows.length === 1)
    return hash('sha256', previous + encode(rows[0]), 'hex');
  const digest = createHash('sha256').update(previous);
  for (const row of rows) digest.update(encode(row));
  return digest.digest('hex');
}

/** The seal of an append of one row. */
export function sealOf(previous: string, row: SealedColumns): string {
  return sealRows(previous, [row]);
}

/** Each text column carries its length, so no two different rows encode alike whatever their contents. */
export function encode(row: SealedColumns): string {
  const [position, stream, revision, id, type, data, metadata, recordedAt] =
    row;
  return (
    `\n${position}\n${revision}\n${stream.length}:${stream}${id.length}:${id}${type.length}:${type}` +
    `${data.length}:${data}${metadata.length}:${metadata}${recordedAt.length}:${recordedAt}`
  );
}
