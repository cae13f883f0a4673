import { ValidationError } from '../../../shared/errors';
import type { DealKind } from '../../../ledger/domain/ledger.events';
import type { BalanceSheetAt } from '../../../exposure/domain/balance-sheet';
import type {
  Caveat,
  Certainty,
  Confidence,
  DealValuation,
  EstimateChoice,
} from '../../../exposure/domain/valuation';

/** What a shock selector matches a deal on. */
export interface DealFacts {
  readonly dealId: string;
  readonly kind: DealKind;
  readonly category: string | null;
  /** Supply deals only. */
  readonly buyer?: string;
  readonly seller?: string;
}

/** How the models read the market (DESIGN.md "Contagion models", Readings). */
export {
  SCENARIO_BASES as BASES,
  type ScenarioBasis as Basis,
} from '../../../contracts';
import type { ScenarioBasis as Basis } from '../../../contracts';

/**
 * The scenario parameters the economics read (names as in API.md). The scenario definition's
 * `params` satisfy this type.
 */
export interface EconomicParams {
  readonly alpha?: number;
  readonly beta?: number;
  readonly recoveryRate?: number;
  readonly equityRecoveryRate?: number;
  readonly horizonDays?: number;
  readonly damagesRate?: number;
  readonly basis?: Basis;
  readonly periods?: 'year';
  readonly minCertainty?: Certainty;
  readonly minConfidence?: Confidence;
  readonly estimates?: EstimateChoice;
}

/** The parameters a run used, every default filled in (reported with the result). */
export interface ParamsUsed {
  readonly basis: Basis;
  readonly alpha: number;
  readonly beta: number;
  readonly recoveryRate: number;
  readonly equityRecoveryRate: number;
  /**
   * null under `full-commitment` without one (every remaining commitment is owed now) and with
   * `periods` (each period is a year).
   */
  readonly horizonDays: number | null;
  readonly damagesRate: number;
  readonly minCertainty: Certainty;
  readonly minConfidence: Confidence;
  readonly estimates: EstimateChoice;
  readonly periods?: 'year';
}

export function paramsUsed(params: EconomicParams): ParamsUsed {
  const basis = params.basis ?? 'balance-sheet';
  if (params.periods !== undefined) {
    // The year-by-year clearing is a reading of the liquidity basis: each period is a year and the
    // clearing runs to the last maturity, so a horizon has no meaning there (refused, not ignored).
    if (basis !== 'liquidity')
      throw new ValidationError(
        'params.periods',
        `periods: "year" is a reading of the liquidity basis (give basis: "liquidity"), not of ${basis}`,
      );
    if (params.horizonDays !== undefined)
      throw new ValidationError(
        'params.horizonDays',
        'with periods: "year" every period is a year and the clearing runs to the last maturity: leave horizonDays out',
      );
  }
  const used: ParamsUsed = {
    basis,
    alpha: params.alpha ?? 1,
    beta: params.beta ?? 1,
    recoveryRate: params.recoveryRate ?? 0,
    equityRecoveryRate: params.equityRecoveryRate ?? 0,
    horizonDays:
      params.horizonDays ??
      (basis === 'full-commitment' || params.periods !== undefined
        ? null
        : 365),
    damagesRate: params.damagesRate ?? 0.25,
    minCertainty: params.minCertainty ?? 'binding',
    minConfidence: params.minConfidence ?? 'low',
    estimates: params.estimates ?? 'central',
  };
  return params.periods === undefined
    ? used
    : { ...used, periods: params.periods };
}

/** One company at the scenario's date. */
export interface MarketCompany {
  readonly id: string;
  readonly sector: string | null;
  /** null: nothing recorded (a company named only by a deal). */
  readonly sheet: BalanceSheetAt | null;
  /** In default in the history itself, with its recorded recovery. */
  readonly defaulted: boolean;
  readonly recoveryRate: number | null;
}

/** One deal at the scenario's date: its valuation and what shock selectors match it on. */
export interface MarketDeal {
  readonly facts: DealFacts;
  readonly valuation: DealValuation;
}

/** Everything the economics need at a date, as plain data (built from the point-in-time source). */
export interface Market {
  readonly companies: readonly MarketCompany[];
  readonly deals: readonly MarketDeal[];
  /** The scenario's date (ms since the epoch): the year-by-year clearing counts its years from it. */
  readonly atMs?: number;
}

/** Caveats without repeats, in first-seen order. */
export function uniqueCaveats(list: Iterable<Caveat>): Caveat[] {
  const seen = new Set<string>();
  const out: Caveat[] = [];
  for (const c of list) {
    const key = `${c.kind}|${c.deal ?? ''}|${c.company ?? ''}|${c.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}
