import type { DealKind } from '../../ledger/domain/ledger.events';
import {
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
} from '../../ledger/domain/ledger.events';
import type { CompanyStanding } from './company.standing';
import type { DealStanding, Plan } from './deal.standing';
import { addMonthsMs } from '../../shared/time';
import { dueBy, planOf } from './deal.standing';

/**
 * What a deal is worth on a date and what its failure costs (DESIGN.md "What a deal is worth on
 * a date, and what its failure costs"), and a company's balance sheet on a date ("Balance
 * sheets"). Pure: no I/O, no clock. The exposure views and the scenario economics both read
 * deals through `valueDeal`, so a loss means one thing everywhere.
 */

export const CERTAINTIES = DEAL_CERTAINTIES; // strongest first
export type Certainty = (typeof CERTAINTIES)[number];
export const CONFIDENCES = DEAL_CONFIDENCES; // strongest first
export type Confidence = (typeof CONFIDENCES)[number];
export {
  CAVEAT_KINDS,
  ESTIMATE_CHOICES,
  type CaveatKind,
  type EstimateChoice,
} from '../../contracts';
import type {
  CaveatKind,
  EstimateChoice,
  ValuationBasis,
} from '../../contracts';
export interface Caveat {
  readonly kind: CaveatKind;
  readonly deal?: string;
  readonly company?: string;
  readonly detail: string;
}

export interface ValuationSettings {
  /** H, default 365. */
  readonly horizonDays: number;
  /** d, default 0.25; a deal's own damagesRate overrides it. */
  readonly damagesRate: number;
  /** Default 'binding'. */
  readonly minCertainty: Certainty;
  /** Default 'low'. */
  readonly minConfidence: Confidence;
  /** Default 'central'. */
  readonly estimates: EstimateChoice;
}

export const DEFAULT_VALUATION: ValuationSettings = Object.freeze({
  horizonDays: 365,
  damagesRate: 0.25,
  minCertainty: 'binding',
  minConfidence: 'low',
  estimates: 'central',
});

/** A supply deal with neither endDate nor schedule is spread over this many months from its start. */
export const ASSUMED_TERM_MONTHS = 60;
/** A report whose period ended more than this many months before the date is stale. */
export const STALE_AFTER_MONTHS = 15;

const DAY_MS = 86_400_000;

/** One creditor-side leg of a deal at t: what `holder` has at stake with `counterparty`. */
export interface ValuedLeg {
  readonly dealId: string;
  readonly kind: DealKind;
  /** lender, seller, investor */
  readonly holder: string;
  /** borrower, buyer, investee */
  readonly counterparty: string;
  readonly basis: ValuationBasis;
  /** DESIGN.md "gross exposure at t". */
  readonly grossUsd: number;
  /** DESIGN.md "loss given default at t" (nothing recovered). */
  readonly lossGivenDefaultUsd: number;
  /** Due on or before t, unpaid. */
  readonly arrearsUsd: number;
  /** Due in (t, t+H]. */
  readonly dueWithinHorizonUsd: number;
  /** Due after t+H. */
  readonly dueAfterHorizonUsd: number;
  /** The rate applied to dueAfterHorizonUsd (supply; 0 for others). */
  readonly damagesRate: number;
}

export interface DealValuation {
  readonly dealId: string;
  readonly kind: DealKind;
  /** false when the deal is below minCertainty/minConfidence or unpriced with estimates 'omit'. */
  readonly included: boolean;
  /** The amount used (published amount, or the chosen estimate); null when unpriced and omitted. */
  readonly amountUsd: number | null;
  readonly estimated: boolean;
  /** Empty when not included. */
  readonly legs: readonly ValuedLeg[];
  /** supply: the buyer's undelivered commitment (reported as capacity at risk, never a loss). */
  readonly capacityAtRisk?: {
    readonly buyer: string;
    readonly seller: string;
    readonly usd: number;
    readonly gw: number | null;
  };
  /** investment: tranches committed, not yet funded (investee <- investor). */
  readonly unfunded?: {
    readonly investee: string;
    readonly investor: string;
    readonly usd: number;
    readonly dueWithinHorizonUsd: number;
  };
  /**
   * Amount the debtor (borrower / buyer) owes the creditor falling due in (fromMs, toMs] (loan
   * repayments, supply installments; investment: tranches funded in that window, investor ->
   * investee). For the liquidity reading and the year-by-year clearing.
   */
  dueBetween(fromMs: number, toMs: number): number;
  readonly caveats: readonly Caveat[];
}

const NO_CAVEATS: readonly Caveat[] = Object.freeze([]);
const NO_LEGS: readonly ValuedLeg[] = Object.freeze([]);

/** A deal's valuation; `dueBetween` reads the plan the valuation used (a method: no closure per deal). */
class Valuation implements DealValuation {
  constructor(
    readonly dealId: string,
    readonly kind: DealKind,
    readonly included: boolean,
    readonly amountUsd: number | null,
    readonly estimated: boolean,
    readonly legs: readonly ValuedLeg[],
    readonly caveats: readonly Caveat[],
    /** null when nothing falls due any more (not included, terminated, retracted). */
    private readonly plan: Plan | null,
    readonly capacityAtRisk?: DealValuation['capacityAtRisk'],
    readonly unfunded?: DealValuation['unfunded'],
  ) {}

  dueBetween(fromMs: number, toMs: number): number {
    if (this.plan === null || toMs <= fromMs) return 0;
    return Math.max(0, dueBy(this.plan, toMs) - dueBy(this.plan, fromMs));
  }
}

function rankOf<T>(list: readonly T[], value: T): number {
  const i = list.indexOf(value);
  return i < 0 ? list.length : i;
}

/**
 * The deal at t (its state folded up to t) under the settings. The plan is the one the deal's
 * terms give, except: the chosen estimate stands for a missing amount, and a supply deal with
 * neither endDate nor schedule runs ASSUMED_TERM_MONTHS from its start (flagged `assumed-term`).
 */
export function valueDeal(
  state: DealStanding,
  t: number,
  settings: ValuationSettings,
): DealValuation {
  const terms = state.terms;
  const id = state.dealId;
  // most deals need no caveat: the list is made only for those that do
  let caveats: Caveat[] | null = null;
  // ---- what counts ----
  if (
    rankOf(CERTAINTIES, terms.certainty) >
    rankOf(CERTAINTIES, settings.minCertainty)
  ) {
    return excluded(
      state,
      terms.amountUsd,
      withCaveat(caveats, {
        kind: 'below-certainty',
        deal: id,
        detail: `${terms.certainty} is below minCertainty ${settings.minCertainty}: left out`,
      }),
    );
  }
  if (
    rankOf(CONFIDENCES, terms.confidence) >
    rankOf(CONFIDENCES, settings.minConfidence)
  ) {
    return excluded(
      state,
      terms.amountUsd,
      withCaveat(caveats, {
        kind: 'low-confidence',
        deal: id,
        detail: `source confidence ${terms.confidence} is below minConfidence ${settings.minConfidence}: left out`,
      }),
    );
  }
  if (terms.confidence === 'low')
    caveats = withCaveat(caveats, {
      kind: 'low-confidence',
      deal: id,
      detail: 'counted on a low-confidence source',
    });
  // ---- the amount ----
  let amount: number | null = terms.amountUsd;
  let estimated = false;
  if (amount === null) {
    const estimate = terms.estimateUsd;
    if (estimate === null || settings.estimates === 'omit') {
      return excluded(
        state,
        null,
        withCaveat(caveats, {
          kind: 'omitted-unpriced',
          deal: id,
          detail:
            estimate === null
              ? 'no published amount and no estimate: left out'
              : 'no published amount; estimates omitted: left out',
        }),
      );
    }
    amount = estimate[settings.estimates];
    estimated = true;
    caveats = withCaveat(caveats, {
      kind: 'estimated-amount',
      deal: id,
      detail: `${settings.estimates} estimate ${amount} (range ${estimate.low}–${estimate.high}; ${estimate.basis})`,
    });
  }
  // ---- the plan ----
  let plan = state.plan;
  const hasSchedule = terms.schedule !== null && terms.schedule.length > 0;
  const assumedTerm =
    state.kind === 'supply' && terms.endDate === null && !hasSchedule;
  if (assumedTerm) {
    const startMs =
      terms.startDate !== null ? Date.parse(terms.startDate) : state.signedAtMs;
    const endMs = addMonthsMs(startMs, ASSUMED_TERM_MONTHS);
    plan = planOf(
      state.kind,
      { ...terms, amountUsd: amount, endDate: new Date(endMs).toISOString() },
      state.signedAtMs,
    );
    caveats = withCaveat(caveats, {
      kind: 'assumed-term',
      deal: id,
      detail: `no endDate nor schedule: spread over ${ASSUMED_TERM_MONTHS} months from ${new Date(startMs).toISOString().slice(0, 10)}`,
    });
  } else if (estimated) {
    plan = planOf(
      state.kind,
      { ...terms, amountUsd: amount },
      state.signedAtMs,
    );
  }
  const caveatList: readonly Caveat[] = caveats ?? NO_CAVEATS;
  if (state.status !== 'active')
    return new Valuation(
      id,
      state.kind,
      true,
      amount,
      estimated,
      NO_LEGS,
      caveatList,
      null,
    );
  return valueActive(state, t, settings, plan, amount, estimated, caveatList);
}

/** `list` with `caveat` added (made on the first caveat: most deals need none). */
function withCaveat(list: Caveat[] | null, caveat: Caveat): Caveat[] {
  if (list === null) return [caveat];
  list.push(caveat);
  return list;
}

function excluded(
  state: DealStanding,
  amount: number | null,
  caveats: readonly Caveat[],
): DealValuation {
  return new Valuation(
    state.dealId,
    state.kind,
    false,
    amount,
    false,
    NO_LEGS,
    caveats,
    null,
  );
}

function valueActive(
  state: DealStanding,
  t: number,
  settings: ValuationSettings,
  plan: Plan,
  amount: number,
  estimated: boolean,
  caveats: readonly Caveat[],
): DealValuation {
  const id = state.dealId;
  const horizonEnd = t + settings.horizonDays * DAY_MS;
  const total = plan.total;
  const endMs = plan.termEndMs;
  const ended = state.kind !== 'investment' && endMs !== null && t >= endMs;
  const due = dueBy(plan, t);
  const dueByHorizon = ended ? due : dueBy(plan, horizonEnd);
  const within = Math.max(0, dueByHorizon - due);
  const after = ended ? 0 : Math.max(0, total - dueByHorizon);
  const make = (
    legs: readonly ValuedLeg[],
    extra: Pick<DealValuation, 'capacityAtRisk' | 'unfunded'> = {},
  ): DealValuation =>
    new Valuation(
      id,
      state.kind,
      true,
      amount,
      estimated,
      legs,
      caveats,
      plan,
      extra.capacityAtRisk,
      extra.unfunded,
    );
  switch (state.kind) {
    case 'loan':
    case 'supply': {
      // Without recorded payments, what was due is taken as paid (DESIGN.md: arrears only from payments).
      const arrears =
        state.paymentCount > 0 ? Math.max(0, due - state.paidUsd) : 0;
      const remaining = ended ? 0 : Math.max(0, total - due);
      const gross = Math.max(0, remaining + arrears - state.writtenDownUsd);
      const isSupply = state.kind === 'supply';
      const d = isSupply
        ? (state.terms.damagesRate ?? settings.damagesRate)
        : 0;
      const lgd = isSupply
        ? Math.max(0, arrears + within + d * after - state.writtenDownUsd)
        : gross;
      const legs: ValuedLeg[] =
        gross > 0
          ? [
              {
                dealId: id,
                kind: state.kind,
                holder: state.creditor,
                counterparty: state.debtor,
                basis: isSupply ? 'supply-commitment' : 'loan-principal',
                grossUsd: gross,
                lossGivenDefaultUsd: lgd,
                arrearsUsd: arrears,
                dueWithinHorizonUsd: within,
                dueAfterHorizonUsd: after,
                damagesRate: d,
              },
            ]
          : [];
      if (!isSupply) return make(legs);
      return make(legs, {
        capacityAtRisk: {
          buyer: state.debtor,
          seller: state.creditor,
          usd: remaining,
          gw: remaining > 0 ? state.terms.capacityGw : null,
        },
      });
    }
    case 'investment': {
      const carrying = Math.max(0, due - state.writtenDownUsd);
      const unfunded = Math.max(0, total - due);
      const legs: ValuedLeg[] =
        carrying > 0
          ? [
              {
                dealId: id,
                kind: 'investment',
                holder: state.creditor,
                counterparty: state.debtor,
                basis: 'carrying-value',
                grossUsd: carrying,
                // equity ranks last: nothing recovered unless a scenario says otherwise
                lossGivenDefaultUsd: carrying,
                arrearsUsd: 0,
                dueWithinHorizonUsd: 0,
                dueAfterHorizonUsd: 0,
                damagesRate: 0,
              },
            ]
          : [];
      return make(legs, {
        unfunded: {
          investee: state.debtor,
          investor: state.creditor,
          usd: unfunded,
          dueWithinHorizonUsd: Math.min(unfunded, within),
        },
      });
    }
  }
}

// ---- balance sheets ----

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
      caveats: none
        ? [
            {
              kind: 'assumed-financials',
              company: id,
              detail:
                'no financials recorded: equity and outside figures taken as 0',
            },
          ]
        : NO_CAVEATS,
    };
  }
  const f = flows ?? NO_FLOWS;
  const staleFrom = addMonthsMs(report.periodEndMs, STALE_AFTER_MONTHS);
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
    caveats: reportCaveats(report, id, periodEnd, t > staleFrom),
  };
}

/** stale-financials (an old report), low-confidence (figures estimated, not filed): each said, never silent. */
function reportCaveats(
  report: NonNullable<CompanyStanding['report']>,
  id: string,
  periodEnd: string,
  stale: boolean,
): readonly Caveat[] {
  if (!stale && report.confidence !== 'low') return NO_CAVEATS;
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
