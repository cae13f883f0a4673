import type { EdgeLike } from './changes';
import { toCsv } from './csv';
import { formatAddress, parseAddress } from './address';
import { compareViews } from './changes';
import { economicsOf } from './economics';
import { cycleTag, readCycles } from './view-marks';

const edge = (
  holder: string,
  counterparty: string,
  amountUsd: number,
  deals = [`${holder}-${counterparty}`],
): EdgeLike => ({ holder, counterparty, kind: 'supply', amountUsd, deals });
const view = (at: string, edges: EdgeLike[]) => ({
  at,
  knownAt: `${at}T00:00:00Z`,
  companies: [],
  edges,
});

describe('comparing the network on two dates', () => {
  it('marks each exposure new, grown, shrunk or gone, and leaves the unchanged out', () => {
    // given the network on the date compared with
    const before = view('2026-02-01', [
      edge('amazon', 'openai', 37e9, ['openai-aws-38b']),
      edge('oracle', 'openai', 300e9),
      edge('nebius', 'microsoft', 16.5e9),
      edge('intel', 'nvidia', 2e9),
    ]);
    // when it is compared with the date shown
    const after = view('2026-03-01', [
      edge('amazon', 'openai', 97e9, ['openai-aws-38b']),
      edge('oracle', 'openai', 300e9),
      edge('nebius', 'microsoft', 16.3e9),
      edge('nvidia', 'openai', 30e9),
    ]);
    const changes = compareViews(before, after);
    // then
    expect(
      Object.fromEntries([...changes].map(([k, c]) => [k, c.status])),
    ).toEqual({
      'amazon>openai:supply': 'grown',
      'nebius>microsoft:supply': 'shrunk',
      'nvidia>openai:supply': 'new',
      'intel>nvidia:supply': 'gone',
    });
    expect(changes.get('amazon>openai:supply')).toMatchObject({
      before: 37e9,
      after: 97e9,
      edge: { deals: ['openai-aws-38b'] },
    });
    expect(changes.get('intel>nvidia:supply')).toMatchObject({
      before: 2e9,
      after: 0,
    });
  });

  it('does not call a rounding difference a change', () => {
    const changes = compareViews(
      view('2026-02-01', [edge('a', 'b', 1e9)]),
      view('2026-03-01', [edge('a', 'b', 1e9 + 0.25)]),
    );
    expect(changes.size).toBe(0);
  });
});

describe('the address of a view', () => {
  it('round-trips every part of the view, leaving defaults out', () => {
    const address = {
      at: '2026-03-01',
      knownAt: '2026-11-29T06:40:12Z',
      compare: '2026-02-01',
      q: 'oracle & co',
      top: '60',
      group: true,
      company: 'openai',
      panel: 'scenario' as const,
      scenario: 'sc-1',
      certainty: 'intent' as const,
    };
    expect(parseAddress(formatAddress(address))).toEqual(address);
    expect(
      formatAddress({
        at: '2026-03-01',
        top: '150',
        panel: 'company',
        group: false,
        certainty: 'binding',
      }),
    ).toBe('#at=2026-03-01');
  });

  it('drops what it cannot use: bad dates, unknown panels, a top that is not a number, an unknown certainty', () => {
    expect(
      parseAddress(
        '#at=yesterday&compare=2026-13&panel=nope&top=all&certainty=rumour',
      ),
    ).toEqual({
      at: undefined,
      knownAt: undefined,
      compare: undefined,
      q: undefined,
      top: undefined,
      group: false,
      company: undefined,
      panel: undefined,
      scenario: undefined,
      certainty: undefined,
    });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and ends records with CRLF', () => {
    expect(
      toCsv([
        ['id', 'name', 'amountUsd'],
        ['google', 'Alphabet / Google Cloud, "GCP"', 231e9],
        ['x', null, undefined],
      ]),
    ).toBe(
      'id,name,amountUsd\r\ngoogle,"Alphabet / Google Cloud, ""GCP""",231000000000\r\nx,,\r\n',
    );
  });
});

describe('a scenario result read for the panel', () => {
  const company = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    equityBeforeUsd: 100,
    lossUsd: 0,
    equityAfterUsd: 100,
    defaulted: false,
    defaultRound: null,
    ...extra,
  });

  it('separates the failures the shock caused from those of the baseline, and sums capacity at risk', () => {
    const e = economicsOf({
      basis: 'liquidity',
      params: {
        basis: 'liquidity',
        alpha: 1,
        beta: 1,
        recoveryRate: 0,
        equityRecoveryRate: 0,
        horizonDays: 365,
        damagesRate: 0.25,
        minCertainty: 'binding',
        minConfidence: 'low',
        estimates: 'central',
      },
      companies: [
        company('openai', { defaulted: true, defaultRound: 0 }),
        company('oracle', {
          defaulted: true,
          defaultRound: 1,
          capacityAtRiskUsd: 0,
        }),
        company('coreweave', {
          defaulted: true,
          defaultRound: 0,
          failingWithoutShock: true,
          status: 'illiquid',
        }),
        company('microsoft', { capacityAtRiskUsd: 2e9 }),
        company('meta', { capacityAtRiskUsd: 5e8 }),
      ],
      // a baseline failure listed in `defaults` too is still "anyway"
      defaults: ['openai', 'oracle', 'coreweave'],
      baselineDefaults: ['coreweave'],
      rounds: 2,
      initialLossUsd: 10,
      totalLossUsd: 15,
      amplification: 1.5,
      caveats: [{ kind: 'estimated-amount', deal: 'd', detail: 'x' }],
    });
    expect(e.basis).toBe('liquidity');
    expect(e.caused).toEqual(['openai', 'oracle']);
    expect(e.anyway).toEqual(['coreweave']);
    expect(e.capacityAtRiskUsd).toBe(2.5e9);
    expect(e.caveats.map((c) => c.kind)).toEqual(['estimated-amount']);
    expect(e.params.horizonDays).toBe(365);
  });

  it('reads a run recorded before the readings as the full-commitment reading, with no baseline', () => {
    const e = economicsOf({
      companies: [company('openai', { defaulted: true, defaultRound: 0 })],
      defaults: ['openai'],
      rounds: 1,
      initialLossUsd: 0,
      totalLossUsd: 0,
      amplification: null,
    });
    expect(e).toEqual({
      basis: 'full-commitment',
      params: {},
      caused: ['openai'],
      anyway: [],
      caveats: [],
      capacityAtRiskUsd: 0,
    });
  });
});

describe('reading the money rings for the view', () => {
  it('marks every deal on a ring and counts the rings that run through a deal below binding', () => {
    // given two rings: one all binding, one closed by a letter of intent
    const answer = {
      cycles: [
        {
          companies: ['oracle', 'openai'],
          certainty: 'binding',
          legs: [{ deals: ['oracle-openai'] }, { deals: ['openai-oracle'] }],
        },
        {
          companies: ['nvidia', 'openai'],
          certainty: 'intent',
          vendorFinancing: true,
          legs: [
            { deals: ['nvidia-openai-loi'] },
            { deals: ['openai-nvidia'] },
          ],
        },
      ],
    };
    // when the dashboard reads them
    const marks = readCycles(answer);
    // then each deal is on a ring, the vendor-financed ring's deals are flagged, and one ring is below binding
    expect([...marks.cycleDeals].sort()).toEqual([
      'nvidia-openai-loi',
      'openai-nvidia',
      'openai-oracle',
      'oracle-openai',
    ]);
    expect([...marks.vendorDeals].sort()).toEqual([
      'nvidia-openai-loi',
      'openai-nvidia',
    ]);
    expect(marks.rings).toEqual({ count: 2, belowBinding: 1 });
  });

  it('reads an answer without rings as none', () => {
    expect(readCycles(null).rings).toEqual({ count: 0, belowBinding: 0 });
  });

  it('words the tag by the count of rings and those below binding', () => {
    expect(cycleTag({ count: 1, belowBinding: 0 })).toBe(
      '1 money ring glows amber, all binding',
    );
    expect(cycleTag({ count: 3, belowBinding: 2 })).toBe(
      '3 money rings glow amber, 2 through a deal below binding',
    );
    expect(cycleTag(undefined)).toBe('money cycles glow amber');
  });
});
