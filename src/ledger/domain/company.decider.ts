import {
  AlreadyExistsError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors';
import { parseSlug } from '../../shared/ids';
import { Instant, parseInstant } from '../../shared/time';
import {
  CureDefault,
  RecordDefault,
  RegisterCompany,
  ReportFinancials,
} from './ledger.commands';
import { assertNever, CompanyEvent } from './ledger.events';
import { CompanyFact, Decider } from './ledger.fact';
import {
  finiteAmount,
  nonNegativeAmount,
  notBefore,
  optionalText,
  rate,
  requireText,
  UnknownEntityError,
} from './ledger.rules';

export type CompanyCommand =
  RegisterCompany | ReportFinancials | RecordDefault | CureDefault;

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
      return [
        {
          event: {
            type: 'CompanyRegistered',
            data: {
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
                  : nonNegativeAmount(
                      command.externalAssetsUsd,
                      'externalAssetsUsd',
                    ),
              externalLiabilitiesUsd:
                command.externalLiabilitiesUsd === undefined
                  ? null
                  : nonNegativeAmount(
                      command.externalLiabilitiesUsd,
                      'externalLiabilitiesUsd',
                    ),
            },
          },
          effectiveAt,
          reason: null,
        },
      ];
    }
    case 'report-financials': {
      const company = requireRegistered(state, command.id);
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      notBefore(
        effectiveAt,
        company.registeredAt,
        'effectiveAt',
        `the company's registration`,
      );
      const data: {
        companyId: string;
        equityUsd?: number;
        externalAssetsUsd?: number;
        externalLiabilitiesUsd?: number;
      } = {
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
      if (Object.keys(data).length === 1) {
        throw new ValidationError(
          'equityUsd',
          'at least one of equityUsd, externalAssetsUsd, externalLiabilitiesUsd is required',
        );
      }
      return [
        {
          event: { type: 'CompanyFinancialsReported', data },
          effectiveAt,
          reason: null,
        },
      ];
    }
    case 'record-default': {
      const company = requireRegistered(state, command.id);
      const effectiveAt = parseInstant(command.effectiveAt, 'effectiveAt');
      notBefore(
        effectiveAt,
        company.registeredAt,
        'effectiveAt',
        `the company's registration`,
      );
      if (company.status === 'defaulted') {
        throw new RuleViolationError(
          'id',
          `company ${company.companyId} is already in default (since ${company.defaultedAt ?? '?'})`,
        );
      }
      return [
        {
          event: {
            type: 'CompanyDefaulted',
            data: {
              companyId: company.companyId,
              recoveryRate:
                command.recoveryRate === undefined
                  ? null
                  : rate(command.recoveryRate, 'recoveryRate'),
            },
          },
          effectiveAt,
          reason: optionalText(command.reason, 'reason'),
        },
      ];
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
      return [
        {
          event: {
            type: 'CompanyDefaultCured',
            data: { companyId: company.companyId },
          },
          effectiveAt,
          reason,
        },
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
    case 'CompanyFinancialsReported': {
      if (state.status === 'unregistered') return state;
      return {
        ...state,
        equityUsd: event.data.equityUsd ?? state.equityUsd,
        externalAssetsUsd:
          event.data.externalAssetsUsd ?? state.externalAssetsUsd,
        externalLiabilitiesUsd:
          event.data.externalLiabilitiesUsd ?? state.externalLiabilitiesUsd,
      };
    }
    case 'CompanyDefaulted':
      return state.status === 'unregistered'
        ? state
        : { ...state, status: 'defaulted', defaultedAt: fact.effectiveAt };
    case 'CompanyDefaultCured':
      return state.status === 'unregistered'
        ? state
        : { ...state, status: 'active', defaultedAt: null };
    default:
      return assertNever(event);
  }
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
