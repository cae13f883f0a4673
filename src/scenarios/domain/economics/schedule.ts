import { ValidationError } from '../../../shared/errors';
import type { Market } from './market';
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

export const LOAN = 0;
export const SUPPLY = 1;
export const FUNDING = 2;

/**
 * Every payment one company owes another under one deal, year by year: a loan's repayments
 * (borrower → lender), a supply contract's installments (buyer → seller), an investment's tranches
 * (investor → investee). Arrays are indexed by flow.
 */
export interface Flows {
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

export interface Schedule {
  readonly ids: string[];
  readonly flows: Flows;
  /** The last year anything falls due (at least 1). */
  readonly lastYear: number;
  readonly caveats: Caveat[];
}

const fmt = (usd: number): string =>
  `$${Math.round(usd).toLocaleString('en-US')}`;

/** Reads every deal's payments year by year from `at` (DealValuation.dueBetween). */
export function scheduleOf(
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
