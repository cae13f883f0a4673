/** Scenarios and analyses on the wire (API.md "Scenarios"). */
import type { DealKind } from './deals';

/** The contagion models, by the name `model` takes. */
export const CONTAGION_MODELS = [
  'eisenberg-noe',
  'rogers-veraart',
  'furfine',
  'debtrank',
] as const;
export type ContagionModelName = (typeof CONTAGION_MODELS)[number];

/** How the models read the market (`params.basis`, DESIGN.md "Contagion models", Readings). */
export const SCENARIO_BASES = [
  'balance-sheet',
  'liquidity',
  'full-commitment',
] as const;
export type ScenarioBasis = (typeof SCENARIO_BASES)[number];

/** `params.periods`: `year`, a year-by-year clearing. */
export const SCENARIO_PERIODS = ['year'] as const;
export type ScenarioPeriod = (typeof SCENARIO_PERIODS)[number];

/** A company's state after a run: `illiquid` cannot pay what falls due, `insolvent` owes more than it owns. */
export const COMPANY_STATUSES = ['solvent', 'illiquid', 'insolvent'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];

/** The shocks' `type`s. */
export const SHOCK_TYPES = [
  'default',
  'asset-shock',
  'cancel-deal',
  'haircut',
] as const;
export type ShockType = (typeof SHOCK_TYPES)[number];

/** The fields of each shock type besides `type`; a `haircut` takes exactly one selector. */
interface ShockFields {
  default: { company: string; recoveryRate?: number };
  'asset-shock': { fraction: number; companies?: string[]; sector?: string };
  'cancel-deal': { deal: string };
  haircut: {
    fraction: number;
    deal?: string;
    deals?: string[];
    category?: string;
    kind?: DealKind;
    buyer?: string;
    seller?: string;
  };
}

/**
 * A shock as POST /scenarios takes it, one shape per listed type (a type added to SHOCK_TYPES
 * without its fields here does not compile).
 */
export type ScenarioShock = {
  [T in ShockType]: { type: T } & ShockFields[T];
}[ShockType];

/** The ledger events an overlay item may add to the history (`data` as the ledger stores it). */
export const OVERLAY_EVENT_TYPES = [
  'CompanyRegistered',
  'CompanyFinancialsReported',
  'CompanyDefaulted',
  'CompanyDefaultCured',
  'DealRecorded',
  'DealAmended',
  'DealTerminated',
  'DealPaymentRecorded',
  'DealWrittenDown',
] as const;
export type OverlayEventType = (typeof OVERLAY_EVENT_TYPES)[number];

/** An overlay item as POST /scenarios takes it: a hypothetical event, or a real deal suppressed. */
export type ScenarioOverlayItem =
  | { type: 'SuppressDeal'; deal: string }
  | {
      type: OverlayEventType;
      effectiveAt: string;
      data: Record<string, unknown>;
    };
