/**
 * The deal kinds, in one table: everything that differs by kind is a column here, and the lists
 * the rest of the code uses (DEAL_KINDS, DEAL_ROLES, creditor/debtor, the validation lists, the
 * audit's field lists) derive from it. A new kind is one row here plus one member of
 * `DealParties`; the compiler then lists the `switch`es that must decide what it means.
 * Pure data (no imports): ledger.events.ts, the decider and the read side all read it.
 */

/** Roles by kind: who holds the exposure (`creditor`) against whom (`debtor`); see DEAL_KIND_TABLE. */
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

export type DealKind = DealParties['kind'];

/** The fields of a deal's terms (ledger.events.ts checks they are exactly DealTerms' keys). */
export const DEAL_TERM_FIELDS = [
  'amountUsd',
  'startDate',
  'endDate',
  'schedule',
  'category',
  'vendorFinancing',
  'source',
  'notes',
  'certainty',
  'confidence',
  'estimateUsd',
  'damagesRate',
  'capacityGw',
] as const;
export type DealTermField = (typeof DEAL_TERM_FIELDS)[number];
/** The terms an amendment may change: all of them, for every kind today (a row may narrow its own). */
export const AMENDABLE_DEAL_FIELDS: readonly DealTermField[] = DEAL_TERM_FIELDS;
export type AmendableDealField = DealTermField;

/** The role fields of one kind's parties. */
type RolesOf<K extends DealKind> = Exclude<
  keyof Extract<DealParties, { kind: K }>,
  'kind'
>;

interface DealKindRow<K extends DealKind> {
  /** The role fields, in the order money moves: the first pays, lends or invests; the second receives. */
  readonly roles: readonly [RolesOf<K>, RolesOf<K>];
  /** Who holds the exposure (the creditor's leg) and against whom. */
  readonly creditor: RolesOf<K>;
  readonly debtor: RolesOf<K>;
  /** How the creditor's leg is valued (DESIGN.md "What a deal is worth on a date"). */
  readonly creditorBasis:
    'supply-commitment' | 'carrying-value' | 'loan-principal';
  /** A second name POST /deals and amendments accept for `endDate`, or null. */
  readonly endDateAlias: 'maturityDate' | null;
  /** Whether the deal stops counting at its `endDate` (a stake does not end with a date). */
  readonly endsAtEndDate: boolean;
  readonly amendable: readonly AmendableDealField[];
}

export const DEAL_KIND_TABLE = {
  supply: {
    roles: ['buyer', 'seller'],
    creditor: 'seller',
    debtor: 'buyer',
    creditorBasis: 'supply-commitment',
    endDateAlias: null,
    endsAtEndDate: true,
    amendable: AMENDABLE_DEAL_FIELDS,
  },
  investment: {
    roles: ['investor', 'investee'],
    creditor: 'investor',
    debtor: 'investee',
    creditorBasis: 'carrying-value',
    endDateAlias: null,
    endsAtEndDate: false,
    amendable: AMENDABLE_DEAL_FIELDS,
  },
  loan: {
    roles: ['lender', 'borrower'],
    creditor: 'lender',
    debtor: 'borrower',
    creditorBasis: 'loan-principal',
    endDateAlias: 'maturityDate',
    endsAtEndDate: true,
    amendable: AMENDABLE_DEAL_FIELDS,
  },
} as const satisfies { readonly [K in DealKind]: DealKindRow<K> };

/** The kinds, in the table's order (the order error messages and the API document list them). */
export const DEAL_KINDS = Object.keys(DEAL_KIND_TABLE) as readonly DealKind[];

/** Role fields by kind, in the order money moves (the first pays, lends or invests). */
export const DEAL_ROLES = Object.fromEntries(
  DEAL_KINDS.map((kind) => [kind, DEAL_KIND_TABLE[kind].roles]),
) as { readonly [K in DealKind]: (typeof DEAL_KIND_TABLE)[K]['roles'] };
export type DealRole = (typeof DEAL_KIND_TABLE)[DealKind]['roles'][number];
/** Every role field of every kind, once each, in the table's order. */
export const ALL_DEAL_ROLES: readonly DealRole[] = DEAL_KINDS.flatMap(
  (kind) => DEAL_KIND_TABLE[kind].roles,
);

/** The company in `role` of a deal's parties (the role belongs to the deal's kind). */
export function partyIn(parties: DealParties, role: DealRole): string {
  const named = parties as Partial<Record<DealRole, string>>;
  const company = named[role];
  if (company === undefined)
    throw new Error(`a ${parties.kind} deal has no ${role}`);
  return company;
}

/** The two sides of a deal: `creditor` holds the exposure against `debtor`. */
export function creditorDebtor(parties: DealParties): {
  creditor: string;
  debtor: string;
} {
  const row = DEAL_KIND_TABLE[parties.kind];
  return {
    creditor: partyIn(parties, row.creditor),
    debtor: partyIn(parties, row.debtor),
  };
}

/** Who pays whom: the deal's parties in the order money moves (see `roles`). */
export function payerPayee(parties: DealParties): [string, string] {
  const [first, second] = DEAL_KIND_TABLE[parties.kind].roles;
  return [partyIn(parties, first), partyIn(parties, second)];
}
