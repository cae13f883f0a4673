import { CHUNK, ChunkedList, ChunkedRows, fresh } from './chunked-list';

describe('a list made in chunks', () => {
  it('gives every item pushed, in order, across several chunks', () => {
    // given more items than two chunks hold
    const list = new ChunkedList<number>();
    const n = 2 * CHUNK + 5;
    for (let i = 0; i < n; i++) list.push(i);
    // then one array of them all, in the order pushed, with no hole
    const all = list.all();
    expect(all).toHaveLength(n);
    expect(all.every((v, i) => v === i)).toBe(true);
  });

  it('at exactly a chunk’s size, and empty', () => {
    const full = new ChunkedList<string>();
    for (let i = 0; i < CHUNK; i++) full.push(`d${i}`);
    expect(full.all()).toHaveLength(CHUNK);
    expect(full.all()[CHUNK - 1]).toBe(`d${CHUNK - 1}`);
    expect(new ChunkedList<string>().all()).toEqual([]);
  });

  it('keeps each chunk under V8’s large-object size (128 KiB of 8-byte references)', () => {
    expect(CHUNK * 8).toBeLessThan(128 * 1024);
  });

  it('fresh gives a new empty array each time, which the caller may grow', () => {
    const a = fresh<number>();
    const b = fresh<number>();
    a.push(1);
    expect(a).toEqual([1]);
    expect(b).toEqual([]);
    expect(a).not.toBe(b);
  });
});

describe('rows made a chunk at a time', () => {
  it('gives every row, in order, in chunks of CHUNK but the last', () => {
    const n = 2 * CHUNK + 5;
    const chunks = [...new ChunkedRows(n, (r) => r * 3).chunks()];
    expect(chunks.map((c) => c.length)).toEqual([CHUNK, CHUNK, 5]);
    expect(chunks.flat().every((v, i) => v === i * 3)).toBe(true);
    expect([...new ChunkedRows<string>(0, () => 'never').chunks()]).toEqual([]);
  });

  it('makes each chunk only when it is asked for', () => {
    let made = 0;
    const chunks = new ChunkedRows(CHUNK + 1, (r) => {
      made++;
      return r;
    }).chunks();
    expect(made).toBe(0);
    expect(chunks.next().value).toHaveLength(CHUNK);
    expect(made).toBe(CHUNK);
    expect(chunks.next().value).toEqual([CHUNK]);
    expect(made).toBe(CHUNK + 1);
    expect(chunks.next().done).toBe(true);
  });
});
