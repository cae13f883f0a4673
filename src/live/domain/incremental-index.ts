import type { DealEvent } from '../../ledger/domain/ledger.events';
import {
  createDealMemo,
  DealMemo,
  DealStanding,
  evolveDealStanding,
} from '../../exposure/domain/deal.standing';
import { entityOf, DatedEvent } from '../../exposure/domain/dated-event';
import { TemporalIndex } from '../../exposure/domain/temporal-index';

/** A deal's state over every event it has, kept up to date one event at a time. */
interface DealTip {
  state: DealStanding | undefined;
  /** The fold key (effective time, not before the signing) of the last event folded. */
  lastKey: number;
  signedAtMs: number;
  /** The highest position folded. */
  maxPosition: number;
  /**
   * False once an event arrived out of fold order (backdated before the last one, before the
   * deal's signing, or a retraction): the tip is then taken afresh from the index once.
   */
  inOrder: boolean;
}

/**
 * The exposure engine's temporal index, for a consumer that adds events in position order and
 * asks, after each one, about the deal as it now stands (the live channel): a deal's state over
 * all its events is kept incrementally (one `evolveDealStanding` per event), where the index folds the
 * deal's whole history again after every event. Every other question goes to the index, and so
 * does this one whenever its answer could differ (a query before the deal's last event, as known
 * before it, or after an event that arrived out of fold order), so the answers are the index's.
 */
export class IncrementalDealIndex extends TemporalIndex {
  private readonly tips = new Map<string, DealTip>();
  private readonly tipMemo: DealMemo = createDealMemo();

  override add(envelope: DatedEvent): boolean {
    if (!super.add(envelope)) return false;
    const entity = entityOf(envelope.event);
    if (entity.kind === 'deal')
      this.advance(entity.id, envelope as DatedEvent & { event: DealEvent });
    return true;
  }

  override deal(
    dealId: string,
    atMs: number,
    knownPosition: number,
  ): DealStanding | undefined {
    const tip = this.tips.get(dealId);
    if (tip && tip.lastKey <= atMs && tip.maxPosition <= knownPosition) {
      if (!tip.inOrder && tip.lastKey !== Infinity) {
        // Out of order once: the index folds the deal afresh, and the tip goes on from there.
        tip.state = super.deal(dealId, Infinity, Infinity);
        tip.inOrder = tip.state !== undefined;
      }
      if (tip.inOrder) return tip.state;
    }
    return super.deal(dealId, atMs, knownPosition);
  }

  private advance(
    dealId: string,
    env: DatedEvent & { event: DealEvent },
  ): void {
    const event = env.event;
    const tip = this.tips.get(dealId);
    if (!tip) {
      // Tracked from its DealRecorded on; a deal whose first event is another is left to the index.
      this.tips.set(dealId, {
        state:
          event.type === 'DealRecorded'
            ? evolveDealStanding(undefined, env, this.tipMemo)
            : undefined,
        lastKey: event.type === 'DealRecorded' ? env.effectiveAtMs : Infinity,
        signedAtMs: env.effectiveAtMs,
        maxPosition: env.position,
        inOrder: event.type === 'DealRecorded',
      });
      return;
    }
    const key = Math.max(env.effectiveAtMs, tip.signedAtMs);
    const inOrder =
      tip.inOrder &&
      event.type !== 'DealRecorded' &&
      event.type !== 'DealRetracted' &&
      env.position > tip.maxPosition &&
      key >= tip.lastKey;
    tip.lastKey = Math.max(tip.lastKey, key);
    tip.maxPosition = Math.max(tip.maxPosition, env.position);
    if (inOrder) tip.state = evolveDealStanding(tip.state, env, this.tipMemo);
    else tip.inOrder = false;
  }
}
