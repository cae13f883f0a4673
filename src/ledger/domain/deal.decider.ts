import {
  AlreadyExistsError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors';
import { parseSlug } from '../../shared/ids';
import { canonicalJson } from '../../shared/json';
import { Instant, parseInstant } from '../../shared/time';
import { AmendDeal, DealCommand, RecordDeal } from './ledger.commands';
import {
  AmendableDealField,
  assertNever,
  DealEvent,
  DealKind,
  DealParties,
  DealTerms,
  partiesOfEvent,
  termsOfRecorded,
} from './ledger.events';
import {
  ALL_DEAL_ROLES,
  DEAL_KIND_TABLE,
  DEAL_KINDS,
  DEAL_ROLES,
} from './deal-kinds';
import { Decider, DealFact, factOf } from './ledger.fact';
import {
  certaintyOf,
  checkTerms,
  confidenceOf,
  notBefore,
  optionalPositive,
  optionalRate,
  parseEstimate,
  optionalInstant,
  optionalText,
  parseSchedule,
  positiveAmount,
  requireText,
  sameAmount,
  UnknownEntityError,
} from './ledger.rules';

export type { DealCommand } from './ledger.commands';
export { partiesOfEvent } from './ledger.events';

// The kinds and their roles derive from the one table of deal kinds (deal-kinds.ts).
export { ALL_DEAL_ROLES, DEAL_KINDS, DEAL_ROLES } from './deal-kinds';
export type { DealRole } from './deal-kinds';

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
      const { effectiveAt, reason } = datedOn(deal, command, 'reason');
      const changes = amendments(
        withMaturityAsEndDate(command, deal.parties.kind),
        deal.terms,
        DEAL_KIND_TABLE[deal.parties.kind].amendable,
      );
      const changed = Object.keys(changes);
      if (changed.length === 0) {
        throw new RuleViolationError(
          'changes',
          `nothing to amend: give at least one of ${DEAL_KIND_TABLE[deal.parties.kind].amendable.join(', ')} with a new value`,
        );
      }
      const terms: DealTerms = { ...deal.terms, ...changes };
      checkTerms(terms, deal.effectiveAt);
      checkCovers(terms.amountUsd, deal.paidUsd, 'paid');
      checkCovers(terms.amountUsd, deal.writtenDownUsd, 'written down');
      const data = { dealId: deal.dealId, changes };
      return [factOf({ type: 'DealAmended', data }, effectiveAt, reason)];
    }
    case 'terminate-deal': {
      const deal = requireActive(state, command.id, 'terminated');
      const { effectiveAt, reason } = datedOn(deal, command, 'reason');
      const data = { dealId: deal.dealId };
      return [factOf({ type: 'DealTerminated', data }, effectiveAt, reason)];
    }
    case 'record-payment': {
      const deal = requireActive(state, command.id, 'paid');
      const amountUsd = positiveAmount(command.amountUsd, 'amountUsd');
      const { effectiveAt } = datedOn(deal, command, 'no reason');
      checkTotal(deal.terms.amountUsd, deal.paidUsd, amountUsd, 'payments');
      const data = { dealId: deal.dealId, amountUsd };
      return [factOf({ type: 'DealPaymentRecorded', data }, effectiveAt, null)];
    }
    case 'write-down-deal': {
      const deal = requireNotRetracted(state, command.id, 'written down');
      const amountUsd = positiveAmount(command.amountUsd, 'amountUsd');
      const { effectiveAt, reason } = datedOn(deal, command, 'reason');
      checkTotal(
        deal.terms.amountUsd,
        deal.writtenDownUsd,
        amountUsd,
        'write-downs',
      );
      const data = { dealId: deal.dealId, amountUsd };
      return [factOf({ type: 'DealWrittenDown', data }, effectiveAt, reason)];
    }
    case 'retract-deal': {
      const deal = requireNotRetracted(state, command.id, 'retracted');
      const reason = requireText(command.reason, 'reason');
      // Recorded in error: by default it never existed, so the retraction reaches back to the signing.
      const effectiveAt =
        command.effectiveAt === undefined
          ? deal.effectiveAt
          : parseInstant(command.effectiveAt, 'effectiveAt');
      const data = { dealId: deal.dealId };
      return [factOf({ type: 'DealRetracted', data }, effectiveAt, reason)];
    }
    default:
      return assertNever(command);
  }
}

/**
 * A later change's valid time and stated reason (required, or none for a payment): `effectiveAt`
 * parsed, then the reason, then `effectiveAt` checked against the deal's signing.
 */
function datedOn(
  deal: DealDetails,
  command: { readonly effectiveAt: string; readonly reason?: string },
  reason: 'reason' | 'no reason',
): { effectiveAt: Instant; reason: string | null } {
  const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
  const stated =
    reason === 'reason' ? requireText(command.reason, 'reason') : null;
  notBefore(
    effectiveAt,
    deal.effectiveAt,
    'effectiveAt',
    `the deal's effectiveAt`,
  );
  return { effectiveAt, reason: stated };
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
  if (
    command.maturityDate !== undefined &&
    DEAL_KIND_TABLE[kind].endDateAlias !== 'maturityDate'
  ) {
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
    certainty: certaintyOf(command.certainty),
    confidence: confidenceOf(command.confidence),
    estimateUsd: parseEstimate(command.estimateUsd),
    damagesRate: optionalRate(command.damagesRate, 'damagesRate'),
    capacityGw: optionalPositive(command.capacityGw, 'capacityGw'),
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

/** A loan's `maturityDate` read as its `endDate` (the alias POST /deals accepts too). */
function withMaturityAsEndDate(command: AmendDeal, kind: DealKind): AmendDeal {
  const { maturityDate, ...rest } = command;
  if (maturityDate === undefined) return command;
  if (DEAL_KIND_TABLE[kind].endDateAlias !== 'maturityDate') {
    throw new ValidationError(
      'maturityDate',
      'only loans have a maturityDate; use endDate',
    );
  }
  const endDate = optionalInstant(command.endDate, 'endDate');
  const maturity = optionalInstant(maturityDate, 'maturityDate');
  if (command.endDate !== undefined && endDate !== maturity) {
    throw new ValidationError(
      'maturityDate',
      'is the alias of endDate for loans: give one, or the same date',
    );
  }
  return { ...rest, endDate: maturityDate };
}

/** The fields the command changes, parsed, keeping only values that differ from the current terms. */
function amendments(
  command: AmendDeal,
  current: DealTerms,
  amendable: readonly AmendableDealField[],
): Partial<DealTerms> {
  const given = command as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const field of amendable) {
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
    case 'certainty':
      if (value === null) throw new ValidationError(field, 'cannot be cleared');
      return certaintyOf(value, field);
    case 'confidence':
      if (value === null) throw new ValidationError(field, 'cannot be cleared');
      return confidenceOf(value, field);
    case 'estimateUsd':
      return parseEstimate(value, field);
    case 'damagesRate':
      return optionalRate(value, field);
    case 'capacityGw':
      return optionalPositive(value, field);
    default:
      return assertNever(field);
  }
}

function withinAmount(total: number, amountUsd: number): boolean {
  return total <= amountUsd || sameAmount(total, amountUsd);
}

/** Payments (or write-downs) so far plus this one stay within the deal's amount, when it has one. */
function checkTotal(
  amountUsd: number | null,
  already: number,
  adding: number,
  what: 'payments' | 'write-downs',
): void {
  if (amountUsd !== null && !withinAmount(already + adding, amountUsd)) {
    throw new RuleViolationError(
      'amountUsd',
      `would bring ${what} to ${already + adding}, above the deal's amountUsd ${amountUsd}`,
    );
  }
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

function requireNotRetracted(
  state: DealState,
  id: string,
  verb: string,
): Exclude<DealState, { status: 'none' | 'retracted' }> {
  const deal = requireExisting(state, id);
  if (deal.status === 'retracted')
    throw refused(deal.dealId, deal.status, verb);
  return deal;
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
  if (event.type === 'DealRecorded') {
    return {
      status: 'active',
      dealId: event.data.dealId,
      parties: partiesOfEvent(event.data),
      terms: termsOfRecorded(event.data),
      effectiveAt: fact.effectiveAt,
      paidUsd: 0,
      writtenDownUsd: 0,
    };
  }
  // A later event of a deal never recorded changes nothing.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DealAmended':
      return { ...state, terms: { ...state.terms, ...event.data.changes } };
    case 'DealTerminated':
      return { ...state, status: 'terminated', terminatedAt: fact.effectiveAt };
    case 'DealPaymentRecorded':
      return { ...state, paidUsd: state.paidUsd + event.data.amountUsd };
    case 'DealWrittenDown':
      return {
        ...state,
        writtenDownUsd: state.writtenDownUsd + event.data.amountUsd,
      };
    case 'DealRetracted':
      return { ...state, status: 'retracted', retractedAt: fact.effectiveAt };
    default:
      return assertNever(event);
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
