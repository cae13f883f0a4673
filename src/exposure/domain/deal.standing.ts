import {
  assertNever,
  creditorDebtor,
  DealKind,
  DealParties,
  DealTerms,
  partiesOfEvent,
  termsOfRecorded,
} from '../../ledger/domain/ledger.events';
import type { DealEvent } from '../../ledger/domain/ledger.events';
import { DatedEvent } from './dated-event';
import { Plan, planMadeFor, planOf } from './deal.plan';

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
 * Memo tables for folds (same inputs, same outputs): the terms built from a stored event's data
 * and the plan derived from a terms object are computed once and shared by every fold that meets
 * them, so a whole-network view does not re-parse dates for each of its 200,000 deals on every
 * query. Keyed by the events' data objects and by terms objects; an engine owns one for its
 * lifetime (plain Maps: weak maps cost the garbage collector dearly at this size).
 */
export interface DealMemo {
  readonly recorded: Map<object, RecordedFacts>;
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
  /** By terms: the plan last made of them (it says the kind and signing it was made for). */
  readonly plans: Map<DealTerms, Plan>;
}

/** What a DealRecorded event's data gives, built once per event. */
export interface RecordedFacts {
  readonly parties: DealParties;
  readonly terms: DealTerms;
  readonly creditor: string;
  readonly debtor: string;
}

export function createDealMemo(): DealMemo {
  return { recorded: new Map(), amended: new Map(), plans: new Map() };
}

export function cachedPlan(
  memo: DealMemo | undefined,
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
): Plan {
  const hit = memo?.plans.get(terms);
  if (hit && planMadeFor(hit, kind, signedAtMs)) return hit;
  const plan = planOf(kind, terms, signedAtMs);
  memo?.plans.set(terms, plan);
  return plan;
}

export function recordedOf(
  memo: DealMemo | undefined,
  data: Extract<DealEvent, { type: 'DealRecorded' }>['data'],
): RecordedFacts {
  let hit = memo?.recorded.get(data);
  if (!hit) {
    const parties = partiesOfEvent(data);
    const { creditor, debtor } = creditorDebtor(parties);
    hit = { parties, terms: termsOfRecorded(data), creditor, debtor };
    memo?.recorded.set(data, hit);
  }
  return hit;
}

export function amendedOf(
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

/** The fields an event changes; every other field of the deal's standing stays as it was. */
type Change = Partial<
  Pick<
    DealStanding,
    | 'terms'
    | 'plan'
    | 'status'
    | 'terminatedAtMs'
    | 'paidUsd'
    | 'paymentCount'
    | 'writtenDownUsd'
    | 'payments'
  >
>;

/** A new state from `s` at `position` with `change` applied (an explicit literal: one hidden class, no spread). */
function next(
  s: DealStanding,
  position: number,
  change: Change = {},
): DealStanding {
  return {
    dealId: s.dealId,
    kind: s.kind,
    parties: s.parties,
    creditor: s.creditor,
    debtor: s.debtor,
    signedAtMs: s.signedAtMs,
    recordedPosition: s.recordedPosition,
    terms: change.terms ?? s.terms,
    plan: change.plan ?? s.plan,
    status: change.status ?? s.status,
    terminatedAtMs:
      change.terminatedAtMs !== undefined
        ? change.terminatedAtMs
        : s.terminatedAtMs,
    paidUsd: change.paidUsd ?? s.paidUsd,
    paymentCount: change.paymentCount ?? s.paymentCount,
    payments: change.payments !== undefined ? change.payments : s.payments,
    writtenDownUsd: change.writtenDownUsd ?? s.writtenDownUsd,
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
    const { parties, terms, creditor, debtor } = recordedOf(memo, event.data);
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
      return next(s, p, { terms, plan });
    }
    case 'DealTerminated':
      if (s.status === 'terminated') return next(s, p);
      return next(s, p, {
        status: 'terminated',
        terminatedAtMs: envelope.effectiveAtMs,
      });
    case 'DealPaymentRecorded':
      return next(s, p, {
        paidUsd: s.paidUsd + event.data.amountUsd,
        paymentCount: s.paymentCount + 1,
        payments: {
          atMs: envelope.effectiveAtMs,
          amountUsd: event.data.amountUsd,
          previous: s.payments,
        },
      });
    case 'DealWrittenDown':
      return next(s, p, {
        writtenDownUsd: s.writtenDownUsd + event.data.amountUsd,
      });
    case 'DealRetracted':
      return next(s, p, { status: 'retracted' });
    default:
      return assertNever(event);
  }
}

function definedOnly(changes: Partial<DealTerms>): Partial<DealTerms> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) out[k] = v;
  return out;
}
