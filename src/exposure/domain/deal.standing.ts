import {
  assertNever,
  creditorDebtor,
  DealKind,
  DealParties,
  DealTerms,
  Installment,
  partiesOfEvent,
  termsOfRecorded,
} from '../../ledger/domain/ledger.events';
import type { DealEvent } from '../../ledger/domain/ledger.events';
import { DEAL_KIND_TABLE } from '../../ledger/domain/deal-kinds';
import { DatedEvent } from './dated-event';
import { addMonthsMs } from '../../shared/time';

/**
 * One deal as folded from its events up to a valid time: the terms in force, what has been paid
 * and written down, and whether it was terminated or retracted. Plain readonly data.
 */
export interface DealStanding {
  readonly dealId: string;
  readonly kind: DealKind;
  readonly parties: DealParties;
  /** Holds the main exposure (seller, investor, lender). */
  readonly creditor: string;
  /** Owes it (buyer, investee, borrower). */
  readonly debtor: string;
  /** The signing: the DealRecorded event's effective time. */
  readonly signedAtMs: number;
  /** Position of the DealRecorded event (a stable, numeric order of deals). */
  readonly recordedPosition: number;
  readonly terms: DealTerms;
  /** Derived from `terms` whenever they change (dates as epoch ms). */
  readonly plan: Plan;
  readonly status: 'active' | 'terminated' | 'retracted';
  readonly terminatedAtMs: number | null;
  readonly paidUsd: number;
  readonly paymentCount: number;
  /** The payments folded, latest first (a shared list: a payment adds one cell). */
  readonly payments: PaymentCell | null;
  readonly writtenDownUsd: number;
  /** Position of the last event folded. */
  readonly lastPosition: number;
}

/** One payment (its effective time and amount) and the ones before it. */
export interface PaymentCell {
  readonly atMs: number;
  readonly amountUsd: number;
  readonly previous: PaymentCell | null;
}

/**
 * When amounts fall due (loan repayments, supply installments) or are funded (investment tranches).
 * `dates` ascending, `cumulative[i]` = sum of the amounts of `dates[0..i]`.
 */
export type Plan = PlanShape & {
  /** The terms' endDate (epoch ms), null without one. */
  readonly termEndMs: number | null;
};
type PlanShape =
  | {
      readonly type: 'dated';
      readonly dates: readonly number[];
      readonly cumulative: readonly number[];
      readonly total: number;
    }
  /** Equal monthly installments: `count` of them, the k-th at startMs + k months (k < count), the last at endMs. */
  | {
      readonly type: 'monthly';
      readonly startMs: number;
      readonly endMs: number;
      readonly count: number;
      readonly total: number;
    }
  /** Nothing ever falls due (a supply without an end, a loan without maturity). */
  | { readonly type: 'none'; readonly total: number };

/** The largest k ≥ 0 with addMonthsMs(startMs, k) ≤ t. */
export function wholeMonthsBetween(startMs: number, t: number): number {
  if (t < startMs) return -1;
  const s = new Date(startMs);
  const e = new Date(t);
  let k =
    (e.getUTCFullYear() - s.getUTCFullYear()) * 12 +
    (e.getUTCMonth() - s.getUTCMonth());
  while (k > 0 && addMonthsMs(startMs, k) > t) k--;
  return k;
}

export function planOf(
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
): Plan {
  const termEndMs = terms.endDate !== null ? Date.parse(terms.endDate) : null;
  return { ...shapeOf(kind, terms, signedAtMs, termEndMs), termEndMs };
}

function shapeOf(
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
  endMs: number | null,
): PlanShape {
  if (terms.schedule && terms.schedule.length > 0)
    return datedPlan(terms.schedule);
  const amount = terms.amountUsd ?? 0;
  const startMs =
    terms.startDate !== null ? Date.parse(terms.startDate) : signedAtMs;
  switch (kind) {
    case 'loan':
      // Without a schedule: a bullet repaid at endDate.
      return endMs === null
        ? { type: 'none', total: amount }
        : single(endMs, amount);
    case 'supply': {
      if (endMs === null) return { type: 'none', total: amount };
      if (endMs <= startMs) return single(endMs, amount);
      // first due one month after startDate; the last falls on endDate.
      const whole = wholeMonthsBetween(startMs, endMs);
      const count = addMonthsMs(startMs, whole) === endMs ? whole : whole + 1;
      return {
        type: 'monthly',
        startMs,
        endMs,
        count: Math.max(1, count),
        total: amount,
      };
    }
    case 'investment':
      // Without a schedule: the whole amount funded at startDate (else the signing).
      return single(startMs, amount);
    default:
      return assertNever(kind);
  }
}

function single(atMs: number, amount: number): PlanShape {
  return { type: 'dated', dates: [atMs], cumulative: [amount], total: amount };
}

function datedPlan(schedule: readonly Installment[]): PlanShape {
  const items = schedule
    .map((i) => ({ at: Date.parse(i.date), amount: i.amountUsd }))
    .sort((a, b) => a.at - b.at);
  const dates: number[] = [];
  const cumulative: number[] = [];
  let sum = 0;
  for (const i of items) {
    sum += i.amount;
    dates.push(i.at);
    cumulative.push(sum);
  }
  return { type: 'dated', dates, cumulative, total: sum };
}

/** The amount of the plan due (or funded) on or before `t`. */
export function dueBy(plan: PlanShape, t: number): number {
  switch (plan.type) {
    case 'none':
      return 0;
    case 'dated': {
      // last index with dates[i] <= t
      let lo = 0;
      let hi = plan.dates.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (plan.dates[mid] <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? 0 : plan.cumulative[found];
    }
    case 'monthly': {
      if (t >= plan.endMs) return plan.total;
      const k = Math.min(wholeMonthsBetween(plan.startMs, t), plan.count - 1);
      return k <= 0 ? 0 : (plan.total * k) / plan.count;
    }
    default:
      return assertNever(plan);
  }
}

/**
 * Memo tables for folds (same inputs, same outputs): the terms built from a stored event's data
 * and the plan derived from a terms object are computed once and shared by every fold that meets
 * them, so a whole-network view does not re-parse dates for each of its 200,000 deals on every
 * query. Keyed by the events' data objects and by terms objects; an engine owns one for its
 * lifetime (plain Maps: weak maps cost the garbage collector dearly at this size).
 */
export interface DealMemo {
  readonly recorded: Map<
    object,
    { readonly parties: DealParties; readonly terms: DealTerms }
  >;
  /**
   * By the amendment's `changes` object: the terms it was last applied to and the result (an
   * amendment almost always meets the same terms: one entry per amendment, no map per terms),
   * and in `more` any other terms it met (a backdated amendment folded in several orders).
   */
  readonly amended: Map<
    object,
    {
      readonly base: DealTerms;
      readonly next: DealTerms;
      more?: Map<DealTerms, DealTerms>;
    }
  >;
  readonly plans: Map<
    DealTerms,
    {
      readonly kind: DealKind;
      readonly signedAtMs: number;
      readonly plan: Plan;
    }
  >;
}

export function createDealMemo(): DealMemo {
  return { recorded: new Map(), amended: new Map(), plans: new Map() };
}

function cachedPlan(
  memo: DealMemo | undefined,
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
): Plan {
  const hit = memo?.plans.get(terms);
  if (hit && hit.kind === kind && hit.signedAtMs === signedAtMs)
    return hit.plan;
  const plan = planOf(kind, terms, signedAtMs);
  memo?.plans.set(terms, { kind, signedAtMs, plan });
  return plan;
}

function recordedOf(
  memo: DealMemo | undefined,
  data: Extract<DealEvent, { type: 'DealRecorded' }>['data'],
) {
  let hit = memo?.recorded.get(data);
  if (!hit) {
    hit = { parties: partiesOfEvent(data), terms: termsOfRecorded(data) };
    memo?.recorded.set(data, hit);
  }
  return hit;
}

function amendedOf(
  memo: DealMemo | undefined,
  terms: DealTerms,
  changes: Partial<DealTerms>,
): DealTerms {
  if (!memo) return { ...terms, ...definedOnly(changes) };
  const hit = memo.amended.get(changes);
  if (hit?.base === terms) return hit.next;
  const known = hit?.more?.get(terms);
  if (known) return known;
  const next = { ...terms, ...definedOnly(changes) };
  if (!hit) memo.amended.set(changes, { base: terms, next });
  else (hit.more ??= new Map()).set(terms, next);
  return next;
}

/** A new state from `s` with the changing fields given (an explicit literal: one hidden class, no spread). */
function next(
  s: DealStanding,
  position: number,
  terms: DealTerms,
  plan: Plan,
  status: DealStanding['status'],
  terminatedAtMs: number | null,
  paidUsd: number,
  paymentCount: number,
  writtenDownUsd: number,
  payments: PaymentCell | null = s.payments,
): DealStanding {
  return {
    dealId: s.dealId,
    kind: s.kind,
    parties: s.parties,
    creditor: s.creditor,
    debtor: s.debtor,
    signedAtMs: s.signedAtMs,
    recordedPosition: s.recordedPosition,
    terms,
    plan,
    status,
    terminatedAtMs,
    paidUsd,
    paymentCount,
    payments,
    writtenDownUsd,
    lastPosition: position,
  };
}

/** Applies one event to a deal; `undefined` before its DealRecorded. Pure. */
export function evolveDealStanding(
  state: DealStanding | undefined,
  envelope: DatedEvent & { event: DealEvent },
  /** Optional memo (see {@link DealMemo}); the answer is the same with or without it. */
  memo?: DealMemo,
): DealStanding | undefined {
  const { event } = envelope;
  if (event.type === 'DealRecorded') {
    if (state !== undefined) return state; // a stream has one DealRecorded; ignore a stray second
    const { dealId, kind } = event.data;
    const { parties, terms } = recordedOf(memo, event.data);
    const { creditor, debtor } = creditorDebtor(parties);
    return {
      dealId,
      kind,
      parties,
      creditor,
      debtor,
      signedAtMs: envelope.effectiveAtMs,
      recordedPosition: envelope.position,
      terms,
      plan: cachedPlan(memo, kind, terms, envelope.effectiveAtMs),
      status: 'active',
      terminatedAtMs: null,
      paidUsd: 0,
      paymentCount: 0,
      payments: null,
      writtenDownUsd: 0,
      lastPosition: envelope.position,
    };
  }
  if (state === undefined) return undefined;
  if (state.status === 'retracted') return state;
  const s = state;
  const p = envelope.position;
  switch (event.type) {
    case 'DealAmended': {
      const terms = amendedOf(memo, s.terms, event.data.changes);
      const plan = cachedPlan(memo, s.kind, terms, s.signedAtMs);
      return next(
        s,
        p,
        terms,
        plan,
        s.status,
        s.terminatedAtMs,
        s.paidUsd,
        s.paymentCount,
        s.writtenDownUsd,
      );
    }
    case 'DealTerminated':
      if (s.status === 'terminated')
        return next(
          s,
          p,
          s.terms,
          s.plan,
          s.status,
          s.terminatedAtMs,
          s.paidUsd,
          s.paymentCount,
          s.writtenDownUsd,
        );
      return next(
        s,
        p,
        s.terms,
        s.plan,
        'terminated',
        envelope.effectiveAtMs,
        s.paidUsd,
        s.paymentCount,
        s.writtenDownUsd,
      );
    case 'DealPaymentRecorded':
      return next(
        s,
        p,
        s.terms,
        s.plan,
        s.status,
        s.terminatedAtMs,
        s.paidUsd + event.data.amountUsd,
        s.paymentCount + 1,
        s.writtenDownUsd,
        {
          atMs: envelope.effectiveAtMs,
          amountUsd: event.data.amountUsd,
          previous: s.payments,
        },
      );
    case 'DealWrittenDown':
      return next(
        s,
        p,
        s.terms,
        s.plan,
        s.status,
        s.terminatedAtMs,
        s.paidUsd,
        s.paymentCount,
        s.writtenDownUsd + event.data.amountUsd,
      );
    case 'DealRetracted':
      return next(
        s,
        p,
        s.terms,
        s.plan,
        'retracted',
        s.terminatedAtMs,
        s.paidUsd,
        s.paymentCount,
        s.writtenDownUsd,
      );
    default:
      return assertNever(event);
  }
}

function definedOnly(changes: Partial<DealTerms>): Partial<DealTerms> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) out[k] = v;
  return out;
}

/** The basis of an exposure leg, for explanations: a kind's creditor leg (the table), or an investee's unfunded tranches. */
export type ExposureBasis =
  (typeof DEAL_KIND_TABLE)[DealKind]['creditorBasis'] | 'unfunded-commitment';

export interface ExposureLeg {
  readonly holder: string;
  readonly counterparty: string;
  readonly kind: DealKind;
  readonly amountUsd: number;
  readonly basis: ExposureBasis;
}

/** What a deal is worth on a date (DESIGN.md "What a deal is worth on a date"). */
export interface DealWorth {
  readonly status: 'active' | 'terminated' | 'ended';
  /** Loan: principal still owed; supply: commitment not yet paid (future installments + arrears); investment: carrying value. */
  readonly outstandingUsd: number;
  /** Due (or funded) on or before the date by the plan. */
  readonly dueUsd: number;
  /** Payments recorded and falling short of what was due (0 when no payment is recorded). */
  readonly arrearsUsd: number;
  /** Investments: committed and not yet funded; the investee holds it against the investor. */
  readonly unfundedUsd: number;
  /** Supply: the capacity the buyer still depends on (commitment not yet due). */
  readonly dependencyUsd: number;
  /** No amount was published: counts 0, flagged. */
  readonly amountUnknown: boolean;
  readonly legs: readonly ExposureLeg[];
}

/**
 * The worth of a deal folded up to `t`, on date `t`. A terminated deal counts nothing from its
 * termination on; a loan nothing (beyond arrears) from its endDate on.
 */
export function dealWorth(state: DealStanding, t: number): DealWorth {
  const amountUnknown =
    state.terms.amountUsd === null &&
    !(state.terms.schedule && state.terms.schedule.length > 0);
  const endMs = state.plan.termEndMs;
  const ended =
    DEAL_KIND_TABLE[state.kind].endsAtEndDate && endMs !== null && t >= endMs;
  if (state.status === 'terminated' || state.status === 'retracted') {
    return {
      status: 'terminated',
      outstandingUsd: 0,
      dueUsd: 0,
      arrearsUsd: 0,
      unfundedUsd: 0,
      dependencyUsd: 0,
      amountUnknown,
      legs: [],
    };
  }
  const due = dueBy(state.plan, t);
  const total = state.plan.total;
  const status = ended ? 'ended' : 'active';
  switch (state.kind) {
    case 'loan':
    case 'supply': {
      const arrears =
        state.paymentCount > 0 ? Math.max(0, due - state.paidUsd) : 0;
      const remaining = ended ? 0 : Math.max(0, total - due);
      const outstanding = Math.max(
        0,
        remaining + arrears - state.writtenDownUsd,
      );
      const legs: ExposureLeg[] =
        outstanding > 0 || (amountUnknown && !ended)
          ? [
              {
                holder: state.creditor,
                counterparty: state.debtor,
                kind: state.kind,
                amountUsd: outstanding,
                basis: DEAL_KIND_TABLE[state.kind].creditorBasis,
              },
            ]
          : [];
      return {
        status,
        outstandingUsd: outstanding,
        dueUsd: due,
        arrearsUsd: arrears,
        unfundedUsd: 0,
        dependencyUsd: state.kind === 'supply' ? remaining : 0,
        amountUnknown,
        legs,
      };
    }
    case 'investment': {
      const carrying = Math.max(0, due - state.writtenDownUsd);
      const unfunded = Math.max(0, total - due);
      const legs: ExposureLeg[] = [];
      if (carrying > 0 || amountUnknown) {
        legs.push({
          holder: state.creditor,
          counterparty: state.debtor,
          kind: 'investment',
          amountUsd: carrying,
          basis: 'carrying-value',
        });
      }
      if (unfunded > 0) {
        legs.push({
          holder: state.debtor,
          counterparty: state.creditor,
          kind: 'investment',
          amountUsd: unfunded,
          basis: 'unfunded-commitment',
        });
      }
      return {
        status,
        outstandingUsd: carrying,
        dueUsd: due,
        arrearsUsd: 0,
        unfundedUsd: unfunded,
        dependencyUsd: 0,
        amountUnknown,
        legs,
      };
    }
    default:
      return assertNever(state.kind);
  }
}
