/**
 * The ledger's stored events: explicit literal names, plain readonly data.
 * Streams: `company-<id>` (company events) and `deal-<id>` (deal events).
 *
 * Every event also carries metadata (see event-metadata.ts): `effectiveAt` (valid time),
 * `actor`, `reason`, `correlationId`, `causationId`, `schemaVersion` and the hash chain.
 * Recorded time is the store's (`RecordedEvent.recordedAt` / `position`).
 *
 * When an event's shape changes, its `schemaVersion` goes up and an upcaster
 * (ledger.upcasters.ts) turns stored older versions into the current one on read.
 */

import type { DealParties, DealTermField } from './deal-kinds';

// The deal kinds' table and what derives from it live in deal-kinds.ts; re-exported for the
// modules that have always found them here.
export type { AmendableDealField, DealKind, DealParties } from './deal-kinds';
export { AMENDABLE_DEAL_FIELDS, creditorDebtor } from './deal-kinds';

/** One dated amount of a schedule: a loan repayment, a supply installment, an investment tranche. */
export interface Installment {
  /** A date (`YYYY-MM-DD`) or instant, as ISO 8601 UTC instant once stored. */
  readonly date: string;
  readonly amountUsd: number;
}

// How firm a deal is and how reliable its source, strongest first: the contract's lists.
export {
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
  type DealCertainty,
  type DealConfidence,
} from '../../contracts';
import type { DealCertainty, DealConfidence } from '../../contracts';

/** A range for a deal with no published amount; `basis` names the published unit price it rests on. */
export interface AmountEstimate {
  readonly low: number;
  readonly central: number;
  readonly high: number;
  readonly basis: string;
}

/** The terms of a deal that an amendment may change. */
export interface DealTerms {
  /** null when no amount was published: the deal is recorded with its term and flagged. */
  readonly amountUsd: number | null;
  /** ISO instants (a date means 00:00 UTC). */
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly schedule: readonly Installment[] | null;
  /** e.g. `compute`, `cloud`, `chips`, `data-centres`, `distribution`, `licensing`, `equity`. */
  readonly category: string | null;
  readonly vendorFinancing: boolean;
  readonly source: string | null;
  readonly notes: string | null;
  /** binding (signed or funded), conditional (milestones, the "up to" part), intent (letter, talks). */
  readonly certainty: DealCertainty;
  readonly confidence: DealConfidence;
  /** Only when `amountUsd` is null (the two are mutually exclusive). */
  readonly estimateUsd: AmountEstimate | null;
  /** Supply: the share of installments beyond the horizon a failing buyer owes as damages (0–1); null: the view's default. */
  readonly damagesRate: number | null;
  /** Capacity the deal delivers, in gigawatts (> 0), when published. */
  readonly capacityGw: number | null;
}

/** DEAL_TERM_FIELDS (deal-kinds.ts) names exactly these keys: a term added here and not there fails to compile. */
type SameKeys<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? true
    : never
  : never;
const _termFieldsAreTheTerms: SameKeys<keyof DealTerms, DealTermField> = true;

/** The terms added by DealRecorded v2: always stored since, optional for events built in code (defaults apply). */
export type DealTermsV2Field =
  'certainty' | 'confidence' | 'estimateUsd' | 'damagesRate' | 'capacityGw';
export type RecordedDealTerms = Omit<DealTerms, DealTermsV2Field> &
  Partial<Pick<DealTerms, DealTermsV2Field>>;

/** The terms of a DealRecorded's data, the v2 fields defaulted (binding, high, no estimate, rate or capacity). */
export function termsOfRecorded(data: RecordedDealTerms): DealTerms {
  return {
    amountUsd: data.amountUsd ?? null,
    startDate: data.startDate ?? null,
    endDate: data.endDate ?? null,
    schedule: data.schedule ?? null,
    category: data.category ?? null,
    vendorFinancing: data.vendorFinancing === true,
    source: data.source ?? null,
    notes: data.notes ?? null,
    certainty: data.certainty ?? 'binding',
    confidence: data.confidence ?? 'high',
    estimateUsd: data.estimateUsd ?? null,
    damagesRate: data.damagesRate ?? null,
    capacityGw: data.capacityGw ?? null,
  };
}

// ---- company events (stream company-<id>) ----

export interface CompanyRegistered {
  readonly type: 'CompanyRegistered';
  readonly data: {
    readonly companyId: string;
    readonly name: string;
    readonly sector: string | null;
    readonly equityUsd: number | null;
    readonly externalAssetsUsd: number | null;
    readonly externalLiabilitiesUsd: number | null;
  };
}

/**
 * schemaVersion 3. Only the reported fields are present. v1 had no `externalLiabilitiesUsd`; v2
 * held the older figures alone (`equityUsd`, `externalAssetsUsd`, `externalLiabilitiesUsd`, used
 * as they are). v3 adds a filing's figures: with `totalAssetsUsd` and `totalLiabilitiesUsd` it is
 * a dated report (its effective time is the period end, DESIGN.md "Balance sheets").
 */
export interface CompanyFinancialsReported {
  readonly type: 'CompanyFinancialsReported';
  readonly data: { readonly companyId: string } & ReportedFigures;
}

/** The figures of a financials report, as `report-financials` takes them and the event keeps them. */
export interface ReportedFigures {
  readonly equityUsd?: number;
  readonly externalAssetsUsd?: number;
  readonly externalLiabilitiesUsd?: number;
  /** A filing: total assets and liabilities (both), equity within 1 % of their difference. */
  readonly totalAssetsUsd?: number;
  readonly totalLiabilitiesUsd?: number;
  readonly cashUsd?: number;
  readonly operatingCashFlowUsd?: number;
  readonly source?: string;
  /**
   * How sure the figures are: absent means high (a filing); `low` marks an estimate for a private
   * company. Optional within v3.
   */
  readonly confidence?: DealConfidence;
}

export interface CompanyDefaulted {
  readonly type: 'CompanyDefaulted';
  readonly data: {
    readonly companyId: string;
    readonly recoveryRate: number | null;
  };
}

export interface CompanyDefaultCured {
  readonly type: 'CompanyDefaultCured';
  readonly data: { readonly companyId: string };
}

export type CompanyEvent =
  | CompanyRegistered
  | CompanyFinancialsReported
  | CompanyDefaulted
  | CompanyDefaultCured;

// ---- deal events (stream deal-<id>) ----

export interface DealRecorded {
  readonly type: 'DealRecorded';
  readonly data: { readonly dealId: string } & DealParties & RecordedDealTerms;
}

/** Only the changed fields; the reason is in metadata. */
export interface DealAmended {
  readonly type: 'DealAmended';
  readonly data: {
    readonly dealId: string;
    readonly changes: Partial<DealTerms>;
  };
}

export interface DealTerminated {
  readonly type: 'DealTerminated';
  readonly data: { readonly dealId: string };
}

/** A payment by the debtor: supply buyer → seller, loan borrower → lender (repayment), investor → investee (funding). */
export interface DealPaymentRecorded {
  readonly type: 'DealPaymentRecorded';
  readonly data: { readonly dealId: string; readonly amountUsd: number };
}

/** Reduces an investment's carrying value (or a loan's / supply's recoverable amount). */
export interface DealWrittenDown {
  readonly type: 'DealWrittenDown';
  readonly data: { readonly dealId: string; readonly amountUsd: number };
}

/** Recorded in error: the deal never existed, though the audit keeps it. */
export interface DealRetracted {
  readonly type: 'DealRetracted';
  readonly data: { readonly dealId: string };
}

export type DealEvent =
  | DealRecorded
  | DealAmended
  | DealTerminated
  | DealPaymentRecorded
  | DealWrittenDown
  | DealRetracted;

export type LedgerEvent = CompanyEvent | DealEvent;
export type LedgerEventType = LedgerEvent['type'];

export const COMPANY_EVENT_TYPES = [
  'CompanyRegistered',
  'CompanyFinancialsReported',
  'CompanyDefaulted',
  'CompanyDefaultCured',
] as const satisfies readonly CompanyEvent['type'][];

export const DEAL_EVENT_TYPES = [
  'DealRecorded',
  'DealAmended',
  'DealTerminated',
  'DealPaymentRecorded',
  'DealWrittenDown',
  'DealRetracted',
] as const satisfies readonly DealEvent['type'][];

/** Current schema version of each stored event type. */
export const SCHEMA_VERSION: Record<LedgerEventType, number> = {
  CompanyRegistered: 1,
  CompanyFinancialsReported: 3,
  CompanyDefaulted: 1,
  CompanyDefaultCured: 1,
  DealRecorded: 2,
  DealAmended: 1,
  DealTerminated: 1,
  DealPaymentRecorded: 1,
  DealWrittenDown: 1,
  DealRetracted: 1,
};

/** The parties alone of a stored DealRecorded (the data holds the role fields flat beside the terms). */
export function partiesOfEvent(data: DealParties): DealParties {
  switch (data.kind) {
    case 'supply':
      return { kind: 'supply', buyer: data.buyer, seller: data.seller };
    case 'investment':
      return {
        kind: 'investment',
        investor: data.investor,
        investee: data.investee,
      };
    case 'loan':
      return { kind: 'loan', lender: data.lender, borrower: data.borrower };
    default:
      return assertNever(data);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
