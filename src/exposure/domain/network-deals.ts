import { creditorDebtor } from '../../ledger/domain/ledger.events';
import type { DealMemo } from './deal.standing';
import type { ValuedDeal } from './valuation';
import type { DealScreen } from './deal-screen';
import { ColumnPool, foldInto, newFolded, planFor } from './deal-fold';
import { EdgeColumns, Interner } from './edge-table';
import { type DealEntry, signedBy } from './index-entries';

/** A deal of a whole-network fold (reused: read it at once) and its parties' numbers. */
export type DealVisitor = (
  deal: ValuedDeal,
  creditorNo: number,
  debtorNo: number,
) => void;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The temporal index's whole-network fold: each deal in the view folded and handed on as it
 * comes, in recording order, without a standing, a payment list or a lookup of its parties per
 * deal — so that an answer allocates little beside itself, and nothing stays behind per deal but
 * its columns, its recorded and amended terms, its plan, its kind and its parties' numbers.
 */
export class NetworkDeals {
  /** The deals' parties as numbers, interned once for the index's lifetime. */
  readonly companies = new Interner();
  /** The columns every whole-network answer sums its edges in, one after the other. */
  readonly edges = new EdgeColumns();
  /** The same for its dependencies (buyer × seller). */
  readonly dependencies = new EdgeColumns();
  /**
   * The anchored deals' numbers by their anchors' positions: the recording order of any view
   * while every deal has one DealRecorded (null: to be sorted again at the next fold).
   */
  private order: number[] | null = [];
  /** Some deal holds a second DealRecorded: which one a view folds depends on the view. */
  private stray = false;
  private readonly folded = newFolded();
  private readonly deal: Mutable<ValuedDeal> = {
    dealId: '',
    kind: 'loan',
    signedAtMs: 0,
    terms: undefined!,
    plan: undefined!,
    status: 'active',
    paidUsd: 0,
    paymentCount: 0,
    writtenDownUsd: 0,
  };

  /** `entry` is anchored at `position` now (called before its anchor is set). */
  anchored(
    entry: DealEntry,
    position: number,
    list: readonly DealEntry[],
  ): void {
    if (entry.anchorPosition !== Infinity) return this.recordedAgain();
    const order = this.order;
    if (order === null) return;
    // catch-up and live recordings come in position order: one more at the end
    const last = order.length ? list[order[order.length - 1]] : null;
    if (last === null || last.anchorPosition < position) order.push(entry.no);
    else this.order = null;
  }

  /** A deal took a second DealRecorded. */
  recordedAgain(): void {
    this.stray = true;
    this.order = null;
  }

  /**
   * Visits the deals of `list` in the view as `PointInTimeSource.eachDeal` says; false (nothing
   * visited) when some deal holds two DealRecorded (a view's recording order then takes folding
   * every deal first: the caller sorts the standings instead).
   */
  eachDeal(
    list: readonly DealEntry[],
    screen: DealScreen,
    memo: DealMemo,
    pool: ColumnPool,
    p: { atMs: number; knownPosition: number; knownAtMs: number },
    visit: DealVisitor,
  ): boolean {
    if (this.stray) return false;
    const { atMs, knownPosition, knownAtMs } = p;
    const order = (this.order ??= list
      .filter((e) => e.anchorPosition !== Infinity)
      .sort((a, b) => a.anchorPosition - b.anchorPosition)
      .map((e) => e.no));
    const f = this.folded;
    const s = this.deal;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      // most deals not in the view are passed over without reading their entries
      if (screen.passesOver(i, atMs, knownPosition, knownAtMs)) continue;
      const entry = list[i];
      if (!signedBy(entry, atMs) || !foldInto(entry, p, memo, pool, false, f))
        continue;
      if (entry.partiesPosition !== f.recordedPosition) {
        const event = entry.events[f.recordedIndex].event;
        if (event.type !== 'DealRecorded') throw new Error('fold out of step');
        const { creditor, debtor } = creditorDebtor(event.data);
        entry.kind = event.data.kind;
        entry.creditorNo = this.companies.of(creditor);
        entry.debtorNo = this.companies.of(debtor);
        entry.partiesPosition = f.recordedPosition;
      }
      const kind = entry.kind;
      s.dealId = entry.dealId;
      s.kind = kind;
      s.signedAtMs = f.signedAtMs;
      s.terms = f.terms!;
      s.plan = planFor(entry, memo, kind, f.terms!, f.signedAtMs);
      s.status = f.terminatedAtMs === null ? 'active' : 'terminated';
      s.paidUsd = f.paidUsd;
      s.paymentCount = f.paymentCount;
      s.writtenDownUsd = f.writtenDownUsd;
      visit(s, entry.creditorNo, entry.debtorNo);
    }
    return true;
  }
}
