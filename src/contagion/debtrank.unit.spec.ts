import { debtRank } from './debtrank';
import { fromMatrix } from './test-networks';

/**
 * TV5: NetworkRiskMeasures' 3-node example, Battiston-style (impact capped at 1, single hit),
 * published in the package README (2016). Assets: a holds 1 on b; b holds 10 on a and 3 on c;
 * c holds 3 on a and 2 on b. So a owes b 10 and c 3; b owes a 1 and c 2; c owes b 3.
 */
describe('DebtRank (Battiston et al. 2012)', () => {
  const tv5 = {
    ids: ['a', 'b', 'c'],
    L: [
      [0, 10, 3],
      [1, 0, 2],
      [0, 3, 0],
    ],
    externalAssets: [0, 0, 0],
    equity: [2, 5, 2],
    weight: [10, 100, 30],
  };
  const net = fromMatrix(tv5);
  const dr = (i: number) =>
    debtRank(net, { defaults: new Map([[i, undefined]]) });

  it('normalises the relative economic value to (1/14, 10/14, 3/14)', () => {
    expect(Array.from(net.weight)).toEqual([1 / 14, 10 / 14, 3 / 14]);
  });

  it('a defaults: additional stress 0.9285714, 2 additional defaults', () => {
    const run = dr(0);
    expect(run.debtRank).toBeCloseTo(0.9285714, 7);
    expect(run.defaults).toEqual([0, 1, 2]);
    expect(Array.from(run.defaultRound)).toEqual([0, 1, 1]);
  });

  it('b defaults: additional stress 0.25, final h (0.5, 1, 1), 1 additional default', () => {
    const run = dr(1);
    expect(run.debtRank).toBeCloseTo(0.25, 12);
    expect(Array.from(run.distress!)).toEqual([0.5, 1, 1]);
    expect(run.defaults.length - 1).toBe(1);
  });

  it('c defaults: additional stress 0.6642857, final h (0.3, 0.9, 1), no additional default', () => {
    const run = dr(2);
    expect(run.debtRank).toBeCloseTo(0.6642857, 7);
    const h = run.distress!;
    expect(h[0]).toBeCloseTo(0.3, 12);
    expect(h[1]).toBeCloseTo(0.9, 12);
    expect(h[2]).toBe(1);
    expect(run.defaults).toEqual([2]);
    expect(run.rounds).toBe(3);
    // Losses are the share of equity lost: 0.3·2 + 0.9·5 + 1·2.
    expect(run.totalLoss).toBeCloseTo(0.6 + 4.5 + 2, 12);
    expect(run.initialLoss).toBeCloseTo(2, 12);
  });

  it('a uniform 10% shock: additional stress 16.07%, final stress (0.15, 0.26, 0.30), no defaults', () => {
    // 10% of each equity lost as a direct shock on outside assets.
    const shocked = fromMatrix({ ...tv5, externalAssets: [1, 1, 1] });
    const run = debtRank(shocked, {
      assetLossUsd: Float64Array.from([0.2, 0.5, 0.2]),
    });
    expect(run.debtRank).toBeCloseTo(0.1607143, 7);
    const h = run.distress!;
    [0.15, 0.26, 0.3].forEach((v, i) => expect(h[i]).toBeCloseTo(v, 12));
    expect(run.defaults).toEqual([]);
  });

  describe('given the single-hit rule', () => {
    // a owes b 10, b owes c 10; equities 1: W(a→b) = W(b→c) = 1.
    const chain = fromMatrix({
      ids: ['a', 'b', 'c'],
      L: [
        [0, 10, 0],
        [0, 0, 10],
        [0, 0, 0],
      ],
      externalAssets: [0, 1, 0],
      equity: [1, 1, 1],
    });

    it('a default travels down the chain: b and c fail', () => {
      const run = debtRank(chain, { defaults: new Map([[0, 0]]) });
      expect(run.defaults).toEqual([0, 1, 2]);
    });

    it('a tiny extra shock to b makes b propagate early and only once, so c is spared (the model under-counts, as published)', () => {
      const run = debtRank(chain, {
        defaults: new Map([[0, 0]]),
        assetLossUsd: Float64Array.from([0, 0.001, 0]),
      });
      expect(run.defaults).toEqual([0, 1]);
      expect(run.distress![2]).toBeCloseTo(0.001, 12);
    });
  });
});
