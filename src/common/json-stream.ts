import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

/**
 * An answer written out as its JSON text a piece at a time (`jsonPieces`), each piece made when
 * the socket has taken the one before (a stream of high-water mark 1): a whole network of a large
 * market, tens of MB, is never one string, and at most a chunk of its rows is alive at a time.
 */
export function jsonStream(pieces: Iterable<string>): StreamableFile {
  return new StreamableFile(Readable.from(pieces, { highWaterMark: 1 }), {
    type: 'application/json; charset=utf-8',
  });
}
