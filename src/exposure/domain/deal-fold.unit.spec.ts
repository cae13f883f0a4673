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
    // the first deal takes one more payment: its columns move to the end with room to grow, the
    // old ones are dead
    const first = deals[0];
    const more = new History().pay('d0', 99, '2025-03-01').envelopes[0];
    appendColumns(first, pool, more as DealEnvelope);
    expect(first.colsAt + first.colsCap * STRIDE).toBe(pool.used);
    expect(first.colsCap).toBeGreaterThan(first.colsRows);
    expect(amounts(pool, first)).toEqual([0, 99]);
    // then again: into the room it has, in place
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

  it('given deals that take their payments in turn, when each takes 1,000, then each has moved about log₂ 1,000 times and holds every payment', () => {
    const pool = new ColumnPool();
    const deals = Array.from({ length: 50 }, (_, i) => dealOf(`d${i}`, 0));
    for (const d of deals) columnsOf(d, pool);
    const moves = deals.map(() => 0);
    for (let k = 1; k <= 1000; k++)
      deals.forEach((d, i) => {
        const at = d.colsAt;
        const pay = new History().pay(d.dealId, k, '2025-03-01').envelopes[0];
        appendColumns(d, pool, pay as DealEnvelope);
        if (d.colsAt !== at) moves[i]++;
      });
    // moved when full, each time with room for as many again: 8, 16, … 1,024 (8 moves)
    expect(Math.max(...moves)).toBeLessThanOrEqual(8);
    for (const d of deals)
      expect(amounts(pool, d)).toEqual([
        0,
        ...Array.from({ length: 1000 }, (_, k) => k + 1),
      ]);
    // what the moves left behind is reclaimed, and the deals read the same after
    pool.compact(deals);
    expect(pool.dead).toBe(0);
    expect(amounts(pool, deals[7]).length).toBe(1001);
  });

  it('is made at the size asked for at once, and grows past it by doubling', () => {
    const pool = new ColumnPool();
    pool.reserve(10_000);
    expect(pool.data.length).toBe(10_000);
    pool.take(10_001);
    expect(pool.data.length).toBe(20_000);
  });
});
