import { createHash } from 'node:crypto';
import {
  buildNetwork,
  ContagionNetwork,
  ContagionRun,
  ContagionShocks,
  NetworkObligation,
  NetworkStake,
  runContagionModel,
} from '../../contagion';
import { ContagionModelName, ContagionParams } from '../../contagion/model';
import { CompanyStanding } from '../../exposure/domain/company.standing';
import { dueBy } from '../../exposure/domain/deal.standing';
import { worthAll } from '../../exposure/domain/exposure.views';
import { PointInTimeSource } from '../../exposure/domain/temporal-index';
import { ValidationError } from '../../shared/errors';
import { canonicalJson } from '../../shared/json';
import { byRecording } from '../../exposure/domain/exposure.views';
import { DealStanding } from '../../exposure/domain/deal.standing';
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
import {
  dealCuts,
  DealFacts,
  EconomicShock,
  selectDeals,
} from './economics/shocks';
import type {
  BalanceSheetAt,
  Caveat,
  DealValuation,
  ValuationSettings,
} from '../../exposure/domain/valuation';

const DAY_MS = 86_400_000;

/** The network a model runs on at a date, with the scenario's shocks translated to model inputs. */
export interface ScenarioNetwork {
  readonly network: ContagionNetwork;
  readonly shocks: ContagionShocks;
  readonly params: ContagionParams;
  /** Companies in default in the history itself (they stay in default in every run). */
  readonly recordedDefaults: ReadonlyMap<number, number | undefined>;
}

interface Leg {
  readonly dealId: string;
  readonly kind: 'obligation' | 'stake';
  readonly from: string; // debtor / investee
  readonly to: string; // creditor / investor
  amountUsd: number;
}

/**
 * Reads the model's network from the timeline at `atMs` (as known at `knownPosition`):
 * - a loan's outstanding principal is owed borrower → lender;
 * - a supply deal's unpaid commitment is owed buyer → seller (with `horizonDays`, only the
 *   installments falling due within that many days of `at`, plus arrears);
 * - an investment's carrying value is a stake of the investor in the investee (no obligation);
 *   commitments not yet funded are left out of the models;
 * - company financials missing in the ledger count as 0.
 * Shocks: `default` fixes the company's payment (recovery from the shock, else `params`);
 * `asset-shock` takes a fraction of outside assets (listed companies, a sector, or everyone);
 * `cancel-deal` removes the deal's legs and `haircut` cuts the selected deals' legs by a fraction
 * — the holder's lost claim is its direct loss. Companies in default in the history count as defaulted with
 * their recorded recovery. Unknown ids, an empty network or a sector with no company → ValidationError.
 */
export function scenarioNetwork(
  source: PointInTimeSource,
  atMs: number,
  knownPosition: number,
  shocks: readonly EconomicShock[],
  params: EconomicParams,
  knownAtMs = -Infinity,
): ScenarioNetwork {
  const companies = source
    .companies(atMs, knownPosition, knownAtMs)
    .sort((a, b) => (a.companyId < b.companyId ? -1 : 1));
  if (companies.length === 0)
    throw new ValidationError(
      'at',
      'no company is known at this date: the network is empty',
    );
  const known = new Map<string, CompanyStanding>(
    companies.map((c) => [c.companyId, c]),
  );

  const legs: Leg[] = [];
  const legsOfDeal = new Map<string, Leg[]>();
  const horizonEnd =
    params.horizonDays === undefined
      ? undefined
      : atMs + params.horizonDays * DAY_MS;
  const dealStates = source.deals(atMs, knownPosition, knownAtMs);
  for (const { state, worth } of worthAll(dealStates, atMs)) {
    for (const leg of worth.legs) {
      if (leg.basis === 'unfunded-commitment' || leg.amountUsd <= 0) continue;
      let amount = leg.amountUsd;
      if (leg.basis === 'supply-commitment' && horizonEnd !== undefined) {
        amount = Math.min(
          amount,
          dueBy(state.plan, horizonEnd) -
            dueBy(state.plan, atMs) +
            worth.arrearsUsd,
        );
      }
      if (amount <= 0) continue;
      const item: Leg = {
        dealId: state.dealId,
        kind: leg.basis === 'carrying-value' ? 'stake' : 'obligation',
        from: leg.counterparty,
        to: leg.holder,
        amountUsd: amount,
      };
      legs.push(item);
      const list = legsOfDeal.get(state.dealId) ?? [];
      list.push(item);
      legsOfDeal.set(state.dealId, list);
    }
  }
  const ids = [...known.keys()];
  for (const leg of legs) {
    for (const id of [leg.from, leg.to]) {
      if (!known.has(id) && !ids.includes(id)) ids.push(id);
    }
  }
  ids.sort();

  const claimLoss = new Map<string, number>();
  let facts: DealFacts[] | undefined;
  shocks.forEach((shock, i) => {
    if (shock.type === 'cancel-deal' || shock.type === 'haircut') {
      facts ??= dealStates.map(dealFacts);
      const cut = shock.type === 'cancel-deal' ? 1 : shock.fraction;
      for (const dealId of selectDeals(shock, i, facts)) {
        for (const leg of legsOfDeal.get(dealId) ?? []) {
          claimLoss.set(
            leg.to,
            (claimLoss.get(leg.to) ?? 0) + cut * leg.amountUsd,
          );
          leg.amountUsd *= 1 - cut;
        }
      }
    }
  });

  const obligations: NetworkObligation[] = [];
  const stakes: NetworkStake[] = [];
  for (const leg of legs) {
    if (leg.amountUsd <= 0) continue;
    if (leg.kind === 'obligation')
      obligations.push({
        debtor: leg.from,
        creditor: leg.to,
        amountUsd: leg.amountUsd,
      });
    else
      stakes.push({
        investor: leg.to,
        investee: leg.from,
        amountUsd: leg.amountUsd,
      });
  }
  const network = buildNetwork({
    companies: ids.map((id) => {
      const c = known.get(id);
      return {
        id,
        equityUsd: c?.equityUsd ?? 0,
        externalAssetsUsd: c?.externalAssetsUsd ?? 0,
        externalLiabilitiesUsd: c?.externalLiabilitiesUsd ?? 0,
      };
    }),
    obligations,
    stakes,
  });

  const recordedDefaults = recordedDefaultsOf(network, companies);
  const { defaults, assetLossUsd } = companyShocks(
    network,
    companies.map((c) => ({ id: c.companyId, sector: c.sector })),
    shocks,
    recordedDefaults,
  );
  const claimLossArr = new Float64Array(network.n);
  for (const [id, v] of claimLoss) claimLossArr[network.indexOf.get(id)!] += v;
  return {
    network,
    shocks: { defaults, assetLossUsd, claimLossUsd: claimLossArr },
    // The earlier version's loss rules, so its answers (and the analyses built on them) stay exact.
    params: {
      alpha: params.alpha,
      beta: params.beta,
      recoveryRate: params.recoveryRate,
      legacyRecovery: true,
    },
    recordedDefaults,
  };
}

/** Companies in default in the history itself, by network index, with their recorded recovery. */
function recordedDefaultsOf(
  network: ContagionNetwork,
  companies: readonly {
    readonly companyId: string;
    readonly defaulted: boolean;
    readonly recoveryRate: number | null;
  }[],
): Map<number, number | undefined> {
  const recorded = new Map<number, number | undefined>();
  for (const c of companies)
    if (c.defaulted)
      recorded.set(
        network.indexOf.get(c.companyId)!,
        c.recoveryRate ?? undefined,
      );
  return recorded;
}

/**
 * The company shocks as model inputs: `default` fixes the company's payment (recovery from the
 * shock, else the run's), `asset-shock` takes a fraction of outside assets (listed companies, a
 * sector, or everyone; several on one company compound). Deal shocks are read with the network.
 * Unknown companies and a sector with no company → ValidationError naming the field.
 */
function companyShocks(
  network: ContagionNetwork,
  companies: readonly { readonly id: string; readonly sector: string | null }[],
  shocks: readonly EconomicShock[],
  recordedDefaults: ReadonlyMap<number, number | undefined>,
): { defaults: Map<number, number | undefined>; assetLossUsd: Float64Array } {
  const indexOf = (id: string, field: string): number => {
    const i = network.indexOf.get(id);
    if (i === undefined)
      throw new ValidationError(field, `unknown company ${id} at this date`);
    return i;
  };
  const defaults = new Map(recordedDefaults);
  const assetLoss = new Float64Array(network.n);
  shocks.forEach((shock, i) => {
    if (shock.type === 'default') {
      defaults.set(
        indexOf(shock.company, `shocks[${i}].company`),
        shock.recoveryRate,
      );
    } else if (shock.type === 'asset-shock') {
      let targets: number[];
      if (shock.companies)
        targets = shock.companies.map((c, k) =>
          indexOf(c, `shocks[${i}].companies[${k}]`),
        );
      else if (shock.sector !== undefined) {
        targets = companies
          .filter((c) => c.sector === shock.sector)
          .map((c) => network.indexOf.get(c.id)!);
        if (targets.length === 0)
          throw new ValidationError(
            `shocks[${i}].sector`,
            `no company in sector ${shock.sector} at this date`,
          );
      } else targets = Array.from({ length: network.n }, (_, k) => k);
      for (const t of targets)
        assetLoss[t] +=
          shock.fraction * (network.externalAssets[t] - assetLoss[t]);
    }
  });
  return { defaults, assetLossUsd: assetLoss };
}

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

/** One company in a scenario result (API.md). */
export interface ScenarioCompanyResult {
  id: string;
  equityBeforeUsd: number;
  lossUsd: number;
  equityAfterUsd: number;
  defaulted: boolean;
  /** null when the company did not default; 0 for the shocked (and recorded) defaults. */
  defaultRound: number | null;
  paymentUsd?: number;
  distress?: number;
}

export interface ScenarioResult {
  model: ContagionModelName;
  companies: ScenarioCompanyResult[];
  defaults: string[];
  rounds: number;
  initialLossUsd: number;
  totalLossUsd: number;
  amplification: number | null;
  grossMultiplier?: number | null;
  netMultiplier?: number | null;
  externalCreditorLossUsd?: number;
  debtRank?: number;
}

/** Runs the model and shapes the answer as API.md's `result` (companies in id order). */
export function runScenarioModel(
  model: ContagionModelName,
  input: ScenarioNetwork,
): ScenarioResult {
  return toResult(
    runContagionModel(model, input.network, input.shocks, input.params),
    input.network,
  );
}

export function toResult(
  run: ContagionRun,
  network: ContagionNetwork,
): ScenarioResult {
  const companies: ScenarioCompanyResult[] = network.ids.map((id, i) => {
    const row: ScenarioCompanyResult = {
      id,
      equityBeforeUsd: run.equityBefore[i],
      lossUsd: run.loss[i],
      equityAfterUsd: run.equityAfter[i],
      defaulted: run.defaulted[i] === 1,
      defaultRound: run.defaultRound[i] >= 0 ? run.defaultRound[i] : null,
    };
    if (run.payment) row.paymentUsd = run.payment[i];
    if (run.distress) row.distress = run.distress[i];
    return row;
  });
  const result: ScenarioResult = {
    model: run.model,
    companies,
    defaults: run.defaults.map((i) => network.ids[i]),
    rounds: run.rounds,
    initialLossUsd: run.initialLoss,
    totalLossUsd: run.totalLoss,
    amplification: run.amplification,
  };
  if (run.grossMultiplier !== undefined)
    result.grossMultiplier = run.grossMultiplier;
  if (run.netMultiplier !== undefined) result.netMultiplier = run.netMultiplier;
  if (run.externalCreditorLoss !== undefined)
    result.externalCreditorLossUsd = run.externalCreditorLoss;
  if (run.debtRank !== undefined) result.debtRank = run.debtRank;
  return result;
}

/** sha256 of the canonical JSON of a result: equal digests, equal results to the bit. */
export function resultDigest(result: RecordedResult): string {
  return createHash('sha256').update(canonicalJson(result)).digest('hex');
}

/** What a shock selector matches a deal on. */
export function dealFacts(state: DealStanding): DealFacts {
  const p = state.parties;
  return {
    dealId: state.dealId,
    kind: state.kind,
    category: state.terms.category,
    ...(p.kind === 'supply' ? { buyer: p.buyer, seller: p.seller } : {}),
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

/**
 * A recorded run's result. Runs recorded before the readings (no `basis`) hold the earlier shape:
 * they were computed on the full-commitment reading, without the baseline; they are read as they
 * were recorded (the fields of the readings absent), never re-labelled.
 */
export type RecordedResult = EconomicResult | ScenarioResult;

/** Was the run recorded before the readings (the earlier shape)? */
export function isEarlierResult(
  result: RecordedResult,
): result is ScenarioResult {
  return !('basis' in result);
}

/**
 * A result as the earlier version shaped it (its fields only, in its meaning under
 * `full-commitment`): a re-run of a scenario recorded then is compared with its first run on these.
 */
export function earlierShape(result: EconomicResult): ScenarioResult {
  const out: ScenarioResult = {
    model: result.model,
    companies: result.companies.map((c) => {
      const row: ScenarioCompanyResult = {
        id: c.id,
        equityBeforeUsd: c.equityBeforeUsd,
        lossUsd: c.lossUsd,
        equityAfterUsd: c.equityAfterUsd,
        defaulted: c.defaulted,
        defaultRound: c.defaultRound,
      };
      if (c.paymentUsd !== undefined) row.paymentUsd = c.paymentUsd;
      if (c.distress !== undefined) row.distress = c.distress;
      return row;
    }),
    defaults: result.defaults,
    rounds: result.rounds,
    initialLossUsd: result.initialLossUsd,
    totalLossUsd: result.totalLossUsd,
    amplification: result.amplification,
  };
  if (result.grossMultiplier !== undefined)
    out.grossMultiplier = result.grossMultiplier;
  if (result.netMultiplier !== undefined)
    out.netMultiplier = result.netMultiplier;
  if (result.externalCreditorLossUsd !== undefined)
    out.externalCreditorLossUsd = result.externalCreditorLossUsd;
  if (result.debtRank !== undefined) out.debtRank = result.debtRank;
  return out;
}
