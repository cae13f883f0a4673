import { assertNever, CompanyEvent } from '../../ledger/domain/ledger.events';
import { LedgerEnvelope } from './ledger-envelope';

/** One company as folded from its events up to a valid time. */
export interface CompanyState {
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
}

/** Applies one event to a company; `undefined` before its CompanyRegistered. Pure. */
export function evolveCompany(
  state: CompanyState | undefined,
  envelope: LedgerEnvelope & { event: CompanyEvent },
): CompanyState | undefined {
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
    };
  }
  if (state === undefined) return undefined;
  switch (event.type) {
    case 'CompanyFinancialsReported': {
      const d = event.data;
      return {
        ...state,
        equityUsd: d.equityUsd ?? state.equityUsd,
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
