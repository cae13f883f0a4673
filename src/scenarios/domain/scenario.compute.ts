import { DealState } from '../../exposure/domain/deal.state';
import { PointInTimeSource } from '../../exposure/domain/temporal-index';
import { ValidationError } from '../../shared/errors';
import {
  DefinedShock,
  HAIRCUT_SELECTORS,
  HaircutShock,
  ScenarioDefinition,
  ScenarioShock,
} from './scenario.definition';
import {
  runScenarioModel,
  ScenarioResult,
  scenarioNetwork,
} from './scenario.run';

/**
 * The one entry the scenario write path calls to run a definition on its timeline (`source` as
 * known at `knownPosition`): the network at `at`, the shocks, the model. Parameters pass through
 * as defined (none is defaulted here), so the economics can read them where it runs.
 * Unknown ids, an empty network or a sector with no company → ValidationError.
 */
export function computeScenario(
  source: PointInTimeSource,
  knownPosition: number,
  definition: ScenarioDefinition,
): ScenarioResult {
  const atMs = Date.parse(definition.at);
  const input = scenarioNetwork(
    source,
    atMs,
    knownPosition,
    resolveShocks(definition.shocks, source.deals(atMs, knownPosition)),
    definition.params,
  );
  return runScenarioModel(definition.model, input);
}

/**
 * Shocks as today's run applies them: a haircut by selector becomes one haircut per deal it selects
 * among the deals at the date (`buyer`/`seller`: supply deals; `category`, `kind`, `deals`). The
 * first stays at the shock's place and the others follow all shocks, so every problem found later
 * still names the shock as defined; cuts on one deal compound in any order. A selector that selects
 * nothing is a ValidationError naming it. `deal` alone passes as it is.
 */
export function resolveShocks(
  shocks: readonly DefinedShock[],
  deals: readonly DealState[],
): ScenarioShock[] {
  const extra: ScenarioShock[] = [];
  const resolved = shocks.map((shock, i): ScenarioShock => {
    if (shock.type !== 'haircut') return shock;
    const ids = selected(shock, `shocks[${i}]`, deals);
    const [first, ...rest] = ids.map((deal): ScenarioShock => ({
      type: 'haircut',
      deal,
      fraction: shock.fraction,
    }));
    extra.push(...rest);
    return first;
  });
  return [...resolved, ...extra];
}

function selected(
  shock: HaircutShock,
  path: string,
  deals: readonly DealState[],
): string[] {
  if (shock.deal !== undefined) return [shock.deal];
  if (shock.deals !== undefined) {
    const known = new Set(deals.map((d) => d.dealId));
    shock.deals.forEach((id, k) => {
      if (!known.has(id))
        throw new ValidationError(
          `${path}.deals[${k}]`,
          `unknown deal ${id} at this date`,
        );
    });
    return [...new Set(shock.deals)];
  }
  const selector = HAIRCUT_SELECTORS.find((k) => shock[k] !== undefined);
  const value = selector === undefined ? undefined : shock[selector];
  const matches = (d: DealState): boolean => {
    switch (selector) {
      case 'category':
        return d.terms.category === value;
      case 'kind':
        return d.kind === value;
      case 'buyer':
        return d.parties.kind === 'supply' && d.parties.buyer === value;
      case 'seller':
        return d.parties.kind === 'supply' && d.parties.seller === value;
      default:
        return false;
    }
  };
  const ids = deals
    .filter(matches)
    .map((d) => d.dealId)
    .sort();
  if (ids.length === 0)
    throw new ValidationError(
      `${path}.${selector ?? 'deal'}`,
      `no deal at this date has ${selector ?? 'deal'} ${String(value)}`,
    );
  return ids;
}
