import type { DealKind } from '../../ledger/domain/ledger.events';
import {
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
} from '../../ledger/domain/ledger.events';
import type { DealStanding } from './deal.standing';
import type { Plan } from './deal.plan';
import { addMonthsMs } from '../../shared/time';
import { dueBy, planEndMs, planOf, planTotal } from './deal.plan';

/**
 * What a deal is worth on a date and what its failure costs (DESIGN.md "What a deal is worth on
 * a date, and what its failure costs"); a company's balance sheet on a date is balance-sheet.ts.
 * Pure: no I/O, no clock. The exposure views and the scenario economics both read
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
 * A deal's valuation as plain numbers, written into one object that every call reuses (the
 * whole network values 200,000 deals per answer: they are summed into edges as they come, and
 * the valuation objects of `valueDeal` would be that many objects of garbage). Read it before the
 * next call; `valueDeal` makes the valuation objects from it.
 */
export interface ValuationFigures {
  included: boolean;
  amountUsd: number | null;
  estimated: boolean;
  /** The caveats, null when none. */
  caveats: Caveat[] | null;
  /** The plan the valuation used; null when nothing falls due any more (not included, not active). */
  plan: Plan | null;
  /** The creditor-side leg (creditor holds, debtor is the counterparty), when `hasLeg`. */
  hasLeg: boolean;
  basis: ValuationBasis;
  grossUsd: number;
  lossGivenDefaultUsd: number;
  arrearsUsd: number;
  dueWithinHorizonUsd: number;
  dueAfterHorizonUsd: number;
  damagesRate: number;
  /** supply: the buyer's (debtor's) undelivered commitment, when `hasCapacity`. */
  hasCapacity: boolean;
  capacityUsd: number;
  capacityGw: number | null;
  /** investment: the tranches not yet funded, when `hasUnfunded` (the investee holds them). */
  hasUnfunded: boolean;
  unfundedUsd: number;
  unfundedWithinHorizonUsd: number;
}

const figures: ValuationFigures = {
  included: false,
  amountUsd: null,
  estimated: false,
  caveats: null,
  plan: null,
  hasLeg: false,
  basis: 'loan-principal',
  grossUsd: 0,
  lossGivenDefaultUsd: 0,
  arrearsUsd: 0,
  dueWithinHorizonUsd: 0,
  dueAfterHorizonUsd: 0,
  damagesRate: 0,
  hasCapacity: false,
  capacityUsd: 0,
  capacityGw: null,
  hasUnfunded: false,
  unfundedUsd: 0,
  unfundedWithinHorizonUsd: 0,
};

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
  const f = valueFigures(state, t, settings);
  const id = state.dealId;
  const caveats: readonly Caveat[] = f.caveats ?? NO_CAVEATS;
  const legs: ValuedLeg[] | readonly ValuedLeg[] = f.hasLeg
    ? [
        {
          dealId: id,
          kind: state.kind,
          holder: state.creditor,
          counterparty: state.debtor,
          basis: f.basis,
          grossUsd: f.grossUsd,
          lossGivenDefaultUsd: f.lossGivenDefaultUsd,
          arrearsUsd: f.arrearsUsd,
          dueWithinHorizonUsd: f.dueWithinHorizonUsd,
          dueAfterHorizonUsd: f.dueAfterHorizonUsd,
          damagesRate: f.damagesRate,
        },
      ]
    : f.plan === null
      ? NO_LEGS
      : [];
  return new Valuation(
    id,
    state.kind,
    f.included,
    f.amountUsd,
    f.estimated,
    legs,
    caveats,
    f.plan,
    f.hasCapacity
      ? {
          buyer: state.debtor,
          seller: state.creditor,
          usd: f.capacityUsd,
          gw: f.capacityGw,
        }
      : undefined,
    f.hasUnfunded
      ? {
          investee: state.debtor,
          investor: state.creditor,
          usd: f.unfundedUsd,
          dueWithinHorizonUsd: f.unfundedWithinHorizonUsd,
        }
      : undefined,
  );
}

/** What the valuation reads of a deal's standing (a whole-network fold passes no more). */
export type ValuedDeal = Pick<
  DealStanding,
  | 'dealId'
  | 'kind'
  | 'signedAtMs'
  | 'terms'
  | 'plan'
  | 'status'
  | 'paidUsd'
  | 'paymentCount'
  | 'writtenDownUsd'
>;

/** The figures of `valueDeal` (see {@link ValuationFigures}: one shared object, overwritten by the next call). */
export function valueFigures(
  state: ValuedDeal,
  t: number,
  settings: ValuationSettings,
): Readonly<ValuationFigures> {
  const terms = state.terms;
  const id = state.dealId;
  const f = figures;
  f.included = false;
  f.estimated = false;
  f.plan = null;
  f.hasLeg = false;
  f.hasCapacity = false;
  f.hasUnfunded = false;
  // most deals need no caveat: the list is made only for those that do
  f.caveats = null;
  // ---- what counts ----
  if (
    rankOf(CERTAINTIES, terms.certainty) >
    rankOf(CERTAINTIES, settings.minCertainty)
  ) {
    f.amountUsd = terms.amountUsd;
    f.caveats = withCaveat(f.caveats, {
      kind: 'below-certainty',
      deal: id,
      detail: `${terms.certainty} is below minCertainty ${settings.minCertainty}: left out`,
    });
    return f;
  }
  if (
    rankOf(CONFIDENCES, terms.confidence) >
    rankOf(CONFIDENCES, settings.minConfidence)
  ) {
    f.amountUsd = terms.amountUsd;
    f.caveats = withCaveat(f.caveats, {
      kind: 'low-confidence',
      deal: id,
      detail: `source confidence ${terms.confidence} is below minConfidence ${settings.minConfidence}: left out`,
    });
    return f;
  }
  if (terms.confidence === 'low')
    f.caveats = withCaveat(f.caveats, {
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
      f.amountUsd = null;
      f.caveats = withCaveat(f.caveats, {
        kind: 'omitted-unpriced',
        deal: id,
        detail:
          estimate === null
            ? 'no published amount and no estimate: left out'
            : 'no published amount; estimates omitted: left out',
      });
      return f;
    }
    amount = estimate[settings.estimates];
    estimated = true;
    f.caveats = withCaveat(f.caveats, {
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
    f.caveats = withCaveat(f.caveats, {
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
  f.included = true;
  f.amountUsd = amount;
  f.estimated = estimated;
  if (state.status !== 'active') return f;
  f.plan = plan;
  valueActive(state, t, settings, plan, f);
  return f;
}

/** `list` with `caveat` added (made on the first caveat: most deals need none). */
function withCaveat(list: Caveat[] | null, caveat: Caveat): Caveat[] {
  if (list === null) return [caveat];
  list.push(caveat);
  return list;
}

function valueActive(
  state: ValuedDeal,
  t: number,
  settings: ValuationSettings,
  plan: Plan,
  f: ValuationFigures,
): void {
  const horizonEnd = t + settings.horizonDays * DAY_MS;
  const total = planTotal(plan);
  const endMs = planEndMs(plan);
  const ended = state.kind !== 'investment' && endMs !== null && t >= endMs;
  const due = dueBy(plan, t);
  const dueByHorizon = ended ? due : dueBy(plan, horizonEnd);
  const within = Math.max(0, dueByHorizon - due);
  const after = ended ? 0 : Math.max(0, total - dueByHorizon);
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
      if (gross > 0) {
        f.hasLeg = true;
        f.basis = isSupply ? 'supply-commitment' : 'loan-principal';
        f.grossUsd = gross;
        f.lossGivenDefaultUsd = isSupply
          ? Math.max(0, arrears + within + d * after - state.writtenDownUsd)
          : gross;
        f.arrearsUsd = arrears;
        f.dueWithinHorizonUsd = within;
        f.dueAfterHorizonUsd = after;
        f.damagesRate = d;
      }
      if (isSupply) {
        f.hasCapacity = true;
        f.capacityUsd = remaining;
        f.capacityGw = remaining > 0 ? state.terms.capacityGw : null;
      }
      return;
    }
    case 'investment': {
      const carrying = Math.max(0, due - state.writtenDownUsd);
      const unfunded = Math.max(0, total - due);
      if (carrying > 0) {
        f.hasLeg = true;
        f.basis = 'carrying-value';
        f.grossUsd = carrying;
        // equity ranks last: nothing recovered unless a scenario says otherwise
        f.lossGivenDefaultUsd = carrying;
        f.arrearsUsd = 0;
        f.dueWithinHorizonUsd = 0;
        f.dueAfterHorizonUsd = 0;
        f.damagesRate = 0;
      }
      f.hasUnfunded = true;
      f.unfundedUsd = unfunded;
      f.unfundedWithinHorizonUsd = Math.min(unfunded, within);
      return;
    }
  }
}
