import { grown } from './typed-arrays';

describe('grown: a typed array copied into twice the room, or more', () => {
  it('doubles by default, keeping the values and the type, zeros after them', () => {
    const a = Float64Array.of(1.5, -2, 3);
    const b = grown(a);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b.length).toBe(6);
    expect([...b]).toEqual([1.5, -2, 3, 0, 0, 0]);
  });

  it('doubles as often as it takes to hold a given length', () => {
    const b = grown(Int32Array.of(7, 8), 9);
    expect(b).toBeInstanceOf(Int32Array);
    expect(b.length).toBe(16);
    expect([b[0], b[1], b[15]]).toEqual([7, 8, 0]);
  });

  it('grows an empty array too', () => {
    expect(grown(new Uint8Array(0)).length).toBe(2);
  });
});
