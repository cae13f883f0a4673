import type { ProjectionUpdate } from '../../projections/projection-updates';
import { creditorDebtor, DealKind } from '../../ledger/domain/ledger.events';
import { dealWorth } from './deal.worth';
import { entityOf, DatedEvent } from './dated-event';
import { TemporalIndex } from './temporal-index';
import { worthAll } from './exposure.views';

/** An event effective more than this before it was recorded is backdated. */
export const BACKDATED_TOLERANCE_MS = 60_000;

const DEAL_UPDATE = {
  DealRecorded: 'deal.recorded',
  DealAmended: 'deal.amended',
  DealTerminated: 'deal.terminated',
  DealPaymentRecorded: 'deal.payment-recorded',
  DealWrittenDown: 'deal.written-down',
  DealRetracted: 'deal.retracted',
} as const;

const COMPANY_UPDATE = {
  CompanyRegistered: 'company.registered',
  CompanyFinancialsReported: 'company.financials-reported',
  CompanyDefaulted: 'company.defaulted',
  CompanyDefaultCured: 'company.default-cured',
} as const;

/** One exposure edge between two companies: its amount and the deals that make it up. */
export interface PairAmount {
  holder: string;
  counterparty: string;
  kind: DealKind;
  amountUsd: number;
  deals: string[];
}

/**
 * The edges between two companies (both directions) at `t` as known at `known`, keyed by
 * holder, counterparty and kind. (Also the live channel's, for a subscriber's own date.)
 */
export function pairAmounts(
  index: TemporalIndex,
  a: string,
  b: string,
  t: number,
  known: number,
): Map<string, PairAmount> {
  const deals = index
    .dealsOf(a, t, known)
    .filter(
      (d) =>
        (d.creditor === a && d.debtor === b) ||
        (d.creditor === b && d.debtor === a),
    );
  const out = new Map<string, PairAmount>();
  for (const { state, worth } of worthAll(deals, t)) {
    for (const leg of worth.legs) {
      const key = `${leg.holder}\u0000${leg.counterparty}\u0000${leg.kind}`;
      const cur = out.get(key) ?? {
        holder: leg.holder,
        counterparty: leg.counterparty,
        kind: leg.kind,
        amountUsd: 0,
        deals: [],
      };
      cur.amountUsd += leg.amountUsd;
      cur.deals.push(state.dealId);
      out.set(key, cur);
    }
  }
  return out;
}

/**
 * Adds one envelope to the index and says what changed: the event itself (`deal.*`,
 * `company.*`), the edges between the deal's two companies as of its recorded time
 * (`exposure.changed`), and — for a backdated event — the edges already in effect at its
 * effective time that it restates (`exposure.restated`). Nothing when the position is known.
 */
export function addWithUpdates(
  index: TemporalIndex,
  envelope: DatedEvent,
): ProjectionUpdate[] {
  const entity = entityOf(envelope.event);
  const known = index.headPosition();
  const effectiveAt = new Date(envelope.effectiveAtMs).toISOString();
  const recordedAt = new Date(envelope.recordedAtMs).toISOString();
  const event = envelope.event;
  if (entity.kind === 'company') {
    if (!index.add(envelope)) return [];
    const type = COMPANY_UPDATE[event.type as keyof typeof COMPANY_UPDATE];
    return [
      {
        type,
        position: envelope.position,
        effectiveAt,
        recordedAt,
        companyId: entity.id,
        companies: [entity.id],
      },
    ];
  }
  const parties =
    event.type === 'DealRecorded'
      ? creditorDebtor(event.data)
      : index.dealParties(entity.id);
  if (!parties) {
    index.add(envelope);
    return [];
  }
  const { creditor, debtor } = parties;
  const rec = envelope.recordedAtMs;
  const eff = Math.min(envelope.effectiveAtMs, rec);
  const before = {
    deal: index.deal(entity.id, envelope.effectiveAtMs, known),
    atEff: pairAmounts(index, creditor, debtor, eff, known),
    atRec: pairAmounts(index, creditor, debtor, rec, known),
  };
  if (!index.add(envelope)) return [];
  const p = envelope.position;
  const afterDeal = index.deal(entity.id, envelope.effectiveAtMs, p);
  const after = {
    atEff: pairAmounts(index, creditor, debtor, eff, p),
    atRec: pairAmounts(index, creditor, debtor, rec, p),
  };
  const kind =
    (afterDeal ?? before.deal)?.kind ??
    (event.type === 'DealRecorded' ? event.data.kind : 'supply');
  const updates: ProjectionUpdate[] = [
    {
      type: DEAL_UPDATE[event.type as keyof typeof DEAL_UPDATE],
      position: p,
      effectiveAt,
      recordedAt,
      dealId: entity.id,
      kind,
      companies: [creditor, debtor],
      beforeUsd: before.deal
        ? dealWorth(before.deal, envelope.effectiveAtMs).outstandingUsd
        : null,
      afterUsd: afterDeal
        ? dealWorth(afterDeal, envelope.effectiveAtMs).outstandingUsd
        : null,
    },
  ];
  const edgeUpdates = (
    type: 'exposure.changed' | 'exposure.restated',
    b: Map<string, PairAmount>,
    a: Map<string, PairAmount>,
    onlyInEffect: boolean,
  ) => {
    for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
      const was = b.get(key);
      const now = a.get(key);
      const beforeUsd = was?.amountUsd ?? 0;
      const afterUsd = now?.amountUsd ?? 0;
      if (beforeUsd === afterUsd) continue;
      if (onlyInEffect && !(was && was.amountUsd > 0)) continue;
      const edge = (now ?? was)!;
      updates.push({
        type,
        position: p,
        effectiveAt,
        recordedAt,
        holder: edge.holder,
        counterparty: edge.counterparty,
        kind: edge.kind,
        companies: [edge.holder, edge.counterparty],
        dealIds: [
          ...new Set([...(was?.deals ?? []), ...(now?.deals ?? [])]),
        ].sort(),
        period:
          type === 'exposure.restated'
            ? { from: effectiveAt, to: recordedAt }
            : { from: recordedAt, to: recordedAt },
        beforeUsd,
        afterUsd,
      });
    }
  };
  edgeUpdates('exposure.changed', before.atRec, after.atRec, false);
  if (envelope.effectiveAtMs < rec - BACKDATED_TOLERANCE_MS)
    edgeUpdates('exposure.restated', before.atEff, after.atEff, true);
  return updates;
}
