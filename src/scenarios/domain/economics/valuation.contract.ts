/**
 * The types of the valuation seam (src/exposure/domain/valuation.ts, built beside this folder):
 * a copy of the types only, so the scenario economics compile and are tested before the two meet.
 * At the merge this file re-exports the real module's types and is then removed.
 */
import type { DealKind } from '../../../ledger/domain/ledger.events';

export const CERTAINTIES = ['binding', 'conditional', 'intent'] as const;
export type Certainty = (typeof CERTAINTIES)[number];
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const ESTIMATE_CHOICES = ['omit', 'low', 'central', 'high'] as const;
export type EstimateChoice = (typeof ESTIMATE_CHOICES)[number];
export const CAVEAT_KINDS = [
  'estimated-amount',
  'omitted-unpriced',
  'below-certainty',
  'low-confidence',
  'assumed-term',
  'stale-financials',
  'assumed-financials',
] as const;
export type CaveatKind = (typeof CAVEAT_KINDS)[number];
export interface Caveat {
  readonly kind: CaveatKind;
  readonly deal?: string;
  readonly company?: string;
  readonly detail: string;
}

export interface ValuationSettings {
  readonly horizonDays: number;
  readonly damagesRate: number;
  readonly minCertainty: Certainty;
  readonly minConfidence: Confidence;
  readonly estimates: EstimateChoice;
}

export interface ValuedLeg {
  readonly dealId: string;
  readonly kind: DealKind;
  readonly holder: string;
  readonly counterparty: string;
  readonly basis: 'loan-principal' | 'supply-commitment' | 'carrying-value';
  readonly grossUsd: number;
  readonly lossGivenDefaultUsd: number;
  readonly arrearsUsd: number;
  readonly dueWithinHorizonUsd: number;
  readonly dueAfterHorizonUsd: number;
  readonly damagesRate: number;
}

export interface DealValuation {
  readonly dealId: string;
  readonly kind: DealKind;
  readonly included: boolean;
  readonly amountUsd: number | null;
  readonly estimated: boolean;
  readonly legs: readonly ValuedLeg[];
  readonly capacityAtRisk?: {
    readonly buyer: string;
    readonly seller: string;
    readonly usd: number;
    readonly gw: number | null;
  };
  readonly unfunded?: {
    readonly investee: string;
    readonly investor: string;
    readonly usd: number;
    readonly dueWithinHorizonUsd: number;
  };
  dueBetween(fromMs: number, toMs: number): number;
  readonly caveats: readonly Caveat[];
}

export interface BalanceSheetAt {
  readonly companyId: string;
  readonly periodEnd: string | null;
  readonly reported: boolean;
  readonly totalAssetsUsd: number | null;
  readonly totalLiabilitiesUsd: number | null;
  readonly equityUsd: number | null;
  readonly cashUsd: number | null;
  readonly operatingCashFlowUsd: number | null;
  readonly source: string | null;
  readonly externalAssetsUsd: number | null;
  readonly externalLiabilitiesUsd: number | null;
  readonly flows: {
    readonly cashUsd: number;
    readonly equityUsd: number;
    readonly stakesUsd: number;
    readonly count: number;
  };
  readonly caveats: readonly Caveat[];
}
