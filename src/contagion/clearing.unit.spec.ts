import { clearingVector } from './clearing';
import { AI_GIANTS, fromMatrix, TV1 } from './test-networks';
import { buildNetwork, networkFromArrays } from './network';
import { ValidationError } from '../shared/errors';

const close = (
  actual: ArrayLike<number>,
  expected: number[],
  digits = 9,
): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits));
};

describe('Eisenberg–Noe greatest clearing vector', () => {
  describe('given Siebenbrunner’s published 3-node example (TV1)', () => {
    const net = fromMatrix(TV1);

    it('clears at p* = [270/11, 290/11, 10] with defaults in rounds 1 and 2', () => {
      const run = clearingVector(net);
      close(run.payment!, [270 / 11, 290 / 11, 10], 12);
      close(run.equityBefore, [-5, 1, 34], 12);
      close(run.equityAfter, [-60 / 11, -29 / 11, 30], 12);
      expect(Array.from(run.defaulted)).toEqual([1, 1, 0]);
      expect(Array.from(run.defaultRound)).toEqual([1, 2, -1]);
      expect(run.defaults).toEqual([0, 1]);
      expect(run.rounds).toBe(2);
    });

    it('conserves value: the net multiplier is exactly 1 (the pre-existing shortfall of 5 is redistributed)', () => {
      const run = clearingVector(net);
      expect(run.initialLoss).toBeCloseTo(5, 12);
      expect(run.totalLoss).toBeCloseTo(5, 12);
      expect(run.netMultiplier).toBeCloseTo(1, 12);
      expect(run.amplification).toBeCloseTo(1, 12);
    });
  });

  describe('given the synthetic AI-giants fixture (TV9)', () => {
    // OAI, ORCL, CRWV, NVDA; ORCL and CRWV also owe outside creditors.
    const net = fromMatrix({
      ...AI_GIANTS,
      externalLiabilities: [0, 10, 15, 0],
    });
    const oaiDefaults = { defaults: new Map([[0, 0.4]]) };

    it('with no shocks nobody defaults and equity is (5, 8, 2, 75)', () => {
      const run = clearingVector(net);
      expect(run.defaults).toEqual([]);
      close(run.equityAfter, [5, 8, 2, 75]);
      expect(run.totalLoss).toBe(0);
      expect(run.amplification).toBeNull();
    });

    it('S1: OAI defaults with recovery 40% → p = (16, 20, 16), ORCL and CRWV fall in round 1, net multiplier 1, gross 38/24', () => {
      const run = clearingVector(net, oaiDefaults);
      close(run.payment!.subarray(0, 3), [16, 20, 16], 12);
      expect(Array.from(run.defaultRound)).toEqual([0, 1, 1, -1]);
      expect(run.equityAfter[3]).toBeCloseTo(202 / 3, 12);
      close(run.loss, [0, 8, 2, 23 / 3], 12);
      expect(run.externalCreditorLoss).toBeCloseTo(19 / 3, 12);
      expect(run.initialLoss).toBeCloseTo(24, 12);
      expect(run.totalLoss).toBeCloseTo(24, 12);
      expect(run.netMultiplier).toBeCloseTo(1, 12);
      expect(run.grossMultiplier).toBeCloseTo(38 / 24, 12);
    });

    it('S2: S1 with Rogers–Veraart α = 0.5 → p = (16, 16, 10), total loss 34, net multiplier 34/24', () => {
      const run = clearingVector(
        net,
        oaiDefaults,
        { alpha: 0.5, beta: 1 },
        'rogers-veraart',
      );
      close(run.payment!.subarray(0, 3), [16, 16, 10], 12);
      expect(run.equityAfter[3]).toBeCloseTo(379 / 6, 12);
      expect(run.externalCreditorLoss).toBeCloseTo(73 / 6, 12);
      expect(run.totalLoss).toBeCloseTo(34, 12);
      expect(run.netMultiplier).toBeCloseTo(34 / 24, 12);
    });

    it('S3: outside assets of ORCL and CRWV −50% → p = (40, 30, 16), only CRWV defaults, ORCL survives at the boundary', () => {
      const run = clearingVector(net, {
        assetLossUsd: Float64Array.from([0, 4, 6, 0]),
      });
      close(run.payment!.subarray(0, 3), [40, 30, 16], 12);
      expect(run.defaults).toEqual([2]);
      expect(run.defaultRound[2]).toBe(1);
      expect(run.equityAfter[3]).toBeCloseTo(74, 12);
      expect(run.initialLoss).toBeCloseTo(10, 12);
      expect(run.totalLoss).toBeCloseTo(10, 12);
    });

    it('S4: S1 and S3 together give the S2 payments (16, 16, 10)', () => {
      const run = clearingVector(net, {
        defaults: oaiDefaults.defaults,
        assetLossUsd: Float64Array.from([0, 4, 6, 0]),
      });
      close(run.payment!.subarray(0, 3), [16, 16, 10], 12);
      expect(Array.from(run.defaultRound)).toEqual([0, 1, 1, -1]);
    });
  });

  describe('given a stake in a company that defaults', () => {
    it('the investor loses the carrying value and fails when it exceeds its equity', () => {
      const net = buildNetwork({
        companies: [
          { id: 'a', externalAssetsUsd: 10, externalLiabilitiesUsd: 20 },
          { id: 'b', externalAssetsUsd: 5, externalLiabilitiesUsd: 2 },
          { id: 'c', externalAssetsUsd: 100 },
        ],
        obligations: [{ debtor: 'b', creditor: 'c', amountUsd: 10 }],
        stakes: [{ investor: 'b', investee: 'a', amountUsd: 8 }],
      });
      const run = clearingVector(net);
      // a is short (10 < 20) → round 1; b has 5 + 8 ≥ 12 until its stake goes, then 5 < 12 → round 2.
      expect(Array.from(run.defaultRound)).toEqual([1, 2, -1]);
      close(run.payment!, [10, 5, 0]);
      expect(run.equityBefore[1]).toBeCloseTo(1);
      expect(run.equityAfter[1]).toBeCloseTo(-7);
      expect(run.loss[2]).toBeCloseTo(10 - (10 / 12) * 5);
    });
  });

  describe('given bad input', () => {
    const net = fromMatrix({
      L: [
        [0, 1],
        [1, 0],
      ],
      externalAssets: [1, 1],
    });
    it('refuses α outside [0, 1], naming the field', () => {
      expect(() =>
        clearingVector(net, {}, { alpha: 1.5 }, 'rogers-veraart'),
      ).toThrow(ValidationError);
      expect(() =>
        clearingVector(net, {}, { alpha: 1.5 }, 'rogers-veraart'),
      ).toThrow('params.alpha');
    });
    it('refuses a recovery above 1', () => {
      expect(() =>
        clearingVector(net, { defaults: new Map([[0, 2]]) }),
      ).toThrow('shocks.recoveryRate');
    });
  });
});

describe('Rogers–Veraart default costs', () => {
  describe('given Siebenbrunner’s published 3-node example (TV2)', () => {
    const net = fromMatrix({
      L: [
        [0, 30, 0],
        [5, 0, 20],
        [10, 0, 0],
      ],
      externalAssets: [10, 5, 5],
    });

    it('α = β = 1 is plain Eisenberg–Noe: p* = [25, 25, 10], equity [−5, 5, 15]', () => {
      const run = clearingVector(
        net,
        {},
        { alpha: 1, beta: 1 },
        'rogers-veraart',
      );
      close(run.payment!, [25, 25, 10], 12);
      close(run.equityBefore, [-5, 10, 15], 12);
      close(run.equityAfter, [-5, 5, 15], 12);
      expect(Array.from(run.defaulted)).toEqual([1, 0, 0]);
    });

    it('α = 0.4, β = 1: p* = [18, 20, 10], equity [−6, −2, 11], rounds (1, 2, –)', () => {
      const run = clearingVector(
        net,
        {},
        { alpha: 0.4, beta: 1 },
        'rogers-veraart',
      );
      close(run.payment!, [18, 20, 10], 12);
      close(run.equityAfter, [-6, -2, 11], 12);
      expect(Array.from(run.defaultRound)).toEqual([1, 2, -1]);
    });

    it('α = 0.4, β = 0.7: p* = [5640/451, 4850/451, 10]', () => {
      const run = clearingVector(
        net,
        {},
        { alpha: 0.4, beta: 0.7 },
        'rogers-veraart',
      );
      close(run.payment!, [5640 / 451, 4850 / 451, 10], 12);
    });

    it('α = 1, β = 0.5: p* = [310/19, 250/19, 10]', () => {
      const run = clearingVector(
        net,
        {},
        { alpha: 1, beta: 0.5 },
        'rogers-veraart',
      );
      close(run.payment!, [310 / 19, 250 / 19, 10], 12);
      expect(Array.from(run.defaulted)).toEqual([1, 1, 0]);
    });
  });
});

describe('a company that owes nothing', () => {
  it('never defaults, even when its only debtor pays nothing (found by the Rogers–Veraart property)', () => {
    const net = networkFromArrays({
      ids: ['c0', 'c1', 'c2', 'c3'],
      equity: new Float64Array(4),
      externalAssets: new Float64Array(4),
      externalLiabilities: new Float64Array(4),
      obligationDebtor: Int32Array.from([2, 2]),
      obligationCreditor: Int32Array.from([3, 0]),
      obligationAmount: Float64Array.from([47, 44]),
      stakeInvestor: new Int32Array(0),
      stakeInvestee: new Int32Array(0),
      stakeAmount: new Float64Array(0),
    });
    for (const model of ['eisenberg-noe', 'rogers-veraart'] as const) {
      const run = clearingVector(net, {}, { alpha: 0, beta: 0 }, model);
      expect(Array.from(run.defaulted)).toEqual([0, 0, 1, 0]);
      expect(Array.from(run.payment!)).toEqual([0, 0, 0, 0]);
    }
  });
});

describe('a cycle of two defaulters, with no contraction bound elsewhere (μ = 1)', () => {
  // Found by the random-network properties (shrunk): c0 owes c2 1 and nothing outside, so μ = 1 and
  // every wave is solved to the push tolerance; c1 and c2 owe each other 98 and 84 (4 each
  // outside). Near the solution the changes going round c1 ⇄ c2 were a few ulps, and the rounding
  // of the incrementally updated inflows kept them from shrinking: the solver never returned. The
  // solver's iteration caps make a relapse fail with an error instead of spinning.
  const net = networkFromArrays({
    ids: ['c0', 'c1', 'c2'],
    equity: new Float64Array(3),
    externalAssets: Float64Array.from([0, 6, 0]),
    externalLiabilities: Float64Array.from([0, 4, 4]),
    obligationDebtor: Int32Array.from([1, 0, 2]),
    obligationCreditor: Int32Array.from([2, 2, 1]),
    obligationAmount: Float64Array.from([98, 1, 84]),
    stakeInvestor: new Int32Array(0),
    stakeInvestee: new Int32Array(0),
    stakeAmount: new Float64Array(0),
  });

  it('clears at p = (0, 2244/31, 2156/31): c0 and c1 in round 1, c2 in round 2', () => {
    // p₁ = 6 + (84/88)·p₂ and p₂ = (98/102)·p₁.
    const run = clearingVector(net);
    close(run.payment!, [0, 2244 / 31, 2156 / 31], 11);
    expect(Array.from(run.defaultRound)).toEqual([1, 1, 2]);
  });

  it('clears under Rogers–Veraart with β = 1 as well (the same equations when α = 1)', () => {
    const run = clearingVector(
      net,
      {},
      { alpha: 1, beta: 1 },
      'rogers-veraart',
    );
    close(run.payment!, [0, 2244 / 31, 2156 / 31], 11);
  });
});
