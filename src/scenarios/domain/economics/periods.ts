import {
  ContagionModelName,
  ContagionParams,
  networkFromArrays,
} from '../../../contagion';
import { ValidationError } from '../../../shared/errors';
import { clearYears } from './clearing-years';
import { Market, ParamsUsed, uniqueCaveats } from './market';
import { CapacityLink, EconomicResult, shapeResult } from './result';
import { scheduleOf } from './schedule';
import { dealCuts, EconomicShock, shockInputs } from './shocks';
import type { Caveat } from '../../../exposure/domain/valuation';

/**
 * A scenario under the liquidity reading with `periods: "year"`, baseline first: the same years
 * are cleared with no shock. See `clearYears`. Pure.
 */
export function runYears(
  model: ContagionModelName,
  market: Market,
  shocks: readonly EconomicShock[],
  used: ParamsUsed,
): EconomicResult {
  if (model !== 'eisenberg-noe' && model !== 'rogers-veraart')
    throw new ValidationError(
      'params.periods',
      `the year-by-year clearing runs on the clearing models (eisenberg-noe, rogers-veraart), not ${model}`,
    );
  if (market.atMs === undefined || !Number.isFinite(market.atMs))
    throw new ValidationError(
      'at',
      'the year-by-year clearing counts its years from the scenario date',
    );
  const facts = market.deals.map((d) => d.facts);
  const cuts = dealCuts(shocks, facts);
  const schedule = scheduleOf(market, market.atMs, cuts);
  const { ids, flows } = schedule;
  const n = ids.length;
  const caveats: Caveat[] = [];
  const byId = new Map(market.companies.map((c) => [c.id, c]));
  const cash = new Float64Array(n);
  const flow = new Float64Array(n);
  ids.forEach((id, i) => {
    const sheet = byId.get(id)?.sheet ?? null;
    if (sheet) caveats.push(...sheet.caveats);
    if ((sheet?.cashUsd ?? null) === null)
      caveats.push({
        kind: 'assumed-financials',
        company: id,
        detail: `${id} reports no cash: the liquidity reading counts none`,
      });
    cash[i] = Math.max(0, sheet?.cashUsd ?? 0);
    flow[i] = sheet?.operatingCashFlowUsd ?? 0;
  });
  // Year 1's outside assets, for reading the shocks (cash and a positive operating cash flow).
  const shockNetwork = networkFromArrays({
    ids,
    equity: new Float64Array(n),
    externalAssets: Float64Array.from(
      ids,
      (_, i) => cash[i] + Math.max(0, flow[i]),
    ),
    externalLiabilities: new Float64Array(n),
    obligationDebtor: new Int32Array(0),
    obligationCreditor: new Int32Array(0),
    obligationAmount: new Float64Array(0),
  });
  const { recorded, defaults, assetLoss } = shockInputs(
    market,
    shocks,
    shockNetwork,
  );
  const params: ContagionParams = {
    alpha: used.alpha,
    beta: used.beta,
    recoveryRate: used.recoveryRate,
    equityRecoveryRate: used.equityRecoveryRate,
  };
  const common = {
    variant: model,
    ids,
    flows,
    lastYear: schedule.lastYear,
    outside: { cash, flow },
    params,
  };
  const scenario = clearYears({
    ...common,
    kept: flows.kept,
    defaults,
    assetLoss,
  });
  const baseline = clearYears({
    ...common,
    kept: new Float64Array(flows.m).fill(1),
    defaults: recorded,
    assetLoss: new Float64Array(n),
  });

  const capacity: CapacityLink[] = [];
  const all: Caveat[] = [];
  for (const { valuation } of market.deals) {
    all.push(...valuation.caveats);
    if (valuation.included && valuation.capacityAtRisk)
      capacity.push(valuation.capacityAtRisk);
  }
  all.push(...schedule.caveats, ...caveats, ...PERIOD_CAVEATS);
  return shapeResult({
    model,
    params: used,
    network: scenario.firstYear,
    shocks: { defaults, assetLossUsd: assetLoss },
    run: scenario.run,
    baseline: baseline.run,
    recordedDefaults: new Set(recorded.keys()),
    capacity,
    caveats: uniqueCaveats(all),
    earlier: false,
    outsideLoss: { run: scenario.outsideLoss, baseline: baseline.outsideLoss },
    periods: {
      years: scenario.years,
      defaultYear: scenario.defaultYear,
      shortfallUsd: scenario.shortfall,
    },
  });
}

/** What the year-by-year reading assumes, said with every answer. */
export const PERIOD_CAVEATS: readonly Caveat[] = [
  {
    kind: 'assumed-financials',
    detail:
      'debts to creditors outside the network are not recorded with their maturities: the year-by-year clearing counts them as 0 due in every year',
  },
  {
    kind: 'assumed-financials',
    detail:
      "each company's operating cash flow is taken flat: every year's is the latest reported year's (a negative one is owed outside, pari passu)",
  },
  {
    kind: 'assumed-financials',
    detail:
      'years are counted from the scenario date (year k ends k calendar years after it); arrears fall due in year 1; cash left at the end of a year is carried to the next',
  },
  {
    kind: 'assumed-financials',
    detail:
      'a company that cannot pay what falls due in a year fails that year: its loans fall due at once, its supply contracts are rejected (its sellers claim damagesRate × the remaining installments, due that year), the investment tranches it owes or is owed lapse; it pays later years only what the clearing gives',
  },
  {
    kind: 'assumed-financials',
    detail:
      'a default given as a shock settles in year 1 at its recovery rate (its later debts fall due then); an asset shock takes its fraction of year 1 outside assets (cash and operating cash flow), once',
  },
];
