import { CHUNK, ChunkedList, fresh } from './chunked-list';

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
