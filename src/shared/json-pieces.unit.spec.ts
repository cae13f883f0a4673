import fc from 'fast-check';
import { CHUNK, ChunkedRows } from './chunked-list';
import { jsonPieces } from './json-pieces';

const rowsOf = <T>(items: readonly T[]) =>
  new ChunkedRows(items.length, (r) => items[r]);

describe('an object written as JSON text in pieces', () => {
  it('is, joined, exactly JSON.stringify of the object with its chunked rows as arrays', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((key) => key !== '__proto__'),
          fc.oneof(
            fc.jsonValue(),
            fc.constant(undefined),
            fc.array(fc.jsonValue(), { maxLength: 8 }),
          ),
        ),
        fc.array(fc.boolean()),
        (object, chunked) => {
          // given an object, some of whose arrays come as rows made in chunks
          const keys = Object.keys(object);
          const given: Record<string, unknown> = {};
          keys.forEach((key, i) => {
            const value = object[key];
            given[key] =
              Array.isArray(value) && chunked[i] ? rowsOf(value) : value;
          });
          // then the pieces join into the text of the plain object
          expect([...jsonPieces(given)].join('')).toBe(JSON.stringify(object));
        },
      ),
    );
  });

  it('writes rows of several chunks, and empty rows, as one array each', () => {
    // given rows over three chunks, the last partial, beside empty rows and plain fields
    const n = 2 * CHUNK + 3;
    const items = Array.from({ length: n }, (_, i) => ({
      id: `e${i}`,
      amountUsd: i / 3,
      deals: [`d${i}`],
    }));
    const pieces = [
      ...jsonPieces({
        at: '2025-01-01',
        edges: rowsOf(items),
        none: rowsOf([]),
        skipped: undefined,
        caveats: [{ kind: 'x' }],
      }),
    ];
    // then the text is the object's, a piece a chunk
    const plain = {
      at: '2025-01-01',
      edges: items,
      none: [],
      caveats: [{ kind: 'x' }],
    };
    expect(pieces.join('')).toBe(JSON.stringify(plain));
    expect(pieces).toHaveLength(4);
    expect(JSON.parse(pieces.join(''))).toEqual(plain);
  });

  it('of an empty object is {}', () => {
    expect([...jsonPieces({})]).toEqual(['{}']);
  });
});

describe('pieces asked for one at a time', () => {
  it('make each chunk of rows only when its piece is asked for', () => {
    // given rows over two chunks that count what they make
    let made = 0;
    const rows = new ChunkedRows(CHUNK + 1, (r) => {
      made++;
      return r;
    });
    const pieces = jsonPieces({ edges: rows, after: 1 });
    expect(made).toBe(0);
    // then the first piece makes the first chunk alone
    expect(pieces.next().value).toMatch(/^\{"edges":\[0,1,/);
    expect(made).toBe(CHUNK);
    expect(pieces.next().value).toBe(`,${CHUNK}`);
    expect(made).toBe(CHUNK + 1);
    expect(pieces.next().value).toBe('],"after":1}');
    expect(pieces.next().done).toBe(true);
  });
});
