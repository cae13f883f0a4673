import fc from 'fast-check';
import { keysetPages, pageBound, readBoundedPage } from './page-bound';

/** The bound as a read that fetches rows one by one and stops once it is reached. */
function oneByOne(
  sizes: readonly number[],
  limit: number,
  maxBytes: number,
): { rows: number; cut: boolean } {
  let rows = 0;
  let bytes = 0;
  for (const size of sizes.slice(0, limit)) {
    rows++;
    bytes += size;
    if (bytes >= maxBytes && rows < limit) return { rows, cut: true };
  }
  return { rows, cut: false };
}

describe('pageBound', () => {
  it('given small rows, when the limit comes first, then the page is the limit and not cut', () => {
    expect(pageBound([10, 10, 10, 10, 10], 3, 1_000)).toEqual({
      rows: 3,
      cut: false,
    });
  });

  it('given fewer rows than the limit, when they stay under the bound, then the page is all of them and not cut (the read is done)', () => {
    expect(pageBound([10, 10], 5, 1_000)).toEqual({ rows: 2, cut: false });
    expect(pageBound([], 5, 1_000)).toEqual({ rows: 0, cut: false });
  });

  it('given large rows, when the bound is reached, then the page ends with the row that reached it and is cut', () => {
    expect(pageBound([400, 400, 400, 400], 10, 1_000)).toEqual({
      rows: 3,
      cut: true,
    });
    expect(pageBound([300, 700, 5], 10, 1_000)).toEqual({
      rows: 2,
      cut: true,
    });
  });

  it('given a row larger than the bound first, then the page is that row alone', () => {
    expect(pageBound([5_000, 1], 10, 1_000)).toEqual({ rows: 1, cut: true });
  });

  it('given the bound reached by the last row the limit allows, then the page is full, not cut', () => {
    expect(pageBound([500, 500], 2, 1_000)).toEqual({ rows: 2, cut: false });
  });

  it('given any sizes, limit and bound, then it ends where a one-by-one read stopping at the bound ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(2_000), { maxLength: 60 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10_000 }),
        (sizes, limit, maxBytes) => {
          const bound = pageBound(sizes, limit, maxBytes);
          expect(bound).toEqual(oneByOne(sizes, limit, maxBytes));
          // within the bound give or take its last row
          const held = sizes.slice(0, bound.rows);
          expect(held.length).toBeLessThanOrEqual(limit);
          const before = held.slice(0, -1).reduce((a, b) => a + b, 0);
          expect(before).toBeLessThan(maxBytes);
        },
      ),
    );
  });
});

describe('readBoundedPage', () => {
  const table = [300, 300, 300, 300, 300];
  const reader = () => {
    const asked: string[] = [];
    return {
      asked,
      sizes: (limit: number) => {
        asked.push(`sizes ${limit}`);
        return table.slice(0, limit);
      },
      rows: (count: number) => {
        asked.push(`rows ${count}`);
        return table.slice(0, count).map((size, i) => ({ i, size }));
      },
    };
  };

  it('given rows that reach the bound, when a page is read, then it asks the sizes of the limit and exactly the rows of the page', () => {
    const r = reader();
    const page = readBoundedPage(5, 700, r.sizes, r.rows);
    expect(page.rows.map((row) => row.i)).toEqual([0, 1, 2]);
    expect(page.cut).toBe(true);
    expect(r.asked).toEqual(['sizes 5', 'rows 3']);
  });

  it('given a limit of one row, then it reads that row without asking the sizes', () => {
    const r = reader();
    const page = readBoundedPage(1, 10, r.sizes, r.rows);
    expect(page).toEqual({ rows: [{ i: 0, size: 300 }], cut: false });
    expect(r.asked).toEqual(['rows 1']);
  });

  it('given no rows left, then it asks no rows', () => {
    const r = reader();
    const page = readBoundedPage(3, 700, () => [], r.rows);
    expect(page).toEqual({ rows: [], cut: false });
    expect(r.asked).toEqual([]);
  });
});

describe('keysetPages', () => {
  /** A table of rows keyed 10, 20, 30…, each of the given size, read after a key. */
  const table = (sizes: readonly number[]) => {
    const all = sizes.map((size, i) => ({ key: (i + 1) * 10, size }));
    const after = (key: number, n: number) =>
      all.filter((row) => row.key > key).slice(0, n);
    return {
      sizes: (key: number, n: number) => after(key, n).map((row) => row.size),
      rows: after,
    };
  };

  it('given any sizes, limit and bound, then its pages hold every row once, in key order, each page as readBoundedPage bounds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 120 }),
        (sizes, limit, maxBytes) => {
          const t = table(sizes);
          const pages = [
            ...keysetPages(limit, maxBytes, 0, t.sizes, t.rows, (r) => r.key),
          ];
          // then: all rows, once each, in order
          expect(pages.flat().map((r) => r.key)).toEqual(
            sizes.map((_, i) => (i + 1) * 10),
          );
          // and each page ends where a one-by-one read from its first row would end
          let from = 0;
          for (const page of pages) {
            expect(page.length).toBe(
              oneByOne(sizes.slice(from), limit, maxBytes).rows,
            );
            from += page.length;
          }
        },
      ),
    );
  });

  it('given a consumer that stops, then no further page is read', () => {
    // given: six rows of 10 bytes, pages of two
    const t = table([10, 10, 10, 10, 10, 10]);
    let reads = 0;
    const rows = (key: number, n: number) => {
      reads++;
      return t.rows(key, n);
    };
    // when: the first page is taken and the loop left
    for (const page of keysetPages(2, 1000, 0, t.sizes, rows, (r) => r.key)) {
      expect(page.map((r) => r.key)).toEqual([10, 20]);
      break;
    }
    // then
    expect(reads).toBe(1);
  });
});
