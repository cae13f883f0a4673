import { maxRound, orderDefaults } from './model';
import { Xoshiro128 } from './random';

describe('the defaults in order', () => {
  it('given rounds with injected (0), never (−1) and later waves, when ordered, then by round and within a round by index', () => {
    const round = Int32Array.from([2, -1, 0, 1, 2, -1, 1, 0, 3]);
    expect(orderDefaults(round)).toEqual([2, 7, 3, 6, 0, 4, 8]);
    expect(maxRound(round)).toBe(3);
  });

  it('given nobody defaulted, when ordered, then the list is empty', () => {
    expect(orderDefaults(new Int32Array(5).fill(-1))).toEqual([]);
    expect(orderDefaults(new Int32Array(0))).toEqual([]);
  });

  it('given random rounds, when ordered, then the same as a sort by (round, index)', () => {
    const rng = new Xoshiro128(7);
    for (let t = 0; t < 20; t++) {
      const round = Int32Array.from({ length: 500 }, () => rng.int(40) - 5);
      const expected = Array.from(round.keys())
        .filter((i) => round[i] >= 0)
        .sort((a, b) => round[a] - round[b] || a - b);
      expect(orderDefaults(round)).toEqual(expected);
    }
  });
});
