import { CONTAGION_MODELS, ContagionModelName } from '../../contagion/model';
import { rate } from '../../ledger/domain/ledger.rules';
import { ValidationError } from '../../shared/errors';
import { parseSlug } from '../../shared/ids';
import { JsonObject, JsonValue } from '../../shared/json';
import { Instant, parseInstant, parseOptionalInstant } from '../../shared/time';
import type {
  Certainty,
  Confidence,
  EstimateChoice,
} from '../../exposure/domain/valuation';
import type { Basis } from './economics/market';
import type { EconomicShock as DefinedShock } from './economics/shocks';

/** The shocks as defined (API.md "Scenarios"): one type, the economics' own. */
export type {
  EconomicShock as DefinedShock,
  HaircutSelector,
  HaircutShock,
} from './economics/shocks';
export { HAIRCUT_SELECTORS } from './economics/shocks';

import { SCENARIO_PERIODS } from '../../contracts';
export { SCENARIO_PERIODS };

/**
 * The model's parameters as defined (API.md "Scenarios"); absent ones take the documented defaults
 * where they are read (equityRecoveryRate 0, horizonDays 365, damagesRate 0.25, basis
 * balance-sheet, minCertainty binding, minConfidence low, estimates central), never here: the
 * definition records what was asked.
 */
export interface ScenarioParams {
  readonly alpha?: number;
  readonly beta?: number;
  readonly recoveryRate?: number;
  readonly equityRecoveryRate?: number;
  /** Supply deals owe only what falls due within this many days of `at` (plus arrears). */
  readonly horizonDays?: number;
  readonly damagesRate?: number;
  readonly basis?: Basis;
  readonly periods?: (typeof SCENARIO_PERIODS)[number];
  readonly minCertainty?: Certainty;
  readonly minConfidence?: Confidence;
  readonly estimates?: EstimateChoice;
}

/**
 * A hypothetical event merged into the real history by its effective time: any ledger event
 * (`{ type: 'DealRecorded' | 'DealAmended' | 'DealTerminated' | 'DealPaymentRecorded' |
 * 'DealWrittenDown' | 'CompanyRegistered' | 'CompanyFinancialsReported' | 'CompanyDefaulted' |
 * 'CompanyDefaultCured', effectiveAt, data }` with the ledger's data shape), or
 * `{ type: 'SuppressDeal', deal }`: the real deal never happened (all its events are left out).
 */
export type OverlayItem =
  | { readonly type: 'SuppressDeal'; readonly deal: string }
  | {
      readonly type: OverlayLedgerType;
      readonly effectiveAt: Instant;
      readonly data: JsonObject;
    };

import { OVERLAY_EVENT_TYPES as OVERLAY_LEDGER_TYPES } from '../../contracts';
export { OVERLAY_LEDGER_TYPES };
export type OverlayLedgerType = (typeof OVERLAY_LEDGER_TYPES)[number];

export interface ScenarioDefinition {
  readonly name: string;
  readonly at: Instant;
  /** Absent: now, fixed when the scenario first runs. */
  readonly knownAt?: Instant;
  readonly model: ContagionModelName;
  readonly params: ScenarioParams;
  readonly shocks: readonly DefinedShock[];
  readonly overlay: readonly OverlayItem[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function only(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      throw new ValidationError(
        path ? `${path}.${key}` : key,
        'is not a known field',
      );
  }
}

export function parseModel(
  value: unknown,
  field = 'model',
): ContagionModelName {
  if (
    typeof value !== 'string' ||
    !(CONTAGION_MODELS as readonly string[]).includes(value)
  ) {
    throw new ValidationError(
      field,
      `must be one of ${CONTAGION_MODELS.join(', ')}`,
    );
  }
  return value as ContagionModelName;
}

function dropUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(
    Object.entries(obj).filter(([, v]) => v !== undefined),
  ) as T;
}

/** The shocks as the edge checked them (CreateScenarioDto, SweepDto), as plain data. */
export function definedShocks(
  shocks: readonly DefinedShock[] = [],
): DefinedShock[] {
  return shocks.map((shock) => dropUndefined({ ...shock }));
}

const ID_FIELD: Record<OverlayLedgerType, 'companyId' | 'dealId'> = {
  CompanyRegistered: 'companyId',
  CompanyFinancialsReported: 'companyId',
  CompanyDefaulted: 'companyId',
  CompanyDefaultCured: 'companyId',
  DealRecorded: 'dealId',
  DealAmended: 'dealId',
  DealTerminated: 'dealId',
  DealPaymentRecorded: 'dealId',
  DealWrittenDown: 'dealId',
};

/**
 * The overlay's domain rules: each item a SuppressDeal or a ledger event type with its effective
 * time and the fields the exposure fold reads (the edge has checked it is an array of objects).
 */
export function parseOverlay(
  items: readonly object[] = [],
  field = 'overlay',
): OverlayItem[] {
  return items.map((item, i): OverlayItem => {
    const path = `${field}[${i}]`;
    const raw = item as Record<string, unknown>;
    if (raw.type === 'SuppressDeal') {
      only(raw, ['type', 'deal'], path);
      return {
        type: 'SuppressDeal',
        deal: parseSlug(raw.deal, `${path}.deal`),
      };
    }
    if (
      typeof raw.type !== 'string' ||
      !(OVERLAY_LEDGER_TYPES as readonly string[]).includes(raw.type)
    ) {
      throw new ValidationError(
        `${path}.type`,
        `must be SuppressDeal or one of ${OVERLAY_LEDGER_TYPES.join(', ')}`,
      );
    }
    only(raw, ['type', 'effectiveAt', 'data'], path);
    const type = raw.type as OverlayLedgerType;
    const effectiveAt = parseInstant(raw.effectiveAt, `${path}.effectiveAt`);
    if (!isObject(raw.data))
      throw new ValidationError(`${path}.data`, 'must be an object');
    const data = raw.data as JsonObject;
    parseSlug(data[ID_FIELD[type]], `${path}.data.${ID_FIELD[type]}`);
    checkOverlayData(type, data, `${path}.data`);
    return { type, effectiveAt, data };
  });
}

const money = (
  value: JsonValue | undefined,
  field: string,
  allowNegative = false,
): void => {
  if (value === undefined || value === null) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (!allowNegative && value < 0)
  ) {
    throw new ValidationError(
      field,
      allowNegative ? 'must be a finite number' : 'must be a finite number ≥ 0',
    );
  }
};

/** The fields the exposure engine folds, checked so a hypothetical event cannot break the fold. */
function checkOverlayData(
  type: OverlayLedgerType,
  data: JsonObject,
  path: string,
): void {
  switch (type) {
    case 'CompanyRegistered':
      if (typeof data.name !== 'string')
        throw new ValidationError(`${path}.name`, 'must be a string');
      money(data.equityUsd, `${path}.equityUsd`, true);
      money(data.externalAssetsUsd, `${path}.externalAssetsUsd`);
      money(data.externalLiabilitiesUsd, `${path}.externalLiabilitiesUsd`);
      return;
    case 'CompanyFinancialsReported':
      money(data.equityUsd, `${path}.equityUsd`, true);
      money(data.externalAssetsUsd, `${path}.externalAssetsUsd`);
      money(data.externalLiabilitiesUsd, `${path}.externalLiabilitiesUsd`);
      return;
    case 'CompanyDefaulted':
      if (data.recoveryRate !== undefined && data.recoveryRate !== null)
        rate(data.recoveryRate, `${path}.recoveryRate`);
      return;
    case 'CompanyDefaultCured':
    case 'DealTerminated':
      return;
    case 'DealRecorded': {
      const roles: Record<string, [string, string]> = {
        supply: ['buyer', 'seller'],
        investment: ['investor', 'investee'],
        loan: ['lender', 'borrower'],
      };
      const kind = data.kind;
      if (typeof kind !== 'string' || !roles[kind])
        throw new ValidationError(
          `${path}.kind`,
          'must be supply, investment or loan',
        );
      for (const role of roles[kind]) parseSlug(data[role], `${path}.${role}`);
      money(data.amountUsd, `${path}.amountUsd`);
      for (const f of ['startDate', 'endDate'] as const)
        if (data[f] !== undefined && data[f] !== null)
          parseOptionalInstant(data[f], `${path}.${f}`);
      checkSchedule(data.schedule, `${path}.schedule`);
      return;
    }
    case 'DealAmended': {
      if (!isObject(data.changes))
        throw new ValidationError(`${path}.changes`, 'must be an object');
      const changes = data.changes;
      money(changes.amountUsd, `${path}.changes.amountUsd`);
      for (const f of ['startDate', 'endDate'] as const)
        if (changes[f] !== undefined && changes[f] !== null)
          parseOptionalInstant(changes[f], `${path}.changes.${f}`);
      checkSchedule(changes.schedule, `${path}.changes.schedule`);
      return;
    }
    case 'DealPaymentRecorded':
    case 'DealWrittenDown':
      if (
        typeof data.amountUsd !== 'number' ||
        !(data.amountUsd > 0) ||
        !Number.isFinite(data.amountUsd)
      )
        throw new ValidationError(
          `${path}.amountUsd`,
          'must be a positive finite number',
        );
      return;
  }
}

function checkSchedule(value: JsonValue | undefined, path: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value))
    throw new ValidationError(path, 'must be an array of { date, amountUsd }');
  value.forEach((item, k) => {
    if (!isObject(item))
      throw new ValidationError(`${path}[${k}]`, 'must be { date, amountUsd }');
    parseInstant(item.date, `${path}[${k}].date`);
    money(item.amountUsd, `${path}[${k}].amountUsd`);
  });
}

/** A POST /scenarios body as the edge (CreateScenarioDto) has checked it: fields, types and ranges. */
export interface CheckedScenarioBody {
  readonly name: string;
  readonly at: string;
  readonly knownAt?: string;
  readonly model: ContagionModelName;
  readonly params?: ScenarioParams;
  readonly shocks: readonly DefinedShock[];
  readonly overlay?: readonly object[];
}

/**
 * The definition of an edge-checked body: instants normalised to UTC, shocks as plain data, and the
 * overlay's rules (foldable hypothetical events), the first problem naming its path.
 */
export function scenarioDefinition(
  body: CheckedScenarioBody,
): ScenarioDefinition {
  return dropUndefined({
    name: body.name,
    at: parseInstant(body.at, 'at'),
    knownAt: parseOptionalInstant(body.knownAt, 'knownAt'),
    model: body.model,
    params: dropUndefined({ ...body.params }),
    shocks: definedShocks(body.shocks),
    overlay: parseOverlay(body.overlay),
  });
}
