import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { RecordedEvent } from '../event-store/event-store.port';
import {
  StreamCodec,
  StreamRepository,
} from '../ledger/application/stream-repository';
import { StreamWriter } from '../ledger/application/stream-writer';
import { parseSlug, streams } from '../shared/ids';
import { Clock, CLOCK } from '../shared/time';
import { computeScenario } from './domain/scenario.compute';
import {
  decideScenario,
  evolveScenario,
  initialScenarioState,
  resultOf,
  ScenarioRun,
  ScenarioState,
} from './domain/scenario.decider';
import { ScenarioDefinition } from './domain/scenario.definition';
import {
  ScenarioEvent,
  ScenarioFact,
  SCENARIO_EVENT_TYPES,
  SCENARIO_SCHEMA_VERSION,
} from './domain/scenario.events';
import {
  earlierShape,
  isEarlierResult,
  RecordedResult,
  resultDigest,
} from './domain/scenario.result';
import { EconomicResult } from './domain/economics/result';
import { ScenarioProgress } from './scenario-progress';
import { ScenarioTimelines } from './scenario-timelines';

export interface ScenarioAnswer {
  id: string;
  result: RecordedResult;
  digest: string;
  knownAt: string;
  position: number;
}

/** Scenario streams read as facts: their events have one schema version so far. */
export const SCENARIO_CODEC: StreamCodec<ScenarioFact> = {
  read: (recorded: RecordedEvent): ScenarioFact => {
    if (!(SCENARIO_EVENT_TYPES as readonly string[]).includes(recorded.type))
      throw new Error(
        `${recorded.streamId}@${recorded.revision}: ${recorded.type} is not a scenario event`,
      );
    return {
      event: { type: recorded.type, data: recorded.data } as ScenarioEvent,
      effectiveAt: recorded.metadata.effectiveAt as string,
      reason:
        typeof recorded.metadata.reason === 'string'
          ? recorded.metadata.reason
          : null,
    };
  },
  schemaVersion: () => SCENARIO_SCHEMA_VERSION,
};

/**
 * The scenario write path: definitions and runs recorded in `scenario-<id>` streams (never in real
 * streams) through the StreamWriter the ledger uses — load → decide (scenario.decider) → seal →
 * append at the expected revision, with the same Idempotency-Key handling. The run is computed
 * inside the decision, so a retried key answers the first run without running again.
 * A scenario that cannot run (bad input, unknown company or deal, empty network) records nothing.
 */
@Injectable()
export class ScenariosService {
  private readonly logger = new Logger('Scenarios');
  private readonly scenarios: StreamRepository<ScenarioState, ScenarioFact>;

  constructor(
    private readonly writer: StreamWriter,
    private readonly timelines: ScenarioTimelines,
    private readonly progress: ScenarioProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.scenarios = new StreamRepository(
      writer.store,
      evolveScenario,
      initialScenarioState,
      1_000,
      SCENARIO_CODEC,
    );
  }

  /** POST /scenarios: runs the checked definition, and only then records the definition and the run. */
  async create(
    definition: ScenarioDefinition,
    actor: string,
    idempotencyKey?: string,
  ): Promise<ScenarioAnswer> {
    // With an Idempotency-Key the id derives from (actor, key) alone, not from the body: a retry
    // finds the recorded run, and the key reused for another definition is recognised (422).
    const id =
      idempotencyKey === undefined
        ? `${slugPrefix(definition.name)}-${randomUUID().replace(/-/g, '').slice(0, 10)}`
        : `keyed-${createHash('sha256').update(`${actor}\u0000${idempotencyKey}`).digest('hex').slice(0, 20)}`;
    let ran: ScenarioRun | undefined;
    const written = await this.writer.write({
      repository: this.scenarios,
      streamId: streams.scenario(id),
      id,
      command: definition,
      context: { actor, idempotencyKey },
      decide: async (state) => {
        ran = (await this.compute(id, definition, definition.knownAt)).run;
        return decideScenario(
          {
            type: 'DefineScenario',
            scenarioId: id,
            definition,
            run: ran,
            recordedAt: this.clock.now().toISOString(),
          },
          state,
        );
      },
    });
    const first = await this.firstRun(id);
    if (ran !== undefined && ran.digest === first.digest)
      this.completed(id, written.position, first);
    return {
      id,
      result: resultOf(first),
      digest: first.digest,
      knownAt: first.knownAt,
      position: written.position,
    };
  }

  /** Runs a recorded scenario again at its recorded `knownAt`; `reproduced` says whether the digest matches the first run's. */
  async rerun(
    rawId: unknown,
    actor: string,
  ): Promise<ScenarioAnswer & { reproduced: boolean; firstDigest: string }> {
    const id = parseSlug(rawId, 'id');
    let ran: Computed | undefined;
    let first: ScenarioRun | undefined;
    const written = await this.writer.write({
      repository: this.scenarios,
      streamId: streams.scenario(id),
      id,
      command: { rerun: id },
      context: { actor },
      decide: async (state) => {
        if (state.status === 'defined') {
          first = state.runs[0];
          ran = await this.compute(id, state.definition, first.knownAt);
        }
        // With no scenario the decider refuses (404) before any run is needed.
        return decideScenario(
          {
            type: 'RecordScenarioRun',
            scenarioId: id,
            run: (ran as Computed).run,
            recordedAt: this.clock.now().toISOString(),
          },
          state,
        );
      },
    });
    const { run, result } = ran as Computed;
    const firstRun = first as ScenarioRun;
    this.completed(id, written.position, run);
    // A first run recorded before the readings is compared on the fields it recorded.
    const comparable = isEarlierResult(resultOf(firstRun))
      ? resultDigest(earlierShape(result))
      : run.digest;
    return {
      id,
      result,
      digest: run.digest,
      knownAt: run.knownAt,
      position: written.position,
      reproduced: comparable === firstRun.digest,
      firstDigest: firstRun.digest,
    };
  }

  /** Computes a run of the definition as known at `knownAt` (default now, fixed here). */
  private async compute(
    id: string,
    definition: ScenarioDefinition,
    knownAt = this.clock.now().toISOString(),
  ): Promise<Computed> {
    const { timeline, knownPosition } = await this.timelines.resolve(
      definition.overlay,
      knownAt,
    );
    const result = computeScenario(
      timeline.source,
      timeline.knownPosition,
      definition,
      timeline.knownAtMs,
    );
    return {
      result,
      run: {
        scenarioId: id,
        at: definition.at,
        knownAt,
        knownPosition,
        digest: resultDigest(result),
        result: JSON.parse(JSON.stringify(result)) as ScenarioRun['result'],
      },
    };
  }

  private async firstRun(id: string): Promise<ScenarioRun> {
    const { state } = await this.scenarios.load(streams.scenario(id));
    if (state.status !== 'defined' || state.runs.length === 0)
      throw new Error(`scenario ${id}: recorded without a run`);
    return state.runs[0];
  }

  private completed(id: string, position: number, run: ScenarioRun): void {
    const result = resultOf(run);
    this.progress.emit({
      type: 'scenario.completed',
      id,
      kind: 'scenario',
      position,
      digest: run.digest,
      summary: {
        model: result.model,
        defaults: result.defaults,
        rounds: result.rounds,
        totalLossUsd: result.totalLossUsd,
        amplification: result.amplification,
      },
    });
    this.logger.log(
      `scenario ${id} (${result.model} at ${run.at}): ${result.defaults.length} defaults, total loss ${result.totalLossUsd}`,
    );
  }
}

/** A computed run: the result as computed and the run as recorded. */
interface Computed {
  readonly result: EconomicResult;
  readonly run: ScenarioRun;
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
