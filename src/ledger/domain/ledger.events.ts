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

export type DealKind = 'supply' | 'investment' | 'loan';

/** Roles by kind: who holds the exposure (`creditor`) against whom (`debtor`). */
export type DealParties =
  | { readonly kind: 'supply'; readonly buyer: string; readonly seller: string }
  | {
      readonly kind: 'investment';
      readonly investor: string;
      readonly investee: string;
    }
  | {
      readonly kind: 'loan';
      readonly lender: string;
      readonly borrower: string;
    };

/** One dated amount of a schedule: a loan repayment, a supply installment, an investment tranche. */
export interface Installment {
  /** A date (`YYYY-MM-DD`) or instant, as ISO 8601 UTC instant once stored. */
  readonly date: string;
  readonly amountUsd: number;
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
}

export const AMENDABLE_DEAL_FIELDS = [
  'amountUsd',
  'startDate',
  'endDate',
  'schedule',
  'category',
  'vendorFinancing',
  'source',
  'notes',
] as const satisfies readonly (keyof DealTerms)[];
export type AmendableDealField = (typeof AMENDABLE_DEAL_FIELDS)[number];

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

/** schemaVersion 2 (v1 had no `externalLiabilitiesUsd`). Only the reported fields are present. */
export interface CompanyFinancialsReported {
  readonly type: 'CompanyFinancialsReported';
  readonly data: {
    readonly companyId: string;
    readonly equityUsd?: number;
    readonly externalAssetsUsd?: number;
    readonly externalLiabilitiesUsd?: number;
  };
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
  readonly data: { readonly dealId: string } & DealParties & DealTerms;
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
  CompanyFinancialsReported: 2,
  CompanyDefaulted: 1,
  CompanyDefaultCured: 1,
  DealRecorded: 1,
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

/** The two sides of a deal: `creditor` holds the exposure against `debtor`. */
export function creditorDebtor(parties: DealParties): {
  creditor: string;
  debtor: string;
} {
  switch (parties.kind) {
    case 'supply':
      return { creditor: parties.seller, debtor: parties.buyer };
    case 'investment':
      return { creditor: parties.investor, debtor: parties.investee };
    case 'loan':
      return { creditor: parties.lender, debtor: parties.borrower };
    default:
      return assertNever(parties);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
