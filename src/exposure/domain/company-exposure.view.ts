import type { DealKind } from '../../ledger/domain/ledger.events';
import { CompanyStanding } from './company.standing';
import { DealStanding } from './deal.standing';
import { balanceSheetsAt } from './balance-sheet';
import { Caveat, DEFAULT_VALUATION } from './valuation';
import {
  byRecording,
  cmp,
  DependencyView,
  EdgeBuilder,
  EdgeView,
  valueInto,
  ViewOptions,
} from './exposure.views';

/** One company's exposure on a date: totals, by kind, by counterparty, concentration, dependencies. */

export interface CounterpartyExposure {
  id: string;
  exposureUsd: number;
  lossGivenDefaultUsd: number;
  /** Of the company's total exposure out. */
  share: number;
  byKind: Record<DealKind, number>;
  defaulted: boolean;
}

export interface CompanyExposureView {
  id: string;
  name: string;
  equityUsd: number | null;
  defaulted: boolean;
  exposureOutUsd: number;
  exposureInUsd: number;
  /** What the company's equity loses if every counterparty fails (out), and what others lose if it fails (in). */
  lossGivenDefaultOutUsd: number;
  lossGivenDefaultInUsd: number;
  byKind: Record<DealKind, KindTotals>;
  topCounterparties: CounterpartyExposure[];
  concentration: {
    /** Σ share² over counterparties of the exposure out (1 = a single counterparty). */
    herfindahl: number;
    counterparties: number;
    largestExposureUsd: number;
    largestCounterparty: string | null;
    /** The largest single exposure as a share of equityUsd (null without positive equity). */
    largestShareOfEquity: number | null;
  };
  /** Suppliers this company depends on for capacity. */
  dependsOn: DependencyView[];
  /** Buyers depending on this company. */
  dependedOnBy: DependencyView[];
  edges: EdgeView[];
  caveats: Caveat[];
}

export interface KindTotals {
  outUsd: number;
  inUsd: number;
  lossGivenDefaultOutUsd: number;
  lossGivenDefaultInUsd: number;
}

function kindTotals(): KindTotals {
  return {
    outUsd: 0,
    inUsd: 0,
    lossGivenDefaultOutUsd: 0,
    lossGivenDefaultInUsd: 0,
  };
}

/**
 * One company's exposure at `t`, from the deals it is party to (`deals` may hold others:
 * they are ignored) and the company states of it and its counterparties.
 */
export function buildCompanyExposure(
  company: CompanyStanding,
  deals: readonly DealStanding[],
  companyOf: (id: string) => CompanyStanding | undefined,
  t: number,
  options: ViewOptions & { top?: number } = {},
): CompanyExposureView {
  const id = company.companyId;
  const touching = deals.filter((d) => d.creditor === id || d.debtor === id);
  // valued in a stable order (by recording) and summed into edges as they come (no valuation objects)
  const builder = new EdgeBuilder(options);
  const caveats = valueInto(
    [...touching].sort(byRecording),
    t,
    options.valuation ?? DEFAULT_VALUATION,
    builder,
  );
  const { edges, dependencies } = builder.finish();
  for (const c of balanceSheetsAt([company], touching, t).get(id)!.caveats)
    caveats.push(c);
  const byKind: Record<DealKind, KindTotals> = {
    supply: kindTotals(),
    investment: kindTotals(),
    loan: kindTotals(),
  };
  let outTotal = 0;
  let inTotal = 0;
  let lgdOut = 0;
  let lgdIn = 0;
  const perCounterparty = new Map<string, CounterpartyExposure>();
  for (const e of edges) {
    if (e.holder === id) {
      outTotal += e.amountUsd;
      lgdOut += e.lossGivenDefaultUsd;
      byKind[e.kind].outUsd += e.amountUsd;
      byKind[e.kind].lossGivenDefaultOutUsd += e.lossGivenDefaultUsd;
      let c = perCounterparty.get(e.counterparty);
      if (!c) {
        c = {
          id: e.counterparty,
          exposureUsd: 0,
          lossGivenDefaultUsd: 0,
          share: 0,
          byKind: { supply: 0, investment: 0, loan: 0 },
          defaulted: companyOf(e.counterparty)?.defaulted ?? false,
        };
        perCounterparty.set(e.counterparty, c);
      }
      c.exposureUsd += e.amountUsd;
      c.lossGivenDefaultUsd += e.lossGivenDefaultUsd;
      c.byKind[e.kind] += e.amountUsd;
    }
    if (e.counterparty === id) {
      inTotal += e.amountUsd;
      lgdIn += e.lossGivenDefaultUsd;
      byKind[e.kind].inUsd += e.amountUsd;
      byKind[e.kind].lossGivenDefaultInUsd += e.lossGivenDefaultUsd;
    }
  }
  const counterparties = [...perCounterparty.values()].filter(
    (c) => c.exposureUsd > 0,
  );
  for (const c of counterparties)
    c.share = outTotal > 0 ? c.exposureUsd / outTotal : 0;
  counterparties.sort(
    (a, b) => b.exposureUsd - a.exposureUsd || cmp(a.id, b.id),
  );
  const herfindahl = counterparties.reduce((s, c) => s + c.share * c.share, 0);
  const largest = counterparties[0];
  const equity = company.equityUsd;
  return {
    id,
    name: company.name,
    equityUsd: equity,
    defaulted: company.defaulted,
    exposureOutUsd: outTotal,
    exposureInUsd: inTotal,
    lossGivenDefaultOutUsd: lgdOut,
    lossGivenDefaultInUsd: lgdIn,
    byKind,
    topCounterparties: counterparties.slice(0, options.top ?? 10),
    concentration: {
      herfindahl,
      counterparties: counterparties.length,
      largestExposureUsd: largest?.exposureUsd ?? 0,
      largestCounterparty: largest?.id ?? null,
      largestShareOfEquity:
        largest && equity !== null && equity > 0
          ? largest.exposureUsd / equity
          : null,
    },
    dependsOn: dependencies.filter((d) => d.buyer === id),
    dependedOnBy: dependencies.filter((d) => d.seller === id),
    edges,
    caveats,
  };
}
