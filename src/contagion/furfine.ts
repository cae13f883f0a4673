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
 * Furfine (2003) sequential default. Company j fails in round k+1 when its accumulated loss from
 * companies failed by round k (plus its own direct shock) exceeds its capital buffer — strictly: a
 * loss equal to equity survives. Holders of claims on a failed company i lose (1 − Rᵢ) of the
 * obligations i owes them and (1 − `equityRecoveryRate`) of their stakes in i, once
 * (`legacyRecovery`: (1 − Rᵢ) of both, as the earlier version did).
 * Rᵢ is the shock's recovery for injected defaults and `params.recoveryRate` (default 0) for
 * the rest. Rounds continue until no new failure; each failure is processed once, O(n + m).
 *
 * Round 0: injected defaults. Round 1: companies whose direct shock (or a negative buffer) already
 * exceeds equity, and those brought down by the injected defaults. Round k: the k-th wave.
 *
 * Losses: `loss` is every write-down the company takes (uncapped: `equityAfter` may go below
 * zero); the initial loss is the direct shocks plus the write-downs on claims on the injected
 * defaults; the total loss is the sum of all write-downs. An injected default's own books are
 * left as they are (its holders bear its failure).
 */
export function furfineCascade(
  network: ContagionNetwork,
  shocks: ContagionShocks = {},
  params: ContagionParams = {},
): ContagionRun {
  // Every company's loss starts at its direct shock.
  const loss = checkedDirectLoss(network, shocks, params);
  const { n, claimPtr, claimIdx, claimAmt } = network;
  const capital = network.equity;
  const baseRecovery = params.recoveryRate ?? 0;
  const round = new Int32Array(n).fill(-1);
  const recovery = new Float64Array(n).fill(baseRecovery);
  let initialLoss = 0;
  for (let i = 0; i < n; i++) initialLoss += loss[i];

  for (const [i, r] of shocks.defaults ?? []) {
    round[i] = 0;
    recovery[i] = r ?? baseRecovery;
  }
  const lgdAmt = params.legacyRecovery
    ? null
    : lossGivenDefault(network, recovery, params.equityRecoveryRate ?? 0);

  const touched = new Uint8Array(n);
  let candidates: number[] = [];
  const writeDown = (i: number): number => {
    let caused = 0;
    const lgd = 1 - recovery[i];
    for (let k = claimPtr[i]; k < claimPtr[i + 1]; k++) {
      const holder = claimIdx[k];
      const l = lgdAmt ? lgdAmt[k] : lgd * claimAmt[k];
      loss[holder] += l;
      caused += l;
      if (round[holder] < 0 && !touched[holder]) {
        touched[holder] = 1;
        candidates.push(holder);
      }
    }
    return caused;
  };

  for (const [i] of shocks.defaults ?? []) initialLoss += writeDown(i);

  // First wave: every company is tested once; afterwards only holders of newly failed claims.
  let failing: number[] = [];
  for (let i = 0; i < n; i++)
    if (round[i] < 0 && loss[i] > capital[i]) failing.push(i);
  for (const c of candidates) touched[c] = 0;
  candidates = [];
  let k = 1;
  while (failing.length > 0) {
    for (const i of failing) round[i] = k;
    for (const i of failing) writeDown(i);
    const next: number[] = [];
    for (const c of candidates) {
      touched[c] = 0;
      if (round[c] < 0 && loss[c] > capital[c]) next.push(c);
    }
    candidates = [];
    failing = next.sort((a, b) => a - b);
    k++;
  }

  const equityAfter = new Float64Array(n);
  const defaulted = new Uint8Array(n);
  let totalLoss = 0;
  for (let i = 0; i < n; i++) {
    equityAfter[i] = capital[i] - loss[i];
    defaulted[i] = round[i] >= 0 ? 1 : 0;
    totalLoss += loss[i];
  }
  return {
    model: 'furfine',
    equityBefore: Float64Array.from(capital),
    loss,
    equityAfter,
    defaulted,
    defaultRound: round,
    defaults: orderDefaults(round),
    rounds: maxRound(round),
    initialLoss,
    totalLoss,
    amplification: ratio(totalLoss, initialLoss),
  };
}
