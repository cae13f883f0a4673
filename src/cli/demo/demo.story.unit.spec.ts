import type { Caveat } from '../../exposure/domain/valuation';
import type { EconomicCompanyResult } from '../../scenarios/domain/economics/result';
import { exposureBetween, groupCaveats, readShock } from './demo.story';

function company(
  id: string,
  fields: Partial<EconomicCompanyResult> = {},
): EconomicCompanyResult {
  return {
    id,
    equityBeforeUsd: 10,
    lossUsd: 0,
    lossDirectUsd: 0,
    lossContagionUsd: 0,
    equityAfterUsd: 10,
    status: 'solvent',
    defaulted: false,
    defaultRound: null,
    failingWithoutShock: false,
    capacityAtRiskUsd: 0,
    capacityAtRiskGw: null,
    ...fields,
  };
}

describe('reading a shock', () => {
  it('keeps the failures the shock caused apart from the shocked company, the groups without a balance sheet and those failing anyway', () => {
    // given a run where lab slips, cloud fails in round 1, a lender group loses, and old-co was failing anyway
    const result = {
      companies: [
        company('lab', { defaulted: true, defaultRound: 0, lossUsd: 5 }),
        company('cloud', { defaulted: true, defaultRound: 1, lossUsd: 12 }),
        company('lenders', { defaulted: true, defaultRound: 2, lossUsd: 3 }),
        company('investors', { lossUsd: 7 }),
        company('old-co', {
          defaulted: true,
          defaultRound: 0,
          failingWithoutShock: true,
        }),
      ],
      defaults: ['lab', 'cloud', 'lenders'],
      baselineDefaults: ['old-co'],
    };
    // when it is read
    const r = readShock(result, ['lab'], new Set(['lenders', 'investors']));
    // then
    expect(r.caused).toEqual([{ id: 'cloud', round: 1 }]);
    expect(r.groupsHit).toEqual([
      { id: 'investors', lossUsd: 7 },
      { id: 'lenders', lossUsd: 3 },
    ]);
    expect(r.failingAnyway).toEqual(['old-co']);
  });
});

describe('grouping caveats', () => {
  it('counts each kind, most frequent first, with the deals or companies it names', () => {
    const caveats: Caveat[] = [
      { kind: 'assumed-term', deal: 'a', detail: '' },
      { kind: 'low-confidence', company: 'lab', detail: '' },
      { kind: 'assumed-term', deal: 'b', detail: '' },
      { kind: 'assumed-term', deal: 'a', detail: 'again' },
    ];
    expect(groupCaveats(caveats)).toEqual([
      { kind: 'assumed-term', count: 3, examples: ['a', 'b'] },
      { kind: 'low-confidence', count: 1, examples: ['lab'] },
    ]);
  });
});

describe('exposure between two companies', () => {
  it('sums gross exposure and loss given default over the edges of every kind', () => {
    const view = {
      at: '2026-06-01',
      knownAt: '2026-06-01',
      companies: [],
      edges: [
        {
          holder: 'cloud',
          counterparty: 'lab',
          kind: 'supply',
          amountUsd: 300,
          lossGivenDefaultUsd: 75,
          deals: ['s1'],
        },
        {
          holder: 'cloud',
          counterparty: 'lab',
          kind: 'investment',
          amountUsd: 10,
          lossGivenDefaultUsd: 10,
          deals: ['i1'],
        },
        {
          holder: 'lab',
          counterparty: 'cloud',
          kind: 'loan',
          amountUsd: 5,
          lossGivenDefaultUsd: 5,
          deals: ['l1'],
        },
      ],
    } as Parameters<typeof exposureBetween>[0];
    expect(exposureBetween(view, 'cloud', 'lab')).toEqual({
      grossUsd: 310,
      lossGivenDefaultUsd: 85,
      deals: ['i1', 's1'],
    });
  });
});
