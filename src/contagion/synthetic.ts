import { ContagionNetwork, networkFromArrays } from './network';
import { Xoshiro128 } from './random';

export interface SyntheticNetworkOptions {
  readonly companies: number;
  readonly obligations: number;
  readonly seed: number;
  /** Share of companies that also hold stakes in others (one stake each); 0 by default. */
  readonly stakeShare?: number;
}

/**
 * A reproducible synthetic market for benchmarks and sweeps: obligations between random pairs with
 * heavy-tailed amounts (log-normal) and preferential creditors (a few large sellers), outside
 * liabilities of 20–60 % of what each company owes inside, and outside assets set so that every
 * company starts solvent with a thin buffer of 3–15 % of its obligations (its `equityUsd`).
 */
export function syntheticNetwork(
  options: SyntheticNetworkOptions,
): ContagionNetwork {
  const { companies: n, obligations: m, seed } = options;
  const rng = new Xoshiro128(seed);
  const gaussian = (): number => {
    const u = 1 - rng.next();
    const v = rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const debtor = new Int32Array(m);
  const creditor = new Int32Array(m);
  const amount = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const d = rng.int(n);
    // Creditors skewed towards low indices (large sellers): index ~ n·u².
    let c = Math.floor(n * rng.next() ** 2);
    if (c === d) c = (c + 1) % n;
    debtor[e] = d;
    creditor[e] = c;
    amount[e] = 1e6 * Math.exp(1.2 * gaussian());
  }
  const owes = new Float64Array(n);
  const owed = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    owes[debtor[e]] += amount[e];
    owed[creditor[e]] += amount[e];
  }
  const externalLiabilities = new Float64Array(n);
  const externalAssets = new Float64Array(n);
  const equity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    externalLiabilities[i] = owes[i] * (0.2 + 0.4 * rng.next()) + 1e6;
    const total = owes[i] + externalLiabilities[i];
    const buffer = total * (0.03 + 0.12 * rng.next());
    externalAssets[i] = Math.max(0, total - owed[i]) + buffer;
    equity[i] = externalAssets[i] + owed[i] - total;
  }
  const stakeCount = Math.floor(n * (options.stakeShare ?? 0));
  const stakeInvestor = new Int32Array(stakeCount);
  const stakeInvestee = new Int32Array(stakeCount);
  const stakeAmount = new Float64Array(stakeCount);
  for (let s = 0; s < stakeCount; s++) {
    stakeInvestor[s] = rng.int(n);
    stakeInvestee[s] = rng.int(n);
    stakeAmount[s] = 1e6 * Math.exp(gaussian());
  }
  return networkFromArrays({
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    equity,
    externalAssets,
    externalLiabilities,
    obligationDebtor: debtor,
    obligationCreditor: creditor,
    obligationAmount: amount,
    stakeInvestor,
    stakeInvestee,
    stakeAmount,
  });
}
