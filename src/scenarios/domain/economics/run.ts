import {
  ContagionModelName,
  ContagionNetwork,
  ContagionParams,
  ContagionRun,
  runContagionModel,
} from '../../../contagion';
import { ValidationError } from '../../../shared/errors';
import { basisNetworks } from './basis';
import { runYears } from './periods';
import { EconomicParams, Market, paramsUsed, uniqueCaveats } from './market';
import {
  CapacityLink,
  EconomicResult,
  outsideCreditorLosses,
  shapeResult,
} from './result';
import { dealCuts, EconomicShock, shockInputs } from './shocks';
import type { Caveat } from '../../../exposure/domain/valuation';

/**
 * A scenario under the `balance-sheet` or `liquidity` reading, baseline first: the same settings
 * are run with no shock (companies in default in the history stay in default in both), then with
 * the shocks; the result reports the shock's failures apart from those that happen anyway and the
 * losses as scenario − baseline (DESIGN.md "Baseline first"). Pure.
 *
 * Shocks: `default` fixes the company's payments at R times what it owes (R from the shock, else
 * `recoveryRate`); `asset-shock` takes a fraction of outside assets (listed companies, a sector, or
 * everyone; several compound); `cancel-deal` and `haircut` write the selected deals' claims down
 * (the holder's direct loss). Unknown names are a ValidationError naming the field.
 */
export function runEconomics(
  model: ContagionModelName,
  market: Market,
  shocks: readonly EconomicShock[],
  params: EconomicParams,
): EconomicResult {
  const used = paramsUsed(params);
  if (used.periods === 'year') return runYears(model, market, shocks, used);
  if (used.basis === 'full-commitment')
    throw new ValidationError(
      'params.basis',
      'full-commitment runs on the earlier reading (runScenario)',
    );
  const facts = market.deals.map((d) => d.facts);
  const cuts = dealCuts(shocks, facts);
  // Without cut deals the baseline runs on the very same network (built once).
  const { scenario, base } = basisNetworks(market, used, cuts);
  const { network } = scenario;

  const { recorded, defaults, assetLoss } = shockInputs(
    market,
    shocks,
    network,
  );

  const modelParams: ContagionParams = {
    alpha: used.alpha,
    beta: used.beta,
    recoveryRate: used.recoveryRate,
    equityRecoveryRate: used.equityRecoveryRate,
  };
  const inputs = {
    defaults,
    assetLossUsd: assetLoss,
    claimLossUsd: scenario.claimLossUsd,
  };
  const run = runContagionModel(model, network, inputs, modelParams);
  const baseline = runContagionModel(
    model,
    base.network,
    { defaults: recorded },
    modelParams,
  );

  const capacity: CapacityLink[] = [];
  const caveats: Caveat[] = [];
  for (const { valuation } of market.deals) {
    caveats.push(...valuation.caveats);
    if (valuation.included && valuation.capacityAtRisk)
      capacity.push(valuation.capacityAtRisk);
  }
  caveats.push(...scenario.caveats);
  return shapeResult({
    model,
    params: used,
    network,
    shocks: inputs,
    run,
    baseline,
    recordedDefaults: new Set(recorded.keys()),
    capacity,
    caveats: uniqueCaveats(caveats),
    earlier: false,
    outsideLoss: outsideLossOf(network, run, base.network, baseline),
  });
}

/** The outside creditors' losses of a clearing run and its baseline (none for the other models). */
function outsideLossOf(
  network: ContagionNetwork,
  run: ContagionRun,
  baseNetwork: ContagionNetwork,
  baseline: ContagionRun,
): { run: Float64Array; baseline: Float64Array } | undefined {
  const after = outsideCreditorLosses(network, run);
  const anyway = outsideCreditorLosses(baseNetwork, baseline);
  return after && anyway ? { run: after, baseline: anyway } : undefined;
}
