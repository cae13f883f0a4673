import fc from 'fast-check';
import { syntheticNetwork } from './synthetic';
import {
  Clearing,
  Judged,
  Rows,
  sweep,
  SweepStats,
  waveErrorBound,
} from './wave-sweeps';

/**
 * One wave's linear system on a random market: a random default set D, the rows of the
 * obligations owed by D by creditor, and what each company receives from everyone else; payments
 * start at p̄ (a supersolution) and are swept a few times, so the error is still large.
 */
function wave(seed: number, alpha: number, beta: number, share: number) {
  const net = syntheticNetwork({
    companies: 60,
    obligations: 360,
    seed,
    stakeShare: 0,
  });
  const { n, inPtr, inIdx, inAmt, totalObligations: pbar } = net;
  let state = seed + 1;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const inD = Array.from({ length: n }, () => next() < share);
  const idx = new Int32Array(inIdx.length);
  const w = new Float64Array(inIdx.length);
  const end = Int32Array.from(inPtr.subarray(0, n));
  const steady = new Float64Array(n);
  for (let c = 0; c < n; c++)
    for (let m = inPtr[c]; m < inPtr[c + 1]; m++) {
      const j = inIdx[m];
      const share = inAmt[m] / pbar[j];
      if (inD[j]) {
        idx[end[c]] = j;
        w[end[c]++] = share;
      } else steady[c] += share * pbar[j];
    }
  const rows: Rows = { ptr: inPtr, end, idx, w, base: steady };
  const e = Float64Array.from(net.externalAssets, (x) => 0.9 * x);
  const stakes = new Float64Array(n);
  const p = Float64Array.from(pbar);
  const defaulters = Int32Array.from(
    Array.from({ length: n }, (_, i) => i).filter((i) => inD[i]),
  );
  const clearing: Clearing = { alpha, beta, pbar, e, stakes, p };
  const judged: Judged = {
    alpha,
    beta,
    e,
    contract: new Float64Array(n),
    stakes,
    pbar,
    inflow: new Float64Array(n),
    steady,
    maxFromDefaulter: new Float64Array(n),
    p,
    excess: new Float64Array(n),
  };
  return { n, rows, defaulters, clearing, judged };
}

describe('the wave error bounds (waveErrorBound), on random markets', () => {
  it('never fall below how far a company’s inflow at the swept payments lies above its inflow at the wave’s solution, and are sharper than γ times what it receives from defaulters', () => {
    let sharper = 0;
    let deeper = 0;
    let judged = 0;
    fc.assert(
      fc.property(
        fc.nat(),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.2, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        (seed, alpha, beta, share, sweeps) => {
          const w = wave(seed, alpha, beta, share);
          const { n, rows, defaulters, clearing } = w;
          const { p, pbar } = clearing;
          const stats: SweepStats = { moved: 0, gamma: 0, norm1: 0 };
          for (let s = 0; s < sweeps; s++)
            sweep(clearing, rows, defaulters, stats, w.judged.excess);
          const gamma = stats.gamma;
          fc.pre(gamma > 0 && gamma < 1);
          // The wave's solution: the sweeps from above until nothing moves.
          const swept = Float64Array.from(p);
          const scratch: SweepStats = { moved: 0, gamma: 0, norm1: 0 };
          for (let s = 0; s < 10_000; s++) {
            sweep(clearing, rows, defaulters, scratch);
            if (scratch.moved === 0) break;
          }
          const solution = Float64Array.from(p);
          p.set(swept);
          for (let c = 0; c < n; c++) {
            if (rows.end[c] === rows.ptr[c]) continue;
            let above = 0;
            let received = 0;
            for (let m = rows.ptr[c]; m < rows.end[c]; m++) {
              above += rows.w[m] * (p[rows.idx[m]] - solution[rows.idx[m]]);
              received += rows.w[m] * p[rows.idx[m]];
            }
            const one = waveErrorBound(w.judged, rows, c, gamma, false);
            const two = waveErrorBound(w.judged, rows, c, gamma, true);
            // A few ulps of the sums apart at most (the bounds carry 1e-12 of the inflow).
            const ulps = 1e-13 * Math.max(1, pbar[c]);
            expect(above).toBeLessThanOrEqual(one + ulps);
            expect(above).toBeLessThanOrEqual(two + ulps);
            expect(two).toBeLessThanOrEqual(one);
            judged++;
            if (one < 0.9 * gamma * received) sharper++;
            if (two < 0.9 * one) deeper++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // Worth something only if the sharper bounds are often sharper.
    expect(sharper).toBeGreaterThan(judged / 4);
    expect(deeper).toBeGreaterThan(judged / 4);
  });
});
