import {
  ContagionNetwork,
  ContagionShocks,
  runContagionModel,
  Xoshiro128,
} from '../../contagion';
import {
  ContagionModelName,
  ContagionParams,
  ContagionRun,
  ratio,
} from '../../contagion/model';
import {
  directLosses,
  multiplierBase,
  outsideCreditorLosses,
  outsideRoundOneLoss,
  roundOneLoss,
} from './economics/result';

/**
 * Pure analysis kernels over one network: "this company alone fails" for a list of companies
 * (systemic importance) and Monte Carlo default sweeps. Both take index ranges so the work can be
 * split across worker threads and merged; the outcome never depends on how it was split.
 */

export interface AnalysisInput {
  readonly network: ContagionNetwork;
  readonly model: ContagionModelName;
  readonly params: ContagionParams;
  /** Shocks present in every run (recorded defaults, the scenario's own shocks). */
  readonly base: ContagionShocks;
  /**
   * The run with no shock at all (recorded defaults only), when it is not `base` on this network:
   * the companies failing in it fail anyway and are never counted as caused, and its loss is
   * not the runs' loss. Absent: the run of `base` is the baseline.
   */
  readonly baseline?: Baseline;
  /**
   * true under the `balance-sheet` and `liquidity` readings: losses are the run's less the
   * baseline's and failures that happen anyway are never counted, as in a scenario's result.
   * false (`full-commitment`): the earlier version's figures, to the bit.
   */
  readonly overBaseline?: boolean;
}

/** What the analyses take from the no-shock run. */
export interface Baseline {
  readonly defaulted: Uint8Array;
  readonly loss: Float64Array;
  readonly totalLoss: number;
  readonly externalCreditorLoss?: number;
  /** Clearing models: what each company's outside creditors lose (`outsideCreditorLosses`). */
  readonly outsideLoss?: Float64Array;
}

/** The no-shock run's figures the analyses compare against (`network`: the one it ran on). */
export function baselineOf(
  run: ContagionRun,
  network: ContagionNetwork,
): Baseline {
  const out: Baseline = {
    defaulted: Uint8Array.from(run.defaulted),
    loss: Float64Array.from(run.loss),
    totalLoss: run.totalLoss,
  };
  const outsideLoss = outsideCreditorLosses(network, run);
  return {
    ...out,
    ...(run.externalCreditorLoss === undefined
      ? {}
      : { externalCreditorLoss: run.externalCreditorLoss }),
    ...(outsideLoss ? { outsideLoss } : {}),
  };
}

/** A run's total loss less the baseline's, summed as a scenario's result sums it (per company, then outside creditors). */
function lossOverBaseline(run: Baseline, baseline: Baseline): number {
  let total = 0;
  for (let i = 0; i < run.loss.length; i++)
    total += run.loss[i] - baseline.loss[i];
  if (run.externalCreditorLoss !== undefined)
    total += run.externalCreditorLoss - (baseline.externalCreditorLoss ?? 0);
  return total;
}

function baselineRun(input: AnalysisInput): Baseline {
  return (
    input.baseline ??
    baselineOf(
      runContagionModel(input.model, input.network, input.base, input.params),
      input.network,
    )
  );
}

/**
 * A systemic row's amplification over the baseline, as a scenario "company i fails" measures it:
 * the loss beyond the baseline over the part of it taken in round 1 (API.md `amplification`), so
 * the ranking and POST /scenarios agree on the same failure.
 */
function amplificationOverBaseline(
  input: AnalysisInput,
  shocks: ContagionShocks,
  recorded: ReadonlySet<number>,
  run: ContagionRun,
  baseline: Baseline,
  failing: number,
  additionalLoss: number,
): number | null {
  const direct = directLosses(
    input.network,
    shocks,
    recorded,
    {
      recoveryRate: input.params.recoveryRate ?? 0,
      equityRecoveryRate: input.params.equityRecoveryRate ?? 0,
    },
    false,
  );
  let initial = 0;
  for (let c = 0; c < input.network.n; c++)
    initial += roundOneLoss(
      run.loss[c] - baseline.loss[c],
      direct[c],
      c === failing,
    );
  const after = outsideCreditorLosses(input.network, run);
  if (after && baseline.outsideLoss)
    initial += outsideRoundOneLoss(
      after,
      baseline.outsideLoss,
      (c) => c === failing,
    );
  return ratio(additionalLoss, multiplierBase(initial));
}

export interface SystemicRow {
  company: string;
  /** Total loss when this company fails with the run's recovery. */
  totalLossUsd: number;
  /** What its failure adds to the loss of the network as it stands (total less the loss of the run with no one failing). */
  additionalLossUsd: number;
  /** The additional loss borne by the others (its own additional loss left out). */
  lossCausedUsd: number;
  /** Other companies that fail because it does (not those failing anyway), in order. */
  defaults: string[];
  failuresCaused: number;
  rounds: number;
  amplification: number | null;
}

/**
 * Runs "company i fails (recovery R)" for each i in `indices`, against the network as it stands
 * (the base shocks alone, run once): companies that fail anyway are not counted as caused.
 */
export function systemicRows(
  input: AnalysisInput,
  indices: readonly number[],
  recoveryRate: number,
  onEach?: () => void,
): SystemicRow[] {
  const baseline = baselineRun(input);
  // The base's defaults are the recorded ones, in every run: not the row's shock.
  const recorded = new Set((input.base.defaults ?? new Map()).keys());
  const rows: SystemicRow[] = [];
  for (const i of indices) {
    const defaults = new Map(input.base.defaults ?? []);
    defaults.set(i, recoveryRate);
    const shocks: ContagionShocks = { ...input.base, defaults };
    const run = runContagionModel(
      input.model,
      input.network,
      shocks,
      input.params,
    );
    const others = run.defaults.filter(
      (d) => d !== i && baseline.defaulted[d] === 0,
    );
    const additional = input.overBaseline
      ? lossOverBaseline(run, baseline)
      : run.totalLoss - baseline.totalLoss;
    rows.push({
      company: input.network.ids[i],
      totalLossUsd: input.overBaseline ? additional : run.totalLoss,
      additionalLossUsd: additional,
      lossCausedUsd: additional - (run.loss[i] - baseline.loss[i]),
      defaults: others.map((d) => input.network.ids[d]),
      failuresCaused: others.length,
      rounds: run.rounds,
      // The earlier reading keeps the model's own figure, as its recorded answers have it.
      amplification: input.overBaseline
        ? amplificationOverBaseline(
            input,
            shocks,
            recorded,
            run,
            baseline,
            i,
            additional,
          )
        : run.amplification,
    });
    onEach?.();
  }
  return rows;
}

/** Ranked by total loss, then failures caused, then id. */
export function rankSystemic(rows: SystemicRow[]): SystemicRow[] {
  return [...rows].sort(
    (a, b) =>
      b.totalLossUsd - a.totalLossUsd ||
      b.failuresCaused - a.failuresCaused ||
      (a.company < b.company ? -1 : 1),
  );
}

export interface SweepSample {
  readonly lossUsd: Float64Array;
  readonly defaults: Int32Array;
}

/**
 * Monte Carlo runs `from` ≤ r < `to`: in run r every company i defaults independently with
 * probability pᵢ (recovery from params), drawn from xoshiro128** seeded with (seed, r) — so run r
 * is the same whichever thread draws it, and the sweep is reproducible from its seed.
 */
export function sweepRuns(
  input: AnalysisInput,
  probabilities: Float64Array,
  seed: number,
  from: number,
  to: number,
  onEach?: () => void,
): SweepSample {
  const n = input.network.n;
  const baseline = baselineRun(input);
  const lossUsd = new Float64Array(to - from);
  const defaults = new Int32Array(to - from);
  for (let r = from; r < to; r++) {
    const rng = new Xoshiro128(mixSeed(seed, r));
    const drawn = new Map(input.base.defaults ?? []);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (probabilities[i] > 0 && u < probabilities[i] && !drawn.has(i))
        drawn.set(i, undefined);
    }
    const run = runContagionModel(
      input.model,
      input.network,
      { ...input.base, defaults: drawn },
      input.params,
    );
    if (input.overBaseline) {
      // What the draws add to the network as it stands: failures that happen anyway are not counted.
      lossUsd[r - from] = lossOverBaseline(run, baseline);
      defaults[r - from] = run.defaults.filter(
        (d) => baseline.defaulted[d] === 0,
      ).length;
    } else {
      lossUsd[r - from] = run.totalLoss;
      defaults[r - from] = run.defaults.length;
    }
    onEach?.();
  }
  return { lossUsd, defaults };
}

/** One 32-bit seed per (sweep seed, run) pair. */
export function mixSeed(seed: number, run: number): number {
  let h = (seed ^ Math.imul(run + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface SweepSummary {
  runs: number;
  meanLossUsd: number;
  stdDevLossUsd: number;
  minLossUsd: number;
  maxLossUsd: number;
  /** Value at risk: the loss not exceeded in 95 % (99 %) of runs (nearest rank). */
  var95Usd: number;
  var99Usd: number;
  /** Expected shortfall: the mean of the worst 5 % (1 %) of runs. */
  es95Usd: number;
  es99Usd: number;
  meanDefaults: number;
  /** Equal-width bins from the smallest to the largest loss. */
  histogram: { fromUsd: number; toUsd: number; count: number }[];
}

export function summariseSweep(
  lossUsd: Float64Array,
  defaults: Int32Array,
  bins = 20,
): SweepSummary {
  const runs = lossUsd.length;
  const sorted = Float64Array.from(lossUsd).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / runs;
  let sq = 0;
  for (const x of sorted) sq += (x - mean) ** 2;
  // 1e-9 keeps (1 − 0.95)·100 = 5.000000000000004 from rounding up to 6.
  const rank = (p: number): number =>
    sorted[Math.min(runs - 1, Math.max(0, Math.ceil(p * runs - 1e-9) - 1))];
  const tail = (p: number): number => {
    const k = Math.max(1, Math.ceil((1 - p) * runs - 1e-9));
    let s = 0;
    for (let i = runs - k; i < runs; i++) s += sorted[i];
    return s / k;
  };
  let d = 0;
  for (const x of defaults) d += x;
  const min = sorted[0];
  const max = sorted[runs - 1];
  const width = (max - min) / bins;
  const histogram = Array.from({ length: bins }, (_, b) => ({
    fromUsd: min + b * width,
    toUsd: b === bins - 1 ? max : min + (b + 1) * width,
    count: 0,
  }));
  for (const x of sorted) {
    const b = width > 0 ? Math.min(bins - 1, Math.floor((x - min) / width)) : 0;
    histogram[b].count++;
  }
  return {
    runs,
    meanLossUsd: mean,
    stdDevLossUsd: Math.sqrt(sq / runs),
    minLossUsd: min,
    maxLossUsd: max,
    var95Usd: rank(0.95),
    var99Usd: rank(0.99),
    es95Usd: tail(0.95),
    es99Usd: tail(0.99),
    meanDefaults: d / runs,
    histogram:
      width > 0 ? histogram : [{ fromUsd: min, toUsd: max, count: runs }],
  };
}
