import { JsonObject } from '../../shared/json';

/**
 * Events of a scenario stream (`scenario-<id>`). Scenarios never write into company or deal
 * streams; their own streams are hash-chained and audited like the ledger's.
 */
export interface ScenarioDefined {
  readonly type: 'ScenarioDefined';
  readonly data: {
    readonly scenarioId: string;
    readonly definition: JsonObject;
  };
}

/**
 * One run: the point it ran at (`knownAt` fixed at the first run when the definition has none,
 * and the store position that matched it), the result and its digest (sha256 of the canonical
 * JSON). A re-run at the same `knownAt` must give the same digest.
 */
export interface ScenarioRan {
  readonly type: 'ScenarioRan';
  readonly data: {
    readonly scenarioId: string;
    readonly at: string;
    readonly knownAt: string;
    readonly knownPosition: number;
    readonly digest: string;
    readonly result: JsonObject;
  };
}

export type ScenarioEvent = ScenarioDefined | ScenarioRan;

export const SCENARIO_EVENT_TYPES = [
  'ScenarioDefined',
  'ScenarioRan',
] as const satisfies readonly ScenarioEvent['type'][];
export const SCENARIO_SCHEMA_VERSION = 1;

/** A scenario event as the decider produces and folds it (the StreamFact shape the writer seals). */
export interface ScenarioFact<E extends ScenarioEvent = ScenarioEvent> {
  readonly event: E;
  /** When it was recorded: a scenario is a record of an analysis, true from the moment it ran. */
  readonly effectiveAt: string;
  readonly reason: string | null;
}
