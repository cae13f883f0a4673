import { ValidationError } from '../shared/errors';
import { ContagionNetwork } from './network';

export { CONTAGION_MODELS, type ContagionModelName } from '../contracts';
import type { ContagionModelName } from '../contracts';

/**
 * The shocks of a run, by company index.
 * - `defaults`: "company i defaults with recovery R" (R ∈ [0, 1]; `undefined` → the run's
 *   `recoveryRate`). Clearing models fix i's payment at R·p̄ᵢ; Furfine lets its holders lose
 *   (1 − R) of their exposure; DebtRank puts it in full distress.
 * - `assetLossUsd[i]`: what company i loses of its outside assets (an asset shock).
 * - `claimLossUsd[i]`: what company i's claims were written down by before the run (haircuts,
 *   cancelled deals: the network given to the model already carries the reduced amounts).
 */
export interface ContagionShocks {
  readonly defaults?: ReadonlyMap<number, number | undefined>;
  readonly assetLossUsd?: Float64Array;
  readonly claimLossUsd?: Float64Array;
}

export interface ContagionParams {
  /** Rogers–Veraart: share of outside assets a defaulter realises (1 = no cost). */
  readonly alpha?: number;
  /** Rogers–Veraart: share of interbank receivables a defaulter realises (1 = no cost). */
  readonly beta?: number;
  /** Recovery on failed companies (Furfine, DebtRank) and default for injected defaults without one; 0 when absent. */
  readonly recoveryRate?: number;
  /** Share of a stake's carrying value its investor keeps when the investee fails; 0 when absent (equity ranks last). */
  readonly equityRecoveryRate?: number;
  /**
   * The loss rules of the earlier version, kept so its answers can be reproduced exactly (the
   * `full-commitment` reading): DebtRank ignores every recovery, and Furfine's stakes recover
   * the failed company's recovery rate instead of `equityRecoveryRate`.
   */
  readonly legacyRecovery?: boolean;
}

/** Per-company outcome. Arrays are indexed like the network. */
export interface ContagionRun {
  readonly model: ContagionModelName;
  readonly equityBefore: Float64Array;
  readonly loss: Float64Array;
  readonly equityAfter: Float64Array;
  readonly defaulted: Uint8Array;
  /** −1 when the company did not default; 0 for injected defaults; k for the k-th wave. */
  readonly defaultRound: Int32Array;
  /** Clearing payments (Eisenberg–Noe, Rogers–Veraart only). */
  readonly payment?: Float64Array;
  /** DebtRank distress hᵢ ∈ [0, 1] (DebtRank only). */
  readonly distress?: Float64Array;
  /** Defaulted companies by round, then by index. */
  readonly defaults: readonly number[];
  readonly rounds: number;
  readonly initialLoss: number;
  readonly totalLoss: number;
  /** totalLoss / initialLoss; null when the initial loss is 0. */
  readonly amplification: number | null;
  /** Clearing models: every claim write-down over the first-round write-down. */
  readonly grossMultiplier?: number | null;
  /**
   * Clearing models: every claim write-down, as an amount (the multiplier's numerator, which a
   * null multiplier — no first-round loss — would otherwise lose).
   */
  readonly writeDowns?: number;
  /** Clearing models: value destroyed (owners and outside creditors) over the initial loss; exactly 1 in plain Eisenberg–Noe. */
  readonly netMultiplier?: number | null;
  /** Clearing models: what creditors outside the network lose. */
  readonly externalCreditorLoss?: number;
  /** DebtRank: Σ (h(T) − h(1))·v, the additional stress beyond the initial shock. */
  readonly debtRank?: number;
}

export function ratio(total: number, initial: number): number | null {
  return initial > 0 ? total / initial : null;
}

function checkUnit(value: number | undefined, field: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new ValidationError(field, 'must be a number between 0 and 1');
}

/** Validates shocks and params against the network; errors name the field. */
export function checkInputs(
  network: ContagionNetwork,
  shocks: ContagionShocks,
  params: ContagionParams,
): void {
  checkUnit(params.alpha, 'params.alpha');
  checkUnit(params.beta, 'params.beta');
  checkUnit(params.recoveryRate, 'params.recoveryRate');
  checkUnit(params.equityRecoveryRate, 'params.equityRecoveryRate');
  for (const [i, r] of shocks.defaults ?? []) {
    if (!Number.isInteger(i) || i < 0 || i >= network.n)
      throw new ValidationError(
        'shocks.company',
        `index ${i} is outside the network`,
      );
    checkUnit(r, 'shocks.recoveryRate');
  }
  for (const [name, arr] of [
    ['assetLossUsd', shocks.assetLossUsd],
    ['claimLossUsd', shocks.claimLossUsd],
  ] as const) {
    if (!arr) continue;
    if (arr.length !== network.n)
      throw new ValidationError(
        `shocks.${name}`,
        `must have one entry per company (${network.n})`,
      );
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i]) || arr[i] < 0)
        throw new ValidationError(`shocks.${name}`, 'must be finite and ≥ 0');
    }
  }
  if (shocks.assetLossUsd) {
    for (let i = 0; i < network.n; i++) {
      if (shocks.assetLossUsd[i] > network.externalAssets[i] * (1 + 1e-12)) {
        throw new ValidationError(
          'shocks.fraction',
          `${network.ids[i]} cannot lose more than its outside assets`,
        );
      }
    }
  }
}

/**
 * Validates a run's inputs (`checkInputs`), then gives each company's direct shock: its asset
 * loss plus the write-down of its claims before the run.
 */
export function checkedDirectLoss(
  network: ContagionNetwork,
  shocks: ContagionShocks,
  params: ContagionParams,
): Float64Array {
  checkInputs(network, shocks, params);
  const direct = new Float64Array(network.n);
  for (let i = 0; i < network.n; i++)
    direct[i] =
      (shocks.assetLossUsd?.[i] ?? 0) + (shocks.claimLossUsd?.[i] ?? 0);
  return direct;
}

/** Defaulted companies ordered by round, then index. */
export function orderDefaults(defaultRound: Int32Array): number[] {
  // A counting sort by round, each round's companies in index order: the rounds are at most a few
  // dozen, and a comparator sort of the 8,000 defaulters of the benchmark's cascade took 0.9 ms.
  const rounds = maxRound(defaultRound) + 1;
  const start = new Int32Array(rounds + 1);
  for (let i = 0; i < defaultRound.length; i++)
    if (defaultRound[i] >= 0) start[defaultRound[i] + 1]++;
  for (let r = 0; r < rounds; r++) start[r + 1] += start[r];
  const list = new Array<number>(start[rounds]).fill(0);
  for (let i = 0; i < defaultRound.length; i++)
    if (defaultRound[i] >= 0) list[start[defaultRound[i]]++] = i;
  return list;
}

export function maxRound(defaultRound: Int32Array): number {
  let r = 0;
  for (let i = 0; i < defaultRound.length; i++)
    if (defaultRound[i] > r) r = defaultRound[i];
  return r;
}

/**
 * What each holder loses when a counterparty fails, aligned with `network.claimAmt`:
 * (1 − Rⱼ) of the obligations j owes it plus (1 − equityRecoveryRate) of its stake in j — one loss
 * means one thing in every model. `recovery[j]` is Rⱼ.
 */
export function lossGivenDefault(
  network: ContagionNetwork,
  recovery: Float64Array,
  equityRecoveryRate: number,
): Float64Array {
  const { n, claimPtr, claimIdx, outPtr, outIdx, outAmt } = network;
  const { stakePtr, stakeIdx, stakeAmt } = network;
  const out = new Float64Array(claimIdx.length);
  for (let j = 0; j < n; j++) {
    // All three rows are sorted by holder, and the claim row is the union of the other two.
    let o = outPtr[j];
    let s = stakePtr[j];
    for (let k = claimPtr[j]; k < claimPtr[j + 1]; k++) {
      const holder = claimIdx[k];
      let v = 0;
      if (o < outPtr[j + 1] && outIdx[o] === holder)
        v += (1 - recovery[j]) * outAmt[o++];
      if (s < stakePtr[j + 1] && stakeIdx[s] === holder)
        v += (1 - equityRecoveryRate) * stakeAmt[s++];
      out[k] = v;
    }
  }
  return out;
}
