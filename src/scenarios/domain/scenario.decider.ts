import { Decider } from '../../ledger/domain/ledger.fact';
import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
} from '../../shared/errors';
import { JsonObject } from '../../shared/json';
import { Instant } from '../../shared/time';
import { ScenarioDefinition } from './scenario.definition';
import { ScenarioFact, ScenarioRan } from './scenario.events';
import { isEarlierResult, RecordedResult } from './scenario.result';

/** One recorded run: where it ran (at, knownAt and the matching store position), its result and digest. */
export type ScenarioRun = ScenarioRan['data'];

/**
 * `DefineScenario` records a definition with its first run; `RecordScenarioRun` records a re-run.
 * The run is computed by the shell (it reads the history) and comes in with the command, as does
 * the time of recording: the decider has no clock and no I/O.
 */
export type ScenarioCommand =
  | {
      readonly type: 'DefineScenario';
      readonly scenarioId: string;
      readonly definition: ScenarioDefinition;
      readonly run: ScenarioRun;
      readonly recordedAt: Instant;
    }
  | {
      readonly type: 'RecordScenarioRun';
      readonly scenarioId: string;
      readonly run: ScenarioRun;
      readonly recordedAt: Instant;
    };

export type ScenarioState =
  | { readonly status: 'none' }
  | {
      readonly status: 'defined';
      readonly scenarioId: string;
      readonly definition: ScenarioDefinition;
      /** In order; the first fixes the scenario's knownAt. */
      readonly runs: readonly ScenarioRun[];
    };

export const initialScenarioState: ScenarioState = { status: 'none' };

/** The reason recorded on a re-run's event. */
export const RERUN_REASON = 're-run';

export function decideScenario(
  command: ScenarioCommand,
  state: ScenarioState,
): ScenarioFact[] {
  switch (command.type) {
    case 'DefineScenario': {
      if (state.status !== 'none')
        throw new AlreadyExistsError('scenario', command.scenarioId);
      const { definition, run, recordedAt } = command;
      checkRun(run, command.scenarioId, definition.at);
      const reason = definition.name;
      return [
        {
          event: {
            type: 'ScenarioDefined',
            data: {
              scenarioId: command.scenarioId,
              definition: toJson(definition),
            },
          },
          effectiveAt: recordedAt,
          reason,
        },
        { event: ranEvent(run), effectiveAt: recordedAt, reason },
      ];
    }
    case 'RecordScenarioRun': {
      if (state.status === 'none')
        throw new NotFoundError('scenario', command.scenarioId);
      const { run } = command;
      checkRun(run, command.scenarioId, state.definition.at);
      // A re-run answers "does it reproduce?": only at the first run's knownAt is that a fair question.
      if (run.knownAt !== state.runs[0].knownAt)
        throw new RuleViolationError(
          'knownAt',
          `a re-run runs at the first run's knownAt (${state.runs[0].knownAt}), not ${run.knownAt}`,
        );
      return [
        {
          event: ranEvent(run),
          effectiveAt: command.recordedAt,
          reason: RERUN_REASON,
        },
      ];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unknown scenario command ${String(unreachable)}`);
    }
  }
}

export function evolveScenario(
  state: ScenarioState,
  fact: ScenarioFact,
): ScenarioState {
  const { event } = fact;
  switch (event.type) {
    case 'ScenarioDefined':
      return {
        status: 'defined',
        scenarioId: event.data.scenarioId,
        // Recorded by decideScenario from a checked definition: read back as it was written.
        definition: event.data.definition as unknown as ScenarioDefinition,
        runs: [],
      };
    case 'ScenarioRan': {
      if (state.status === 'none') return state;
      // A first run recorded before the readings ran on the full-commitment reading: a definition
      // without a basis meant that one, and a re-run reads it so (the upcast of those streams).
      const definition =
        state.runs.length === 0 &&
        state.definition.params.basis === undefined &&
        isEarlierResult(resultOf(event.data))
          ? {
              ...state.definition,
              params: {
                ...state.definition.params,
                basis: 'full-commitment' as const,
              },
            }
          : state.definition;
      return { ...state, definition, runs: [...state.runs, event.data] };
    }
    default: {
      const unreachable: never = event;
      throw new Error(`unknown scenario event ${String(unreachable)}`);
    }
  }
}

export const scenarioDecider: Decider<
  ScenarioCommand,
  ScenarioFact,
  ScenarioState
> = {
  decide: (command, state) => decideScenario(command, state),
  evolve: evolveScenario,
  initialState: initialScenarioState,
};

/** A recorded run's result (written by this write path from a computed result, read back as such). */
export function resultOf(run: ScenarioRun): RecordedResult {
  return run.result as unknown as RecordedResult;
}

/** A run belongs to its scenario and to the scenario's date. */
function checkRun(run: ScenarioRun, scenarioId: string, at: Instant): void {
  if (run.scenarioId !== scenarioId)
    throw new RuleViolationError(
      'scenarioId',
      `the run is of scenario ${run.scenarioId}, not ${scenarioId}`,
    );
  if (run.at !== at)
    throw new RuleViolationError(
      'at',
      `the run is at ${run.at}, the scenario's date is ${at}`,
    );
}

function ranEvent(run: ScenarioRun): ScenarioRan {
  return { type: 'ScenarioRan', data: run };
}

/** Plain JSON (undefined fields dropped), as the store keeps it and the hash chain covers it. */
export function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
