import {
  assertNever,
  CompanyEvent,
  DealConfidence,
} from '../../ledger/domain/ledger.events';
import { DatedEvent } from './dated-event';

/** A filing's figures (CompanyFinancialsReported with total assets and liabilities); its effective time is the period end. */
export interface FinancialReport {
  readonly periodEndMs: number;
  readonly totalAssetsUsd: number;
  readonly totalLiabilitiesUsd: number;
  /** As reported (within 1 % of assets − liabilities). */
  readonly equityUsd: number;
  readonly cashUsd: number | null;
  readonly operatingCashFlowUsd: number | null;
  readonly source: string | null;
  /** high for a filing (the default); low for an estimate (a private company's figures from press reports). */
  readonly confidence: DealConfidence;
}

/** One company as folded from its events up to a valid time. */
export interface CompanyStanding {
  readonly companyId: string;
  readonly name: string;
  readonly sector: string | null;
  readonly equityUsd: number | null;
  readonly externalAssetsUsd: number | null;
  readonly externalLiabilitiesUsd: number | null;
  readonly defaulted: boolean;
  readonly defaultedAtMs: number | null;
  readonly recoveryRate: number | null;
  readonly registeredAtMs: number;
  readonly lastPosition: number;
  /** The latest filing effective by then (events fold in effective order), null when none. */
  readonly report: FinancialReport | null;
}

/** What every answer about a company says of it: who it is and its figures as they stand. */
export function companyFigures(c: CompanyStanding) {
  return {
    id: c.companyId,
    name: c.name,
    sector: c.sector,
    equityUsd: c.equityUsd,
    externalAssetsUsd: c.externalAssetsUsd,
    externalLiabilitiesUsd: c.externalLiabilitiesUsd,
    defaulted: c.defaulted,
    recoveryRate: c.recoveryRate,
  };
}

/** Applies one event to a company; `undefined` before its CompanyRegistered. Pure. */
export function evolveCompanyStanding(
  state: CompanyStanding | undefined,
  envelope: DatedEvent & { event: CompanyEvent },
): CompanyStanding | undefined {
  const { event } = envelope;
  if (event.type === 'CompanyRegistered') {
    if (state !== undefined) return state;
    const d = event.data;
    return {
      companyId: d.companyId,
      name: d.name,
      sector: d.sector ?? null,
      equityUsd: d.equityUsd ?? null,
      externalAssetsUsd: d.externalAssetsUsd ?? null,
      externalLiabilitiesUsd: d.externalLiabilitiesUsd ?? null,
      defaulted: false,
      defaultedAtMs: null,
      recoveryRate: null,
      registeredAtMs: envelope.effectiveAtMs,
      lastPosition: envelope.position,
      report: null,
    };
  }
  if (state === undefined) return undefined;
  switch (event.type) {
    case 'CompanyFinancialsReported': {
      const d = event.data;
      const report: FinancialReport | null =
        d.totalAssetsUsd !== undefined && d.totalLiabilitiesUsd !== undefined
          ? {
              periodEndMs: envelope.effectiveAtMs,
              totalAssetsUsd: d.totalAssetsUsd,
              totalLiabilitiesUsd: d.totalLiabilitiesUsd,
              equityUsd:
                d.equityUsd ?? d.totalAssetsUsd - d.totalLiabilitiesUsd,
              cashUsd: d.cashUsd ?? null,
              operatingCashFlowUsd: d.operatingCashFlowUsd ?? null,
              source: d.source ?? null,
              confidence: d.confidence ?? 'high',
            }
          : state.report;
      return {
        ...state,
        report,
        equityUsd:
          report !== state.report
            ? report!.equityUsd
            : (d.equityUsd ?? state.equityUsd),
        externalAssetsUsd: d.externalAssetsUsd ?? state.externalAssetsUsd,
        externalLiabilitiesUsd:
          d.externalLiabilitiesUsd ?? state.externalLiabilitiesUsd,
        lastPosition: envelope.position,
      };
    }
    case 'CompanyDefaulted':
      return {
        ...state,
        defaulted: true,
        defaultedAtMs: envelope.effectiveAtMs,
        recoveryRate: event.data.recoveryRate ?? null,
        lastPosition: envelope.position,
      };
    case 'CompanyDefaultCured':
      return {
        ...state,
        defaulted: false,
        defaultedAtMs: null,
        recoveryRate: null,
        lastPosition: envelope.position,
      };
    default:
      return assertNever(event);
  }
}
