import type { DealEvent } from '../../ledger/domain/ledger.events';
import { History, loan } from '../../../test/kits/history.fixture';
import type { DatedEvent } from './dated-event';
import { newDealEntry } from './index-entries';
import {
  appendColumns,
  ColumnPool,
  columnsOf,
  FoldableDeal,
  STRIDE,
} from './deal-fold';

type DealEnvelope = DatedEvent & { event: DealEvent };

/** A deal of `payments` payments (its events in fold order), without columns yet. */
function dealOf(id: string, payments: number): FoldableDeal {
  const h = new History().deal(
    id,
    loan('bank', 'acme'),
    { amountUsd: 1_000, endDate: '2030-01-01' },
    '2025-01-01',
  );
  for (let i = 0; i < payments; i++) h.pay(id, i + 1, '2025-02-01');
  const events = h.envelopes as DealEnvelope[];
  // the index's own new entry, its events then given in fold order
  const deal = newDealEntry(id, 0);
  deal.events = events;
  deal.keys = events.map((e) => e.effectiveAtMs);
  return deal;
}

/** The amounts a deal's columns hold, in fold order. */
function amounts(pool: ColumnPool, deal: FoldableDeal): number[] {
  const out: number[] = [];
  for (let i = 0; i < deal.colsRows; i++)
    out.push(pool.data[deal.colsAt + i * STRIDE + 3]);
  return out;
}

describe('the column pool: every deal’s fold columns in one buffer', () => {
  it('keeps each deal’s columns through appends, moves and a compaction', () => {
    const pool = new ColumnPool();
    const deals = Array.from({ length: 300 }, (_, i) => dealOf(`d${i}`, i % 7));
    for (const d of deals) columnsOf(d, pool);
    // the first deal takes one more payment: its columns move to the end, the old ones are dead
    const first = deals[0];
    const more = new History().pay('d0', 99, '2025-03-01').envelopes[0];
    appendColumns(first, pool, more as DealEnvelope);
    expect(first.colsAt + first.colsRows * STRIDE).toBe(pool.used);
    expect(amounts(pool, first)).toEqual([0, 99]);
    // then again: at the end already, it grows in place
    const at = first.colsAt;
    appendColumns(first, pool, more as DealEnvelope);
    expect(first.colsAt).toBe(at);
    // half the deals released (events added out of order): their numbers are dead
    for (let i = 1; i < deals.length; i += 2) pool.release(deals[i]);
    const used = pool.used;
    pool.compact(deals);
    expect(pool.dead).toBe(0);
    expect(pool.used).toBeLessThan(used);
    expect(amounts(pool, first)).toEqual([0, 99, 99]);
    for (let i = 2; i < deals.length; i += 2)
      expect(amounts(pool, deals[i])).toEqual([
        0,
        ...Array.from({ length: i % 7 }, (_, k) => k + 1),
      ]);
    expect(deals[1].colsAt).toBe(-1);
  });

  it('is made at the size asked for at once, and grows past it by doubling', () => {
    const pool = new ColumnPool();
    pool.reserve(10_000);
    expect(pool.data.length).toBe(10_000);
    pool.take(10_001);
    expect(pool.data.length).toBe(20_000);
  });
});
