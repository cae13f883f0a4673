/**
 * Deals on the wire: the kinds POST /deals takes and every answer names, the role fields of each
 * kind, and how firm and how reliable a deal is. What each kind means (creditor and debtor, how
 * its leg is valued) is the ledger's table of deal kinds (src/ledger/domain/deal-kinds.ts), which
 * must have a row for every kind listed here.
 */

/** The kinds, in the order error messages and the API document list them. */
export const DEAL_KINDS = ['supply', 'investment', 'loan'] as const;
export type DealKind = (typeof DEAL_KINDS)[number];

/** The role fields of each kind, in the order money moves: the first pays, lends or invests. */
export const DEAL_ROLES = {
  supply: ['buyer', 'seller'],
  investment: ['investor', 'investee'],
  loan: ['lender', 'borrower'],
} as const satisfies { readonly [K in DealKind]: readonly [string, string] };
export type DealRoleOf<K extends DealKind> = (typeof DEAL_ROLES)[K][number];
export type DealRole = DealRoleOf<DealKind>;

/** Where a deal stands on a date (GET /deals/:id `status`). */
export const DEAL_STATUSES = ['active', 'terminated', 'ended'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** How firm a deal is, strongest first (DESIGN.md "What counts"). */
export const DEAL_CERTAINTIES = ['binding', 'conditional', 'intent'] as const;
export type DealCertainty = (typeof DEAL_CERTAINTIES)[number];

/** How reliable the deal's source is, strongest first. */
export const DEAL_CONFIDENCES = ['high', 'medium', 'low'] as const;
export type DealConfidence = (typeof DEAL_CONFIDENCES)[number];

/** How a deal's creditor leg is valued (DESIGN.md "What a deal is worth on a date"); `explain` names it. */
export const VALUATION_BASES = [
  'supply-commitment',
  'carrying-value',
  'loan-principal',
] as const;
export type ValuationBasis = (typeof VALUATION_BASES)[number];
