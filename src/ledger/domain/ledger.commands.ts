import {
  AmountEstimate,
  DealCertainty,
  DealConfidence,
  DealKind,
  Installment,
  ReportedFigures,
} from './ledger.events';

/**
 * Ledger commands: imperative names, plain data, already validated at the edge
 * (the HTTP bodies of API.md, the lines of an import file).
 *
 * An import file line is `{ "command": <name>, ...the HTTP body..., <path id> }`, e.g.
 *   {"command":"register-company","id":"openai","name":"OpenAI","effectiveAt":"2015-12-11"}
 *   {"command":"record-deal","id":"oracle-openai-stargate","kind":"supply","buyer":"openai","seller":"oracle","amountUsd":300e9,"effectiveAt":"2025-09-10"}
 *   {"command":"amend-deal","id":"oracle-openai-stargate","effectiveAt":"2026-01-01","reason":"…","amountUsd":250e9}
 * An optional `idempotencyKey` on a line acts like the HTTP `Idempotency-Key` header.
 */
export const LEDGER_COMMAND_NAMES = [
  'register-company',
  'report-financials',
  'record-default',
  'cure-default',
  'record-deal',
  'amend-deal',
  'terminate-deal',
  'record-payment',
  'write-down-deal',
  'retract-deal',
] as const;
export type LedgerCommandName = (typeof LEDGER_COMMAND_NAMES)[number];

export interface RegisterCompany {
  readonly command: 'register-company';
  readonly id: string;
  readonly name: string;
  readonly sector?: string;
  readonly equityUsd?: number;
  readonly externalAssetsUsd?: number;
  readonly externalLiabilitiesUsd?: number;
  readonly effectiveAt?: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface ReportFinancials extends ReportedFigures {
  readonly command: 'report-financials';
  readonly id: string;
  /** The period end for a filing. */
  readonly effectiveAt: string;
  readonly announcedAt?: string;
}

export interface RecordDefault {
  readonly command: 'record-default';
  readonly id: string;
  readonly effectiveAt: string;
  readonly recoveryRate?: number;
  readonly reason?: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface CureDefault {
  readonly command: 'cure-default';
  readonly id: string;
  readonly effectiveAt: string;
  readonly reason: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface RecordDeal {
  readonly command: 'record-deal';
  /** Optional over HTTP (generated from the idempotency key or a UUID when absent). */
  readonly id?: string;
  readonly kind: DealKind;
  readonly buyer?: string;
  readonly seller?: string;
  readonly investor?: string;
  readonly investee?: string;
  readonly lender?: string;
  readonly borrower?: string;
  /** Absent: no amount was published (recorded with its term, flagged). */
  readonly amountUsd?: number;
  readonly effectiveAt: string;
  readonly startDate?: string;
  readonly endDate?: string;
  /** Loans: alias of endDate. */
  readonly maturityDate?: string;
  readonly category?: string;
  readonly vendorFinancing?: boolean;
  readonly schedule?: readonly Installment[];
  readonly source?: string;
  readonly notes?: string;
  readonly certainty?: DealCertainty;
  readonly confidence?: DealConfidence;
  /** Instead of amountUsd when no amount was published. */
  readonly estimateUsd?: AmountEstimate;
  readonly damagesRate?: number;
  readonly capacityGw?: number;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface AmendDeal {
  readonly command: 'amend-deal';
  readonly id: string;
  readonly effectiveAt: string;
  readonly reason: string;
  readonly amountUsd?: number | null;
  readonly startDate?: string | null;
  readonly endDate?: string | null;
  /** Loans: alias of endDate. */
  readonly maturityDate?: string | null;
  readonly schedule?: readonly Installment[] | null;
  readonly category?: string | null;
  readonly vendorFinancing?: boolean;
  readonly source?: string | null;
  readonly notes?: string | null;
  readonly certainty?: DealCertainty;
  readonly confidence?: DealConfidence;
  readonly estimateUsd?: AmountEstimate | null;
  readonly damagesRate?: number | null;
  readonly capacityGw?: number | null;
  readonly announcedAt?: string;
  /** Optimistic concurrency (HTTP `If-Match`). */
  readonly expectedRevision?: number;
}

export interface TerminateDeal {
  readonly command: 'terminate-deal';
  readonly id: string;
  readonly effectiveAt: string;
  readonly reason: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface RecordPayment {
  readonly command: 'record-payment';
  readonly id: string;
  readonly amountUsd: number;
  readonly effectiveAt: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface WriteDownDeal {
  readonly command: 'write-down-deal';
  readonly id: string;
  readonly amountUsd: number;
  readonly effectiveAt: string;
  readonly reason: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export interface RetractDeal {
  readonly command: 'retract-deal';
  readonly id: string;
  readonly effectiveAt?: string;
  readonly reason: string;
  /** When the world learned of it (at or before the time it is recorded). */
  readonly announcedAt?: string;
}

export type CompanyCommand =
  RegisterCompany | ReportFinancials | RecordDefault | CureDefault;

export type DealCommand =
  | RecordDeal
  | AmendDeal
  | TerminateDeal
  | RecordPayment
  | WriteDownDeal
  | RetractDeal;

export type LedgerCommand = CompanyCommand | DealCommand;
