import { furfineCascade } from './furfine';
import { AI_GIANTS, fromMatrix, TV1 } from './test-networks';

describe('Furfine sequential default', () => {
  // TV7: the TV1 network with its balance-sheet net worth [−5, 1, 34] as capital.
  const net = fromMatrix({ ...TV1, equity: [-5, 1, 34] });

  describe('given recovery 0 (TV7)', () => {
    const run = furfineCascade(net, {}, { recoveryRate: 0 });
    it('node 1 fails in round 1, node 2 in round 2 (loss 20 > 1)', () => {
      expect(Array.from(run.defaultRound)).toEqual([1, 2, -1]);
      expect(run.defaults).toEqual([0, 1]);
      expect(run.rounds).toBe(2);
    });
    it('node 3 loses exactly its equity (10 + 24 = 34) and survives: the test is strict', () => {
      expect(run.loss[2]).toBe(34);
      expect(run.equityAfter[2]).toBe(0);
      expect(run.defaulted[2]).toBe(0);
    });
  });

  describe('given recovery 0.4 (TV7)', () => {
    const run = furfineCascade(net, {}, { recoveryRate: 0.4 });
    it('the same companies fail; node 2 loses 12, node 3 loses 20.4', () => {
      expect(Array.from(run.defaulted)).toEqual([1, 1, 0]);
      expect(run.loss[1]).toBeCloseTo(12, 12);
      expect(run.loss[2]).toBeCloseTo(20.4, 12);
    });
  });

  describe('given an injected default with its own recovery', () => {
    const healthy = fromMatrix({ ...AI_GIANTS, equity: [5, 8, 2, 75] });
    it('uses the shock’s recovery for the shocked company and the params’ for the rest', () => {
      const run = furfineCascade(
        healthy,
        { defaults: new Map([[0, 0.5]]) },
        { recoveryRate: 0.2 },
      );
      // ORCL loses 15 > 8, CRWV loses 5 > 2 → round 1; NVDA loses 0.8·20 + 0.8·5 = 20 ≤ 75.
      expect(Array.from(run.defaultRound)).toEqual([0, 1, 1, -1]);
      expect(run.loss[3]).toBeCloseTo(20, 12);
      expect(run.initialLoss).toBeCloseTo(20, 12);
      expect(run.totalLoss).toBeCloseTo(40, 12);
      expect(run.amplification).toBeCloseTo(2, 12);
    });
    it('without the shock’s recovery falls back to the params’ recovery', () => {
      const run = furfineCascade(
        healthy,
        { defaults: new Map([[0, undefined]]) },
        { recoveryRate: 0.9 },
      );
      // ORCL loses 3 ≤ 8, CRWV loses 1 ≤ 2: nobody follows.
      expect(run.defaults).toEqual([0]);
      expect(run.initialLoss).toBeCloseTo(4, 12);
    });
    it('an asset shock above equity fails the company in round 1', () => {
      const run = furfineCascade(healthy, {
        assetLossUsd: Float64Array.from([0, 0, 3, 0]),
      });
      expect(Array.from(run.defaultRound)).toEqual([-1, -1, 1, -1]);
      expect(run.loss[3]).toBe(5);
    });
  });
});
