import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { ContagionModelName } from '../contagion/model';
import { ValidationError } from '../shared/errors';
import { parseSlug } from '../shared/ids';
import { Clock, CLOCK, parseInstant } from '../shared/time';
import { runSlices } from './analysis.pool';
import {
  AnalysisInput,
  rankSystemic,
  SweepSummary,
  summariseSweep,
  SystemicRow,
} from './domain/analysis';
import { resolveShocks } from './domain/scenario.compute';
import {
  definedShocks,
  DefinedShock,
  OverlayItem,
  parseModel,
  parseOverlay,
  parseUnit,
  ScenarioParams,
} from './domain/scenario.definition';
import { scenarioNetwork } from './domain/scenario.run';
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
  async systemic(query: {
    at?: unknown;
    knownAt?: unknown;
    model?: unknown;
    recoveryRate?: unknown;
  }) {
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
        : parseUnit(Number(query.recoveryRate), 'recoveryRate');
    const real = await this.timelines.index();
    const knownPosition = real.knownPosition(Date.parse(knownAt));
    const input = scenarioNetwork(real, Date.parse(at), knownPosition, [], {});
    const analysis: AnalysisInput = {
      network: input.network,
      model,
      params: { ...input.params, recoveryRate },
      base: input.shocks,
    };
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
    const atMs = Date.parse(b.at);
    const input = scenarioNetwork(
      timeline.source,
      atMs,
      timeline.knownPosition,
      resolveShocks(
        b.shocks,
        timeline.source.deals(atMs, timeline.knownPosition),
      ),
      b.params,
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
    const analysis: AnalysisInput = {
      network: input.network,
      model: b.model,
      params: input.params,
      base: input.shocks,
    };
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
      seed: b.seed,
      companies: input.network.n,
      elapsedMs: Date.now() - started,
      ...summary,
    };
  }
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
      probabilities[k] = parseUnit(v, `probabilities.${k}`);
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
