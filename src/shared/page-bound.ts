/**
 * The bound of one page of a bulk read: at most `limit` rows, and the page ends with the row whose
 * payload brings it to `maxBytes` (so a page holds at most `maxBytes` plus one row). A page that
 * ends there before `limit` rows is `cut`: more rows may follow it even if none were left.
 */
export interface PageBound {
  rows: number;
  cut: boolean;
}

/** Where a page of rows of these payload sizes (in read order) ends; see {@link PageBound}. */
export function pageBound(
  sizes: readonly number[],
  limit: number,
  maxBytes: number,
): PageBound {
  const n = Math.min(sizes.length, limit);
  let bytes = 0;
  for (let k = 0; k < n; k++) {
    bytes += sizes[k];
    if (bytes >= maxBytes) return { rows: k + 1, cut: k + 1 < limit };
  }
  return { rows: n, cut: false };
}

/**
 * One bounded page read in two steps: the payload sizes of the next `limit` rows (from the same
 * query, asking the database for the sizes only), then exactly the rows of the page, all at once.
 *
 * Why not one pass that stops once the bound is reached: with better-sqlite3, rows fetched in one
 * call (`all()`) cost about 30 % less CPU than rows fetched one by one (`iterate()`), but `all()`
 * holds every row it was asked for before the caller sees one, so without the sizes a page of
 * large events (the store takes any size) would be read whole. The sizes come from each row's
 * header (SQLite's `octet_length` does not load a large value), and the rows read right after
 * come from the pages the size query just brought into SQLite's cache: the first step costs a
 * tenth of the read. Measured on a million small events: 1.09 CPU s one by one, 0.77 s with
 * `all()` alone, 0.87 s with the sizes first (docs/benchmarks.md).
 *
 * `sizes(limit)` answers the sizes of the next `limit` rows, `rows(count)` the next `count` rows
 * (the same query: both run in one synchronous step, so they see the same rows). With a limit of
 * one row there is nothing to bound: the sizes are not asked for.
 */
export function readBoundedPage<Row>(
  limit: number,
  maxBytes: number,
  sizes: (limit: number) => readonly number[],
  rows: (count: number) => Row[],
): { rows: Row[]; cut: boolean } {
  if (limit <= 1) return { rows: rows(limit), cut: false };
  const bound = pageBound(sizes(limit), limit, maxBytes);
  return { rows: bound.rows > 0 ? rows(bound.rows) : [], cut: bound.cut };
}

/**
 * Every row of a read in key order, a bounded page at a time (readBoundedPage), each page asked
 * for after the key of the previous page's last row: `sizes(after, n)` and `rows(after, n)` answer
 * the next `n` rows with a key above `after` (the same query), `keyOf` a row's key. Yields each
 * page's rows; stops after a page that ends the read (fewer rows than `limit`, not cut).
 */
export function* keysetPages<Row>(
  limit: number,
  maxBytes: number,
  from: number,
  sizes: (after: number, limit: number) => readonly number[],
  rows: (after: number, count: number) => Row[],
  keyOf: (row: Row) => number,
): Generator<Row[], void, undefined> {
  for (let after = from; ;) {
    const page = readBoundedPage(
      limit,
      maxBytes,
      (n) => sizes(after, n),
      (n) => rows(after, n),
    );
    if (page.rows.length > 0) yield page.rows;
    if (!page.cut && page.rows.length < limit) return;
    after = keyOf(page.rows[page.rows.length - 1]);
  }
}
