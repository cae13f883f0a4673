import {
  ContagionModelName,
  ContagionNetwork,
  ContagionRun,
  ContagionShocks,
  ratio,
} from '../../../contagion';
import { Basis, ParamsUsed } from './market';
import type { Caveat } from '../../../exposure/domain/valuation';

export type { CompanyStatus } from '../../../contracts';
import type { CompanyStatus } from '../../../contracts';

/**
 * The initial loss as the denominator of a multiplier: a sum of differences leaves rounding
 * residue (3.6e-15 where the loss is none), and a residue must not turn a ratio into 10¹⁵. Below a
 * millionth of a dollar the initial loss counts as none, and the multipliers are null.
 */
export function multiplierBase(initialLossUsd: number): number {
  return Math.abs(initialLossUsd) < 1e-6 ? 0 : initialLossUsd;
}

/** One company in a scenario result (API.md "Scenarios"). */
export interface EconomicCompanyResult {
  id: string;
  equityBeforeUsd: number;
  /** The scenario's loss less the baseline's (the earlier version's loss under `full-commitment`). */
  lossUsd: number;
  /** The part of the loss taken in round 1: its own shock and its claims on the shocked companies. */
  lossDirectUsd: number;
  lossContagionUsd: number;
  equityAfterUsd: number;
  status: CompanyStatus;
  defaulted: boolean;
  /** null when the company did not default; 0 for the shocked (and recorded) defaults. */
  defaultRound: number | null;
  /** `periods: "year"` only: the year (1, 2, …) the company failed in; null when it did not. */
  defaultYear?: number | null;
  failingWithoutShock: boolean;
  /** What the company no longer gets from suppliers the shock brought down (reported, not a loss). */
  capacityAtRiskUsd: number;
  capacityAtRiskGw: number | null;
  liquidityShortfallUsd?: number;
  paymentUsd?: number;
  distress?: number;
}

export interface EconomicResult {
  model: ContagionModelName;
  basis: Basis;
  params: ParamsUsed;
  companies: EconomicCompanyResult[];
  /** Failures the shock caused, in order (round, then id); under `full-commitment` every failure, as before. */
  defaults: string[];
  /** Failures of the same run without any shock. */
  baselineDefaults: string[];
  rounds: number;
  /** `periods: "year"` only: how many years were cleared (from `at` to the last maturity). */
  years?: number;
  initialLossUsd: number;
  totalLossUsd: number;
  amplification: number | null;
  grossMultiplier?: number | null;
  netMultiplier?: number | null;
  externalCreditorLossUsd?: number;
  debtRank?: number;
  caveats: Caveat[];
}

/** A supply deal's undelivered capacity: what `buyer` no longer gets when `seller` fails. */
export interface CapacityLink {
  readonly buyer: string;
  readonly seller: string;
  readonly usd: number;
  readonly gw: number | null;
}

export interface ShapeInput {
  readonly model: ContagionModelName;
  readonly params: ParamsUsed;
  readonly network: ContagionNetwork;
  /** The scenario's model inputs (recorded defaults included) and its run. */
  readonly shocks: ContagionShocks;
  readonly run: ContagionRun;
  /** The same settings with no shock (recorded defaults only); indexed like `network`. */
  readonly baseline: ContagionRun;
  readonly recordedDefaults: ReadonlySet<number>;
  readonly capacity: readonly CapacityLink[];
  readonly caveats: readonly Caveat[];
  /**
   * `full-commitment`: the earlier version's figures exactly (losses, defaults and totals of the
   * shocked run alone); the baseline is reported beside them.
   */
  readonly earlier: boolean;
  /** The year-by-year clearing's own figures (`periods: "year"`), indexed like `network`. */
  readonly periods?: YearFigures;
  /**
   * Clearing models: what the outside creditors of each company lose in the run and in the
   * baseline (`outsideCreditorLosses`), so the initial loss counts theirs as it counts the owners'.
   */
  readonly outsideLoss?: {
    readonly run: Float64Array;
    readonly baseline: Float64Array;
  };
}

/**
 * What the outside creditors of each company lose in a clearing run: their pari passu share of its
 * shortfall, (outside debts / p̄)·(p̄ − payment), as the run's `externalCreditorLoss` sums it.
 * Undefined for the models that clear no payments.
 */
export function outsideCreditorLosses(
  network: ContagionNetwork,
  run: ContagionRun,
): Float64Array | undefined {
  const p = run.payment;
  if (!p) return undefined;
  const { totalObligations: pbar, externalLiabilities } = network;
  const out = new Float64Array(network.n);
  for (let i = 0; i < network.n; i++)
    if (pbar[i] > 0)
      out[i] = (externalLiabilities[i] / pbar[i]) * (pbar[i] - p[i]);
  return out;
}

/** What the year-by-year clearing reports beyond a run. */
export interface YearFigures {
  readonly years: number;
  /** 1, 2, … the year of default; −1 when the company did not fail. */
  readonly defaultYear: Int32Array;
  /** The shortfall in the year the company first could not pay what fell due (0 if it never failed). */
  readonly shortfallUsd: Float64Array;
}

/**
 * Round-1 losses of each company, the same in every model: its own asset shock and written-down
 * claims, and what it loses on its claims on the companies the scenario defaults
 * ((1 − R) of obligations, (1 − equityRecoveryRate) of stakes; recorded defaults are not the shock's).
 */
export function directLosses(
  network: ContagionNetwork,
  shocks: ContagionShocks,
  recordedDefaults: ReadonlySet<number>,
  params: Pick<ParamsUsed, 'recoveryRate' | 'equityRecoveryRate'>,
  legacyStakes: boolean,
): Float64Array {
  const direct = new Float64Array(network.n);
  for (let i = 0; i < network.n; i++)
    direct[i] =
      (shocks.assetLossUsd?.[i] ?? 0) + (shocks.claimLossUsd?.[i] ?? 0);
  const { outPtr, outIdx, outAmt, stakePtr, stakeIdx, stakeAmt } = network;
  for (const [j, r] of shocks.defaults ?? []) {
    if (recordedDefaults.has(j)) continue;
    const recovery = r ?? params.recoveryRate;
    for (let k = outPtr[j]; k < outPtr[j + 1]; k++)
      direct[outIdx[k]] += (1 - recovery) * outAmt[k];
    const stakeRecovery = legacyStakes ? 0 : params.equityRecoveryRate;
    for (let k = stakePtr[j]; k < stakePtr[j + 1]; k++)
      direct[stakeIdx[k]] += (1 - stakeRecovery) * stakeAmt[k];
  }
  return direct;
}

/**
 * The part of a company's loss (over the baseline) taken in round 1: a shocked company's whole
 * loss; another's up to its direct loss. A gain (a negative loss: a debt cut, a default paying
 * more than it would anyway) counts in round 1, so the contagion part is never negative.
 */
export function roundOneLoss(
  loss: number,
  direct: number,
  shocked: boolean,
): number {
  return shocked ? loss : Math.min(loss, direct);
}

/**
 * The outside creditors' part of the initial loss: what those of a shocked company lose beyond
 * the baseline, and any gain of the others' (as an owner's gain counts in round 1).
 */
export function outsideRoundOneLoss(
  after: Float64Array,
  anyway: Float64Array,
  shocked: (i: number) => boolean,
): number {
  let total = 0;
  for (let j = 0; j < after.length; j++) {
    const delta = after[j] - anyway[j];
    total += shocked(j) ? delta : Math.min(0, delta);
  }
  return total;
}

/** Shapes API.md's `result` from a shocked run and its baseline (companies in id order). */
export function shapeResult(input: ShapeInput): EconomicResult {
  const { network, run, baseline, params, earlier } = input;
  const basis = params.basis;
  const shocked = new Set<number>();
  for (const [i] of input.shocks.defaults ?? [])
    if (!input.recordedDefaults.has(i)) shocked.add(i);
  const direct = directLosses(
    network,
    input.shocks,
    input.recordedDefaults,
    params,
    earlier,
  );
  const causedFailure = (i: number): boolean =>
    run.defaulted[i] === 1 && baseline.defaulted[i] === 0;
  const capacityByBuyer = new Map<string, CapacityLink[]>();
  for (const link of input.capacity) {
    const list = capacityByBuyer.get(link.buyer) ?? [];
    list.push(link);
    capacityByBuyer.set(link.buyer, list);
  }

  const companies = network.ids.map((id, i): EconomicCompanyResult => {
    const loss = earlier ? run.loss[i] : run.loss[i] - baseline.loss[i];
    // lossDirectUsd + lossContagionUsd = lossUsd, the contagion part never negative.
    const lossDirect = roundOneLoss(loss, direct[i], shocked.has(i));
    const defaulted = run.defaulted[i] === 1;
    let status: CompanyStatus = 'solvent';
    if (basis === 'liquidity') {
      if (defaulted) status = 'illiquid';
    } else if (defaulted || run.equityAfter[i] < 0) status = 'insolvent';
    let capacityUsd = 0;
    let capacityGw: number | null = null;
    for (const link of capacityByBuyer.get(id) ?? []) {
      const s = network.indexOf.get(link.seller);
      if (s === undefined || !causedFailure(s)) continue;
      capacityUsd += link.usd;
      if (link.gw !== null) capacityGw = (capacityGw ?? 0) + link.gw;
    }
    const row: EconomicCompanyResult = {
      id,
      equityBeforeUsd: run.equityBefore[i],
      lossUsd: loss,
      lossDirectUsd: lossDirect,
      lossContagionUsd: loss - lossDirect,
      equityAfterUsd: run.equityAfter[i],
      status,
      defaulted,
      defaultRound: run.defaultRound[i] >= 0 ? run.defaultRound[i] : null,
      failingWithoutShock: baseline.defaulted[i] === 1,
      capacityAtRiskUsd: capacityUsd,
      capacityAtRiskGw: capacityGw,
    };
    if (input.periods) {
      const year = input.periods.defaultYear[i];
      row.defaultYear = year > 0 ? year : null;
      row.liquidityShortfallUsd = input.periods.shortfallUsd[i];
    } else if (basis === 'liquidity')
      row.liquidityShortfallUsd = Math.max(0, -run.equityAfter[i]);
    if (run.payment) row.paymentUsd = run.payment[i];
    if (run.distress) row.distress = run.distress[i];
    return row;
  });

  const ids = network.ids;
  let initialLossUsd: number;
  let totalLossUsd: number;
  let grossMultiplier: number | null | undefined;
  let netMultiplier: number | null | undefined;
  let externalCreditorLossUsd: number | undefined;
  let debtRank: number | undefined;
  if (earlier) {
    initialLossUsd = run.initialLoss;
    totalLossUsd = run.totalLoss;
    grossMultiplier = run.grossMultiplier;
    netMultiplier = run.netMultiplier;
    externalCreditorLossUsd = run.externalCreditorLoss;
    debtRank = run.debtRank;
  } else {
    // The round-1 losses measured as the total is (each company's loss less the baseline's, capped
    // as its loss is), so the initial loss is the part of the total taken in round 1, never more:
    // the owners' round-1 losses, and the outside creditors' of the companies the scenario
    // defaults (any gain of outside creditors counts in round 1, as an owner's does).
    initialLossUsd = companies.reduce((a, c) => a + c.lossDirectUsd, 0);
    if (input.outsideLoss)
      initialLossUsd += outsideRoundOneLoss(
        input.outsideLoss.run,
        input.outsideLoss.baseline,
        (j) => shocked.has(j),
      );
    totalLossUsd = companies.reduce((a, c) => a + c.lossUsd, 0);
    if (run.externalCreditorLoss !== undefined) {
      externalCreditorLossUsd =
        run.externalCreditorLoss - (baseline.externalCreditorLoss ?? 0);
      totalLossUsd += externalCreditorLossUsd;
    }
    if (run.grossMultiplier !== undefined) {
      // Claim write-downs beyond the baseline's over the round-1 losses; value destroyed likewise.
      grossMultiplier = ratio(
        (run.writeDowns ?? 0) - (baseline.writeDowns ?? 0),
        multiplierBase(initialLossUsd),
      );
      netMultiplier = ratio(totalLossUsd, multiplierBase(initialLossUsd));
    }
    if (run.debtRank !== undefined)
      debtRank = run.debtRank - (baseline.debtRank ?? 0);
  }
  const result: EconomicResult = {
    model: run.model,
    basis,
    params,
    companies,
    defaults: (earlier
      ? run.defaults
      : run.defaults.filter((i) => baseline.defaulted[i] === 0)
    ).map((i) => ids[i]),
    baselineDefaults: baseline.defaults.map((i) => ids[i]),
    rounds: run.rounds,
    ...(input.periods ? { years: input.periods.years } : {}),
    initialLossUsd,
    totalLossUsd,
    // The earlier shape keeps its figures exactly as recorded runs have them.
    amplification: ratio(
      totalLossUsd,
      earlier ? initialLossUsd : multiplierBase(initialLossUsd),
    ),
    caveats: [...input.caveats],
  };
  if (grossMultiplier !== undefined) result.grossMultiplier = grossMultiplier;
  if (netMultiplier !== undefined) result.netMultiplier = netMultiplier;
  if (externalCreditorLossUsd !== undefined)
    result.externalCreditorLossUsd = externalCreditorLossUsd;
  if (debtRank !== undefined) result.debtRank = debtRank;
  return result;
}
