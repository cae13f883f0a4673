import { createHash } from 'node:crypto';

/**
 * The embedded store's seal. Every row carries `seal = sha256(previous seal ‖ every stored
 * column)`, so one chain runs through the whole log in global order: editing any column of any
 * row (event id, type, data, metadata, recorded time, stream, revision, position), deleting a
 * row or moving one (within a stream or across streams) breaks the seal of that row or of the
 * next. Cutting the end off leaves a valid shorter chain: the anchors (kept outside the file)
 * catch that. Data and metadata are sealed as the stored text, byte for byte.
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

export function sealOf(previous: string, row: SealedColumns): string {
  const [position, stream, revision, id, type, data, metadata, recordedAt] =
    row;
  // One string, one hash call (this runs for every append): each text column carries its length,
  // so no two different rows read the same whatever their contents.
  return createHash('sha256')
    .update(
      `${previous}\n${position}\n${revision}\n${stream.length}:${stream}${id.length}:${id}${type.length}:${type}` +
        `${data.length}:${data}${metadata.length}:${metadata}${recordedAt.length}:${recordedAt}`,
    )
    .digest('hex');
}
