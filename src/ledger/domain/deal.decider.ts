import {
  AlreadyExistsError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors';
import { parseSlug } from '../../shared/ids';
import { canonicalJson } from '../../shared/json';
import { Instant, parseInstant } from '../../shared/time';
import {
  AmendDeal,
  RecordDeal,
  RecordPayment,
  RetractDeal,
  TerminateDeal,
  WriteDownDeal,
} from './ledger.commands';
import {
  AMENDABLE_DEAL_FIELDS,
  AmendableDealField,
  assertNever,
  DealEvent,
  DealKind,
  DealParties,
  DealTerms,
} from './ledger.events';
import { Decider, DealFact } from './ledger.fact';
import {
  checkTerms,
  notBefore,
  optionalInstant,
  optionalText,
  parseSchedule,
  positiveAmount,
  requireText,
  sameAmount,
  UnknownEntityError,
} from './ledger.rules';

export type DealCommand =
  | RecordDeal
  | AmendDeal
  | TerminateDeal
  | RecordPayment
  | WriteDownDeal
  | RetractDeal;

export const DEAL_KINDS: readonly DealKind[] = ['supply', 'investment', 'loan'];

/** Role fields by kind: the first holds nothing against the second in this list's order (see creditorDebtor). */
export const DEAL_ROLES = {
  supply: ['buyer', 'seller'],
  investment: ['investor', 'investee'],
  loan: ['lender', 'borrower'],
} as const satisfies Record<DealKind, readonly [string, string]>;
export type DealRole = (typeof DEAL_ROLES)[DealKind][number];
export const ALL_DEAL_ROLES: readonly DealRole[] = [
  ...DEAL_ROLES.supply,
  ...DEAL_ROLES.investment,
  ...DEAL_ROLES.loan,
];

export interface DealDetails {
  readonly dealId: string;
  readonly parties: DealParties;
  readonly terms: DealTerms;
  /** The deal's signing (valid time of DealRecorded). */
  readonly effectiveAt: Instant;
  readonly paidUsd: number;
  readonly writtenDownUsd: number;
}

/**
 * A deal's write-side state by status: only an `active` deal can be amended, paid or terminated;
 * a `retracted` one (recorded in error) accepts nothing more.
 */
export type DealState =
  | { readonly status: 'none' }
  | ({ readonly status: 'active' } & DealDetails)
  | ({
      readonly status: 'terminated';
      readonly terminatedAt: Instant;
    } & DealDetails)
  | ({
      readonly status: 'retracted';
      readonly retractedAt: Instant;
    } & DealDetails);

export const initialDealState: DealState = { status: 'none' };

/** Lookups the shell provides: a company's registration time, or undefined when it was never registered. */
export interface DealContext {
  companyRegisteredAt(companyId: string): Instant | undefined;
}

export function decideDeal(
  command: DealCommand,
  state: DealState,
  context: DealContext,
): DealFact[] {
  switch (command.command) {
    case 'record-deal':
      return [recordDeal(command, state, context)];
    case 'amend-deal': {
      const deal = requireActive(state, command.id, 'amended');
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      const reason = requireText(command.reason, 'reason');
      notBefore(
        effectiveAt,
        deal.effectiveAt,
        'effectiveAt',
        `the deal's effectiveAt`,
      );
      const changes = amendments(command, deal.terms);
      const changed = Object.keys(changes);
      if (changed.length === 0) {
        throw new RuleViolationError(
          'changes',
          `nothing to amend: give at least one of ${AMENDABLE_DEAL_FIELDS.join(', ')} with a new value`,
        );
      }
      const terms: DealTerms = { ...deal.terms, ...changes };
      checkTerms(terms, deal.effectiveAt);
      checkCovers(terms.amountUsd, deal.paidUsd, 'paid');
      checkCovers(terms.amountUsd, deal.writtenDownUsd, 'written down');
      return [
        {
          event: {
            type: 'DealAmended',
            data: { dealId: deal.dealId, changes },
          },
          effectiveAt,
          reason,
        },
      ];
    }
    case 'terminate-deal': {
      const deal = requireActive(state, command.id, 'terminated');
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      const reason = requireText(command.reason, 'reason');
      notBefore(
        effectiveAt,
        deal.effectiveAt,
        'effectiveAt',
        `the deal's effectiveAt`,
      );
      return [
        {
          event: { type: 'DealTerminated', data: { dealId: deal.dealId } },
          effectiveAt,
          reason,
        },
      ];
    }
    case 'record-payment': {
      const deal = requireActive(state, command.id, 'paid');
      const amountUsd = positiveAmount(command.amountUsd, 'amountUsd');
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      notBefore(
        effectiveAt,
        deal.effectiveAt,
        'effectiveAt',
        `the deal's effectiveAt`,
      );
      if (
        deal.terms.amountUsd !== null &&
        !withinAmount(deal.paidUsd + amountUsd, deal.terms.amountUsd)
      ) {
        throw new RuleViolationError(
          'amountUsd',
          `would bring payments to ${deal.paidUsd + amountUsd}, above the deal's amountUsd ${deal.terms.amountUsd}`,
        );
      }
      return [
        {
          event: {
            type: 'DealPaymentRecorded',
            data: { dealId: deal.dealId, amountUsd },
          },
          effectiveAt,
          reason: null,
        },
      ];
    }
    case 'write-down-deal': {
      const deal = requireExisting(state, command.id);
      if (deal.status === 'retracted')
        throw refused(deal.dealId, 'retracted', 'written down');
      const amountUsd = positiveAmount(command.amountUsd, 'amountUsd');
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      const reason = requireText(command.reason, 'reason');
      notBefore(
        effectiveAt,
        deal.effectiveAt,
        'effectiveAt',
        `the deal's effectiveAt`,
      );
      if (
        deal.terms.amountUsd !== null &&
        !withinAmount(deal.writtenDownUsd + amountUsd, deal.terms.amountUsd)
      ) {
        throw new RuleViolationError(
          'amountUsd',
          `would bring write-downs to ${deal.writtenDownUsd + amountUsd}, above the deal's amountUsd ${deal.terms.amountUsd}`,
        );
      }
      return [
        {
          event: {
            type: 'DealWrittenDown',
            data: { dealId: deal.dealId, amountUsd },
          },
          effectiveAt,
          reason,
        },
      ];
    }
    case 'retract-deal': {
      const deal = requireExisting(state, command.id);
      if (deal.status === 'retracted')
        throw refused(deal.dealId, 'retracted', 'retracted');
      const reason = requireText(command.reason, 'reason');
      // Recorded in error: by default it never existed, so the retraction reaches back to the signing.
      const effectiveAt =
        command.effectiveAt === undefined
          ? deal.effectiveAt
          : parseInstant(command.effectiveAt, 'effectiveAt');
      return [
        {
          event: { type: 'DealRetracted', data: { dealId: deal.dealId } },
          effectiveAt,
          reason,
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function recordDeal(
  command: RecordDeal,
  state: DealState,
  context: DealContext,
): DealFact {
  const dealId = parseSlug(command.id, 'id');
  if (state.status !== 'none') throw new AlreadyExistsError('deal', dealId);
  const kind = command.kind;
  if (!DEAL_KINDS.includes(kind))
    throw new ValidationError(
      'kind',
      `must be one of ${DEAL_KINDS.join(', ')}`,
    );
  const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
  const parties = partiesOf(command, kind);
  for (const role of DEAL_ROLES[kind]) {
    const companyId = (parties as unknown as Record<string, string>)[role];
    const registeredAt = context.companyRegisteredAt(companyId);
    if (registeredAt === undefined) {
      throw new UnknownEntityError('company', companyId, role);
    }
    notBefore(
      effectiveAt,
      registeredAt,
      'effectiveAt',
      `the registration of ${role} ${companyId}`,
    );
  }
  if (command.maturityDate !== undefined && kind !== 'loan') {
    throw new ValidationError(
      'maturityDate',
      'only loans have a maturityDate; use endDate',
    );
  }
  const endDate = optionalInstant(command.endDate, 'endDate');
  const maturityDate = optionalInstant(command.maturityDate, 'maturityDate');
  if (endDate !== null && maturityDate !== null && endDate !== maturityDate) {
    throw new ValidationError(
      'maturityDate',
      'is the alias of endDate for loans: give one, or the same date',
    );
  }
  if (
    command.vendorFinancing !== undefined &&
    typeof command.vendorFinancing !== 'boolean'
  ) {
    throw new ValidationError('vendorFinancing', 'must be true or false');
  }
  const terms: DealTerms = {
    amountUsd:
      command.amountUsd === undefined || command.amountUsd === null
        ? null
        : positiveAmount(command.amountUsd, 'amountUsd'),
    startDate: optionalInstant(command.startDate, 'startDate'),
    endDate: endDate ?? maturityDate,
    schedule: parseSchedule(command.schedule),
    category: optionalText(command.category, 'category'),
    vendorFinancing: command.vendorFinancing ?? false,
    source: optionalText(command.source, 'source'),
    notes: optionalText(command.notes, 'notes'),
  };
  checkTerms(terms, effectiveAt);
  return {
    event: { type: 'DealRecorded', data: { dealId, ...parties, ...terms } },
    effectiveAt,
    reason: null,
  };
}

function partiesOf(command: RecordDeal, kind: DealKind): DealParties {
  const fields = command as unknown as Record<string, unknown>;
  const [first, second] = DEAL_ROLES[kind];
  for (const role of ALL_DEAL_ROLES) {
    if (
      !(DEAL_ROLES[kind] as readonly string[]).includes(role) &&
      fields[role] !== undefined
    ) {
      throw new ValidationError(
        role,
        `is not a role of a ${kind} deal (its roles are ${first} and ${second})`,
      );
    }
  }
  const a = parseSlug(fields[first], first);
  const b = parseSlug(fields[second], second);
  if (a === b)
    throw new RuleViolationError(second, `must differ from ${first} (${a})`);
  switch (kind) {
    case 'supply':
      return { kind, buyer: a, seller: b };
    case 'investment':
      return { kind, investor: a, investee: b };
    case 'loan':
      return { kind, lender: a, borrower: b };
    default:
      return assertNever(kind);
  }
}

/** The fields the command changes, parsed, keeping only values that differ from the current terms. */
function amendments(
  command: AmendDeal,
  current: DealTerms,
): Partial<DealTerms> {
  const given = command as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const field of AMENDABLE_DEAL_FIELDS) {
    if (given[field] === undefined) continue;
    const value = parseAmendment(field, given[field]);
    if (canonicalJson(value) !== canonicalJson(current[field]))
      changes[field] = value;
  }
  return changes;
}

function parseAmendment(
  field: AmendableDealField,
  value: unknown,
): DealTerms[AmendableDealField] {
  switch (field) {
    case 'amountUsd':
      return value === null ? null : positiveAmount(value, field);
    case 'startDate':
    case 'endDate':
      return optionalInstant(value, field);
    case 'schedule':
      return parseSchedule(value, field);
    case 'category':
    case 'source':
    case 'notes':
      return optionalText(value, field);
    case 'vendorFinancing':
      if (typeof value !== 'boolean')
        throw new ValidationError(field, 'must be true or false');
      return value;
    default:
      return assertNever(field);
  }
}

function withinAmount(total: number, amountUsd: number): boolean {
  return total <= amountUsd || sameAmount(total, amountUsd);
}

function checkCovers(
  amountUsd: number | null,
  already: number,
  what: string,
): void {
  if (amountUsd !== null && !withinAmount(already, amountUsd)) {
    throw new RuleViolationError(
      'amountUsd',
      `must cover the ${already} already ${what}`,
    );
  }
}

function requireExisting(
  state: DealState,
  id: string,
): Exclude<DealState, { status: 'none' }> {
  if (state.status === 'none') throw new UnknownEntityError('deal', id);
  return state;
}

function requireActive(
  state: DealState,
  id: string,
  verb: string,
): Extract<DealState, { status: 'active' }> {
  const deal = requireExisting(state, id);
  if (deal.status !== 'active') throw refused(deal.dealId, deal.status, verb);
  return deal;
}

function refused(
  dealId: string,
  status: 'terminated' | 'retracted',
  verb: string,
): RuleViolationError {
  return new RuleViolationError(
    'id',
    `deal ${dealId} is ${status}: it cannot be ${verb}`,
  );
}

export function evolveDeal(state: DealState, fact: DealFact): DealState {
  const event: DealEvent = fact.event;
  switch (event.type) {
    case 'DealRecorded': {
      const {
        dealId,
        amountUsd,
        startDate,
        endDate,
        schedule,
        category,
        vendorFinancing,
        source,
        notes,
      } = event.data;
      return {
        status: 'active',
        dealId,
        parties: partiesOfEvent(event.data),
        terms: {
          amountUsd,
          startDate,
          endDate,
          schedule,
          category,
          vendorFinancing,
          source,
          notes,
        },
        effectiveAt: fact.effectiveAt,
        paidUsd: 0,
        writtenDownUsd: 0,
      };
    }
    case 'DealAmended':
      return state.status === 'none'
        ? state
        : { ...state, terms: { ...state.terms, ...event.data.changes } };
    case 'DealTerminated':
      return state.status === 'none'
        ? state
        : { ...state, status: 'terminated', terminatedAt: fact.effectiveAt };
    case 'DealPaymentRecorded':
      return state.status === 'none'
        ? state
        : { ...state, paidUsd: state.paidUsd + event.data.amountUsd };
    case 'DealWrittenDown':
      return state.status === 'none'
        ? state
        : {
            ...state,
            writtenDownUsd: state.writtenDownUsd + event.data.amountUsd,
          };
    case 'DealRetracted':
      return state.status === 'none'
        ? state
        : { ...state, status: 'retracted', retractedAt: fact.effectiveAt };
    default:
      return assertNever(event);
  }
}

/** The parties of a stored DealRecorded (the data holds the role fields flat beside the terms). */
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

export const dealDecider: Decider<
  DealCommand,
  DealFact,
  DealState,
  DealContext
> = {
  decide: decideDeal,
  evolve: evolveDeal,
  initialState: initialDealState,
};
