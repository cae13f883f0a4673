import fc from 'fast-check';
import { clearingVector } from './clearing';
import { ContagionShocks } from './model';
import { ContagionNetwork, networkFromArrays } from './network';
import { Xoshiro128 } from './random';
import { syntheticNetwork } from './synthetic';

/**
 * Random markets big enough for long cascades (20–150 companies, 2–8 obligations each, log-normal
 * amounts, buffers from 10 % down to 1e-8 of what each company owes, stakes), shocked on their
 * outside assets and by injected defaults.
 */
interface Market {
  readonly net: ContagionNetwork;
  readonly shocks: ContagionShocks;
}

const marketArbWith = (
  noOutsideDebtShare: fc.Arbitrary<number>,
): fc.Arbitrary<Market> =>
  fc
    .record({
      n: fc.integer({ min: 20, max: 150 }),
      degree: fc.integer({ min: 2, max: 8 }),
      seed: fc.nat(),
      // Buffers down to 1e-8 of what a company owes, so waves find companies close to their threshold.
      thinnest: fc.integer({ min: 2, max: 8 }),
      // Some markets have companies owing nothing outside (μ = β there: no contraction bound when β = 1).
      noOutsideDebtShare,
      shock: fc.double({ min: 0, max: 0.3, noNaN: true }),
      injected: fc.integer({ min: 0, max: 3 }),
      stakeShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    })
    .map((o) => {
      const rng = new Xoshiro128(o.seed);
      const gaussian = (): number =>
        Math.sqrt(-2 * Math.log(1 - rng.next())) *
        Math.cos(2 * Math.PI * rng.next());
      const m = o.n * o.degree;
      const debtor = new Int32Array(m);
      const creditor = new Int32Array(m);
      const amount = new Float64Array(m);
      const owes = new Float64Array(o.n);
      const owed = new Float64Array(o.n);
      for (let k = 0; k < m; k++) {
        debtor[k] = rng.int(o.n);
        creditor[k] = Math.floor(o.n * rng.next() ** 2);
        amount[k] = Math.round(100 * Math.exp(gaussian()));
        if (debtor[k] !== creditor[k]) {
          owes[debtor[k]] += amount[k];
          owed[creditor[k]] += amount[k];
        }
      }
      const externalLiabilities = Float64Array.from(owes, (x) =>
        rng.next() < o.noOutsideDebtShare ? 0 : Math.round(x * rng.next()) + 10,
      );
      const externalAssets = Float64Array.from(owes, (x, i) => {
        const total = x + externalLiabilities[i];
        return (
          Math.max(0, total - owed[i]) +
          total * 10 ** -(1 + (o.thinnest - 1) * rng.next())
        );
      });
      const stakes = Math.floor(o.n * o.stakeShare);
      const net = networkFromArrays({
        ids: Array.from({ length: o.n }, (_, i) => `c${i}`),
        equity: new Float64Array(o.n),
        externalAssets,
        externalLiabilities,
        obligationDebtor: debtor,
        obligationCreditor: creditor,
        obligationAmount: amount,
        stakeInvestor: Int32Array.from({ length: stakes }, () => rng.int(o.n)),
        stakeInvestee: Int32Array.from({ length: stakes }, () => rng.int(o.n)),
        stakeAmount: Float64Array.from({ length: stakes }, () =>
          Math.round(50 * Math.exp(gaussian())),
        ),
      });
      const defaults = new Map<number, number>();
      for (let d = 0; d < o.injected; d++)
        defaults.set(rng.int(o.n), rng.next() < 0.5 ? 0 : rng.next());
      const assetLossUsd = Float64Array.from(
        externalAssets,
        (x) => x * o.shock * rng.next(),
      );
      return { net, shocks: { defaults, assetLossUsd } };
    });

const marketArb = marketArbWith(
  fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
);

/**
 * The fictitious default algorithm written out straight: every wave's system solved to the last
 * digit by Gauss–Seidel sweeps (inflows summed afresh for each company), the next wave read off
 * the result with the same default test. `nearBoundary` flags a company within 1e-9 of its
 * threshold at some wave, where two exact solvers may honestly differ by rounding.
 */
function straightforward(
  net: ContagionNetwork,
  shocks: ContagionShocks,
  alpha: number,
  beta: number,
): {
  round: number[];
  payment: Float64Array;
  converged: boolean;
  nearBoundary: boolean;
} {
  const { n, totalObligations: pbar } = net;
  const e = Float64Array.from(net.externalAssets, (x, i) =>
    Math.max(0, x - (shocks.assetLossUsd?.[i] ?? 0)),
  );
  const stakes = new Float64Array(n);
  for (let k = 0; k < net.stakeIdx.length; k++)
    stakes[net.stakeIdx[k]] += net.stakeAmt[k];
  const loseStakesIn = (i: number): void => {
    for (let s = net.stakePtr[i]; s < net.stakePtr[i + 1]; s++)
      stakes[net.stakeIdx[s]] -= net.stakeAmt[s];
  };
  const p = Float64Array.from(pbar);
  const round = new Array<number>(n).fill(-1);
  for (const [i, r] of shocks.defaults ?? []) {
    round[i] = 0;
    p[i] = (r ?? 0) * pbar[i];
    loseStakesIn(i);
  }
  const inflowOf = (i: number): number => {
    let s = 0;
    for (let k = net.inPtr[i]; k < net.inPtr[i + 1]; k++)
      s += (net.inAmt[k] / pbar[net.inIdx[k]]) * p[net.inIdx[k]];
    return s;
  };
  let converged = true;
  let nearBoundary = false;
  const cleared: number[] = [];
  for (let k = 1; ; k++) {
    const fresh: number[] = [];
    for (let i = 0; i < n; i++) {
      if (round[i] >= 0 || pbar[i] === 0) continue;
      const value = e[i] + stakes[i] + inflowOf(i);
      const threshold = pbar[i] * (1 - 1e-12);
      if (Math.abs(value - threshold) <= 1e-9 * pbar[i]) nearBoundary = true;
      if (value < threshold) fresh.push(i);
    }
    if (fresh.length === 0) break;
    for (const i of fresh) {
      round[i] = k;
      cleared.push(i);
      loseStakesIn(i);
    }
    let sweep = 0;
    for (; sweep < 200_000; sweep++) {
      let moved = 0;
      for (const i of cleared) {
        const t = Math.min(
          pbar[i],
          Math.max(0, alpha * (e[i] + stakes[i]) + beta * inflowOf(i)),
        );
        moved = Math.max(moved, Math.abs(t - p[i]) / Math.max(1, pbar[i]));
        p[i] = t;
      }
      if (moved <= 1e-15) break;
    }
    if (sweep === 200_000) converged = false;
  }
  return { round, payment: p, converged, nearBoundary };
}

describe('the fictitious default solver, on random markets with long cascades', () => {
  it('gives the straightforward algorithm’s default rounds, wave count and payments (Rogers–Veraart with random α, β; Eisenberg–Noe)', () => {
    let cascades = 0;
    fc.assert(
      fc.property(
        marketArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.boolean(),
        ({ net, shocks }, alpha, beta, plain) => {
          const a = plain ? 1 : alpha;
          const b = plain ? 1 : beta;
          const ref = straightforward(net, shocks, a, b);
          fc.pre(ref.converged && !ref.nearBoundary);
          const run = clearingVector(
            net,
            shocks,
            { alpha: a, beta: b },
            plain ? 'eisenberg-noe' : 'rogers-veraart',
          );
          expect(Array.from(run.defaultRound)).toEqual(ref.round);
          expect(run.rounds).toBe(Math.max(0, ...ref.round));
          for (let i = 0; i < net.n; i++)
            expect(
              Math.abs(run.payment![i] - ref.payment[i]),
            ).toBeLessThanOrEqual(1e-9 * Math.max(1, net.totalObligations[i]));
          if (run.rounds >= 4) cascades++;
        },
      ),
      { numRuns: 200 },
    );
    // The property is only worth something if many of the markets cascade over several waves.
    expect(cascades).toBeGreaterThanOrEqual(20);
  });
});

describe('the fictitious default solver, where every company owes everything inside the network', () => {
  it('given plain Eisenberg–Noe (μ = 1: no contraction, the waves judged by γ alone), it gives the straightforward algorithm’s default rounds and payments', () => {
    let cascades = 0;
    fc.assert(
      fc.property(marketArbWith(fc.constant(1)), ({ net, shocks }) => {
        const ref = straightforward(net, shocks, 1, 1);
        fc.pre(ref.converged && !ref.nearBoundary);
        const run = clearingVector(net, shocks, {}, 'eisenberg-noe');
        expect(Array.from(run.defaultRound)).toEqual(ref.round);
        for (let i = 0; i < net.n; i++)
          expect(
            Math.abs(run.payment![i] - ref.payment[i]),
          ).toBeLessThanOrEqual(1e-9 * Math.max(1, net.totalObligations[i]));
        if (run.rounds >= 3) cascades++;
      }),
      { numRuns: 150 },
    );
    // Worth something only if many of the markets cascade over several waves.
    expect(cascades).toBeGreaterThanOrEqual(15);
  });
});

describe('the fictitious default solver, on the benchmark’s synthetic market', () => {
  // 2,000 companies and 40,000 obligations of the benchmark's kind (thin buffers of 3–15 %, 10 %
  // holding a stake); every company loses 5 % of its outside assets.
  const net = syntheticNetwork({
    companies: 2_000,
    obligations: 40_000,
    seed: 42,
    stakeShare: 0.1,
  });
  const shocks: ContagionShocks = {
    assetLossUsd: Float64Array.from(net.externalAssets, (x) => 0.05 * x),
  };

  it.each([
    ['rogers-veraart', 0.5, 0.8],
    ['eisenberg-noe', 1, 1],
  ] as const)(
    'given the −5 %% shock, when %s clears it, then every default round and payment is the straightforward algorithm’s',
    (model, alpha, beta) => {
      const ref = straightforward(net, shocks, alpha, beta);
      // A company within 1e-9 of its threshold would make the comparison a matter of rounding.
      expect(ref.converged && !ref.nearBoundary).toBe(true);
      const run = clearingVector(net, shocks, { alpha, beta }, model);
      expect(Array.from(run.defaultRound)).toEqual(ref.round);
      for (let i = 0; i < net.n; i++)
        expect(Math.abs(run.payment![i] - ref.payment[i])).toBeLessThanOrEqual(
          1e-9 * Math.max(1, net.totalObligations[i]),
        );
      if (model === 'rogers-veraart') expect(run.rounds).toBeGreaterThan(10);
    },
  );
});

describe('a chain of companies, each pushed over by the one before it', () => {
  // c0 owes c1, c1 owes c2, … (100 each) and 10 outside (the last owes 101 outside alone); c0 is
  // short from the start, every other company has 1 to spare while its debtor pays in full, so
  // each wave clears exactly one more.
  const length = 40;
  const alpha = 0.5;
  const beta = 0.8;
  const externalAssets = Array.from({ length }, (_, i) =>
    i === 0 ? 50 : i === length - 1 ? 2 : 11,
  );
  const net = networkFromArrays({
    ids: Array.from({ length }, (_, i) => `c${i}`),
    equity: new Float64Array(length),
    externalAssets: Float64Array.from(externalAssets),
    externalLiabilities: Float64Array.from({ length }, (_, i) =>
      i === length - 1 ? 101 : 10,
    ),
    obligationDebtor: Int32Array.from({ length: length - 1 }, (_, i) => i),
    obligationCreditor: Int32Array.from(
      { length: length - 1 },
      (_, i) => i + 1,
    ),
    obligationAmount: new Float64Array(length - 1).fill(100),
  });

  it('given Rogers–Veraart costs, when it clears, then c_i falls in wave i + 1 and pays αe + β·(its share of what its debtor pays)', () => {
    const run = clearingVector(net, {}, { alpha, beta }, 'rogers-veraart');
    expect(Array.from(run.defaultRound)).toEqual(
      Array.from({ length }, (_, i) => i + 1),
    );
    let paid = 0;
    for (let i = 0; i < length; i++) {
      // What c_i receives from c_{i−1}: its share 100/110 of c_{i−1}'s payment.
      const received = i === 0 ? 0 : (100 / 110) * paid;
      paid = alpha * externalAssets[i] + beta * received;
      expect(run.payment![i]).toBeCloseTo(paid, 9);
    }
  });
});
