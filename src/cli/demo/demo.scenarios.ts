import type { ContagionModelName } from '../../contracts';
import type { EconomicParams } from '../../scenarios/domain/economics/market';
import type { EconomicResult } from '../../scenarios/domain/economics/result';
import type { EconomicShock } from '../../scenarios/domain/economics/shocks';
import type { OverlayItem } from '../../scenarios/domain/scenario.definition';

/** A scenario definition as POST /scenarios takes it (API.md "Scenarios"). */
export interface ScenarioRequest {
  name: string;
  at: string;
  model: ContagionModelName;
  params?: EconomicParams;
  shocks: EconomicShock[];
  overlay?: OverlayItem[];
}

/** Runs a definition and answers its result (baseline first, basis, parameters and caveats). */
export type ScenarioRunner = (
  definition: ScenarioRequest,
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
