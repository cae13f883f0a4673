import { day, pct, times, usd } from './output';
import {
  dealsCell,
  diffNetworks,
  largestDependencies,
  ringsThroughUnpricedDeals,
  summarise,
} from '../demo/demo.story';
import { NetworkDto } from './api-types';

describe('figures as people read them', () => {
  it.each([
    [300e9, '$300B'],
    [14.2e9, '$14.2B'],
    [1.25e9, '$1.25B'],
    [350e6, '$350M'],
    [2.4e12, '$2.4T'],
    [0, '$0'],
    [-3.1e9, '-$3.1B'],
    [null, '—'],
  ])('usd(%p) = %s', (value, text) => expect(usd(value)).toBe(text));

  it('shares, multipliers and dates', () => {
    expect(pct(0.125)).toBe('12.5%');
    expect(pct(14.3)).toBe('1,430%');
    expect(pct(null)).toBe('—');
    expect(times(1.8421)).toBe('×1.84');
    expect(times(null)).toBe('—');
    expect(day('2025-09-10T00:00:00.000Z')).toBe('2025-09-10');
  });
});

const view = (
  edges: NetworkDto['edges'],
  equity: Record<string, number | null>,
): NetworkDto => ({
  at: '2025-12-31T00:00:00.000Z',
  knownAt: '2026-01-01T00:00:00.000Z',
  companies: Object.entries(equity).map(([id, equityUsd]) => ({
    id,
    equityUsd,
    exposureOutUsd: 0,
    exposureInUsd: 0,
    defaulted: false,
  })),
  edges,
});

describe('the demo story', () => {
  const network = view(
    [
      {
        holder: 'oracle',
        counterparty: 'openai',
        kind: 'supply',
        amountUsd: 300e9,
        deals: ['openai-oracle-300b'],
      },
      {
        holder: 'microsoft',
        counterparty: 'openai',
        kind: 'supply',
        amountUsd: 250e9,
        deals: ['openai-msft-azure-250b'],
      },
      {
        holder: 'microsoft',
        counterparty: 'openai',
        kind: 'investment',
        amountUsd: 13e9,
        deals: ['msft-openai-2019', 'msft-openai-2023'],
      },
      {
        holder: 'microsoft',
        counterparty: 'anthropic',
        kind: 'investment',
        amountUsd: 5e9,
        deals: ['microsoft-anthropic-5b'],
      },
      {
        holder: 'openai',
        counterparty: 'coreweave',
        kind: 'investment',
        amountUsd: 0.35e9,
        deals: ['coreweave-openai-350m-stock'],
      },
      {
        holder: 'stargate',
        counterparty: 'openai',
        kind: 'supply',
        amountUsd: 0,
        deals: ['x'],
      },
    ],
    {
      oracle: 20e9,
      microsoft: 340e9,
      openai: 40e9,
      anthropic: 15e9,
      coreweave: 4e9,
      stargate: null,
    },
  );

  it('ranks each company by its largest single counterparty exposure over its equity, summing kinds', () => {
    const deps = largestDependencies(network);
    expect(deps.map((d) => [d.company, d.counterparty])).toEqual([
      ['oracle', 'openai'],
      ['microsoft', 'openai'],
      ['openai', 'coreweave'],
    ]);
    expect(deps[0].share).toBeCloseTo(15);
    expect(deps[1]).toMatchObject({
      amountUsd: 263e9,
      kinds: ['investment', 'supply'],
    });
    expect(deps[1].deals).toEqual([
      'msft-openai-2019',
      'msft-openai-2023',
      'openai-msft-azure-250b',
    ]);
  });

  it('leaves out companies without positive equity (no share exists)', () => {
    expect(
      largestDependencies(
        view(
          [
            {
              holder: 'a',
              counterparty: 'b',
              kind: 'loan',
              amountUsd: 1,
              deals: ['d'],
            },
          ],
          { a: null, b: 1 },
        ),
      ),
    ).toEqual([]);
  });

  it('summarises the priced edges only', () => {
    const s = summarise(network, 2);
    expect(s).toMatchObject({ companies: 5, edges: 5, totalUsd: 568.35e9 });
    expect(s.top.map((e) => e.holder)).toEqual(['oracle', 'microsoft']);
  });

  it('diffs two views of the network pair by pair, largest change first', () => {
    const after = view(
      [
        {
          holder: 'oracle',
          counterparty: 'openai',
          kind: 'supply',
          amountUsd: 300e9,
          deals: ['openai-oracle-300b'],
        },
        {
          holder: 'openai',
          counterparty: 'nvidia',
          kind: 'investment',
          amountUsd: 100e9,
          deals: ['nvidia-openai-loi-100b'],
        },
      ],
      {},
    );
    const before = view(
      [
        {
          holder: 'oracle',
          counterparty: 'openai',
          kind: 'supply',
          amountUsd: 300e9,
          deals: ['openai-oracle-300b'],
        },
      ],
      {},
    );
    expect(diffNetworks(after, before)).toEqual([
      {
        holder: 'openai',
        counterparty: 'nvidia',
        baselineUsd: 100e9,
        scenarioUsd: 0,
        differenceUsd: -100e9,
      },
    ]);
  });
});

describe('rings through deals with no published amount', () => {
  it('finds Nvidia ⇄ OpenAI from an unfunded commitment one way and an unpriced supply deal the other', () => {
    const rings = ringsThroughUnpricedDeals([
      // OpenAI holds Nvidia's unfunded commitment: money would flow nvidia → openai
      {
        holder: 'openai',
        counterparty: 'nvidia',
        kind: 'investment',
        amountUsd: 100e9,
        deals: ['loi'],
        explain: [
          { dealId: 'loi', amountUsd: 100e9, basis: 'unfunded-commitment' },
        ],
      },
      // Nvidia sells systems to OpenAI, no amount published: money flows openai → nvidia
      {
        holder: 'nvidia',
        counterparty: 'openai',
        kind: 'supply',
        amountUsd: 0,
        deals: ['10gw'],
        unpricedDeals: ['10gw'],
        explain: [{ dealId: '10gw', amountUsd: 0, basis: 'supply-commitment' }],
      },
      // priced both ways: the priced cycle search reports those, not this one
      {
        holder: 'microsoft',
        counterparty: 'openai',
        kind: 'investment',
        amountUsd: 13e9,
        deals: ['m'],
        explain: [{ dealId: 'm', amountUsd: 13e9, basis: 'carrying-value' }],
      },
      {
        holder: 'microsoft',
        counterparty: 'openai',
        kind: 'supply',
        amountUsd: 250e9,
        deals: ['az'],
        explain: [
          { dealId: 'az', amountUsd: 250e9, basis: 'supply-commitment' },
        ],
      },
      // one way only: no ring
      {
        holder: 'amazon',
        counterparty: 'anthropic',
        kind: 'loan',
        amountUsd: 0,
        deals: ['n'],
        unpricedDeals: ['n'],
        explain: [{ dealId: 'n', amountUsd: 0, basis: 'loan-principal' }],
      },
    ]);
    expect(rings).toEqual([
      {
        a: 'nvidia',
        b: 'openai',
        legs: [
          {
            from: 'nvidia',
            to: 'openai',
            amountUsd: 100e9,
            deals: ['loi'],
            unpricedDeals: [],
          },
          {
            from: 'openai',
            to: 'nvidia',
            amountUsd: 0,
            deals: ['10gw'],
            unpricedDeals: ['10gw'],
          },
        ],
      },
    ]);
  });

  it('keeps deal cells short', () => {
    expect(dealsCell(['a', 'b'])).toBe('a, b');
    expect(dealsCell(['a', 'b', 'c', 'd'])).toBe('a, b +2 more');
  });
});
