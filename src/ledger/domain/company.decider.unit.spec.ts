import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors';
import { specFor } from './testing/decider-specification';
import {
  companyDecider,
  evolveCompany,
  initialCompanyState,
} from './company.decider';
import { CompanyFact } from './ledger.fact';
import { fold } from './ledger.fact';

const NOW = '2026-01-01T00:00:00.000Z';
const spec = specFor(companyDecider, { now: NOW });

const registered: CompanyFact = {
  event: {
    type: 'CompanyRegistered',
    data: {
      companyId: 'openai',
      name: 'OpenAI',
      sector: 'ai-lab',
      equityUsd: 60e9,
      externalAssetsUsd: 40e9,
      externalLiabilitiesUsd: null,
    },
  },
  effectiveAt: '2015-12-11T00:00:00.000Z',
  reason: null,
};
const defaulted: CompanyFact = {
  event: {
    type: 'CompanyDefaulted',
    data: { companyId: 'openai', recoveryRate: 0.4 },
  },
  effectiveAt: '2026-03-01T00:00:00.000Z',
  reason: 'missed a payment',
};

describe('company decider', () => {
  describe('when no company is registered', () => {
    const given = spec.given([]);

    it('registers it, dates stored as instants', () => {
      given
        .when({
          command: 'register-company',
          id: 'openai',
          name: 'OpenAI',
          sector: 'ai-lab',
          equityUsd: 60e9,
          externalAssetsUsd: 40e9,
          effectiveAt: '2015-12-11',
        })
        .then([registered]);
    });

    it('registers it effective now (from the shell) when effectiveAt is absent', () => {
      const [fact] = given
        .when({ command: 'register-company', id: 'nvidia', name: 'Nvidia' })
        .facts();
      expect(fact.effectiveAt).toBe(NOW);
      expect(fact.event.data).toEqual({
        companyId: 'nvidia',
        name: 'Nvidia',
        sector: null,
        equityUsd: null,
        externalAssetsUsd: null,
        externalLiabilitiesUsd: null,
      });
    });

    it('accepts a negative equity (a company can be under water)', () => {
      const [fact] = given
        .when({
          command: 'register-company',
          id: 'x',
          name: 'X',
          equityUsd: -5,
        })
        .facts();
      expect(fact.event.data).toMatchObject({ equityUsd: -5 });
    });

    it.each([
      [{ id: 'Open AI', name: 'OpenAI' }, /^id: /],
      [{ id: 'openai', name: '' }, /^name: /],
      [{ id: 'openai', name: 'OpenAI', equityUsd: Infinity }, /^equityUsd: /],
      [
        { id: 'openai', name: 'OpenAI', externalAssetsUsd: -1 },
        /^externalAssetsUsd: /,
      ],
      [
        { id: 'openai', name: 'OpenAI', externalLiabilitiesUsd: NaN },
        /^externalLiabilitiesUsd: /,
      ],
      [
        { id: 'openai', name: 'OpenAI', effectiveAt: '2025-13-45' },
        /^effectiveAt: /,
      ],
    ])('refuses bad input %j naming the field', (fields, message) => {
      given
        .when({ command: 'register-company', ...fields })
        .thenRefuses(ValidationError, message);
    });

    it.each([
      {
        command: 'report-financials' as const,
        id: 'ghost',
        equityUsd: 1,
        effectiveAt: '2025-01-01',
      },
      {
        command: 'record-default' as const,
        id: 'ghost',
        effectiveAt: '2025-01-01',
      },
      {
        command: 'cure-default' as const,
        id: 'ghost',
        effectiveAt: '2025-01-01',
        reason: 'r',
      },
    ])('refuses $command on an unknown company as not found', (command) => {
      given.when(command).thenRefuses(NotFoundError, /company ghost not found/);
    });
  });

  describe('when the company is registered', () => {
    const given = spec.given([registered]);

    it('refuses a second registration', () => {
      given
        .when({
          command: 'register-company',
          id: 'openai',
          name: 'OpenAI again',
        })
        .thenRefuses(AlreadyExistsError, /company openai already exists/);
    });

    it('records only the reported financials', () => {
      given
        .when({
          command: 'report-financials',
          id: 'openai',
          externalLiabilitiesUsd: 12e9,
          effectiveAt: '2025-06-30',
        })
        .then([
          {
            event: {
              type: 'CompanyFinancialsReported',
              data: { companyId: 'openai', externalLiabilitiesUsd: 12e9 },
            },
            effectiveAt: '2025-06-30T00:00:00.000Z',
            reason: null,
          },
        ]);
    });

    it('records an estimated balance sheet with its confidence and source', () => {
      given
        .when({
          command: 'report-financials',
          id: 'openai',
          totalAssetsUsd: 17.5e9,
          totalLiabilitiesUsd: 0.75e9,
          equityUsd: 16.75e9,
          cashUsd: 17.5e9,
          source: 'reported cash (press)',
          confidence: 'low',
          effectiveAt: '2025-06-30',
        })
        .then([
          {
            event: {
              type: 'CompanyFinancialsReported',
              data: {
                companyId: 'openai',
                equityUsd: 16.75e9,
                totalAssetsUsd: 17.5e9,
                totalLiabilitiesUsd: 0.75e9,
                cashUsd: 17.5e9,
                source: 'reported cash (press)',
                confidence: 'low',
              },
            },
            effectiveAt: '2025-06-30T00:00:00.000Z',
            reason: null,
          },
        ]);
    });

    it.each([
      [
        { confidence: 'guess' },
        /^confidence: must be one of high, medium, low/,
      ],
      // a confidence belongs to a balance sheet: alone with the older figures it is refused
      [
        { equityUsd: 1, confidence: 'low' },
        /^totalAssetsUsd: is required in a filing/,
      ],
    ])('refuses a report with %j naming the field', (fields, message) => {
      given
        .when({
          command: 'report-financials',
          id: 'openai',
          totalAssetsUsd: 10,
          totalLiabilitiesUsd: 5,
          effectiveAt: '2025-06-30',
          ...fields,
          ...('equityUsd' in fields
            ? { totalAssetsUsd: undefined, totalLiabilitiesUsd: undefined }
            : {}),
        } as never)
        .thenRefuses(ValidationError, message);
    });

    it('refuses a report without any figure, naming a field', () => {
      given
        .when({
          command: 'report-financials',
          id: 'openai',
          effectiveAt: '2025-06-30',
        })
        .thenRefuses(ValidationError, /^equityUsd: at least one/);
    });

    it('refuses financials effective before the registration', () => {
      given
        .when({
          command: 'report-financials',
          id: 'openai',
          equityUsd: 1,
          effectiveAt: '2010-01-01',
        })
        .thenRefuses(
          RuleViolationError,
          /^effectiveAt: must not be before the company's registration/,
        );
    });

    it('records a default with its recovery rate and reason', () => {
      given
        .when({
          command: 'record-default',
          id: 'openai',
          effectiveAt: '2026-03-01',
          recoveryRate: 0.4,
          reason: 'missed a payment',
        })
        .then([defaulted]);
    });

    it.each([-0.1, 1.5, NaN])(
      'refuses a recovery rate of %p',
      (recoveryRate) => {
        given
          .when({
            command: 'record-default',
            id: 'openai',
            effectiveAt: '2026-03-01',
            recoveryRate,
          })
          .thenRefuses(ValidationError, /^recoveryRate: /);
      },
    );

    it('refuses to cure a default that never happened', () => {
      given
        .when({
          command: 'cure-default',
          id: 'openai',
          effectiveAt: '2026-04-01',
          reason: 'refinanced',
        })
        .thenRefuses(RuleViolationError, /^id: .*not in default/);
    });
  });

  describe('when the company is in default', () => {
    const given = spec.given([registered, defaulted]);

    it('refuses a second default', () => {
      given
        .when({
          command: 'record-default',
          id: 'openai',
          effectiveAt: '2026-04-01',
        })
        .thenRefuses(RuleViolationError, /^id: .*already in default/);
    });

    it('cures it, with a reason', () => {
      given
        .when({
          command: 'cure-default',
          id: 'openai',
          effectiveAt: '2026-04-01',
          reason: 'refinanced',
        })
        .then([
          {
            event: {
              type: 'CompanyDefaultCured',
              data: { companyId: 'openai' },
            },
            effectiveAt: '2026-04-01T00:00:00.000Z',
            reason: 'refinanced',
          },
        ]);
    });

    it('refuses a cure without a reason', () => {
      given
        .when({
          command: 'cure-default',
          id: 'openai',
          effectiveAt: '2026-04-01',
          reason: ' ',
        })
        .thenRefuses(ValidationError, /^reason: /);
    });

    it('refuses a cure dated before the default', () => {
      given
        .when({
          command: 'cure-default',
          id: 'openai',
          effectiveAt: '2026-02-01',
          reason: 'r',
        })
        .thenRefuses(
          RuleViolationError,
          /^effectiveAt: must not be before the default/,
        );
    });

    it('is active again after the cure, with its financials folded in', () => {
      const state = fold(evolveCompany, initialCompanyState, [
        registered,
        defaulted,
        {
          event: { type: 'CompanyDefaultCured', data: { companyId: 'openai' } },
          effectiveAt: '2026-04-01T00:00:00.000Z',
          reason: 'r',
        },
        {
          event: {
            type: 'CompanyFinancialsReported',
            data: { companyId: 'openai', equityUsd: 70e9 },
          },
          effectiveAt: '2026-05-01T00:00:00.000Z',
          reason: null,
        },
      ]);
      expect(state).toMatchObject({
        status: 'active',
        defaultedAt: null,
        equityUsd: 70e9,
        externalAssetsUsd: 40e9,
      });
    });
  });
});
