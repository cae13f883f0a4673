import type { CompanyStanding } from './company.standing';
import type { DealStanding } from './deal.standing';
import { dueBy } from './deal.plan';
import type { Caveat, Confidence } from './valuation';
import { addMonthsMs } from '../../shared/time';

/** A report whose period ended more than this many months before the date is stale. */
export const STALE_AFTER_MONTHS = 15;

const NO_CAVEATS: readonly Caveat[] = Object.freeze([]);

/**
 * Balance sheet of a company at t: the latest CompanyFinancialsReported v2 effective on or before t,
 * moved by the flows effective after its periodEnd (DESIGN.md "Balance sheets").
 */
export interface BalanceSheetAt {
  readonly companyId: string;
  /** null for the older (v1) figures. */
  readonly periodEnd: string | null;
  /** false: v1 figures used as they are (legacy meaning). */
  readonly reported: boolean;
  readonly totalAssetsUsd: number | null;
  readonly totalLiabilitiesUsd: number | null;
  readonly equityUsd: number | null;
  readonly cashUsd: number | null;
  readonly operatingCashFlowUsd: number | null;
  readonly source: string | null;
  /**
   * The report's confidence: high for a filing, low for an estimate; null for the older figures.
   * Optional so that sheets built by hand (tests, benchmarks) need not state it.
   */
  readonly confidence?: Confidence | null;
  /** v1 fields as recorded (used as they are when `reported` is false). */
  readonly externalAssetsUsd: number | null;
  readonly externalLiabilitiesUsd: number | null;
  /** What the flows since periodEnd changed: cash, equity (paid-in), stakes. */
  readonly flows: {
    readonly cashUsd: number;
    readonly equityUsd: number;
    readonly stakesUsd: number;
    readonly count: number;
    /** What the flows moved total assets and total liabilities by (a payment settles a claim or a payable). */
    readonly assetsUsd: number;
    readonly liabilitiesUsd: number;
  };
  /** stale-financials (report older than ~15 months at t), assumed-financials (none at all). */
  readonly caveats: readonly Caveat[];
}

interface FlowTotals {
  cashUsd: number;
  equityUsd: number;
  stakesUsd: number;
  count: number;
  assetsUsd: number;
  liabilitiesUsd: number;
}

/**
 * Every company's balance sheet at t, from the company states and the deal states folded up to t.
 * Flows after a company's periodEnd: a funded tranche adds cash and paid-in equity to the investee
 * and turns the investor's cash into a stake; a payment (supply, loan) moves cash from the debtor
 * to the creditor and settles the claim it pays (neither side's equity moves).
 */
export function balanceSheetsAt(
  companies: readonly CompanyStanding[],
  deals: readonly DealStanding[],
  t: number,
): Map<string, BalanceSheetAt> {
  const periodEndOf = new Map<string, number>();
  for (const c of companies)
    if (c.report !== null && c.report.periodEndMs <= t)
      periodEndOf.set(c.companyId, c.report.periodEndMs);
  if (periodEndOf.size === 0) {
    // no filing in force: no flows to work out (the older figures are used as they are)
    const sheets = new Map<string, BalanceSheetAt>();
    for (const c of companies)
      sheets.set(c.companyId, sheetOf(c, t, undefined));
    return sheets;
  }
  const flows = new Map<string, FlowTotals>();
  const flowOf = (id: string): FlowTotals | undefined => {
    if (!periodEndOf.has(id)) return undefined;
    let f = flows.get(id);
    if (!f) {
      f = {
        cashUsd: 0,
        equityUsd: 0,
        stakesUsd: 0,
        count: 0,
        assetsUsd: 0,
        liabilitiesUsd: 0,
      };
      flows.set(id, f);
    }
    return f;
  };
  for (const deal of deals) {
    if (deal.status === 'retracted') continue;
    const creditor = flowOf(deal.creditor);
    const debtor = flowOf(deal.debtor);
    if (!creditor && !debtor) continue;
    if (deal.kind === 'investment') {
      if (deal.terms.amountUsd === null) continue; // an unpriced stake moves no recorded cash
      const stop =
        deal.terminatedAtMs !== null ? Math.min(t, deal.terminatedAtMs) : t;
      if (creditor) {
        const since = periodEndOf.get(deal.creditor)!;
        const funded =
          since < stop ? dueBy(deal.plan, stop) - dueBy(deal.plan, since) : 0;
        if (funded > 0) {
          creditor.cashUsd -= funded;
          creditor.stakesUsd += funded;
          creditor.count++;
        }
      }
      if (debtor) {
        const since = periodEndOf.get(deal.debtor)!;
        const funded =
          since < stop ? dueBy(deal.plan, stop) - dueBy(deal.plan, since) : 0;
        if (funded > 0) {
          debtor.cashUsd += funded;
          debtor.equityUsd += funded;
          debtor.assetsUsd += funded;
          debtor.count++;
        }
      }
      continue;
    }
    for (let p = deal.payments; p !== null; p = p.previous) {
      if (p.atMs > t) continue;
      if (creditor && p.atMs > periodEndOf.get(deal.creditor)!) {
        creditor.cashUsd += p.amountUsd;
        creditor.count++;
      }
      if (debtor && p.atMs > periodEndOf.get(deal.debtor)!) {
        debtor.cashUsd -= p.amountUsd;
        debtor.assetsUsd -= p.amountUsd;
        debtor.liabilitiesUsd -= p.amountUsd;
        debtor.count++;
      }
    }
  }
  const out = new Map<string, BalanceSheetAt>();
  for (const c of companies)
    out.set(c.companyId, sheetOf(c, t, flows.get(c.companyId)));
  return out;
}

const NO_FLOWS: FlowTotals = Object.freeze({
  cashUsd: 0,
  equityUsd: 0,
  stakesUsd: 0,
  count: 0,
  assetsUsd: 0,
  liabilitiesUsd: 0,
});

function sheetOf(
  c: CompanyStanding,
  t: number,
  flows: FlowTotals | undefined,
): BalanceSheetAt {
  const report =
    c.report !== null && c.report.periodEndMs <= t ? c.report : null;
  const id = c.companyId;
  if (report === null) {
    const none =
      c.equityUsd === null &&
      c.externalAssetsUsd === null &&
      c.externalLiabilitiesUsd === null;
    return {
      companyId: id,
      periodEnd: null,
      reported: false,
      totalAssetsUsd: null,
      totalLiabilitiesUsd: null,
      equityUsd: c.equityUsd,
      cashUsd: null,
      operatingCashFlowUsd: null,
      source: null,
      confidence: null,
      externalAssetsUsd: c.externalAssetsUsd,
      externalLiabilitiesUsd: c.externalLiabilitiesUsd,
      flows: NO_FLOWS,
      caveats: none ? assumedFinancials(id) : NO_CAVEATS,
    };
  }
  const f = flows ?? NO_FLOWS;
  const periodEnd = new Date(report.periodEndMs).toISOString();
  return {
    companyId: id,
    periodEnd,
    reported: true,
    totalAssetsUsd: report.totalAssetsUsd + f.assetsUsd,
    totalLiabilitiesUsd: report.totalLiabilitiesUsd + f.liabilitiesUsd,
    equityUsd: report.equityUsd + f.equityUsd,
    cashUsd: report.cashUsd === null ? null : report.cashUsd + f.cashUsd,
    operatingCashFlowUsd: report.operatingCashFlowUsd,
    source: report.source,
    confidence: report.confidence,
    externalAssetsUsd: c.externalAssetsUsd,
    externalLiabilitiesUsd: c.externalLiabilitiesUsd,
    flows: { ...f },
    caveats: reportCaveats(report, id, t),
  };
}

/**
 * The caveats of the company's balance sheet at t (those of `balanceSheetsAt`): its report's
 * alone, whatever the flows since.
 */
export function balanceSheetCaveats(
  c: CompanyStanding,
  t: number,
): readonly Caveat[] {
  const report =
    c.report !== null && c.report.periodEndMs <= t ? c.report : null;
  if (report !== null) return reportCaveats(report, c.companyId, t);
  return c.equityUsd === null &&
    c.externalAssetsUsd === null &&
    c.externalLiabilitiesUsd === null
    ? assumedFinancials(c.companyId)
    : NO_CAVEATS;
}

function assumedFinancials(id: string): Caveat[] {
  return [
    {
      kind: 'assumed-financials',
      company: id,
      detail: 'no financials recorded: equity and outside figures taken as 0',
    },
  ];
}

/** stale-financials (an old report at t), low-confidence (figures estimated, not filed): each said, never silent. */
function reportCaveats(
  report: NonNullable<CompanyStanding['report']>,
  id: string,
  t: number,
): readonly Caveat[] {
  const stale = t > addMonthsMs(report.periodEndMs, STALE_AFTER_MONTHS);
  if (!stale && report.confidence !== 'low') return NO_CAVEATS;
  const periodEnd = new Date(report.periodEndMs).toISOString();
  const out: Caveat[] = [];
  if (stale)
    out.push({
      kind: 'stale-financials',
      company: id,
      detail: `the latest report is for the period ended ${periodEnd.slice(0, 10)}, more than ${STALE_AFTER_MONTHS} months before`,
    });
  if (report.confidence === 'low')
    out.push({
      kind: 'low-confidence',
      company: id,
      detail: `the balance sheet for the period ended ${periodEnd.slice(0, 10)} is an estimate, not a filing (its source says what it rests on)`,
    });
  return out;
}
