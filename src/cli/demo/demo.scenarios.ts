import type { EconomicResult } from '../../scenarios/domain/economics/result';
import type { ScenarioDefinition } from '../commands/scenario.commands';

/** Runs a definition and answers its result (baseline first, basis, parameters and caveats). */
export type ScenarioRunner = (
  definition: ScenarioDefinition,
) => Promise<EconomicResult>;

/** What the demo needs of the API client (src/cli/commands/client.ts). */
export interface Poster {
  post<T>(path: string, body: unknown): Promise<T>;
}

/** POST /scenarios, as any client calls it: the run is recorded and audited like every other. */
export function httpScenarios(client: Poster): ScenarioRunner {
  return async (definition) =>
    (
      await client.post<{ id: string; result: EconomicResult }>(
        '/scenarios',
        definition,
      )
    ).result;
}
