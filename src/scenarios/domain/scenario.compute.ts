import { valueDeal } from '../../exposure/domain/valuation';
import { balanceSheetsAt } from '../../exposure/domain/balance-sheet';
import { PointInTimeSource } from '../../exposure/domain/temporal-index';
import { EconomicResult } from './economics/result';
import { ScenarioDefinition } from './scenario.definition';
import { runScenario, Valuation } from './scenario.run';

/** The valuation rules the scenarios read deals and balance sheets through (the exposure views' own). */
export const VALUATION: Valuation = { valueDeal, balanceSheetsAt };

/**
 * The one entry the scenario write path calls to run a definition on its timeline: `source` as
 * known at (`knownPosition`, `knownAtMs`) — an event counts once recorded or announced by then, so
 * a history loaded today from public sources replays as the market knew it. The reading, the
 * baseline and the result are `runScenario`'s; parameters pass through as defined (defaults are
 * filled and reported by the economics). Haircut selectors are resolved there once, every problem
 * naming the shock's field. Unknown ids, an empty network or a sector with no company → ValidationError.
 */
export function computeScenario(
  source: PointInTimeSource,
  knownPosition: number,
  definition: ScenarioDefinition,
  knownAtMs = -Infinity,
): EconomicResult {
  return runScenario(
    source,
    Date.parse(definition.at),
    knownPosition,
    definition.model,
    definition.shocks,
    definition.params,
    VALUATION,
    knownAtMs,
  );
}
