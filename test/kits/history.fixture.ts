import {
  DealParties,
  DealTerms,
  LedgerEvent,
} from '../../src/ledger/domain/ledger.events';
import { DatedEvent, datedEvent } from '../../src/exposure/domain/dated-event';

const ms = (iso: string): number => Date.parse(iso);

/**
 * Given-helper: a history of ledger envelopes with positions 1, 2, … and a recorded time that
 * each event names (`recordedAt`) or that advances one minute per event from `start`.
 */
export class History {
  readonly envelopes: DatedEvent[] = [];
  private clockMs: number;

  constructor(start = '2026-01-01T00:00:00Z') {
    this.clockMs = ms(start);
  }

  get head(): number {
    return this.envelopes.length;
  }

  /** Recorded time of the last event. */
  get lastRecordedAt(): string {
    return new Date(
      this.envelopes[this.envelopes.length - 1].recordedAtMs,
    ).toISOString();
  }

  add(event: LedgerEvent, effectiveAt: string, recordedAt?: string): this {
    this.clockMs = recordedAt ? ms(recordedAt) : this.clockMs + 60_000;
    // the envelope the store's events become (toDatedEvent), so the specs fold the same shape
    this.envelopes.push(
      datedEvent(
        this.envelopes.length + 1,
        this.clockMs,
        ms(effectiveAt),
        event.type,
        event.data,
        undefined,
      ),
    );
    return this;
  }

  /** The last event was announced at `announcedAt` (at or before its recording). */
  announced(announcedAt: string): this {
    const last = this.envelopes[this.envelopes.length - 1];
    this.envelopes[this.envelopes.length - 1] = datedEvent(
      last.position,
      last.recordedAtMs,
      last.effectiveAtMs,
      last.event.type,
      last.event.data,
      ms(announcedAt),
    );
    return this;
  }

  company(
    id: string,
    effectiveAt = '2000-01-01',
    extra: { equityUsd?: number; externalAssetsUsd?: number } = {},
    recordedAt?: string,
  ): this {
    return this.add(
      {
        type: 'CompanyRegistered',
        data: {
          companyId: id,
          name: id.toUpperCase(),
          sector: null,
          equityUsd: extra.equityUsd ?? null,
          externalAssetsUsd: extra.externalAssetsUsd ?? null,
          externalLiabilitiesUsd: null,
        },
      },
      effectiveAt,
      recordedAt,
    );
  }

  deal(
    id: string,
    parties: DealParties,
    terms: Partial<DealTerms>,
    effectiveAt: string,
    recordedAt?: string,
  ): this {
    return this.add(
      {
        type: 'DealRecorded',
        data: {
          dealId: id,
          ...parties,
          amountUsd: terms.amountUsd === undefined ? null : terms.amountUsd,
          startDate: terms.startDate ? iso(terms.startDate) : null,
          endDate: terms.endDate ? iso(terms.endDate) : null,
          schedule: terms.schedule
            ? terms.schedule.map((i) => ({
                date: iso(i.date),
                amountUsd: i.amountUsd,
              }))
            : null,
          category: terms.category ?? null,
          vendorFinancing: terms.vendorFinancing ?? false,
          source: null,
          notes: null,
          certainty: terms.certainty ?? 'binding',
          confidence: terms.confidence ?? 'high',
          estimateUsd: terms.estimateUsd ?? null,
          damagesRate: terms.damagesRate ?? null,
          capacityGw: terms.capacityGw ?? null,
        },
      },
      effectiveAt,
      recordedAt,
    );
  }

  /** A filing (CompanyFinancialsReported with a balance sheet), effective at its period end. */
  report(
    companyId: string,
    periodEnd: string,
    figures: {
      totalAssetsUsd: number;
      totalLiabilitiesUsd: number;
      equityUsd?: number;
      cashUsd?: number;
      source?: string;
      confidence?: 'high' | 'medium' | 'low';
    },
    recordedAt?: string,
  ): this {
    return this.add(
      {
        type: 'CompanyFinancialsReported',
        data: { companyId, ...figures },
      },
      periodEnd,
      recordedAt,
    );
  }

  amend(
    id: string,
    changes: Partial<DealTerms>,
    effectiveAt: string,
    recordedAt?: string,
  ): this {
    return this.add(
      { type: 'DealAmended', data: { dealId: id, changes } },
      effectiveAt,
      recordedAt,
    );
  }

  pay(
    id: string,
    amountUsd: number,
    effectiveAt: string,
    recordedAt?: string,
  ): this {
    return this.add(
      { type: 'DealPaymentRecorded', data: { dealId: id, amountUsd } },
      effectiveAt,
      recordedAt,
    );
  }

  writeDown(
    id: string,
    amountUsd: number,
    effectiveAt: string,
    recordedAt?: string,
  ): this {
    return this.add(
      { type: 'DealWrittenDown', data: { dealId: id, amountUsd } },
      effectiveAt,
      recordedAt,
    );
  }

  terminate(id: string, effectiveAt: string, recordedAt?: string): this {
    return this.add(
      { type: 'DealTerminated', data: { dealId: id } },
      effectiveAt,
      recordedAt,
    );
  }

  retract(id: string, effectiveAt: string, recordedAt?: string): this {
    return this.add(
      { type: 'DealRetracted', data: { dealId: id } },
      effectiveAt,
      recordedAt,
    );
  }

  defaulted(
    companyId: string,
    effectiveAt: string,
    recoveryRate: number | null = null,
    recordedAt?: string,
  ): this {
    return this.add(
      { type: 'CompanyDefaulted', data: { companyId, recoveryRate } },
      effectiveAt,
      recordedAt,
    );
  }

  cured(companyId: string, effectiveAt: string, recordedAt?: string): this {
    return this.add(
      { type: 'CompanyDefaultCured', data: { companyId } },
      effectiveAt,
      recordedAt,
    );
  }
}

export function iso(dateOrInstant: string): string {
  return new Date(ms(dateOrInstant)).toISOString();
}

export const supply = (buyer: string, seller: string): DealParties => ({
  kind: 'supply',
  buyer,
  seller,
});
export const loan = (lender: string, borrower: string): DealParties => ({
  kind: 'loan',
  lender,
  borrower,
});
export const investment = (
  investor: string,
  investee: string,
): DealParties => ({ kind: 'investment', investor, investee });

/**
 * Two companies and one supply deal recorded in 2025, with a backdated amendment recorded on
 * 2025-09-01 and effective 2025-03-01: the point-in-time specs' common history.
 */
export function backdatedAmendment(): History {
  return new History()
    .company('bank', '2000-01-01', {}, '2025-01-01T00:00:00Z')
    .company('acme', '2000-01-01', {}, '2025-01-01T00:00:01Z')
    .deal(
      's1',
      supply('acme', 'bank'),
      { amountUsd: 300 },
      '2025-01-01',
      '2025-01-02T00:00:00Z',
    )
    .amend('s1', { amountUsd: 250 }, '2025-03-01', '2025-09-01T00:00:00Z');
}
