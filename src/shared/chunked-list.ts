/**
 * A list made in chunks of at most `CHUNK` items, joined into one array at the end. An array of
 * more than about 16,000 references (128 KiB) is a large object, which V8 moves to the old
 * generation the first time a scavenge finds it alive; from then on every young object it holds
 * is kept alive and promoted at the next scavenge, whether or not the array itself still is. A
 * whole-network answer's 150,000 edges made straight into one array were promoted whole whenever a
 * scavenge came while they were being made; in chunks they stay young until the join. Every array
 * here is made by a builtin (`fresh`, `concat`), which V8 does not pretenure. Pure.
 */
export class ChunkedList<T> {
  private readonly full: T[][] = fresh<T[]>();
  private chunk: T[] = fresh<T>();

  push(item: T): void {
    if (this.chunk.length === CHUNK) {
      this.full.push(this.chunk);
      this.chunk = fresh<T>();
    }
    this.chunk.push(item);
  }

  /** Every item pushed, in order, in one array (the one chunk itself when there is only one). */
  all(): T[] {
    if (this.full.length === 0) return this.chunk;
    return fresh<T>().concat(...this.full, this.chunk);
  }
}

/**
 * Rows made a chunk of at most `CHUNK` at a time by `row(r)`, r from 0 to `length` − 1, each
 * chunk only when it is asked for: an answer written out chunk by chunk (`jsonPieces`) holds one
 * chunk of rows at a time, and no row outlives its chunk. (An answer made at once is made in a
 * plain loop into a `ChunkedList`: made through here, in the same order, the benchmark's
 * whole-network queries promoted half as much again, and a full collection came inside thirty.)
 */
export class ChunkedRows<T> {
  constructor(
    readonly length: number,
    private readonly row: (r: number) => T,
  ) {}

  /** Row r (0 ≤ r < `length`), made anew at each call, as `chunks` makes it. */
  at(r: number): T {
    return this.row(r);
  }

  /** The rows in order, a chunk at a time; each chunk is a new array the caller may keep. */
  *chunks(): Generator<T[], void, undefined> {
    for (let from = 0; from < this.length; from += CHUNK) {
      const to = Math.min(this.length, from + CHUNK);
      const chunk = fresh<T>();
      for (let r = from; r < to; r++) chunk.push(this.row(r));
      yield chunk;
    }
  }
}

/**
 * A new empty array made by a builtin (`slice`), not by a literal or `new Array`: V8 tracks where
 * those allocate and, once most of what one made outlived a scavenge (as a chunk does while its
 * answer is made), makes that place allocate in the old generation from then on — and an old chunk
 * keeps the young items it holds alive through the next scavenge, promoting them.
 */
export function fresh<T>(): T[] {
  return (NONE as T[]).slice();
}
const NONE: readonly unknown[] = Object.freeze([]);

/** Items a chunk holds: 64 KiB of references, well under V8's large-object size. */
export const CHUNK = 8_192;
