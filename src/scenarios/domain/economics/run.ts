import {
  ContagionModelName,
  ContagionParams,
  runContagionModel,
} from '../../../contagion';
import { ValidationError } from '../../../shared/errors';
import { basisNetwork } from './basis';
import { EconomicParams, Market, paramsUsed, uniqueCaveats } from './market';
import { CapacityLink, EconomicResult, shapeResult } from './result';
import { dealCuts, EconomicShock } from './shocks';
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
  if (used.basis === 'full-commitment')
    throw new ValidationError(
      'params.basis',
      'full-commitment runs on the earlier reading (runScenario)',
    );
  const facts = market.deals.map((d) => d.facts);
  const cuts = dealCuts(shocks, facts);
  const scenario = basisNetwork(market, used, cuts);
  // Without cut deals the baseline runs on the very same network (built once).
  const base =
    cuts.size === 0 ? scenario : basisNetwork(market, used, new Map());
  const { network } = scenario;
  const n = network.n;

  const recorded = new Map<number, number | undefined>();
  for (const c of market.companies)
    if (c.defaulted)
      recorded.set(network.indexOf.get(c.id)!, c.recoveryRate ?? undefined);
  const defaults = new Map(recorded);
  const assetLoss = new Float64Array(n);
  const indexOf = (id: string, field: string): number => {
    const i = network.indexOf.get(id);
    if (i === undefined)
      throw new ValidationError(field, `unknown company ${id} at this date`);
    return i;
  };
  shocks.forEach((shock, s) => {
    if (shock.type === 'default') {
      defaults.set(
        indexOf(shock.company, `shocks[${s}].company`),
        shock.recoveryRate,
      );
    } else if (shock.type === 'asset-shock') {
      let targets: number[];
      if (shock.companies)
        targets = shock.companies.map((c, k) =>
          indexOf(c, `shocks[${s}].companies[${k}]`),
        );
      else if (shock.sector !== undefined) {
        targets = market.companies
          .filter((c) => c.sector === shock.sector)
          .map((c) => network.indexOf.get(c.id)!);
        if (targets.length === 0)
          throw new ValidationError(
            `shocks[${s}].sector`,
            `no company in sector ${shock.sector} at this date`,
          );
      } else targets = Array.from({ length: n }, (_, k) => k);
      for (const t of targets)
        assetLoss[t] +=
          shock.fraction * (network.externalAssets[t] - assetLoss[t]);
    }
  });

  const modelParams: ContagionParams = {
    alpha: used.alpha,
    beta: used.beta,
    recoveryRate: used.recoveryRate,
    equityRecoveryRate: used.equityRecoveryRate,
  };
  const shockInputs = {
    defaults,
    assetLossUsd: assetLoss,
    claimLossUsd: scenario.claimLossUsd,
  };
  const run = runContagionModel(model, network, shockInputs, modelParams);
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
    shocks: shockInputs,
    run,
    baseline,
    recordedDefaults: new Set(recorded.keys()),
    capacity,
    caveats: uniqueCaveats(caveats),
    earlier: false,
  });
}
