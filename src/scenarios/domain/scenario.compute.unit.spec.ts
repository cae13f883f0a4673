import { LedgerEnvelope } from '../../exposure/domain/ledger-envelope';
import { buildTemporalIndex } from '../../exposure/domain/temporal-index';
import { DealRecorded } from '../../ledger/domain/ledger.events';
import { ValidationError } from '../../shared/errors';
import { resolveShocks } from './scenario.compute';
import { DefinedShock } from './scenario.definition';

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
): LedgerEnvelope => ({
  position,
  recordedAtMs: ms('2025-01-01') + position,
  effectiveAtMs: ms('2024-06-01'),
  event: {
    type: 'DealRecorded',
    data: { ...terms, category: null, amountUsd: 10, ...data },
  } as DealRecorded,
});

describe('haircut selectors read against the deals at the date', () => {
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
  const deals = index.deals(ms('2025-01-01'), 10);
  const resolve = (shocks: DefinedShock[]) => resolveShocks(shocks, deals);
  const cut = (deal: string): DefinedShock => ({
    type: 'haircut',
    deal,
    fraction: 0.5,
  });

  it('a buyer, a seller, a category or a kind selects every matching deal, in id order', () => {
    expect(resolve([{ type: 'haircut', fraction: 0.5, buyer: 'a' }])).toEqual([
      cut('ab'),
      cut('ac'),
    ]);
    expect(resolve([{ type: 'haircut', fraction: 0.5, seller: 'c' }])).toEqual([
      cut('ac'),
      cut('bc'),
    ]);
    expect(
      resolve([{ type: 'haircut', fraction: 0.5, category: 'chips' }]),
    ).toEqual([cut('bc')]);
    expect(resolve([{ type: 'haircut', fraction: 0.5, kind: 'loan' }])).toEqual(
      [cut('loan-ca')],
    );
  });

  it('the first selected deal keeps the shock’s place; the others follow every shock, so later problems name the shock as defined', () => {
    expect(
      resolve([
        { type: 'haircut', fraction: 0.5, category: 'compute' },
        { type: 'default', company: 'b' },
      ]),
    ).toEqual([cut('ab'), { type: 'default', company: 'b' }, cut('ac')]);
  });

  it('`deal` alone passes as it is (today’s form; the run checks the deal)', () => {
    expect(resolve([cut('anything')])).toEqual([cut('anything')]);
  });

  it('a buyer is matched on supply deals only: the loan’s borrower is not a buyer', () => {
    expect(() =>
      resolve([{ type: 'haircut', fraction: 0.5, buyer: 'c' }]),
    ).toThrow(ValidationError);
    expect(() =>
      resolve([{ type: 'haircut', fraction: 0.5, buyer: 'c' }]),
    ).toThrow('shocks[0].buyer: no deal at this date has buyer c');
  });

  it('a list names the first unknown deal by its place', () => {
    expect(() =>
      resolve([{ type: 'haircut', fraction: 0.5, deals: ['ab', 'zz'] }]),
    ).toThrow('shocks[0].deals[1]: unknown deal zz');
  });
});
