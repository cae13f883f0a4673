/** Scenarios and analyses on the wire (API.md "Scenarios"). */

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
