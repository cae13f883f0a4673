import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  CAVEAT_KINDS,
  COMPANY_STATUSES,
  CONTAGION_MODELS,
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
  ESTIMATE_CHOICES,
  HEALTH_STATUSES,
  SCENARIO_BASES,
  SCENARIO_PERIODS,
} from '../contracts';
import { READ_ANSWER_SCHEMAS } from './openapi-answers.reads';
import {
  byKind,
  kind,
  nullableUsd,
  oneOf,
  ref,
  strings,
  usd,
} from './openapi-schema-kit';

/**
 * Schemas of the answers that have no DTO class (the read side answers plain views), as API.md
 * states them. Fields a client must be able to rely on are `required`; answers may carry more
 * (`additionalProperties`), so a field added on the server never breaks a generated client.
 * The typed client in src/api-client is generated from the document these are part of.
 */
export const ANSWER_SCHEMAS = {
  ...READ_ANSWER_SCHEMAS,
  Caveat: {
    type: 'object',
    description: 'An assumption the answer rests on',
    required: ['kind', 'detail'],
    properties: {
      kind: oneOf(CAVEAT_KINDS),
      deal: { type: 'string' },
      company: { type: 'string' },
      detail: { type: 'string' },
    },
    additionalProperties: true,
  },
  CompanyRow: {
    type: 'object',
    required: [
      'id',
      'equityUsd',
      'exposureOutUsd',
      'exposureInUsd',
      'defaulted',
    ],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      sector: { type: 'string', nullable: true },
      equityUsd: nullableUsd(),
      externalAssetsUsd: nullableUsd(),
      externalLiabilitiesUsd: nullableUsd(),
      exposureOutUsd: usd('What the company holds against others'),
      exposureInUsd: usd('What others hold against the company'),
      defaulted: { type: 'boolean' },
      recoveryRate: { type: 'number', nullable: true },
    },
    additionalProperties: true,
  },
  Edge: {
    type: 'object',
    required: ['holder', 'counterparty', 'kind', 'amountUsd', 'deals'],
    properties: {
      holder: { type: 'string' },
      counterparty: { type: 'string' },
      kind,
      amountUsd: usd('Gross exposure of holder to counterparty'),
      lossGivenDefaultUsd: usd(
        'What the holder’s equity loses if the counterparty fails with nothing recovered',
      ),
      deals: strings,
      unpricedDeals: {
        ...strings,
        description: 'Deals without a published amount: counted 0, listed here',
      },
    },
    additionalProperties: true,
  },
  ExposureNetwork: {
    type: 'object',
    description: 'The exposure network as of (at, knownAt)',
    required: ['at', 'knownAt', 'companies', 'edges'],
    properties: {
      at: { type: 'string' },
      knownAt: { type: 'string' },
      companies: { type: 'array', items: ref('CompanyRow') },
      edges: { type: 'array', items: ref('Edge') },
      caveats: { type: 'array', items: ref('Caveat') },
    },
    additionalProperties: true,
  },
  Counterparty: {
    type: 'object',
    required: ['id', 'exposureUsd', 'share'],
    properties: {
      id: { type: 'string' },
      exposureUsd: usd(),
      share: {
        type: 'number',
        description: 'Of the company’s total exposure out',
      },
      byKind: byKind(usd()),
      defaulted: { type: 'boolean' },
    },
    additionalProperties: true,
  },
  CompanyExposure: {
    type: 'object',
    description:
      'Totals by kind, top counterparties, concentration (Herfindahl, largest exposure / equity)',
    required: [
      'id',
      'equityUsd',
      'exposureOutUsd',
      'exposureInUsd',
      'topCounterparties',
    ],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      at: { type: 'string' },
      knownAt: { type: 'string' },
      equityUsd: nullableUsd(),
      defaulted: { type: 'boolean' },
      exposureOutUsd: usd(),
      exposureInUsd: usd(),
      byKind: byKind({
        type: 'object',
        required: ['outUsd', 'inUsd'],
        properties: { outUsd: usd(), inUsd: usd() },
      }),
      topCounterparties: { type: 'array', items: ref('Counterparty') },
      concentration: {
        type: 'object',
        properties: {
          herfindahl: { type: 'number' },
          counterparties: { type: 'integer' },
          largestExposureUsd: usd(),
          largestCounterparty: { type: 'string', nullable: true },
          largestShareOfEquity: { type: 'number', nullable: true },
        },
        additionalProperties: true,
      },
      caveats: { type: 'array', items: ref('Caveat') },
    },
    additionalProperties: true,
  },
  HistoryEntry: {
    type: 'object',
    required: [
      'revision',
      'type',
      'effectiveAt',
      'recordedAt',
      'actor',
      'reason',
      'changes',
    ],
    properties: {
      revision: { type: 'integer' },
      position: { type: 'integer' },
      type: { type: 'string' },
      effectiveAt: { type: 'string' },
      recordedAt: { type: 'string' },
      actor: { type: 'string' },
      reason: { type: 'string', nullable: true },
      changes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'from', 'to'],
          properties: { field: { type: 'string' }, from: {}, to: {} },
        },
      },
    },
    additionalProperties: true,
  },
  History: {
    type: 'array',
    description:
      'Every change: revision, type, effective and recorded time, actor, reason, and the fields it changed',
    items: ref('HistoryEntry'),
  },
  ScenarioCompany: {
    type: 'object',
    description:
      'One company in a run. The fields of the readings (status … capacityAtRiskUsd) are absent only on runs recorded before them (result without basis)',
    required: [
      'id',
      'equityBeforeUsd',
      'lossUsd',
      'equityAfterUsd',
      'defaulted',
      'defaultRound',
    ],
    properties: {
      id: { type: 'string' },
      equityBeforeUsd: usd(),
      lossUsd: usd('The scenario’s loss less the baseline’s'),
      lossDirectUsd: usd(
        'Taken in round 1: its own shock and its claims on the shocked companies (a shocked company: all its loss; a gain counts here)',
      ),
      lossContagionUsd: usd(
        'The rest of the loss, through the cascade (lossUsd − lossDirectUsd, never negative)',
      ),
      equityAfterUsd: usd(),
      status: { type: 'string', enum: [...COMPANY_STATUSES] },
      defaulted: {
        type: 'boolean',
        description:
          'In default in the run, whether the shock caused it or it was failingWithoutShock',
      },
      defaultRound: {
        type: 'integer',
        nullable: true,
        description:
          'null when the company did not default; 0 for the shocked defaults',
      },
      defaultYear: {
        type: 'integer',
        description: 'With periods: the year of the default',
      },
      failingWithoutShock: {
        type: 'boolean',
        description: 'Fails in the baseline (the same run with no shock)',
      },
      capacityAtRiskUsd: usd(
        'What it no longer gets from suppliers the shock brought down (reported, not a loss)',
      ),
      capacityAtRiskGw: {
        type: 'number',
        nullable: true,
        description: 'The same in GW, where the deals record it',
      },
      liquidityShortfallUsd: usd('liquidity reading: what it cannot pay'),
      paymentUsd: usd('Clearing payment (Eisenberg–Noe, Rogers–Veraart)'),
      distress: { type: 'number', description: 'DebtRank distress in [0, 1]' },
    },
    additionalProperties: true,
  },
  ScenarioParamsUsed: {
    type: 'object',
    description: 'The parameters the run used, every default filled in',
    required: [
      'basis',
      'alpha',
      'beta',
      'recoveryRate',
      'equityRecoveryRate',
      'horizonDays',
      'damagesRate',
      'minCertainty',
      'minConfidence',
      'estimates',
    ],
    properties: {
      basis: {
        type: 'string',
        enum: [...SCENARIO_BASES],
      },
      alpha: { type: 'number' },
      beta: { type: 'number' },
      recoveryRate: { type: 'number' },
      equityRecoveryRate: { type: 'number' },
      horizonDays: {
        type: 'number',
        nullable: true,
        description: 'null: full-commitment without one (all owed now)',
      },
      damagesRate: { type: 'number' },
      minCertainty: {
        type: 'string',
        enum: [...DEAL_CERTAINTIES],
      },
      minConfidence: { type: 'string', enum: [...DEAL_CONFIDENCES] },
      estimates: { type: 'string', enum: [...ESTIMATE_CHOICES] },
      periods: { type: 'string', enum: [...SCENARIO_PERIODS] },
    },
    additionalProperties: false,
  },
  ScenarioResult: {
    type: 'object',
    description:
      'A run’s result (API.md "Scenarios"). basis, params, baselineDefaults and caveats are absent only on runs recorded before the readings (computed on the full-commitment reading, without a baseline)',
    required: [
      'companies',
      'defaults',
      'rounds',
      'initialLossUsd',
      'totalLossUsd',
      'amplification',
    ],
    properties: {
      model: {
        type: 'string',
        enum: [...CONTAGION_MODELS],
      },
      basis: {
        type: 'string',
        enum: [...SCENARIO_BASES],
      },
      params: ref('ScenarioParamsUsed'),
      companies: { type: 'array', items: ref('ScenarioCompany') },
      defaults: {
        ...strings,
        description: 'Companies the shock caused to default, in order',
      },
      baselineDefaults: {
        ...strings,
        description: 'Companies that fail with no shock at all',
      },
      rounds: { type: 'integer' },
      years: {
        type: 'integer',
        description:
          'With periods: "year": how many years were cleared, from `at` to the last maturity',
      },
      initialLossUsd: usd(
        'The part of totalLossUsd taken in round 1, measured as it is: every lossDirectUsd, and (clearing models) what the outside creditors of the companies the scenario defaults lose; never above totalLossUsd',
      ),
      totalLossUsd: usd(),
      amplification: { type: 'number', nullable: true },
      grossMultiplier: { type: 'number', nullable: true },
      netMultiplier: { type: 'number', nullable: true },
      externalCreditorLossUsd: usd(),
      debtRank: { type: 'number' },
      caveats: { type: 'array', items: ref('Caveat') },
    },
    additionalProperties: true,
  },
  ScenarioRun: {
    type: 'object',
    description: 'The saved scenario’s id and its result',
    required: ['id', 'result'],
    properties: {
      id: { type: 'string' },
      result: ref('ScenarioResult'),
      knownAt: { type: 'string' },
      position: { type: 'integer' },
    },
    additionalProperties: true,
  },
  ChainReport: {
    type: 'object',
    description:
      'The hash chain of every stream, and its first broken link if any',
    required: ['ok', 'checked', 'broken'],
    properties: {
      ok: { type: 'boolean' },
      checked: { type: 'integer', description: 'Events checked' },
      streams: { type: 'integer' },
      broken: {
        type: 'array',
        items: {
          type: 'object',
          required: ['stream', 'revision', 'position', 'problems'],
          properties: {
            stream: { type: 'string' },
            revision: { type: 'integer' },
            position: { type: 'integer' },
            problems: strings,
          },
          additionalProperties: true,
        },
      },
      anchoredStreams: { type: 'integer' },
      firstBroken: {
        type: 'object',
        nullable: true,
        description: 'The first break in global order, null when intact',
        required: ['stream', 'revision', 'position', 'problems'],
        properties: {
          stream: { type: 'string' },
          revision: { type: 'integer' },
          position: { type: 'integer' },
          problems: strings,
        },
      },
      store: {
        type: 'object',
        description:
          'The store as a whole: its id, its seal and the anchor kept outside it',
        properties: {
          storeId: { type: 'string', nullable: true },
          sealed: { type: 'boolean' },
          head: {
            type: 'object',
            nullable: true,
            properties: {
              position: { type: 'integer' },
              seal: { type: 'string' },
            },
          },
          anchor: {
            type: 'object',
            nullable: true,
            properties: {
              storeId: { type: 'string' },
              position: { type: 'integer' },
              seal: { type: 'string' },
            },
          },
          trouble: { type: 'string' },
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },
  Health: {
    type: 'object',
    description: 'Liveness and readiness: 200 when ready, 503 otherwise',
    required: ['status', 'ready', 'eventStore', 'parts'],
    properties: {
      status: { type: 'string', enum: [...HEALTH_STATUSES] },
      ready: { type: 'boolean' },
      eventStore: {
        type: 'object',
        required: ['kind', 'state'],
        properties: {
          kind: { type: 'string' },
          state: { type: 'string' },
          location: { type: 'string' },
          headPosition: { type: 'integer' },
          detail: { type: 'string' },
        },
        additionalProperties: true,
      },
      parts: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
    additionalProperties: true,
  },
} satisfies Record<string, SchemaObject>;
