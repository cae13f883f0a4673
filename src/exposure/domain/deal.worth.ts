import { assertNever, DealKind } from '../../ledger/domain/ledger.events';
import { DEAL_KIND_TABLE } from '../../ledger/domain/deal-kinds';
import type { DealStatus } from '../../contracts';
import type { DealStanding } from './deal.standing';
import { dueBy, planEndMs, planTotal } from './deal.plan';

/**
 * A deal's worth on a date by its full commitment (the deal view, cycles, the live updates): what
 * is outstanding, due, in arrears, unfunded. The valuation under settings is valuation.ts. Pure.
 */

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
  readonly status: DealStatus;
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
  const endMs = planEndMs(state.plan);
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
  const total = planTotal(state.plan);
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
