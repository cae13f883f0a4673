import { CHUNK, ChunkedRows, fresh } from './chunked-list';

describe('rows made in chunks', () => {
  it('gives every row, in order, across several chunks, joined or chunk by chunk', () => {
    // given more rows than two chunks hold
    const n = 2 * CHUNK + 5;
    const rows = new ChunkedRows(n, (r) => r * 3);
    // then one array of them all, in order, with no hole
    const all = rows.all();
    expect(all).toHaveLength(n);
    expect(all.every((v, i) => v === i * 3)).toBe(true);
    // and chunks of CHUNK rows but the last, which together are the same rows
    const chunks = [...rows.chunks()];
    expect(chunks.map((c) => c.length)).toEqual([CHUNK, CHUNK, 5]);
    expect(chunks.flat()).toEqual(all);
  });

  it('at exactly a chunk’s size, and empty', () => {
    const full = new ChunkedRows(CHUNK, (r) => `d${r}`);
    expect(full.all()).toHaveLength(CHUNK);
    expect(full.all()[CHUNK - 1]).toBe(`d${CHUNK - 1}`);
    expect([...full.chunks()]).toHaveLength(1);
    const none = new ChunkedRows<string>(0, () => 'never');
    expect(none.all()).toEqual([]);
    expect([...none.chunks()]).toEqual([]);
  });

  it('makes each chunk only when it is read', () => {
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
