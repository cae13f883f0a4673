import {
  clearingVector,
  ContagionModelName,
  ContagionNetwork,
  ContagionParams,
  ContagionRun,
  networkFromArrays,
  orderDefaults,
  ratio,
} from '../../../contagion';
import { ValidationError } from '../../../shared/errors';
import { Market, ParamsUsed, uniqueCaveats } from './market';
import { CapacityLink, EconomicResult, shapeResult } from './result';
import { dealCuts, EconomicShock, shockInputs } from './shocks';
import type { Caveat } from '../../../exposure/domain/valuation';

/** Amounts falling due later than this many years after `at` are never scheduled (they fall due only by acceleration). */
export const MAX_YEARS = 100;

/** `at` moved by whole calendar years in UTC (29 February → 28 February in a common year). */
export function addYearsMs(ms: number, years: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), daysInMonth),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

const LOAN = 0;
const SUPPLY = 1;
const FUNDING = 2;

/**
 * Every payment one company owes another under one deal, year by year: a loan's repayments
 * (borrower → lender), a supply contract's installments (buyer → seller), an investment's tranches
 * (investor → investee). Arrays are indexed by flow.
 */
interface Flows {
  readonly m: number;
  readonly dealId: readonly string[];
  readonly debtor: Int32Array;
  readonly creditor: Int32Array;
  readonly kind: Uint8Array;
  /** Share of the deal the scenario's cuts leave (1 in the baseline). */
  readonly kept: Float64Array;
  readonly damagesRate: Float64Array;
  /** Everything the debtor still owes under the deal at `at` (arrears included), uncut. */
  readonly total: Float64Array;
  /** Uncut dues of year k (1-based) at `dues[start[f] + k − 1]`, for k = 1 … `years[f]`; arrears in year 1. */
  readonly start: Int32Array;
  readonly years: Int32Array;
  readonly dues: Float64Array;
}

interface Schedule {
  readonly ids: string[];
  readonly flows: Flows;
  /** The last year anything falls due (at least 1). */
  readonly lastYear: number;
  readonly caveats: Caveat[];
}

const fmt = (usd: number): string =>
  `$${Math.round(usd).toLocaleString('en-US')}`;

/** Reads every deal's payments year by year from `at` (DealValuation.dueBetween). */
function scheduleOf(
  market: Market,
  atMs: number,
  cuts: ReadonlyMap<string, number>,
): Schedule {
  const caveats: Caveat[] = [];
  const yearEnd: number[] = [atMs];
  for (let k = 1; k <= MAX_YEARS; k++) yearEnd.push(addYearsMs(atMs, k));
  const farMs = yearEnd[MAX_YEARS];
  interface Raw {
    dealId: string;
    debtor: string;
    creditor: string;
    kind: number;
    kept: number;
    damagesRate: number;
    total: number;
    dues: number[];
  }
  const raw: Raw[] = [];
  for (const { valuation } of market.deals) {
    if (!valuation.included) continue;
    const kept = 1 - (cuts.get(valuation.dealId) ?? 0);
    // `dueBetween` is the deal's: a deal with several legs shares it in proportion to what each is owed.
    let legsTotal = 0;
    for (const leg of valuation.legs)
      if (leg.basis !== 'carrying-value')
        legsTotal += leg.dueWithinHorizonUsd + leg.dueAfterHorizonUsd;
    const add = (
      debtor: string,
      creditor: string,
      kind: number,
      total: number,
      arrears: number,
      damagesRate: number,
      share: number,
    ): void => {
      if (!(total > 0) || debtor === creditor) return;
      const eps = 1e-9 * total;
      // What falls due within MAX_YEARS by the deal's terms; the rest only by acceleration.
      const future = Math.min(
        total - arrears,
        share * valuation.dueBetween(atMs, farMs),
      );
      const dues: number[] = [];
      let scheduled = 0;
      for (let k = 1; k <= MAX_YEARS; k++) {
        const due = Math.min(
          Math.max(0, total - arrears - scheduled),
          share * valuation.dueBetween(yearEnd[k - 1], yearEnd[k]),
        );
        scheduled += due;
        dues.push(k === 1 ? arrears + due : due);
        if (scheduled >= future - eps) break;
      }
      const never = total - arrears - scheduled;
      if (never > eps && kind === LOAN)
        caveats.push({
          kind: 'assumed-term',
          deal: valuation.dealId,
          detail: `${fmt(never)} of ${debtor}'s debt to ${creditor} has no repayment date within ${MAX_YEARS} years: it falls due only if ${debtor} fails`,
        });
      raw.push({
        dealId: valuation.dealId,
        debtor,
        creditor,
        kind,
        kept,
        damagesRate,
        total,
        dues,
      });
    };
    for (const leg of valuation.legs) {
      // A stake falls due to no one: it is neither owed nor cash.
      if (leg.basis === 'carrying-value') continue;
      add(
        leg.counterparty,
        leg.holder,
        leg.basis === 'loan-principal' ? LOAN : SUPPLY,
        leg.arrearsUsd + leg.dueWithinHorizonUsd + leg.dueAfterHorizonUsd,
        leg.arrearsUsd,
        leg.basis === 'supply-commitment' ? leg.damagesRate : 0,
        legsTotal > 0
          ? (leg.dueWithinHorizonUsd + leg.dueAfterHorizonUsd) / legsTotal
          : 1,
      );
    }
    const unfunded = valuation.unfunded;
    if (unfunded)
      add(unfunded.investor, unfunded.investee, FUNDING, unfunded.usd, 0, 0, 1);
  }
  const idSet = new Set(market.companies.map((c) => c.id));
  for (const r of raw) {
    idSet.add(r.debtor);
    idSet.add(r.creditor);
  }
  const ids = [...idSet].sort();
  if (ids.length === 0)
    throw new ValidationError(
      'at',
      'no company is known at this date: the network is empty',
    );
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const m = raw.length;
  const start = new Int32Array(m);
  const years = new Int32Array(m);
  let length = 0;
  let lastYear = 1;
  raw.forEach((r, f) => {
    start[f] = length;
    years[f] = r.dues.length;
    length += r.dues.length;
    lastYear = Math.max(lastYear, r.dues.length);
  });
  const dues = new Float64Array(length);
  raw.forEach((r, f) => dues.set(r.dues, start[f]));
  return {
    ids,
    lastYear,
    caveats,
    flows: {
      m,
      dealId: raw.map((r) => r.dealId),
      debtor: Int32Array.from(raw, (r) => indexOf.get(r.debtor)!),
      creditor: Int32Array.from(raw, (r) => indexOf.get(r.creditor)!),
      kind: Uint8Array.from(raw, (r) => r.kind),
      kept: Float64Array.from(raw, (r) => r.kept),
      damagesRate: Float64Array.from(raw, (r) => r.damagesRate),
      total: Float64Array.from(raw, (r) => r.total),
      start,
      years,
      dues,
    },
  };
}

/** What one company has outside the network each year. */
interface Outside {
  /** Cash at `at` (a negative figure counts as none). */
  readonly cash: Float64Array;
  /** A year's operating cash flow, taken flat. */
  readonly flow: Float64Array;
}

interface YearlyInput {
  readonly variant: 'eisenberg-noe' | 'rogers-veraart';
  readonly ids: readonly string[];
  readonly flows: Flows;
  /** Share of each flow kept (the cuts); 1 in the baseline. */
  readonly kept: Float64Array;
  readonly lastYear: number;
  readonly outside: Outside;
  /** Defaults in force from year 1 (recorded, and the `default` shocks), with their recovery. */
  readonly defaults: ReadonlyMap<number, number | undefined>;
  /** Taken once, from year 1's outside assets. */
  readonly assetLoss: Float64Array;
  readonly params: ContagionParams;
}

interface YearlyRun {
  readonly run: ContagionRun;
  /** Year 1's network as last cleared (the defaulters' accelerated debts included). */
  readonly firstYear: ContagionNetwork;
  readonly defaultYear: Int32Array;
  readonly shortfall: Float64Array;
  readonly years: number;
}

/**
 * The year-by-year clearing after Kusnetsov & Veraart (2019), "Interbank clearing in financial
 * networks with multiple maturities". Year k = (at + k−1 years, at + k years]. In each year every
 * company's cash carried from the year before (year 1: its cash at `at`) plus its operating cash
 * flow and what its debtors pay is set against what falls due that year; the year is cleared by
 * the greatest clearing vector (Eisenberg–Noe, or Rogers–Veraart with default costs).
 *
 * Default set, as in the paper's algorithmic approach: the companies that cannot pay what falls
 * due are in default; a company in default in year k owes at once all it would owe later — its
 * loans fall due (accelerated), its supply contracts are rejected (the seller's claim becomes
 * damagesRate × the remaining installments), the tranches it owes as an investor lapse (and those
 * owed to it as an investee) — and the year is cleared again with those debts, until no further
 * company fails. A company stays in default once it is (the set only grows, so this ends). Its
 * unpaid debts stay owed: in later years it pays what the clearing gives. A default given as a
 * shock (or recorded) settles in year 1 at its recovery: it owes nothing afterwards.
 */
function clearYears(input: YearlyInput): YearlyRun {
  const { flows, kept, outside, params, variant } = input;
  const n = input.ids.length;
  const m = flows.m;
  const K = input.lastYear;
  const { debtor, creditor, kind, damagesRate, start, years, dues } = flows;

  const carry = Float64Array.from(outside.cash, (c) => Math.max(0, c));
  const defaultYear = new Int32Array(n).fill(-1);
  const round = new Int32Array(n).fill(-1);
  const injected = new Uint8Array(n);
  for (const [i] of input.defaults) {
    injected[i] = 1;
    defaultYear[i] = 1;
    round[i] = 0;
  }
  const shortfall = new Float64Array(n);
  const paidTotal = new Float64Array(n);
  // What each company still owes at the end (carried debts, written-off debts, outside debts unpaid).
  const unpaid = new Float64Array(n);
  // Kept out of the cash carried, counted in equity as the solver counts it: what a defaulter's
  // Rogers–Veraart costs destroyed, and what a shocked default paid beyond the cash it had.
  const costs = new Float64Array(n);
  const owedCarry = new Float64Array(m);
  let writeDowns = 0;
  let externalCreditorLoss = 0;
  let injectedShortfall = 0;
  let maxRound = 0;
  let firstYear: ContagionNetwork | null = null;

  const dueIn = (f: number, k: number): number =>
    k <= years[f] ? dues[start[f] + k - 1] : 0;
  /** The uncut dues of flow f after year k. */
  const dueAfter = (f: number, k: number): number => {
    let later = 0;
    for (let j = k + 1; j <= years[f]; j++) later += dues[start[f] + j - 1];
    // Amounts with no date within MAX_YEARS are owed too: they fall due by acceleration.
    let scheduled = 0;
    for (let j = 1; j <= years[f]; j++) scheduled += dues[start[f] + j - 1];
    return later + Math.max(0, flows.total[f] - scheduled);
  };

  const obligation = new Float64Array(m);
  const scheduled = new Float64Array(m);
  for (let k = 1; k <= K; k++) {
    // What falls due this year, before any default of this year.
    for (let f = 0; f < m; f++) {
      const d = debtor[f];
      // Tranches lapse once their investor or investee has failed (no funding of a failed company).
      const lapsed =
        kind[f] === FUNDING &&
        defaultYear[creditor[f]] > 0 &&
        defaultYear[creditor[f]] < k;
      if ((injected[d] && k > 1) || lapsed) scheduled[f] = 0;
      else if (defaultYear[d] > 0 && defaultYear[d] < k)
        scheduled[f] = owedCarry[f];
      else scheduled[f] = dueIn(f, k) * kept[f] + owedCarry[f];
    }
    const e = new Float64Array(n);
    const outsideOwed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      e[i] = carry[i] + Math.max(0, outside.flow[i]);
      outsideOwed[i] = Math.max(0, -outside.flow[i]);
    }
    const assetLoss = k === 1 ? input.assetLoss : new Float64Array(n);
    const yearDefaults = k === 1 ? input.defaults : new Map<number, number>();
    const inYear = new Uint8Array(n); // failed this year
    if (k === 1) for (const [i] of input.defaults) inYear[i] = 1;
    let run!: ContagionRun;
    let network!: ContagionNetwork;
    let roundOffset = 0;
    for (let pass = 0; ; pass++) {
      let changed = pass === 0;
      for (let f = 0; f < m; f++) {
        let a = scheduled[f];
        if (inYear[debtor[f]]) {
          const later = dueAfter(f, k) * kept[f];
          if (kind[f] === LOAN) a += later;
          else if (kind[f] === SUPPLY) a += damagesRate[f] * later;
        }
        if (a !== obligation[f]) changed = true;
        obligation[f] = a;
      }
      // The new defaulters owe nothing more at once: clearing again would give the same vector.
      if (!changed) break;
      network = networkFromArrays({
        ids: input.ids,
        equity: new Float64Array(n),
        externalAssets: e,
        externalLiabilities: outsideOwed,
        obligationDebtor: debtor,
        obligationCreditor: creditor,
        obligationAmount: obligation,
      });
      run = clearingVector(
        network,
        { defaults: yearDefaults, assetLossUsd: assetLoss },
        params,
        variant,
      );
      let fresh = 0;
      let yearMax = roundOffset;
      for (let i = 0; i < n; i++) {
        if (run.defaulted[i] !== 1 || inYear[i] || defaultYear[i] > 0) continue;
        inYear[i] = 1;
        defaultYear[i] = k;
        round[i] = roundOffset + run.defaultRound[i];
        yearMax = Math.max(yearMax, round[i]);
        fresh++;
      }
      if (fresh === 0) break;
      roundOffset = yearMax;
    }
    if (k === 1) firstYear = network;

    // Settle the year: each debtor pays its creditors in proportion to what it owes them.
    const p = run.payment!;
    const pbar = network.totalObligations;
    const inflow = new Float64Array(n);
    for (let f = 0; f < m; f++) {
      const d = debtor[f];
      const share = pbar[d] > 0 ? p[d] / pbar[d] : 1;
      const paid = obligation[f] * share;
      inflow[creditor[f]] += paid;
      const left = obligation[f] - paid;
      if (injected[d]) {
        unpaid[d] += left; // written off: the shock's recovery is all it pays
        owedCarry[f] = 0;
      } else owedCarry[f] = left;
      if (inYear[debtor[f]] && kind[f] === SUPPLY)
        writeDowns += (1 - damagesRate[f]) * dueAfter(f, k) * kept[f];
    }
    const scheduledOwed = Float64Array.from(outsideOwed);
    for (let f = 0; f < m; f++) scheduledOwed[debtor[f]] += scheduled[f];
    for (let i = 0; i < n; i++) {
      const ei = Math.max(0, e[i] - assetLoss[i]);
      const share = pbar[i] > 0 ? p[i] / pbar[i] : 1;
      const outsideUnpaid = outsideOwed[i] * (1 - share);
      unpaid[i] += outsideUnpaid;
      externalCreditorLoss += outsideUnpaid;
      paidTotal[i] += p[i];
      const left = ei + inflow[i] - p[i];
      if (run.defaulted[i] === 1 && !injected[i]) {
        // A defaulter pays all it has; under Rogers–Veraart the rest is its default costs.
        costs[i] += Math.max(0, left);
        carry[i] = 0;
      } else {
        if (injected[i]) costs[i] += Math.min(0, left);
        carry[i] = Math.max(0, left);
      }
      if (defaultYear[i] === k) {
        shortfall[i] = Math.max(0, scheduledOwed[i] - ei - inflow[i]);
        if (injected[i]) injectedShortfall += pbar[i] - p[i];
      }
    }
    if (k === 1) for (let i = 0; i < n; i++) writeDowns += assetLoss[i];
  }
  // What a defaulter still owes after the last year stays its debt (its creditors never get it).
  for (let f = 0; f < m; f++) unpaid[debtor[f]] += owedCarry[f];

  // Before: every payment made as scheduled (cuts added back to the holder, as in one horizon).
  const before = new Float64Array(n);
  const claimLoss = new Float64Array(n);
  for (let i = 0; i < n; i++)
    before[i] = Math.max(0, outside.cash[i]) + K * outside.flow[i];
  for (let f = 0; f < m; f++) {
    let sum = 0;
    for (let j = 1; j <= years[f]; j++) sum += dues[start[f] + j - 1];
    before[creditor[f]] += sum;
    before[debtor[f]] -= sum * kept[f];
    claimLoss[creditor[f]] += sum * (1 - kept[f]);
  }
  const equityAfter = new Float64Array(n);
  const loss = new Float64Array(n);
  const defaulted = new Uint8Array(n);
  let totalLoss = 0;
  let initialLoss = injectedShortfall;
  for (let i = 0; i < n; i++) {
    maxRound = Math.max(maxRound, round[i]);
    equityAfter[i] = carry[i] + costs[i] - unpaid[i];
    loss[i] = injected[i]
      ? Math.max(0, before[i] - equityAfter[i])
      : Math.max(0, Math.max(0, before[i]) - Math.max(0, equityAfter[i]));
    totalLoss += loss[i];
    defaulted[i] = defaultYear[i] > 0 ? 1 : 0;
    writeDowns += claimLoss[i] + (injected[i] ? 0 : unpaid[i]);
    initialLoss +=
      input.assetLoss[i] +
      claimLoss[i] +
      (injected[i] ? 0 : Math.max(0, -before[i]));
  }
  writeDowns += injectedShortfall;
  totalLoss += externalCreditorLoss;
  // Defaults in order of year, then round, then index.
  const order = orderDefaults(round).sort(
    (a, b) => defaultYear[a] - defaultYear[b] || round[a] - round[b] || a - b,
  );
  return {
    run: {
      model: variant,
      equityBefore: before,
      loss,
      equityAfter,
      defaulted,
      defaultRound: round,
      payment: paidTotal,
      defaults: order,
      rounds: maxRound,
      initialLoss,
      totalLoss,
      amplification: ratio(totalLoss, initialLoss),
      grossMultiplier: ratio(writeDowns, initialLoss),
      netMultiplier: ratio(totalLoss, initialLoss),
      externalCreditorLoss,
    },
    firstYear: firstYear!,
    defaultYear,
    shortfall,
    years: K,
  };
}

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
