import {
  creditorDebtor,
  DealKind,
  DealRecorded,
} from '../../ledger/domain/ledger.events';
import { DealStanding } from './deal.standing';
import { dealWorth } from './deal.worth';
import { entityOf, DatedEvent } from './dated-event';
import { TemporalIndex } from './temporal-index';
import { worthAll } from './exposure.views';

/**
 * What one committed ledger event changed, by the exposure engine's rules (the live channel's
 * messages are made from them). Every update carries the global `position` of the event that
 * caused it (several share one position).
 *
 * - `deal.recorded | deal.amended | deal.terminated | deal.payment-recorded | deal.written-down | deal.retracted`:
 *   a deal event, with its companies and `before`/`after` outstanding amounts as of its effective time.
 * - `company.registered | company.financials-reported | company.defaulted | company.default-cured`.
 * - `exposure.changed`: a (holder, counterparty, kind) edge's amount as of the event's recorded time changed.
 * - `exposure.restated`: a backdated event changed an edge over a period already in effect
 *   (`period.from` = the event's effective time, `period.to` = when it was recorded);
 *   `beforeUsd`/`afterUsd` are the edge's amounts at `period.from` as known before and after.
 */
export type ExposureUpdate =
  | {
      readonly type: `deal.${'recorded' | 'amended' | 'terminated' | 'payment-recorded' | 'written-down' | 'retracted'}`;
      readonly position: number;
      readonly effectiveAt: string;
      readonly recordedAt: string;
      readonly dealId: string;
      readonly kind: DealKind;
      readonly companies: readonly string[];
      readonly beforeUsd: number | null;
      readonly afterUsd: number | null;
    }
  | {
      readonly type: `company.${'registered' | 'financials-reported' | 'defaulted' | 'default-cured'}`;
      readonly position: number;
      readonly effectiveAt: string;
      readonly recordedAt: string;
      readonly companyId: string;
      readonly companies: readonly string[];
    }
  | {
      readonly type: 'exposure.changed' | 'exposure.restated';
      readonly position: number;
      readonly effectiveAt: string;
      readonly recordedAt: string;
      readonly holder: string;
      readonly counterparty: string;
      readonly kind: DealKind;
      readonly companies: readonly string[];
      readonly dealIds: readonly string[];
      readonly period: { readonly from: string; readonly to: string };
      readonly beforeUsd: number;
      readonly afterUsd: number;
    };

export type ExposureUpdateType = ExposureUpdate['type'];

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
 * How {@link updatesAt} reads deals as known at a position: the index itself
 * ({@link indexLookup}), or a reader that answers some questions faster and the same (the live
 * channel's, which keeps each deal's latest state while it follows the events in order).
 */
export interface DealLookup {
  deal(
    dealId: string,
    atMs: number,
    knownPosition: number,
  ): DealStanding | undefined;
  /** The deals between `a` and `b` (either side), in the index's order (`dealsOf(a)`). */
  dealsBetween(
    a: string,
    b: string,
    atMs: number,
    knownPosition: number,
  ): DealStanding[];
}

/** Is the deal between `a` and `b`, either way round? */
export function isBetween(d: DealStanding, a: string, b: string): boolean {
  return (
    (d.creditor === a && d.debtor === b) || (d.creditor === b && d.debtor === a)
  );
}

export function indexLookup(index: TemporalIndex): DealLookup {
  return {
    deal: (dealId, atMs, known) => index.deal(dealId, atMs, known),
    dealsBetween: (a, b, atMs, known) =>
      index.dealsOf(a, atMs, known).filter((d) => isBetween(d, a, b)),
  };
}

/**
 * The edges between two companies (both directions) at `t` as known at `known`, keyed by
 * holder, counterparty and kind. (Also the live channel's, for a subscriber's own date.)
 */
export function pairAmounts(
  lookup: DealLookup,
  a: string,
  b: string,
  t: number,
  known: number,
): Map<string, PairAmount> {
  const deals = lookup.dealsBetween(a, b, t, known);
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
 * What the event in `envelope` changed, from an index that holds it (and possibly later events):
 * the event itself (`deal.*`, `company.*`), the edges between the deal's two companies as of its
 * recorded time (`exposure.changed`), and — for a backdated event — the edges already in effect
 * at its effective time that it restates (`exposure.restated`). Before and after are the index
 * as known just before the event's position and at it, so the answer depends on the events up to
 * that position alone, however far the index has gone since. `lookup` reads the deals (the
 * index's own answers by default).
 */
export function updatesAt(
  index: TemporalIndex,
  envelope: DatedEvent,
  lookup: DealLookup = indexLookup(index),
): ExposureUpdate[] {
  const own = ownUpdateAt(index, envelope, lookup);
  if (own === undefined) return [];
  if (!('dealId' in own)) return [own];
  const [creditor, debtor] = own.companies;
  const p = envelope.position;
  const known = p - 1;
  const { effectiveAt, recordedAt } = own;
  const rec = envelope.recordedAtMs;
  const eff = Math.min(envelope.effectiveAtMs, rec);
  const updates: ExposureUpdate[] = [own];
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
  edgeUpdates(
    'exposure.changed',
    pairAmounts(lookup, creditor, debtor, rec, known),
    pairAmounts(lookup, creditor, debtor, rec, p),
    false,
  );
  // the edges at the effective time only for a backdated event (the rest restate nothing)
  if (envelope.effectiveAtMs < rec - BACKDATED_TOLERANCE_MS)
    edgeUpdates(
      'exposure.restated',
      pairAmounts(lookup, creditor, debtor, eff, known),
      pairAmounts(lookup, creditor, debtor, eff, p),
      true,
    );
  return updates;
}

/**
 * The first of {@link updatesAt}'s updates alone: the event itself (`deal.*` with the deal's
 * outstanding amount before and after on its effective date, or `company.*`), without the edges
 * between the deal's companies — what an event's own live message reads. Undefined for a deal
 * event before its deal is recorded.
 */
export function ownUpdateAt(
  index: TemporalIndex,
  envelope: DatedEvent,
  lookup: DealLookup = indexLookup(index),
): ExposureUpdate | undefined {
  const entity = entityOf(envelope.event);
  const p = envelope.position;
  const effectiveAt = new Date(envelope.effectiveAtMs).toISOString();
  const recordedAt = new Date(envelope.recordedAtMs).toISOString();
  const event = envelope.event;
  if (entity.kind === 'company')
    return {
      type: COMPANY_UPDATE[event.type as keyof typeof COMPANY_UPDATE],
      position: p,
      effectiveAt,
      recordedAt,
      companyId: entity.id,
      companies: [entity.id],
    };
  const recorded = recordedDeal(index, entity.id, p);
  if (!recorded) return undefined;
  const { creditor, debtor } = creditorDebtor(recorded.data);
  // the deal's outstanding amount on the event's effective date, as known before it and with it
  const outstanding = (known: number): number | null => {
    const deal = lookup.deal(entity.id, envelope.effectiveAtMs, known);
    return deal ? dealWorth(deal, envelope.effectiveAtMs).outstandingUsd : null;
  };
  return {
    type: DEAL_UPDATE[event.type as keyof typeof DEAL_UPDATE],
    position: p,
    effectiveAt,
    recordedAt,
    dealId: entity.id,
    kind: recorded.data.kind,
    companies: [creditor, debtor],
    beforeUsd: outstanding(p - 1),
    afterUsd: outstanding(p),
  };
}

/**
 * The deal's DealRecorded as known at `position` (the first in fold order recorded by then, as the
 * index anchors the deal): its kind and parties. Undefined before it is recorded.
 */
export function recordedDeal(
  index: TemporalIndex,
  dealId: string,
  position: number,
): DealRecorded | undefined {
  for (const e of index.dealEvents(dealId))
    if (e.event.type === 'DealRecorded' && e.position <= position)
      return e.event;
  return undefined;
}
