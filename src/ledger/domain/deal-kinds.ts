/**
 * The deal kinds, in one table: everything the ledger knows per kind is a column here, and the
 * lists the rest of the code uses (creditor/debtor, the validation lists, the audit's field lists)
 * derive from it and from the contract's kinds and roles (src/contracts). A new kind is one entry
 * of the contract's DEAL_KINDS and DEAL_ROLES; the compiler then asks for its row here, and lists
 * the `switch`es that must decide what it means.
 * Pure data: ledger.events.ts, the decider and the read side all read it.
 */
import {
  DEAL_KINDS,
  DEAL_ROLES,
  type DealKind,
  type DealRole,
  type DealRoleOf,
  type ValuationBasis,
} from '../../contracts';

export { DEAL_KINDS, DEAL_ROLES };
export type { DealKind, DealRole };

/** The parties of a deal of one kind: its role fields, each naming a company. */
type PartiesOf<K extends DealKind> = { readonly kind: K } & {
  readonly [R in DealRoleOf<K>]: string;
};
/** Roles by kind: who holds the exposure (`creditor`) against whom (`debtor`); see DEAL_KIND_TABLE. */
export type DealParties = { [K in DealKind]: PartiesOf<K> }[DealKind];

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

interface DealKindRow<K extends DealKind> {
  /** Who holds the exposure (the creditor's leg) and against whom. */
  readonly creditor: DealRoleOf<K>;
  readonly debtor: DealRoleOf<K>;
  /** How the creditor's leg is valued (DESIGN.md "What a deal is worth on a date"). */
  readonly creditorBasis: ValuationBasis;
  /** A second name POST /deals and amendments accept for `endDate`, or null. */
  readonly endDateAlias: 'maturityDate' | null;
  /** Whether the deal stops counting at its `endDate` (a stake does not end with a date). */
  readonly endsAtEndDate: boolean;
  readonly amendable: readonly AmendableDealField[];
}

export const DEAL_KIND_TABLE = {
  supply: {
    creditor: 'seller',
    debtor: 'buyer',
    creditorBasis: 'supply-commitment',
    endDateAlias: null,
    endsAtEndDate: true,
    amendable: AMENDABLE_DEAL_FIELDS,
  },
  investment: {
    creditor: 'investor',
    debtor: 'investee',
    creditorBasis: 'carrying-value',
    endDateAlias: null,
    endsAtEndDate: false,
    amendable: AMENDABLE_DEAL_FIELDS,
  },
  loan: {
    creditor: 'lender',
    debtor: 'borrower',
    creditorBasis: 'loan-principal',
    endDateAlias: 'maturityDate',
    endsAtEndDate: true,
    amendable: AMENDABLE_DEAL_FIELDS,
  },
} as const satisfies { readonly [K in DealKind]: DealKindRow<K> };

/** Every role field of every kind, once each, in the contract's order. */
export const ALL_DEAL_ROLES: readonly DealRole[] = DEAL_KINDS.flatMap(
  (kind) => DEAL_ROLES[kind],
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

/** Who pays whom: the deal's parties in the order money moves (the contract's DEAL_ROLES). */
export function payerPayee(parties: DealParties): [string, string] {
  const [first, second] = DEAL_ROLES[parties.kind];
  return [partyIn(parties, first), partyIn(parties, second)];
}
