import type { DealEvent } from '../../ledger/domain/ledger.events';
import {
  createDealMemo,
  DealMemo,
  DealStanding,
  evolveDealStanding,
} from '../../exposure/domain/deal.standing';
import type { DatedEvent } from '../../exposure/domain/dated-event';
import { DealLookup, isBetween } from '../../exposure/domain/exposure.updates';
import type { TemporalIndex } from '../../exposure/domain/temporal-index';

type DealEnvelope = DatedEvent & { event: DealEvent };

/**
 * A deal's state over every event of it recorded up to `position`, all folded in fold order.
 * It answers "the deal at `at` as known at `known`" for `at` not before `lastKey` and `known`
 * from `position` through `validThrough` (no event of the deal lies between them).
 */
export interface DealTip {
  readonly dealId: string;
  readonly position: number;
  readonly validThrough: number;
  /** The fold key (effective time, not before the signing) of its last event. */
  readonly lastKey: number;
  readonly state: DealStanding;
}

interface Running {
  /** Retracted: nothing to keep (it stays out of every view from then on). */
  gone: boolean;
  state: DealStanding | undefined;
  lastKey: number;
  signedAtMs: number;
  /** The deal's highest position seen. */
  maxPosition: number;
  /** False once an event came out of fold order (see {@link DealTips.advance}). */
  inOrder: boolean;
}

/**
 * A long deal's state kept one event at a time (one `evolveDealStanding` per event) while its
 * events come in fold order, so the live channel asks the exposure index nothing that would fold
 * the deal's whole history again for what one event changed (milliseconds per event at 20,000
 * payments). Not an index: one state per long deal, and the questions it cannot answer go to the
 * index. A deal is followed from its `minEvents`-th event (a short deal folds fast enough), its
 * state taken from the index's events then, and again after an event out of fold order
 * (backdated before the last one, before the signing).
 */
export class DealTips {
  private readonly running = new Map<string, Running>();
  private readonly memo: DealMemo = createDealMemo();

  constructor(private readonly minEvents = 32) {}

  /**
   * Folds one deal event (in position order; `eventCount` is how many events the deal has with
   * it); `index` holds every event up to its position. The deal's tips just before the event and
   * with it, when the deal is followed and its events so far are in fold order.
   */
  advance(
    index: TemporalIndex,
    dealId: string,
    env: DealEnvelope,
    eventCount: number,
  ): DealTip[] {
    const p = env.position;
    const event = env.event;
    let r = this.running.get(dealId);
    if (!r) {
      if (eventCount < this.minEvents) return [];
      r = {
        gone: false,
        state: undefined,
        lastKey: Infinity,
        signedAtMs: -Infinity,
        maxPosition: 0,
        inOrder: false,
      };
      this.running.set(dealId, r);
    }
    if (r.gone) return [];
    if (!r.inOrder) this.retake(index, dealId, p - 1, r);
    const tips: DealTip[] = [];
    if (r.inOrder && r.state) tips.push(tip(dealId, r, r.maxPosition, p - 1));
    const key =
      event.type === 'DealRecorded'
        ? env.effectiveAtMs
        : Math.max(env.effectiveAtMs, r.signedAtMs);
    const inOrder =
      r.inOrder &&
      event.type !== 'DealRecorded' &&
      event.type !== 'DealRetracted' &&
      p > r.maxPosition &&
      key >= r.lastKey;
    r.maxPosition = Math.max(r.maxPosition, p);
    if (!inOrder) {
      r.inOrder = false;
      if (event.type === 'DealRetracted') {
        r.gone = true;
        r.state = undefined;
      }
      return tips;
    }
    r.state = evolveDealStanding(r.state, env, this.memo);
    r.lastKey = key;
    if (r.state) tips.push(tip(dealId, r, p, p));
    return tips;
  }

  /**
   * The deal folded afresh over its events recorded up to `known`, in the index's fold order; it
   * stays out of order when the deal is not recorded yet, and is gone once retracted.
   */
  private retake(
    index: TemporalIndex,
    dealId: string,
    known: number,
    r: Running,
  ): void {
    const events = index.dealEvents(dealId) as readonly DealEnvelope[];
    let anchor: DealEnvelope | undefined;
    for (const e of events) {
      if (e.position > known) continue;
      if (e.event.type === 'DealRetracted') {
        r.gone = true;
        r.state = undefined;
        return;
      }
      if (
        e.event.type === 'DealRecorded' &&
        (!anchor || e.position < anchor.position)
      )
        anchor = e;
    }
    if (!anchor) return;
    const signedAtMs = anchor.effectiveAtMs;
    let state: DealStanding | undefined;
    let lastKey = -Infinity;
    let maxPosition = 0;
    for (const e of events) {
      if (e.position > known) continue;
      state = evolveDealStanding(state, e, this.memo);
      lastKey =
        e.event.type === 'DealRecorded'
          ? e.effectiveAtMs
          : Math.max(e.effectiveAtMs, signedAtMs);
      maxPosition = Math.max(maxPosition, e.position);
    }
    Object.assign(r, {
      state,
      lastKey,
      signedAtMs,
      maxPosition,
      inOrder: true,
    });
  }
}

function tip(
  dealId: string,
  r: Running,
  position: number,
  validThrough: number,
): DealTip {
  return {
    dealId,
    position,
    validThrough,
    lastKey: r.lastKey,
    state: r.state!,
  };
}

/**
 * The exposure index read through an event's deal tips: a question about that deal the tips
 * cover is answered from them, every other from the index — the same answers. `pairDeals`, the
 * deals between the event's two companies in the order the index lists them, saves listing
 * (and folding) every deal of a company to find them.
 */
export function tipLookup(
  index: TemporalIndex,
  tips: readonly DealTip[],
  pairDeals: readonly string[] | undefined,
): DealLookup {
  const deal = (
    dealId: string,
    atMs: number,
    known: number,
  ): DealStanding | undefined => {
    for (const t of tips)
      if (
        t.dealId === dealId &&
        t.position <= known &&
        known <= t.validThrough &&
        t.lastKey <= atMs
      )
        return t.state;
    return index.deal(dealId, atMs, known);
  };
  return {
    deal,
    dealsBetween: (a, b, atMs, known) => {
      if (!pairDeals)
        return index.dealsOf(a, atMs, known).filter((d) => isBetween(d, a, b));
      const out: DealStanding[] = [];
      for (const id of pairDeals) {
        const d = deal(id, atMs, known);
        if (d && isBetween(d, a, b)) out.push(d);
      }
      return out;
    },
  };
}
