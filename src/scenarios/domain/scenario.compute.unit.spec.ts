import { DatedEvent } from '../../exposure/domain/dated-event';
import { buildTemporalIndex } from '../../exposure/domain/temporal-index';
import { DealRecorded } from '../../ledger/domain/ledger.events';
import { ValidationError } from '../../shared/errors';
import { HaircutShock, selectDeals } from './economics/shocks';
import { dealFacts } from './full-commitment';

const ms = (d: string) => Date.parse(d);
const terms = {
  startDate: null,
  endDate: null,
  schedule: null,
  vendorFinancing: false,
  source: null,
  notes: null,
};
const recorded = (
  position: number,
  data: Partial<DealRecorded['data']> & Pick<DealRecorded['data'], 'dealId'>,
): DatedEvent => ({
  position,
  recordedAtMs: ms('2025-01-01') + position,
  effectiveAtMs: ms('2024-06-01'),
  event: {
    type: 'DealRecorded',
    data: { ...terms, category: null, amountUsd: 10, ...data },
  } as DealRecorded,
});

describe('haircut selectors read against the deals at the date (selectDeals, once per run)', () => {
  // Two compute contracts bought by a (one from b, one from c), a chip contract b buys from c, a loan c → a.
  const index = buildTemporalIndex([
    recorded(1, {
      dealId: 'ab',
      kind: 'supply',
      buyer: 'a',
      seller: 'b',
      category: 'compute',
    }),
    recorded(2, {
      dealId: 'ac',
      kind: 'supply',
      buyer: 'a',
      seller: 'c',
      category: 'compute',
    }),
    recorded(3, {
      dealId: 'bc',
      kind: 'supply',
      buyer: 'b',
      seller: 'c',
      category: 'chips',
    }),
    recorded(4, {
      dealId: 'loan-ca',
      kind: 'loan',
      lender: 'c',
      borrower: 'a',
    }),
  ]);
  const deals = index.deals(ms('2025-01-01'), 10).map(dealFacts);
  const select = (shock: HaircutShock) => [...selectDeals(shock, 0, deals)];
  const cut = (selector: Partial<HaircutShock>): HaircutShock => ({
    type: 'haircut',
    fraction: 0.5,
    ...selector,
  });

  it('a buyer, a seller, a category or a kind selects every matching deal', () => {
    expect(select(cut({ buyer: 'a' })).sort()).toEqual(['ab', 'ac']);
    expect(select(cut({ seller: 'c' })).sort()).toEqual(['ac', 'bc']);
    expect(select(cut({ category: 'chips' }))).toEqual(['bc']);
    expect(select(cut({ kind: 'loan' }))).toEqual(['loan-ca']);
  });

  it('`deal` names one deal, which must exist at the date', () => {
    expect(select(cut({ deal: 'ab' }))).toEqual(['ab']);
    expect(() => select(cut({ deal: 'anything' }))).toThrow(
      'shocks[0].deal: unknown deal anything at this date',
    );
  });

  it('a buyer is matched on supply deals only: the loan’s borrower is not a buyer', () => {
    expect(() => select(cut({ buyer: 'c' }))).toThrow(ValidationError);
    expect(() => select(cut({ buyer: 'c' }))).toThrow(
      'shocks[0].buyer: c buys under no deal at this date',
    );
  });

  it('a list names the first unknown deal by its place', () => {
    expect(() => select(cut({ deals: ['ab', 'zz'] }))).toThrow(
      'shocks[0].deals[1]: unknown deal zz',
    );
  });

  it('an unknown category names the field and the value', () => {
    expect(() => select(cut({ category: 'energy' }))).toThrow(
      'shocks[0].category: no deal has category energy at this date',
    );
  });
});
