import { rate as unitRate } from '../ledger/domain/ledger.rules';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import {
  ContagionModelName,
  DEAL_CERTAINTIES as CERTAINTIES,
  DEAL_CONFIDENCES as CONFIDENCES,
  ESTIMATE_CHOICES,
  SCENARIO_BASES as BASES,
} from '../contracts';
import { ValidationError } from '../shared/errors';
import { parseSlug } from '../shared/ids';
import { Clock, CLOCK, parseInstant } from '../shared/time';
import { runSlices } from './analysis.pool';
import {
  AnalysisInput,
  baselineOf,
  rankSystemic,
  SweepSummary,
  summariseSweep,
  SystemicRow,
} from './domain/analysis';
import { VALUATION } from './domain/scenario.compute';
import {
  definedShocks,
  DefinedShock,
  OverlayItem,
  parseModel,
  parseOverlay,
  ScenarioParams,
} from './domain/scenario.definition';
import { analysisNetwork, AnalysisNetwork } from './domain/scenario.run';
import { runContagionModel } from '../contagion';
import { ScenarioProgress } from './scenario-progress';
import { ScenarioTimelines } from './scenario-timelines';

const SLICES = Math.max(1, Math.min(2, cpus().length));

/**
 * Analyses over the network that record nothing: systemic ranking (every company fails alone in
 * turn) and Monte Carlo sweeps, spread over worker threads (analysis.pool) with progress messages.
 * Apart from the scenario write path: neither writes a stream.
 */
@Injectable()
export class AnalysisService {
  constructor(
    private readonly timelines: ScenarioTimelines,
    private readonly progress: ScenarioProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** GET /analysis/systemic: every company fails alone in turn; ranked by total loss, then failures caused. */
  async systemic(query: SystemicQuery) {
    const now = this.clock.now().toISOString();
    const at =
      query.at === undefined || query.at === ''
        ? now
        : parseInstant(query.at, 'at');
    const knownAt =
      query.knownAt === undefined || query.knownAt === ''
        ? now
        : parseInstant(query.knownAt, 'knownAt');
    const model: ContagionModelName =
      query.model === undefined || query.model === ''
        ? 'debtrank'
        : parseModel(query.model);
    const recoveryRate =
      query.recoveryRate === undefined || query.recoveryRate === ''
        ? 0
        : unitRate(Number(query.recoveryRate), 'recoveryRate');
    const params = systemicParams(query);
    const real = await this.timelines.index();
    const knownAtMs = Date.parse(knownAt);
    const knownPosition = real.knownPosition(knownAtMs);
    const input = analysisNetwork(
      real,
      Date.parse(at),
      knownPosition,
      [],
      { ...params, recoveryRate },
      VALUATION,
      knownAtMs,
    );
    const { analysis, baselineDefaults } = analysisInputOf(input, model);
    const candidates = Array.from(
      { length: input.network.n },
      (_, i) => i,
    ).filter((i) => !input.recordedDefaults.has(i));
    const id = `systemic-${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const started = Date.now();
    const outcomes = await runSlices(
      split(candidates, SLICES).map((indices) => ({
        kind: 'systemic',
        input: analysis,
        indices,
        recoveryRate,
      })),
      (done) =>
        this.progress.emit({
          type: 'scenario.progress',
          id,
          kind: 'systemic',
          position: done,
          total: candidates.length,
        }),
    );
    const rows: SystemicRow[] = rankSystemic(
      outcomes.flatMap((o) => (o.kind === 'systemic' ? o.rows : [])),
    );
    const answer = {
      id,
      at,
      knownAt,
      model,
      recoveryRate,
      basis: input.used.basis,
      params: input.used,
      /** Companies failing with no shock at all: never counted as any company's failures caused. */
      baselineDefaults: baselineDefaults,
      caveats: input.caveats,
      companies: candidates.length,
      elapsedMs: Date.now() - started,
      ranking: rows,
    };
    this.progress.emit({
      type: 'scenario.completed',
      id,
      kind: 'systemic',
      summary: { companies: rows.length, top: rows[0]?.company ?? null },
    });
    return answer;
  }

  /** POST /scenarios/sweep: Monte Carlo defaults with given probabilities; reproducible from the seed. */
  async sweep(
    body: CheckedSweepBody,
  ): Promise<SweepSummary & Record<string, unknown>> {
    const b = sweepBody(body);
    const knownAt = b.knownAt ?? this.clock.now().toISOString();
    const { timeline } = await this.timelines.resolve(b.overlay, knownAt);
    const input = analysisNetwork(
      timeline.source,
      Date.parse(b.at),
      timeline.knownPosition,
      b.shocks,
      b.params,
      VALUATION,
      timeline.knownAtMs,
    );
    const probabilities = new Float64Array(input.network.n).fill(
      b.probability ?? 0,
    );
    for (const [company, p] of Object.entries(b.probabilities ?? {})) {
      const i = input.network.indexOf.get(company);
      if (i === undefined)
        throw new ValidationError(
          `probabilities.${company}`,
          `unknown company ${company} at this date`,
        );
      probabilities[i] = p;
    }
    const { analysis, baselineDefaults } = analysisInputOf(input, b.model);
    const id = `sweep-${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const started = Date.now();
    const bounds = split(
      Array.from({ length: b.runs }, (_, r) => r),
      SLICES,
    ).filter((s) => s.length > 0);
    const outcomes = await runSlices(
      bounds.map((s) => ({
        kind: 'sweep',
        input: analysis,
        probabilities,
        seed: b.seed,
        from: s[0],
        to: s[s.length - 1] + 1,
      })),
      (done) =>
        this.progress.emit({
          type: 'scenario.progress',
          id,
          kind: 'sweep',
          position: done,
          total: b.runs,
        }),
    );
    const lossUsd = new Float64Array(b.runs);
    const defaults = new Int32Array(b.runs);
    outcomes.forEach((o, k) => {
      if (o.kind !== 'sweep') return;
      lossUsd.set(o.sample.lossUsd, bounds[k][0]);
      defaults.set(o.sample.defaults, bounds[k][0]);
    });
    const summary = summariseSweep(lossUsd, defaults);
    this.progress.emit({
      type: 'scenario.completed',
      id,
      kind: 'sweep',
      summary: {
        runs: b.runs,
        meanLossUsd: summary.meanLossUsd,
        var99Usd: summary.var99Usd,
      },
    });
    return {
      id,
      at: b.at,
      knownAt,
      model: b.model,
      basis: input.used.basis,
      params: input.used,
      baselineDefaults: baselineDefaults,
      caveats: input.caveats,
      seed: b.seed,
      companies: input.network.n,
      elapsedMs: Date.now() - started,
      ...summary,
    };
  }
}

/** The kernels' input: the reading's network and shocks, and its no-shock run (run once, here). */
function analysisInputOf(
  input: AnalysisNetwork,
  model: ContagionModelName,
): { analysis: AnalysisInput; baselineDefaults: string[] } {
  const baseline = runContagionModel(
    model,
    input.baseline.network,
    input.baseline.shocks,
    input.params,
  );
  return {
    analysis: {
      network: input.network,
      model,
      params: input.params,
      base: input.shocks,
      baseline: baselineOf(baseline, input.baseline.network),
      overBaseline: input.used.basis !== 'full-commitment',
    },
    baselineDefaults: baseline.defaults.map(
      (i) => input.baseline.network.ids[i],
    ),
  };
}

/** GET /analysis/systemic's query (strings as they come). */
export interface SystemicQuery {
  at?: unknown;
  knownAt?: unknown;
  model?: unknown;
  recoveryRate?: unknown;
  basis?: unknown;
  horizonDays?: unknown;
  damagesRate?: unknown;
  equityRecoveryRate?: unknown;
  minCertainty?: unknown;
  minConfidence?: unknown;
  estimates?: unknown;
  alpha?: unknown;
  beta?: unknown;
}

/** The scenario parameters a systemic query sets (only those given: the run fills and reports the defaults). */
export function systemicParams(q: SystemicQuery): ScenarioParams {
  const given = (v: unknown): v is string => v !== undefined && v !== '';
  const choice = <T extends string>(
    v: unknown,
    field: string,
    list: readonly T[],
  ): T | undefined => {
    if (!given(v)) return undefined;
    if (!(list as readonly string[]).includes(v))
      throw new ValidationError(field, `must be one of ${list.join(', ')}`);
    return v as T;
  };
  const rate = (v: unknown, field: string): number | undefined =>
    given(v) ? unitRate(Number(v), field) : undefined;
  let horizonDays: number | undefined;
  if (given(q.horizonDays)) {
    horizonDays = Number(q.horizonDays);
    if (
      !/^\d{1,5}$/.test(q.horizonDays) ||
      horizonDays < 1 ||
      horizonDays > 36_500
    )
      throw new ValidationError(
        'horizonDays',
        'must be a whole number of days between 1 and 36500',
      );
  }
  const params: ScenarioParams = {
    basis: choice(q.basis, 'basis', BASES),
    horizonDays,
    damagesRate: rate(q.damagesRate, 'damagesRate'),
    equityRecoveryRate: rate(q.equityRecoveryRate, 'equityRecoveryRate'),
    alpha: rate(q.alpha, 'alpha'),
    beta: rate(q.beta, 'beta'),
    minCertainty: choice(q.minCertainty, 'minCertainty', CERTAINTIES),
    minConfidence: choice(q.minConfidence, 'minConfidence', CONFIDENCES),
    estimates: choice(q.estimates, 'estimates', ESTIMATE_CHOICES),
  };
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined),
  );
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, k) =>
    items.slice(k * size, (k + 1) * size),
  );
}

/** A sweep as run: the edge-checked body (SweepDto) with its shocks and overlay read by the domain rules. */
interface SweepBody {
  at: string;
  knownAt?: string;
  model: ContagionModelName;
  params: ScenarioParams;
  shocks: DefinedShock[];
  overlay: OverlayItem[];
  probability?: number;
  probabilities?: Record<string, number>;
  seed: number;
  runs: number;
}

/** What SweepDto has checked: fields, types and ranges. */
export interface CheckedSweepBody {
  readonly at: string;
  readonly knownAt?: string;
  readonly model: ContagionModelName;
  readonly params?: ScenarioParams;
  readonly shocks?: readonly DefinedShock[];
  readonly overlay?: readonly object[];
  readonly probability?: number;
  readonly probabilities?: Record<string, unknown>;
  readonly seed: number;
  readonly runs: number;
}

/** The rules the edge does not know: one of probability or probabilities, each entry a company id → probability. */
export function sweepBody(b: CheckedSweepBody): SweepBody {
  if (b.probability === undefined && b.probabilities === undefined)
    throw new ValidationError(
      'probability',
      'give probability (one for all) or probabilities (per company)',
    );
  let probabilities: Record<string, number> | undefined;
  if (b.probabilities !== undefined) {
    probabilities = {};
    for (const [k, v] of Object.entries(b.probabilities)) {
      parseSlug(k, `probabilities.${k}`);
      probabilities[k] = unitRate(v, `probabilities.${k}`);
    }
  }
  return {
    at: parseInstant(b.at, 'at'),
    knownAt:
      b.knownAt === undefined ? undefined : parseInstant(b.knownAt, 'knownAt'),
    model: b.model,
    params: { ...b.params },
    shocks: definedShocks(b.shocks),
    overlay: parseOverlay(b.overlay),
    probability: b.probability,
    probabilities,
    seed: b.seed,
    runs: b.runs,
  };
}
