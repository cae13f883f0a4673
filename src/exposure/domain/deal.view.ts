import type {
  AmountEstimate,
  DealCertainty,
  DealConfidence,
  DealKind,
} from '../../ledger/domain/ledger.events';
import type { DealStatus } from '../../contracts';
import { CompanyStanding } from './company.standing';
import { DealStanding } from './deal.standing';
import { dealWorth } from './deal.worth';

/** The deal as of `t`, as `GET /deals/:id` answers it. */
export interface DealView {
  id: string;
  kind: DealKind;
  [role: string]: unknown;
  amountUsd: number | null;
  effectiveAt: string;
  startDate: string | null;
  endDate: string | null;
  schedule: readonly { date: string; amountUsd: number }[] | null;
  category: string | null;
  vendorFinancing: boolean;
  source: string | null;
  notes: string | null;
  certainty: DealCertainty;
  confidence: DealConfidence;
  estimateUsd: AmountEstimate | null;
  damagesRate: number | null;
  capacityGw: number | null;
  status: DealStatus;
  terminatedAt: string | null;
  outstandingUsd: number;
  dueUsd: number;
  paidUsd: number;
  arrearsUsd: number;
  writtenDownUsd: number;
  unfundedUsd: number;
  flags: {
    amountUnknown: boolean;
    vendorFinancing: boolean;
    creditorDefaulted: boolean;
    debtorDefaulted: boolean;
  };
  lastPosition: number;
}

export function buildDealView(
  state: DealStanding,
  companyOf: (id: string) => CompanyStanding | undefined,
  t: number,
): DealView {
  const w = dealWorth(state, t);
  const { kind: _kind, ...roles } = state.parties;
  return {
    id: state.dealId,
    kind: state.kind,
    ...roles,
    amountUsd: state.terms.amountUsd,
    effectiveAt: new Date(state.signedAtMs).toISOString(),
    startDate: state.terms.startDate,
    endDate: state.terms.endDate,
    schedule: state.terms.schedule,
    category: state.terms.category,
    vendorFinancing: state.terms.vendorFinancing,
    source: state.terms.source,
    notes: state.terms.notes,
    certainty: state.terms.certainty,
    confidence: state.terms.confidence,
    estimateUsd: state.terms.estimateUsd,
    damagesRate: state.terms.damagesRate,
    capacityGw: state.terms.capacityGw,
    status: w.status,
    terminatedAt:
      state.terminatedAtMs !== null
        ? new Date(state.terminatedAtMs).toISOString()
        : null,
    outstandingUsd: w.outstandingUsd,
    dueUsd: w.dueUsd,
    paidUsd: state.paidUsd,
    arrearsUsd: w.arrearsUsd,
    writtenDownUsd: state.writtenDownUsd,
    unfundedUsd: w.unfundedUsd,
    flags: {
      amountUnknown: w.amountUnknown,
      vendorFinancing: state.terms.vendorFinancing,
      creditorDefaulted: companyOf(state.creditor)?.defaulted ?? false,
      debtorDefaulted: companyOf(state.debtor)?.defaulted ?? false,
    },
    lastPosition: state.lastPosition,
  };
}
