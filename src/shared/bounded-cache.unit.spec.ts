import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('given more entries than its capacity, then it holds at most the capacity and keeps the latest', () => {
    const cache = new BoundedCache<string, number>(10);
    for (let i = 0; i < 1_000; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(10);
    for (let i = 995; i < 1_000; i++) expect(cache.get(`k${i}`)).toBe(i);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.has('k0')).toBe(false);
  });

  it('given an entry read while others are added, then it outlives the entries added with it and never read', () => {
    const cache = new BoundedCache<string, number>(10);
    cache.set('kept', 1);
    cache.set('dropped', 2);
    for (let i = 0; i < 100; i++) {
      cache.set(`filler${i}`, i);
      expect(cache.get('kept')).toBe(1);
    }
    expect(cache.get('dropped')).toBeUndefined();
  });

  it('given a key set again after it moved to the older generation, then the newer value is answered, also after the generations turn', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('a', 1);
    cache.set('b', 2); // the young generation (2 entries) becomes the old one
    cache.set('a', 3);
    expect(cache.get('a')).toBe(3);
    expect(cache.size).toBe(2);
    cache.set('c', 4); // turns again: the generation holding b is dropped
    expect(cache.get('a')).toBe(3);
    expect(cache.get('b')).toBeUndefined();
  });

  it('given a key deleted, then neither generation answers it', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.delete('a');
    cache.delete('c');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('given a capacity of 0, then it keeps nothing; of 1, the last entry set', () => {
    const off = new BoundedCache<string, number>(0);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
    expect(off.size).toBe(0);
    const one = new BoundedCache<string, number>(1);
    one.set('a', 1);
    one.set('b', 2);
    expect(one.get('a')).toBeUndefined();
    expect(one.get('b')).toBe(2);
    expect(one.size).toBe(1);
  });

  it('given a negative or fractional capacity, then it is refused', () => {
    expect(() => new BoundedCache(-1)).toThrow(/capacity/);
    expect(() => new BoundedCache(2.5)).toThrow(/capacity/);
  });
});
