import {
  AlreadyExistsError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors';
import { parseSlug } from '../../shared/ids';
import { Instant, parseInstant } from '../../shared/time';
import { CompanyCommand, ReportFinancials } from './ledger.commands';
import {
  assertNever,
  CompanyEvent,
  CompanyFinancialsReported,
} from './ledger.events';
import { CompanyFact, Decider, factOf } from './ledger.fact';
import {
  confidenceOf,
  finiteAmount,
  nonNegativeAmount,
  notBefore,
  optionalText,
  rate,
  requireText,
  UnknownEntityError,
} from './ledger.rules';

export type { CompanyCommand } from './ledger.commands';

export interface CompanyFinancials {
  readonly equityUsd: number | null;
  readonly externalAssetsUsd: number | null;
  readonly externalLiabilitiesUsd: number | null;
}

/** A company's write-side state, keyed by status so a default can only be cured when there is one. */
export type CompanyState =
  | { readonly status: 'unregistered' }
  | ({
      readonly status: 'active' | 'defaulted';
      readonly companyId: string;
      readonly name: string;
      readonly sector: string | null;
      /** Valid time of the registration: the company exists from then on. */
      readonly registeredAt: Instant;
      readonly defaultedAt: Instant | null;
    } & CompanyFinancials);

export const initialCompanyState: CompanyState = { status: 'unregistered' };

/**
 * Register-company needs `effectiveAt`; when the caller gave none, the shell passes its clock's
 * `now` here (the decider never reads a clock).
 */
export interface CompanyContext {
  readonly now: Instant;
}

export function decideCompany(
  command: CompanyCommand,
  state: CompanyState,
  context: CompanyContext,
): CompanyFact[] {
  switch (command.command) {
    case 'register-company': {
      const companyId = parseSlug(command.id, 'id');
      if (state.status !== 'unregistered')
        throw new AlreadyExistsError('company', companyId);
      const effectiveAt =
        command.effectiveAt === undefined
          ? context.now
          : parseInstant(command.effectiveAt, 'effectiveAt');
      const data = {
        companyId,
        name: requireText(command.name, 'name'),
        sector: optionalText(command.sector, 'sector'),
        equityUsd:
          command.equityUsd === undefined
            ? null
            : finiteAmount(command.equityUsd, 'equityUsd'),
        externalAssetsUsd:
          command.externalAssetsUsd === undefined
            ? null
            : nonNegativeAmount(command.externalAssetsUsd, 'externalAssetsUsd'),
        externalLiabilitiesUsd:
          command.externalLiabilitiesUsd === undefined
            ? null
            : nonNegativeAmount(
                command.externalLiabilitiesUsd,
                'externalLiabilitiesUsd',
              ),
      };
      return [factOf({ type: 'CompanyRegistered', data }, effectiveAt, null)];
    }
    case 'report-financials': {
      const company = requireRegistered(state, command.id);
      const effectiveAt = sinceRegistration(company, command.effectiveAt);
      const data: Mutable<CompanyFinancialsReported['data']> = {
        companyId: company.companyId,
      };
      if (command.equityUsd !== undefined)
        data.equityUsd = finiteAmount(command.equityUsd, 'equityUsd');
      if (command.externalAssetsUsd !== undefined)
        data.externalAssetsUsd = nonNegativeAmount(
          command.externalAssetsUsd,
          'externalAssetsUsd',
        );
      if (command.externalLiabilitiesUsd !== undefined) {
        data.externalLiabilitiesUsd = nonNegativeAmount(
          command.externalLiabilitiesUsd,
          'externalLiabilitiesUsd',
        );
      }
      Object.assign(data, filingOf(command, data.equityUsd));
      if (Object.keys(data).length === 1) {
        throw new ValidationError(
          'equityUsd',
          'at least one of totalAssetsUsd and totalLiabilitiesUsd (a filing), equityUsd, externalAssetsUsd, externalLiabilitiesUsd is required',
        );
      }
      return [
        factOf({ type: 'CompanyFinancialsReported', data }, effectiveAt, null),
      ];
    }
    case 'record-default': {
      const company = requireRegistered(state, command.id);
      const effectiveAt = sinceRegistration(company, command.effectiveAt);
      if (company.status === 'defaulted') {
        throw new RuleViolationError(
          'id',
          `company ${company.companyId} is already in default (since ${company.defaultedAt ?? '?'})`,
        );
      }
      const data = {
        companyId: company.companyId,
        recoveryRate:
          command.recoveryRate === undefined
            ? null
            : rate(command.recoveryRate, 'recoveryRate'),
      };
      const reason = optionalText(command.reason, 'reason');
      return [factOf({ type: 'CompanyDefaulted', data }, effectiveAt, reason)];
    }
    case 'cure-default': {
      const company = requireRegistered(state, command.id);
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      const reason = requireText(command.reason, 'reason');
      if (company.status !== 'defaulted' || company.defaultedAt === null) {
        throw new RuleViolationError(
          'id',
          `company ${company.companyId} is not in default`,
        );
      }
      notBefore(effectiveAt, company.defaultedAt, 'effectiveAt', 'the default');
      const data = { companyId: company.companyId };
      return [
        factOf({ type: 'CompanyDefaultCured', data }, effectiveAt, reason),
      ];
    }
    default:
      return assertNever(command);
  }
}

export function evolveCompany(
  state: CompanyState,
  fact: CompanyFact,
): CompanyState {
  const event: CompanyEvent = fact.event;
  switch (event.type) {
    case 'CompanyRegistered':
      return {
        status: 'active',
        companyId: event.data.companyId,
        name: event.data.name,
        sector: event.data.sector,
        registeredAt: fact.effectiveAt,
        defaultedAt: null,
        equityUsd: event.data.equityUsd,
        externalAssetsUsd: event.data.externalAssetsUsd,
        externalLiabilitiesUsd: event.data.externalLiabilitiesUsd,
      };
    default:
      return evolveRegistered(state, event, fact.effectiveAt);
  }
}

/** A later event of a company never registered changes nothing. */
function evolveRegistered(
  state: CompanyState,
  event: Exclude<CompanyEvent, { type: 'CompanyRegistered' }>,
  effectiveAt: Instant,
): CompanyState {
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'CompanyFinancialsReported':
      return {
        ...state,
        equityUsd: event.data.equityUsd ?? state.equityUsd,
        externalAssetsUsd:
          event.data.externalAssetsUsd ?? state.externalAssetsUsd,
        externalLiabilitiesUsd:
          event.data.externalLiabilitiesUsd ?? state.externalLiabilitiesUsd,
      };
    case 'CompanyDefaulted':
      return { ...state, status: 'defaulted', defaultedAt: effectiveAt };
    case 'CompanyDefaultCured':
      return { ...state, status: 'active', defaultedAt: null };
    default:
      return assertNever(event);
  }
}

/** A later change's valid time: `effectiveAt` parsed and not before the registration. */
function sinceRegistration(
  company: Extract<CompanyState, { registeredAt: Instant }>,
  raw: string,
): Instant {
  const effectiveAt = parseInstant(raw, 'effectiveAt');
  notBefore(
    effectiveAt,
    company.registeredAt,
    'effectiveAt',
    `the company's registration`,
  );
  return effectiveAt;
}

function requireRegistered(
  state: CompanyState,
  id: string,
): Exclude<CompanyState, { status: 'unregistered' }> {
  if (state.status === 'unregistered')
    throw new UnknownEntityError('company', id);
  return state;
}

export const companyDecider: Decider<
  CompanyCommand,
  CompanyFact,
  CompanyState,
  CompanyContext
> = {
  decide: decideCompany,
  evolve: evolveCompany,
  initialState: initialCompanyState,
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Relative tolerance between a filing's equity and its assets − liabilities (rounding in filings). */
const EQUITY_TOLERANCE = 0.01;

/**
 * A filing's figures (DESIGN.md "Balance sheets"): total assets and liabilities together, the
 * equity within 1 % of their difference, cash and operating cash flow, the source. None given:
 * the older figures alone (used as they are).
 */
function filingOf(
  command: ReportFinancials,
  equityUsd: number | undefined,
): Partial<CompanyFinancialsReported['data']> {
  const given =
    command.totalAssetsUsd !== undefined ||
    command.totalLiabilitiesUsd !== undefined ||
    command.cashUsd !== undefined ||
    command.operatingCashFlowUsd !== undefined ||
    command.source !== undefined ||
    command.confidence !== undefined;
  if (!given) return {};
  if (command.totalAssetsUsd === undefined)
    throw new ValidationError(
      'totalAssetsUsd',
      'is required in a filing (with totalLiabilitiesUsd)',
    );
  if (command.totalLiabilitiesUsd === undefined)
    throw new ValidationError(
      'totalLiabilitiesUsd',
      'is required in a filing (with totalAssetsUsd)',
    );
  const totalAssetsUsd = nonNegativeAmount(
    command.totalAssetsUsd,
    'totalAssetsUsd',
  );
  const totalLiabilitiesUsd = nonNegativeAmount(
    command.totalLiabilitiesUsd,
    'totalLiabilitiesUsd',
  );
  const net = totalAssetsUsd - totalLiabilitiesUsd;
  if (
    equityUsd !== undefined &&
    Math.abs(equityUsd - net) > EQUITY_TOLERANCE * Math.abs(net)
  )
    throw new ValidationError(
      'equityUsd',
      `must be within 1 % of totalAssetsUsd − totalLiabilitiesUsd (${net})`,
    );
  const out: Mutable<Partial<CompanyFinancialsReported['data']>> = {
    totalAssetsUsd,
    totalLiabilitiesUsd,
  };
  if (command.cashUsd !== undefined) {
    out.cashUsd = nonNegativeAmount(command.cashUsd, 'cashUsd');
    if (out.cashUsd > totalAssetsUsd)
      throw new ValidationError(
        'cashUsd',
        `must not exceed totalAssetsUsd (${totalAssetsUsd})`,
      );
  }
  if (command.operatingCashFlowUsd !== undefined)
    out.operatingCashFlowUsd = finiteAmount(
      command.operatingCashFlowUsd,
      'operatingCashFlowUsd',
    );
  if (command.source !== undefined)
    out.source = requireText(command.source, 'source');
  if (command.confidence !== undefined)
    out.confidence = confidenceOf(command.confidence);
  return out;
}
