import {
  ContagionNetwork,
  ContagionParams,
  ContagionShocks,
  ContagionModelName,
  runContagionModel,
} from '../../contagion';
import { CompanyStanding } from '../../exposure/domain/company.standing';
import { DealStanding } from '../../exposure/domain/deal.standing';
import { byRecording, worthAll } from '../../exposure/domain/exposure.views';
import { PointInTimeSource } from '../../exposure/domain/temporal-index';
import { basisNetworks } from './economics/basis';
import {
  Market,
  EconomicParams,
  ParamsUsed,
  paramsUsed,
  uniqueCaveats,
} from './economics/market';
import { CapacityLink, EconomicResult, shapeResult } from './economics/result';
import { runEconomics } from './economics/run';
import { companyShocks, dealCuts, EconomicShock } from './economics/shocks';
import {
  dealFacts,
  recordedDefaultsOf,
  scenarioNetwork,
} from './full-commitment';
import type {
  Caveat,
  DealValuation,
  ValuationSettings,
} from '../../exposure/domain/valuation';
import type { BalanceSheetAt } from '../../exposure/domain/balance-sheet';

/** What the analyses (systemic ranking, sweeps) run: one reading's network, shocks and model parameters. */
export interface AnalysisNetwork {
  readonly network: ContagionNetwork;
  readonly shocks: ContagionShocks;
  readonly params: ContagionParams;
  readonly recordedDefaults: ReadonlyMap<number, number | undefined>;
  /** The same reading with no shock at all (recorded defaults only): the runs' baseline. */
  readonly baseline: {
    readonly network: ContagionNetwork;
    readonly shocks: ContagionShocks;
  };
  readonly used: ParamsUsed;
  readonly caveats: Caveat[];
}

/**
 * The network an analysis runs on under `params.basis`, as `runScenario` reads it: `balance-sheet`
 * and `liquidity` through the valuation (`basisNetwork`), `full-commitment` as the earlier version
 * did (`scenarioNetwork`, its loss rules). Pure.
 */
export function analysisNetwork(
  source: PointInTimeSource,
  atMs: number,
  knownPosition: number,
  shocks: readonly EconomicShock[],
  params: EconomicParams,
  valuation: Valuation,
  knownAtMs = -Infinity,
): AnalysisNetwork {
  const used = paramsUsed(params);
  if (used.basis === 'full-commitment') {
    const input = scenarioNetwork(
      source,
      atMs,
      knownPosition,
      shocks,
      params,
      knownAtMs,
    );
    const base =
      shocks.length === 0
        ? input
        : scenarioNetwork(source, atMs, knownPosition, [], params, knownAtMs);
    return {
      network: input.network,
      shocks: input.shocks,
      params: input.params,
      recordedDefaults: input.recordedDefaults,
      baseline: {
        network: base.network,
        shocks: { defaults: base.recordedDefaults },
      },
      used,
      caveats: [],
    };
  }
  const market = marketAt(
    source,
    atMs,
    knownPosition,
    settingsOf(used),
    valuation,
    knownAtMs,
  );
  const cuts = dealCuts(
    shocks,
    market.deals.map((d) => d.facts),
  );
  const { scenario, base } = basisNetworks(market, used, cuts);
  const companies = market.companies.map((c) => ({
    companyId: c.id,
    defaulted: c.defaulted,
    recoveryRate: c.recoveryRate,
  }));
  const recordedDefaults = recordedDefaultsOf(scenario.network, companies);
  const { defaults, assetLossUsd } = companyShocks(
    scenario.network,
    market.companies,
    shocks,
    recordedDefaults,
  );
  const caveats: Caveat[] = [];
  for (const { valuation: v } of market.deals) caveats.push(...v.caveats);
  caveats.push(...scenario.caveats);
  return {
    network: scenario.network,
    shocks: { defaults, assetLossUsd, claimLossUsd: scenario.claimLossUsd },
    params: {
      alpha: used.alpha,
      beta: used.beta,
      recoveryRate: used.recoveryRate,
      equityRecoveryRate: used.equityRecoveryRate,
    },
    recordedDefaults,
    baseline: {
      network: base.network,
      shocks: { defaults: recordedDefaultsOf(base.network, companies) },
    },
    used,
    caveats: uniqueCaveats(caveats),
  };
}

function settingsOf(used: ParamsUsed): ValuationSettings {
  return {
    horizonDays: used.horizonDays ?? 365,
    damagesRate: used.damagesRate,
    minCertainty: used.minCertainty,
    minConfidence: used.minConfidence,
    estimates: used.estimates,
  };
}

/** The valuation rules (src/exposure/domain/valuation.ts), passed in so this module stays pure. */
export interface Valuation {
  valueDeal(
    state: DealStanding,
    t: number,
    settings: ValuationSettings,
  ): DealValuation;
  balanceSheetsAt(
    companies: readonly CompanyStanding[],
    deals: readonly DealStanding[],
    t: number,
  ): Map<string, BalanceSheetAt>;
}

/** The market at `atMs` as known at (`knownPosition`, `knownAtMs`): companies with their balance sheets, deals valued. */
export function marketAt(
  source: PointInTimeSource,
  atMs: number,
  knownPosition: number,
  settings: ValuationSettings,
  valuation: Valuation,
  knownAtMs = -Infinity,
): Market {
  const companies = source
    .companies(atMs, knownPosition, knownAtMs)
    .sort((a, b) => (a.companyId < b.companyId ? -1 : 1));
  const deals = source.deals(atMs, knownPosition, knownAtMs).sort(byRecording);
  const sheets = valuation.balanceSheetsAt(companies, deals, atMs);
  return {
    atMs,
    companies: companies.map((c) => ({
      id: c.companyId,
      sector: c.sector,
      sheet: sheets.get(c.companyId) ?? null,
      defaulted: c.defaulted,
      recoveryRate: c.recoveryRate,
    })),
    deals: deals.map((state) => ({
      facts: dealFacts(state),
      valuation: valuation.valueDeal(state, atMs, settings),
    })),
  };
}

/**
 * A scenario at `atMs` (as known at `knownPosition`): the entry the scenario service calls.
 * `balance-sheet` (default) and `liquidity` value the deals and balance sheets (`valuation`) and run
 * `runEconomics` (baseline first). `full-commitment` reads the network as the earlier version did
 * (`scenarioNetwork`) and keeps its figures to the bit, with the baseline (`failingWithoutShock`,
 * `baselineDefaults`) reported beside them. Pure.
 */
export function runScenario(
  source: PointInTimeSource,
  atMs: number,
  knownPosition: number,
  model: ContagionModelName,
  shocks: readonly EconomicShock[],
  params: EconomicParams,
  valuation: Valuation,
  knownAtMs = -Infinity,
): EconomicResult {
  const used = paramsUsed(params);
  if (used.basis !== 'full-commitment') {
    const settings = settingsOf(used);
    const market = marketAt(
      source,
      atMs,
      knownPosition,
      settings,
      valuation,
      knownAtMs,
    );
    return runEconomics(model, market, shocks, params);
  }
  const input = scenarioNetwork(
    source,
    atMs,
    knownPosition,
    shocks,
    params,
    knownAtMs,
  );
  const base = scenarioNetwork(
    source,
    atMs,
    knownPosition,
    [],
    params,
    knownAtMs,
  );
  const run = runContagionModel(
    model,
    input.network,
    input.shocks,
    input.params,
  );
  const baseline = runContagionModel(
    model,
    base.network,
    { defaults: base.recordedDefaults },
    base.params,
  );
  // The buyer's capacity at risk: the unpaid commitment of each supply deal (no GW in this reading).
  const capacity: CapacityLink[] = [];
  for (const { state, worth } of worthAll(
    source.deals(atMs, knownPosition, knownAtMs),
    atMs,
  )) {
    if (state.parties.kind !== 'supply') continue;
    const { buyer, seller } = state.parties;
    for (const leg of worth.legs)
      if (leg.basis === 'supply-commitment' && leg.amountUsd > 0)
        capacity.push({ buyer, seller, usd: leg.amountUsd, gw: null });
  }
  return shapeResult({
    model,
    params: used,
    network: input.network,
    shocks: input.shocks,
    run,
    baseline,
    recordedDefaults: new Set(input.recordedDefaults.keys()),
    capacity,
    caveats: [],
    earlier: true,
  });
}
