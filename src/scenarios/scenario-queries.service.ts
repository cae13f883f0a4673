import { Inject, Injectable } from '@nestjs/common';
import { StreamNotFoundError } from '../event-store/event-store.errors';
import { EventStore, EVENT_STORE } from '../event-store/event-store.port';
import { networkPartsAt } from '../exposure/domain/exposure.queries';
import { NotFoundError } from '../shared/errors';
import { jsonPieces } from '../shared/json-pieces';
import { parseSlug, STREAM_PREFIX, streams } from '../shared/ids';
import { parseInstant } from '../shared/time';
import { compareNetworks } from './domain/scenario.comparison';
import {
  evolveScenario,
  initialScenarioState,
  resultOf,
  ScenarioRun,
} from './domain/scenario.decider';
import { ScenarioDefinition } from './domain/scenario.definition';
import { SCENARIO_CODEC } from './scenarios.service';
import { ScenarioTimelines } from './scenario-timelines';

/** A recorded scenario as its readers see it: the decider's state plus when and by whom it was defined. */
interface RecordedScenario {
  readonly id: string;
  readonly definition: ScenarioDefinition;
  readonly runs: readonly ScenarioRun[];
  readonly definedAt: string;
  readonly actor: string;
}

interface ScenarioRow {
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

/** The read side of scenarios: one scenario, the list, its timeline and its comparison with the real history. */
@Injectable()
export class ScenarioQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly timelines: ScenarioTimelines,
  ) {}

  async get(rawId: unknown) {
    const s = await this.load(rawId);
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
      digest: s.runs[s.runs.length - 1].digest,
      result: resultOf(s.runs[0]),
    };
  }

  /** Saved scenarios, newest first: id, name, model, dates and the first run's headline. */
  async list(): Promise<ScenarioRow[]> {
    const byId = new Map<string, ScenarioRow>();
    for await (const e of this.store.readAll({
      filter: { streamPrefixes: [STREAM_PREFIX.scenario] },
    })) {
      const id = e.streamId.slice(STREAM_PREFIX.scenario.length);
      const { event } = SCENARIO_CODEC.read(e);
      if (event.type === 'ScenarioDefined') {
        const d = event.data.definition as unknown as ScenarioDefinition;
        byId.set(id, {
          id,
          name: d.name,
          model: d.model,
          at: d.at,
          definedAt: e.recordedAt,
          runs: 0,
        });
        continue;
      }
      const row = byId.get(id);
      if (!row) continue;
      if (row.runs === 0) {
        const { knownAt, digest, result } = event.data;
        row.knownAt = knownAt;
        row.digest = digest;
        row.totalLossUsd = Number(result.totalLossUsd);
        row.defaults = Array.isArray(result.defaults)
          ? result.defaults.length
          : 0;
      }
      row.runs++;
    }
    return [...byId.values()].reverse();
  }

  /**
   * The scenario's timeline at `at` (default: its date), as GET /exposures answers it: its JSON
   * text a piece at a time (`jsonPieces`), the edges and dependencies made a chunk at a time.
   */
  async exposures(
    rawId: unknown,
    rawAt: unknown,
  ): Promise<Generator<string, void, undefined>> {
    const { s, at, knownAt } = await this.loadAt(rawId, rawAt);
    const { timeline } = await this.timelines.resolve(
      s.definition.overlay,
      knownAt,
    );
    const { companies, edges, dependencies } = networkPartsAt(timeline.source, {
      atMs: Date.parse(at),
      knownPosition: timeline.knownPosition,
      knownAtMs: timeline.knownAtMs,
    });
    return jsonPieces({
      id: s.id,
      at,
      knownAt,
      companies,
      edges,
      dependencies,
    });
  }

  /**
   * Baseline (the real history) against the scenario's timeline at `at`, per company and per
   * edge, as its JSON text a piece at a time (`jsonPieces`): the compared edges made a chunk at a
   * time from both networks' edges, themselves made as they are read (`networkPartsAt`).
   */
  async compare(
    rawId: unknown,
    rawAt: unknown,
  ): Promise<Generator<string, void, undefined>> {
    const { s, at, knownAt } = await this.loadAt(rawId, rawAt);
    const { timeline, knownPosition, real } = await this.timelines.resolve(
      s.definition.overlay,
      knownAt,
    );
    const atMs = Date.parse(at);
    const { companies, edges } = compareNetworks(
      networkPartsAt(real, {
        atMs,
        knownPosition,
        knownAtMs: Date.parse(knownAt),
      }),
      networkPartsAt(timeline.source, {
        atMs,
        knownPosition: timeline.knownPosition,
        knownAtMs: timeline.knownAtMs,
      }),
    );
    return jsonPieces({ id: s.id, at, knownAt, companies, edges });
  }

  /** The scenario, the valid time asked for (default: the scenario's date) and its first run's knownAt. */
  private async loadAt(rawId: unknown, rawAt: unknown) {
    const s = await this.load(rawId);
    const at =
      rawAt === undefined || rawAt === ''
        ? s.definition.at
        : parseInstant(rawAt, 'at');
    return { s, at, knownAt: s.runs[0].knownAt };
  }

  /** Folds the stream with the decider's evolve, keeping the recorded time and actor of the definition. */
  private async load(rawId: unknown): Promise<RecordedScenario> {
    const id = parseSlug(rawId, 'id');
    let state = initialScenarioState;
    let definedAt = '';
    let actor = '';
    try {
      for await (const e of this.store.readStream(streams.scenario(id))) {
        const fact = SCENARIO_CODEC.read(e);
        state = evolveScenario(state, fact);
        if (fact.event.type === 'ScenarioDefined') {
          definedAt = e.recordedAt;
          actor = typeof e.metadata.actor === 'string' ? e.metadata.actor : '';
        }
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    if (state.status !== 'defined' || state.runs.length === 0)
      throw new NotFoundError('scenario', id);
    return {
      id,
      definition: state.definition,
      runs: state.runs,
      definedAt,
      actor,
    };
  }
}
