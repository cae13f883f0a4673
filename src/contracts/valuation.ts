/** The settings every valuation reads with, and what its answers say they assumed. */

/** Which estimate a deal with no published amount counts at (`omit`: left out). */
export const ESTIMATE_CHOICES = ['omit', 'low', 'central', 'high'] as const;
export type EstimateChoice = (typeof ESTIMATE_CHOICES)[number];

/** The kinds of caveat an answer lists (API.md "Caveats"). */
export const CAVEAT_KINDS = [
  'estimated-amount',
  'omitted-unpriced',
  'below-certainty',
  'low-confidence',
  'assumed-term',
  'stale-financials',
  'assumed-financials',
] as const;
export type CaveatKind = (typeof CAVEAT_KINDS)[number];
