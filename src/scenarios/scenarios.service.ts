import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../ledger/application/idempotency';
import { cpus } from 'node:os';
import { ContagionModelName } from '../contagion/model';
import {
  EventStore,
  EVENT_STORE,
  NewEvent,
  RecordedEvent,
} from '../event-store/event-store.port';
import { networkAt } from '../exposure/domain/exposure.queries';
import { TemporalIndex } from '../exposure/domain/temporal-index';
import { ExposureProjection } from '../exposure/exposure.projection';
import { NotFoundError, ValidationError } from '../shared/errors';
import { GENESIS_HASH, sealMetadata } from '../shared/event-metadata';
import { parseSlug, STREAM_PREFIX, streams } from '../shared/ids';
import { canonicalJson, JsonObject } from '../shared/json';
import { Clock, CLOCK, parseInstant } from '../shared/time';
import { runSlices } from './analysis.pool';
import {
  AnalysisInput,
  rankSystemic,
  SweepSummary,
  summariseSweep,
  SystemicRow,
} from './domain/analysis';
import { scenarioTimeline, ScenarioTimeline } from './domain/overlay';
import {
  parseModel,
  parseOverlay,
  parseParams,
  parseScenarioDefinition,
  parseShocks,
  parseUnit,
  ScenarioDefinition,
} from './domain/scenario.definition';
import {
  ScenarioDefined,
  ScenarioRan,
  SCENARIO_SCHEMA_VERSION,
} from './domain/scenario.events';
import {
  resultDigest,
  runScenarioModel,
  ScenarioResult,
  scenarioNetwork,
} from './domain/scenario.run';
import { ScenarioProgress } from './scenario-progress';

/** How long a run waits for the exposure projection to reach the store's head. */
const CATCH_UP_MS = 5000;
const SLICES = Math.max(1, Math.min(2, cpus().length));

interface StoredScenario {
  readonly id: string;
  readonly definition: ScenarioDefinition;
  readonly definedAt: string;
  readonly actor: string;
  readonly runs: ScenarioRan['data'][];
  readonly revision: number;
  /** Global position of the first run. */
  readonly position: number;
  readonly lastHash: string;
}

export interface ScenarioAnswer {
  id: string;
  result: ScenarioResult;
  digest: string;
  knownAt: string;
  position: number;
}

/**
 * Scenarios: definitions and runs recorded in `scenario-<id>` streams (never in real streams),
 * overlay timelines folded by the exposure engine, contagion models run on the network read from
 * them, systemic rankings and Monte Carlo sweeps spread over worker threads.
 * A scenario that cannot run (bad input, unknown company or deal, empty network) records nothing.
 */
@Injectable()
export class ScenariosService {
  private readonly logger = new Logger('Scenarios');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projection: ExposureProjection,
    private readonly progress: ScenarioProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The serving index, caught up with every ledger event recorded so far. */
  private async index(): Promise<TemporalIndex> {
    let head = 0;
    for await (const e of this.store.readAll({
      direction: 'backwards',
      maxCount: 1,
      filter: { streamPrefixes: [STREAM_PREFIX.company, STREAM_PREFIX.deal] },
    })) {
      head = e.position;
    }
    if (head > 0) await this.projection.waitFor(head, CATCH_UP_MS);
    return this.projection.index();
  }

  private async timeline(
    definition: ScenarioDefinition,
    knownAt: string,
  ): Promise<{
    timeline: ScenarioTimeline;
    knownPosition: number;
    real: TemporalIndex;
  }> {
    const real = await this.index();
    const knownPosition = real.knownPosition(Date.parse(knownAt));
    const realDeals = new Set(real.dealIds());
    definition.overlay.forEach((item, i) => {
      if (item.type === 'SuppressDeal' && !realDeals.has(item.deal))
        throw new ValidationError(
          `overlay[${i}].deal`,
          `unknown deal ${item.deal}`,
        );
    });
    return {
      timeline: scenarioTimeline(real, knownPosition, definition.overlay),
      knownPosition,
      real,
    };
  }

  private async compute(
    definition: ScenarioDefinition,
    knownAt: string,
  ): Promise<{ result: ScenarioResult; knownPosition: number }> {
    const { timeline, knownPosition } = await this.timeline(
      definition,
      knownAt,
    );
    const input = scenarioNetwork(
      timeline.source,
      Date.parse(definition.at),
      timeline.knownPosition,
      definition.shocks,
      definition.params,
    );
    return { result: runScenarioModel(definition.model, input), knownPosition };
  }

  /** POST /scenarios: checks, runs, and only then records the definition and the run. */
  async create(
    body: unknown,
    actor: string,
    idempotencyKey?: string,
  ): Promise<ScenarioAnswer> {
    const definition = parseScenarioDefinition(body);
    // With an Idempotency-Key the id derives from (actor, key): a retry finds the recorded run and
    // answers it; the same key with another definition is refused.
    const keyed =
      idempotencyKey === undefined
        ? undefined
        : createHash('sha256')
            .update(`${actor}\u0000${idempotencyKey}`)
            .digest('hex');
    // A keyed id does not depend on the body, so a key reused for any other scenario is recognised.
    const id =
      keyed !== undefined
        ? `keyed-${keyed.slice(0, 20)}`
        : `${slugPrefix(definition.name)}-${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    if (keyed !== undefined) {
      const existing = await this.loadIfExists(id);
      if (existing) {
        if (
          canonicalJson(toJson(existing.definition)) !==
          canonicalJson(toJson(definition))
        ) {
          throw new IdempotencyKeyReusedError(idempotencyKey!);
        }
        const run = existing.runs[0];
        return {
          id,
          result: run.result as unknown as ScenarioResult,
          digest: run.digest,
          knownAt: run.knownAt,
          position: existing.position,
        };
      }
    }
    const knownAt = definition.knownAt ?? this.clock.now().toISOString();
    const { result, knownPosition } = await this.compute(definition, knownAt);
    const digest = resultDigest(result);
    const now = this.clock.now().toISOString();
    const defined: ScenarioDefined = {
      type: 'ScenarioDefined',
      data: { scenarioId: id, definition: toJson(definition) },
    };
    const ran: ScenarioRan = {
      type: 'ScenarioRan',
      data: {
        scenarioId: id,
        at: definition.at,
        knownAt,
        knownPosition,
        digest,
        result: toJson(result),
      },
    };
    const events = this.seal(
      [defined, ran],
      GENESIS_HASH,
      actor,
      now,
      definition.name,
      keyed,
    );
    const appended = await this.store.append(
      streams.scenario(id),
      events,
      'no_stream',
    );
    if (keyed !== undefined) {
      // A concurrent retry may have recorded first (same event ids): answer what is recorded.
      const recorded = await this.loadIfExists(id);
      const run = recorded?.runs[0];
      if (recorded && run && run.digest !== digest) {
        return {
          id,
          result: run.result as unknown as ScenarioResult,
          digest: run.digest,
          knownAt: run.knownAt,
          position: recorded.position,
        };
      }
    }
    this.progress.emit({
      type: 'scenario.completed',
      id,
      kind: 'scenario',
      position: appended.position,
      digest,
      summary: summaryOf(result),
    });
    this.logger.log(
      `scenario ${id} (${definition.model} at ${definition.at}): ${result.defaults.length} defaults, total loss ${result.totalLossUsd}`,
    );
    return { id, result, digest, knownAt, position: appended.position };
  }

  /** Runs a recorded scenario again at its recorded `knownAt`; `reproduced` says whether the digest matches the first run's. */
  async rerun(
    rawId: unknown,
    actor: string,
  ): Promise<ScenarioAnswer & { reproduced: boolean; firstDigest: string }> {
    const stored = await this.load(rawId);
    const first = stored.runs[0];
    const { result, knownPosition } = await this.compute(
      stored.definition,
      first.knownAt,
    );
    const digest = resultDigest(result);
    const ran: ScenarioRan = {
      type: 'ScenarioRan',
      data: {
        scenarioId: stored.id,
        at: stored.definition.at,
        knownAt: first.knownAt,
        knownPosition,
        digest,
        result: toJson(result),
      },
    };
    const events = this.seal(
      [ran],
      stored.lastHash,
      actor,
      this.clock.now().toISOString(),
      're-run',
    );
    const appended = await this.store.append(
      streams.scenario(stored.id),
      events,
      stored.revision,
    );
    this.progress.emit({
      type: 'scenario.completed',
      id: stored.id,
      kind: 'scenario',
      position: appended.position,
      digest,
      summary: summaryOf(result),
    });
    return {
      id: stored.id,
      result,
      digest,
      knownAt: first.knownAt,
      position: appended.position,
      reproduced: digest === first.digest,
      firstDigest: first.digest,
    };
  }

  async get(rawId: unknown) {
    const s = await this.load(rawId);
    const last = s.runs[s.runs.length - 1];
    return {
      id: s.id,
      ...s.definition,
      knownAt: s.runs[0].knownAt,
      definedAt: s.definedAt,
      actor: s.actor,
      runs: s.runs.map((r) => ({
        knownAt: r.knownAt,
        knownPosition: r.knownPosition,
        digest: r.digest,
      })),
      digest: last.digest,
      result: s.runs[0].result as unknown as ScenarioResult,
    };
  }

  /** Saved scenarios, newest first: id, name, model, dates and the first run's headline. */
  async list() {
    const byId = new Map<
      string,
      {
        id: string;
        name: string;
        model: string;
        at: string;
        knownAt?: string;
        definedAt: string;
        runs: number;
        defaults?: number;
        totalLossUsd?: number;
        digest?: string;
      }
    >();
    for await (const e of this.store.readAll({
      filter: { streamPrefixes: [STREAM_PREFIX.scenario] },
    })) {
      const id = e.streamId.slice(STREAM_PREFIX.scenario.length);
      if (e.type === 'ScenarioDefined') {
        const d = (e.data as ScenarioDefined['data'])
          .definition as unknown as Pick<
          ScenarioDefinition,
          'name' | 'model' | 'at'
        >;
        byId.set(id, {
          id,
          name: d.name,
          model: d.model,
          at: d.at,
          definedAt: e.recordedAt,
          runs: 0,
        });
      } else if (e.type === 'ScenarioRan') {
        const row = byId.get(id);
        if (!row) continue;
        const data = e.data as ScenarioRan['data'];
        if (row.runs === 0) {
          row.knownAt = data.knownAt;
          row.digest = data.digest;
          row.totalLossUsd = Number(data.result.totalLossUsd);
          row.defaults = Array.isArray(data.result.defaults)
            ? data.result.defaults.length
            : 0;
        }
        row.runs++;
      }
    }
    return [...byId.values()].reverse();
  }

  /** The scenario's timeline at `at` (default: its date), as GET /exposures answers it. */
  async exposures(rawId: unknown, rawAt: unknown) {
    const { s, at, knownAt } = await this.loadAt(rawId, rawAt);
    const { timeline } = await this.timeline(s.definition, knownAt);
    const view = networkAt(timeline.source, {
      atMs: Date.parse(at),
      knownPosition: timeline.knownPosition,
    });
    return {
      id: s.id,
      at,
      knownAt,
      companies: view.companies,
      edges: view.edges,
      dependencies: view.dependencies,
    };
  }

  /** Baseline (the real history) against the scenario's timeline at `at`: per company and per edge. */
  async compare(rawId: unknown, rawAt: unknown) {
    const { s, at, knownAt } = await this.loadAt(rawId, rawAt);
    const { timeline, knownPosition, real } = await this.timeline(
      s.definition,
      knownAt,
    );
    const atMs = Date.parse(at);
    const base = networkAt(real, { atMs, knownPosition });
    const scen = networkAt(timeline.source, {
      atMs,
      knownPosition: timeline.knownPosition,
    });
    const companyIds = [
      ...new Set([
        ...base.companies.map((c) => c.id),
        ...scen.companies.map((c) => c.id),
      ]),
    ].sort();
    const baseC = new Map(base.companies.map((c) => [c.id, c]));
    const scenC = new Map(scen.companies.map((c) => [c.id, c]));
    const side = (c: (typeof base.companies)[number] | undefined) =>
      c
        ? {
            exposureOutUsd: c.exposureOutUsd,
            exposureInUsd: c.exposureInUsd,
            defaulted: c.defaulted,
            equityUsd: c.equityUsd,
          }
        : null;
    const companies = companyIds.map((id) => {
      const b = baseC.get(id);
      const x = scenC.get(id);
      return {
        id,
        baseline: side(b),
        scenario: side(x),
        difference: {
          exposureOutUsd: (x?.exposureOutUsd ?? 0) - (b?.exposureOutUsd ?? 0),
          exposureInUsd: (x?.exposureInUsd ?? 0) - (b?.exposureInUsd ?? 0),
        },
      };
    });
    const key = (e: { holder: string; counterparty: string; kind: string }) =>
      `${e.holder}\u0000${e.counterparty}\u0000${e.kind}`;
    const baseE = new Map(base.edges.map((e) => [key(e), e]));
    const scenE = new Map(scen.edges.map((e) => [key(e), e]));
    const edges = [...new Set([...baseE.keys(), ...scenE.keys()])]
      .sort()
      .map((k) => {
        const b = baseE.get(k);
        const x = scenE.get(k);
        const e = (x ?? b)!;
        return {
          holder: e.holder,
          counterparty: e.counterparty,
          kind: e.kind,
          baselineUsd: b?.amountUsd ?? 0,
          scenarioUsd: x?.amountUsd ?? 0,
          differenceUsd: (x?.amountUsd ?? 0) - (b?.amountUsd ?? 0),
          deals: [
            ...new Set([...(b?.deals ?? []), ...(x?.deals ?? [])]),
          ].sort(),
        };
      });
    return { id: s.id, at, knownAt, companies, edges };
  }

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
    const real = await this.index();
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
  async sweep(body: unknown): Promise<SweepSummary & Record<string, unknown>> {
    const b = parseSweep(body);
    const knownAt = b.knownAt ?? this.clock.now().toISOString();
    const definition: ScenarioDefinition = {
      name: 'sweep',
      at: b.at,
      model: b.model,
      params: b.params,
      shocks: b.shocks,
      overlay: b.overlay,
    };
    const { timeline } = await this.timeline(definition, knownAt);
    const input = scenarioNetwork(
      timeline.source,
      Date.parse(b.at),
      timeline.knownPosition,
      b.shocks,
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

  private async loadIfExists(id: string): Promise<StoredScenario | undefined> {
    try {
      return await this.load(id);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The scenario, the valid time asked for (default: the scenario's date) and its first run's knownAt. */
  private async loadAt(
    rawId: unknown,
    rawAt: unknown,
  ): Promise<{ s: StoredScenario; at: string; knownAt: string }> {
    const s = await this.load(rawId);
    const at =
      rawAt === undefined || rawAt === ''
        ? s.definition.at
        : parseInstant(rawAt, 'at');
    return { s, at, knownAt: s.runs[0].knownAt };
  }

  private async load(rawId: unknown): Promise<StoredScenario> {
    const id = parseSlug(rawId, 'id');
    let definition: ScenarioDefinition | undefined;
    let definedAt = '';
    let actor = '';
    const runs: ScenarioRan['data'][] = [];
    let position = 0;
    let last: RecordedEvent | undefined;
    try {
      for await (const e of this.store.readStream(streams.scenario(id))) {
        last = e;
        if (e.type === 'ScenarioDefined') {
          definition = parseScenarioDefinition(
            (e.data as ScenarioDefined['data']).definition,
          );
          definedAt = e.recordedAt;
          actor = typeof e.metadata.actor === 'string' ? e.metadata.actor : '';
        } else if (e.type === 'ScenarioRan') {
          if (runs.length === 0) position = e.position;
          runs.push(e.data as ScenarioRan['data']);
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'stream_not_found')
        throw new NotFoundError('scenario', id);
      throw error;
    }
    if (!definition || runs.length === 0 || !last)
      throw new NotFoundError('scenario', id);
    return {
      id,
      definition,
      definedAt,
      actor,
      runs,
      revision: last.revision,
      position,
      lastHash: last.metadata.hash as string,
    };
  }

  private seal(
    events: (ScenarioDefined | ScenarioRan)[],
    prevHash: string,
    actor: string,
    now: string,
    reason: string,
    idSeed?: string,
  ): NewEvent[] {
    const correlationId = randomUUID();
    let prev = prevHash;
    return events.map((e, index) => {
      const data = e.data as unknown as JsonObject;
      const metadata = sealMetadata(
        e.type,
        data,
        {
          effectiveAt: now,
          actor,
          reason,
          correlationId,
          causationId: null,
          schemaVersion: SCENARIO_SCHEMA_VERSION,
        },
        prev,
      );
      prev = metadata.hash;
      return {
        id:
          idSeed === undefined ? randomUUID() : uuidFrom(`${idSeed}:${index}`),
        type: e.type,
        data,
        metadata: metadata as unknown as JsonObject,
      };
    });
  }
}

/** A name-based UUID (sha256, version nibble 5): the same seed, the same event id. */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

function slugPrefix(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return s === '' ? 'scenario' : s;
}

function summaryOf(result: ScenarioResult): Record<string, unknown> {
  return {
    model: result.model,
    defaults: result.defaults,
    rounds: result.rounds,
    totalLossUsd: result.totalLossUsd,
    amplification: result.amplification,
  };
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, k) =>
    items.slice(k * size, (k + 1) * size),
  );
}

interface SweepBody {
  at: string;
  knownAt?: string;
  model: ContagionModelName;
  params: ReturnType<typeof parseParams>;
  shocks: ReturnType<typeof parseShocks>;
  overlay: ReturnType<typeof parseOverlay>;
  probability?: number;
  probabilities?: Record<string, number>;
  seed: number;
  runs: number;
}

/** `{ at, knownAt?, model, params?, shocks?, overlay?, probability? | probabilities?, seed, runs }`. */
export function parseSweep(body: unknown): SweepBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationError('body', 'must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (
      ![
        'at',
        'knownAt',
        'model',
        'params',
        'shocks',
        'overlay',
        'probability',
        'probabilities',
        'seed',
        'runs',
      ].includes(key)
    ) {
      throw new ValidationError(key, 'is not a known field');
    }
  }
  if (b.at === undefined) throw new ValidationError('at', 'is required');
  const seed = parseWholeNumber(b.seed, 'seed', 0, 0xffffffff);
  const runs = parseWholeNumber(b.runs, 'runs', 1, 1_000_000);
  if (b.probability === undefined && b.probabilities === undefined)
    throw new ValidationError(
      'probability',
      'give probability (one for all) or probabilities (per company)',
    );
  let probabilities: Record<string, number> | undefined;
  if (b.probabilities !== undefined) {
    if (
      b.probabilities === null ||
      typeof b.probabilities !== 'object' ||
      Array.isArray(b.probabilities)
    ) {
      throw new ValidationError(
        'probabilities',
        'must be an object of company id → probability',
      );
    }
    probabilities = {};
    for (const [k, v] of Object.entries(
      b.probabilities as Record<string, unknown>,
    )) {
      parseSlug(k, `probabilities.${k}`);
      probabilities[k] = parseUnit(v, `probabilities.${k}`);
    }
  }
  return {
    at: parseInstant(b.at, 'at'),
    knownAt:
      b.knownAt === undefined ? undefined : parseInstant(b.knownAt, 'knownAt'),
    model: parseModel(b.model),
    params: parseParams(b.params),
    shocks: parseShocks(b.shocks),
    overlay: parseOverlay(b.overlay),
    probability:
      b.probability === undefined
        ? undefined
        : parseUnit(b.probability, 'probability'),
    probabilities,
    seed,
    runs,
  };
}

function parseWholeNumber(
  value: unknown,
  field: string,
  min: number,
  max: number,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new ValidationError(
      field,
      `must be a whole number between ${min} and ${max}`,
    );
  }
  return value;
}
