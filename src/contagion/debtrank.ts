import {
  checkedDirectLoss,
  ContagionParams,
  ContagionRun,
  ContagionShocks,
  lossGivenDefault,
  maxRound,
  orderDefaults,
  ratio,
} from './model';
import { ContagionNetwork } from './network';

/**
 * DebtRank, Battiston, Puliga, Kaushik, Tasca & Caldarelli (2012), "DebtRank: too central to fail?".
 *
 * Impact of i on j: Wᵢⱼ = min(1, Xⱼᵢ / Eⱼ), j's loss given i's default over j's equity, capped at 1
 * (a holder with no positive equity is hit in full by any exposure). The loss given default honours
 * recovery like the other models: (1 − Rᵢ) of the obligations, (1 − `equityRecoveryRate`) of the
 * stakes, Rᵢ the shock's recovery for injected defaults and `params.recoveryRate` for the rest
 * (`legacyRecovery`: the whole exposure, zero recovery, as in the paper and the earlier version). Distress hⱼ ∈ [0, 1]; states
 * undistressed → distressed → inactive:
 *
 *   hᵢ(t) = min(1, hᵢ(t−1) + Σ_{j distressed at t−1} Wⱼᵢ · hⱼ(t−1))
 *
 * A distressed node propagates its distress once, in the step after it became distressed, and is
 * inactive from then on (its distress may still grow, it is not propagated again).
 * Initial distress: 1 for injected defaults; `direct shock / Eᵢ` (capped at 1) for asset shocks and
 * written-down claims. DebtRank R = Σⱼ (hⱼ(T) − hⱼ(1))·vⱼ with vⱼ the relative economic value
 * (`network.weight`).
 *
 * Losses: `loss` = hᵢ·max(Eᵢ, 0) (the share of equity lost); the initial loss is Σ hᵢ(1)·Eᵢ⁺,
 * the total Σ hᵢ(T)·Eᵢ⁺. A company "defaults" when its distress reaches 1; `defaultRound` is the
 * propagation step in which it did (0 when the shocks alone did), `rounds` the number of steps.
 */
export function debtRank(
  network: ContagionNetwork,
  shocks: ContagionShocks = {},
  params: ContagionParams = {},
): ContagionRun {
  const direct = checkedDirectLoss(network, shocks, params);
  const { n, claimPtr, claimIdx, weight } = network;
  const equity = network.equity;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (direct[i] > 0)
      h[i] = equity[i] > 0 ? Math.min(1, direct[i] / equity[i]) : 1;
  }
  for (const [i] of shocks.defaults ?? []) h[i] = 1;
  const h1 = Float64Array.from(h);
  let lgdAmt: Float64Array = network.claimAmt;
  if (!params.legacyRecovery) {
    const recovery = new Float64Array(n).fill(params.recoveryRate ?? 0);
    for (const [i, r] of shocks.defaults ?? [])
      recovery[i] = r ?? params.recoveryRate ?? 0;
    lgdAmt = lossGivenDefault(
      network,
      recovery,
      params.equityRecoveryRate ?? 0,
    );
  }
  const round = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (h[i] >= 1) round[i] = 0;

  // 0 undistressed, 1 distressed, 2 inactive.
  const state = new Uint8Array(n);
  let distressed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (h[i] > 0) {
      state[i] = 1;
      distressed.push(i);
    }
  }
  const delta = new Float64Array(n);
  const touchedMark = new Uint8Array(n);
  let steps = 0;
  while (distressed.length > 0) {
    steps++;
    const touched: number[] = [];
    for (const j of distressed) {
      const hj = h[j];
      for (let k = claimPtr[j]; k < claimPtr[j + 1]; k++) {
        const holder = claimIdx[k];
        const e = equity[holder];
        // A holder with no buffer is hit in full by any loss, and by none when nothing is lost.
        const w = e > 0 ? Math.min(1, lgdAmt[k] / e) : lgdAmt[k] > 0 ? 1 : 0;
        delta[holder] += w * hj;
        if (!touchedMark[holder]) {
          touchedMark[holder] = 1;
          touched.push(holder);
        }
      }
    }
    for (const j of distressed) state[j] = 2;
    const next: number[] = [];
    for (const i of touched) {
      touchedMark[i] = 0;
      const v = Math.min(1, h[i] + delta[i]);
      delta[i] = 0;
      h[i] = v;
      if (v >= 1 && round[i] < 0) round[i] = steps;
      if (state[i] === 0 && v > 0) {
        state[i] = 1;
        next.push(i);
      }
    }
    distressed = next.sort((a, b) => a - b);
  }

  const loss = new Float64Array(n);
  const equityAfter = new Float64Array(n);
  const defaulted = new Uint8Array(n);
  let initialLoss = 0;
  let totalLoss = 0;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.max(0, equity[i]);
    loss[i] = h[i] * e;
    equityAfter[i] = equity[i] - loss[i];
    defaulted[i] = h[i] >= 1 ? 1 : 0;
    initialLoss += h1[i] * e;
    totalLoss += loss[i];
    rank += (h[i] - h1[i]) * weight[i];
  }
  return {
    model: 'debtrank',
    equityBefore: Float64Array.from(equity),
    loss,
    equityAfter,
    defaulted,
    defaultRound: round,
    distress: h,
    defaults: orderDefaults(round),
    rounds: Math.max(steps, maxRound(round)),
    initialLoss,
    totalLoss,
    amplification: ratio(totalLoss, initialLoss),
    debtRank: rank,
  };
}
