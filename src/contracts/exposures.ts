/**
 * Answers of the read side that the OpenAPI document leaves undescribed, typed once here: the
 * server builds them with these types and the dashboard reads them with the same ones.
 */

/** Why GET /exposures/cycles flags a deal. */
export const FLAG_REASONS = ['vendor-financing', 'lender-also-sells'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** What happened on a date (GET /exposures/dates), in the words of the dashboard's marks. */
export const CHANGE_KINDS = [
  'signed',
  'amended',
  'terminated',
  'written-down',
  'retracted',
  'defaulted',
  'cured',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface DatedChange {
  readonly kind: ChangeKind;
  readonly entity: 'deal' | 'company';
  readonly id: string;
  /** Recorded after a later-dated event of the same deal or company: history rewritten. */
  readonly restatement: boolean;
  readonly position: number;
}

/** One date of GET /exposures/dates: what changed in the ledger with that effective date. */
export interface EffectiveDate {
  /** UTC day, `YYYY-MM-DD` */
  readonly date: string;
  readonly kinds: readonly ChangeKind[];
  readonly restatement: boolean;
  /** How many changes that day (`changes` keeps at most 20 of them). */
  readonly count: number;
  /** Restatements first, then in recorded order. */
  readonly changes: readonly DatedChange[];
}

/** A company as GET /companies lists it (and GET /companies/{id} answers it, with its point in time). */
export interface CompanyAnswer {
  readonly id: string;
  readonly name: string;
  readonly sector: string | null;
  /** null: no financials recorded. */
  readonly equityUsd: number | null;
  readonly externalAssetsUsd: number | null;
  readonly externalLiabilitiesUsd: number | null;
  readonly defaulted: boolean;
  readonly defaultedAt: string | null;
  readonly recoveryRate: number | null;
  readonly registeredAt: string;
}
