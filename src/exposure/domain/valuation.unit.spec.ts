import { buildTemporalIndex } from './temporal-index';
import { balanceSheetsAt } from './balance-sheet';
import {
  DEFAULT_VALUATION,
  DealValuation,
  valueDeal,
  ValuationSettings,
} from './valuation';
import {
  History,
  investment,
  loan,
  supply,
} from '../../../test/kits/history.fixture';

/**
 * A three-company market, worked by hand:
 * - s1: lab buys 600 of compute from cloud, 60 equal monthly installments of 10 from 2025-01-01
 *   (the first 2025-02-01, the last on endDate 2030-01-01), 1.2 GW;
 * - l1: chips lends cloud 100, a bullet at 2028-01-01;
 * - i1: chips takes a stake in lab, no published amount, estimated 40 / 50 / 80 (one tranche at
 *   2025-06-01).
 */
function market(): History {
  return new History()
    .company('lab')
    .company('cloud')
    .company('chips')
    .deal(
      's1',
      supply('lab', 'cloud'),
      {
        amountUsd: 600,
        startDate: '2025-01-01',
        endDate: '2030-01-01',
        capacityGw: 1.2,
      },
      '2024-12-01',
    )
    .deal(
      'l1',
      loan('chips', 'cloud'),
      { amountUsd: 100, endDate: '2028-01-01' },
      '2025-01-01',
    )
    .deal(
      'i1',
      investment('chips', 'lab'),
      {
        startDate: '2025-06-01',
        estimateUsd: {
          low: 40,
          central: 50,
          high: 80,
          basis: 'reported stake of 2 % at a $2.5B valuation',
        },
      },
      '2025-05-01',
    );
}

function valueOf(
  h: History,
  dealId: string,
  at: string,
  settings: Partial<ValuationSettings> = {},
): DealValuation {
  const t = Date.parse(at);
  const state = buildTemporalIndex(h.envelopes).deal(dealId, t, Infinity);
  if (!state) throw new Error(`no deal ${dealId} at ${at}`);
  return valueDeal(state, t, { ...DEFAULT_VALUATION, ...settings });
}

describe('valuation: what a deal is worth on a date and what its failure costs', () => {
  const t = '2026-01-01';

  describe('given the three-company market on 2026-01-01', () => {
    it('the 60-month supply: gross 480 (48 installments left), LGD 120 + 0.25 × 360 = 210', () => {
      const v = valueOf(market(), 's1', t);
      expect(v.included).toBe(true);
      expect(v.legs).toEqual([
        {
          dealId: 's1',
          kind: 'supply',
          holder: 'cloud',
          counterparty: 'lab',
          basis: 'supply-commitment',
          grossUsd: 480,
          lossGivenDefaultUsd: 210,
          arrearsUsd: 0,
          dueWithinHorizonUsd: 120,
          dueAfterHorizonUsd: 360,
          damagesRate: 0.25,
        },
      ]);
      expect(v.capacityAtRisk).toEqual({
        buyer: 'lab',
        seller: 'cloud',
        usd: 480,
        gw: 1.2,
      });
      expect(v.caveats).toEqual([]);
    });

    it('the supply with H = 730 days: 240 within the horizon, LGD 240 + 0.25 × 240 = 300', () => {
      const [leg] = valueOf(market(), 's1', t, { horizonDays: 730 }).legs;
      expect(leg.grossUsd).toBe(480);
      expect(leg.lossGivenDefaultUsd).toBe(300);
    });

    it('the supply with d = 0.5: LGD 120 + 0.5 × 360 = 300; the deal’s own rate 0.1 overrides it: 156', () => {
      expect(
        valueOf(market(), 's1', t, { damagesRate: 0.5 }).legs[0]
          .lossGivenDefaultUsd,
      ).toBe(300);
      const h = market().amend('s1', { damagesRate: 0.1 }, '2025-06-01');
      const [leg] = valueOf(h, 's1', t, { damagesRate: 0.5 }).legs;
      expect(leg.lossGivenDefaultUsd).toBeCloseTo(156, 9);
      expect(leg.damagesRate).toBe(0.1);
    });

    it('the supply with arrears: paid 100 of the 120 due, arrears 20 in gross and LGD', () => {
      const h = market().pay('s1', 100, '2025-12-15');
      const [leg] = valueOf(h, 's1', t).legs;
      expect(leg.arrearsUsd).toBe(20);
      expect(leg.grossUsd).toBe(500);
      expect(leg.lossGivenDefaultUsd).toBe(230);
    });

    it('the loan: gross = LGD = the principal 100', () => {
      const v = valueOf(market(), 'l1', t);
      expect(v.legs).toEqual([
        expect.objectContaining({
          holder: 'chips',
          counterparty: 'cloud',
          basis: 'loan-principal',
          grossUsd: 100,
          lossGivenDefaultUsd: 100,
          dueWithinHorizonUsd: 0,
          dueAfterHorizonUsd: 100,
        }),
      ]);
      expect(
        v.dueBetween(Date.parse('2027-01-01'), Date.parse('2028-01-01')),
      ).toBe(100);
    });

    it('the estimated stake: the central 50 as carrying value and LGD, said in caveats', () => {
      const v = valueOf(market(), 'i1', t);
      expect(v).toMatchObject({
        included: true,
        amountUsd: 50,
        estimated: true,
      });
      expect(v.legs).toEqual([
        expect.objectContaining({
          holder: 'chips',
          counterparty: 'lab',
          basis: 'carrying-value',
          grossUsd: 50,
          lossGivenDefaultUsd: 50,
        }),
      ]);
      expect(v.caveats).toEqual([
        expect.objectContaining({ kind: 'estimated-amount', deal: 'i1' }),
      ]);
    });

    it.each([
      ['low', 40],
      ['high', 80],
    ] as const)('the stake with estimates %s: %d', (estimates, amount) => {
      expect(valueOf(market(), 'i1', t, { estimates }).legs[0].grossUsd).toBe(
        amount,
      );
    });

    it('the stake with estimates omit: left out, said as omitted-unpriced', () => {
      const v = valueOf(market(), 'i1', t, { estimates: 'omit' });
      expect(v).toMatchObject({ included: false, amountUsd: null, legs: [] });
      expect(v.caveats.map((c) => c.kind)).toEqual(['omitted-unpriced']);
    });

    it('installments due between two dates: a year of the supply is 120', () => {
      const v = valueOf(market(), 's1', t);
      expect(
        v.dueBetween(Date.parse('2026-01-01'), Date.parse('2027-01-01')),
      ).toBe(120);
      expect(
        v.dueBetween(Date.parse('2027-01-01'), Date.parse('2026-01-01')),
      ).toBe(0);
    });
  });

  describe('given a supply deal with neither endDate nor schedule', () => {
    const h = new History()
      .company('lab')
      .company('cloud')
      .deal(
        'open',
        supply('lab', 'cloud'),
        { amountUsd: 600, startDate: '2025-01-01' },
        '2024-12-01',
      );

    it('spreads it over 60 months from its start (never all due now, never zero) and says so', () => {
      const v = valueOf(h, 'open', t);
      expect(v.legs[0]).toMatchObject({
        grossUsd: 480,
        lossGivenDefaultUsd: 210,
      });
      expect(v.caveats).toEqual([
        expect.objectContaining({ kind: 'assumed-term', deal: 'open' }),
      ]);
    });

    it('is over after the assumed 60 months', () => {
      expect(valueOf(h, 'open', '2030-01-01').legs).toEqual([]);
    });
  });

  describe('given an investment with a tranche still to fund', () => {
    const h = new History()
      .company('chips')
      .company('lab')
      .deal(
        'i2',
        investment('chips', 'lab'),
        {
          amountUsd: 100,
          schedule: [
            { date: '2025-06-01', amountUsd: 40 },
            { date: '2026-06-01', amountUsd: 60 },
          ],
        },
        '2025-05-01',
      );

    it('the investor holds the funded 40; the investee waits for 60, all within the horizon', () => {
      const v = valueOf(h, 'i2', t);
      expect(v.legs.map((l) => l.grossUsd)).toEqual([40]);
      expect(v.unfunded).toEqual({
        investee: 'lab',
        investor: 'chips',
        usd: 60,
        dueWithinHorizonUsd: 60,
      });
    });
  });

  describe('what counts: certainty and confidence', () => {
    const h = new History()
      .company('a')
      .company('b')
      .deal(
        'loi',
        supply('a', 'b'),
        { amountUsd: 10, endDate: '2030-01-01', certainty: 'intent' },
        '2025-01-01',
      )
      .deal(
        'rumour',
        loan('a', 'b'),
        { amountUsd: 10, endDate: '2030-01-01', confidence: 'low' },
        '2025-01-01',
      );

    it('leaves a letter of intent out by default, and says so', () => {
      const v = valueOf(h, 'loi', t);
      expect(v).toMatchObject({ included: false, legs: [] });
      expect(v.caveats.map((c) => c.kind)).toEqual(['below-certainty']);
    });

    it('counts it with minCertainty intent', () => {
      expect(valueOf(h, 'loi', t, { minCertainty: 'intent' }).included).toBe(
        true,
      );
    });

    it('counts a low-confidence deal by default, flagged; leaves it out with minConfidence medium', () => {
      const counted = valueOf(h, 'rumour', t);
      expect(counted.legs[0].grossUsd).toBe(10);
      expect(counted.caveats.map((c) => c.kind)).toEqual(['low-confidence']);
      const left = valueOf(h, 'rumour', t, { minConfidence: 'medium' });
      expect(left).toMatchObject({ included: false, legs: [] });
      expect(left.caveats.map((c) => c.kind)).toEqual(['low-confidence']);
    });

    it('leaves out a deal with neither amount nor estimate, and says so', () => {
      const u = new History()
        .company('a')
        .company('b')
        .deal('u', loan('a', 'b'), { endDate: '2030-01-01' }, '2025-01-01');
      const v = valueOf(u, 'u', t);
      expect(v.included).toBe(false);
      expect(v.caveats.map((c) => c.kind)).toEqual(['omitted-unpriced']);
    });
  });
});

describe('balance sheets on a date', () => {
  // lab reports for the year to 2025-12-31; chips for the quarter to 2025-03-31; cloud never.
  const h = new History()
    .company('lab')
    .company('cloud')
    .company('chips')
    .report('lab', '2025-12-31', {
      totalAssetsUsd: 1000,
      totalLiabilitiesUsd: 700,
      equityUsd: 300,
      cashUsd: 200,
      source: '10-K 2025',
    })
    .report('chips', '2025-03-31', {
      totalAssetsUsd: 500,
      totalLiabilitiesUsd: 100,
      cashUsd: 300,
    })
    .deal(
      's1',
      supply('lab', 'cloud'),
      { amountUsd: 600, startDate: '2025-01-01', endDate: '2030-01-01' },
      '2024-12-01',
    )
    .deal(
      'i2',
      investment('chips', 'lab'),
      {
        amountUsd: 100,
        schedule: [
          { date: '2025-06-01', amountUsd: 40 },
          { date: '2026-06-01', amountUsd: 60 },
        ],
      },
      '2025-05-01',
    )
    .pay('s1', 10, '2026-02-01');

  function sheets(at: string) {
    const t = Date.parse(at);
    const index = buildTemporalIndex(h.envelopes);
    return balanceSheetsAt(
      index.companies(t, Infinity),
      index.deals(t, Infinity),
      t,
    );
  }

  it('moves the investee’s report by the tranche funded since (cash and paid-in equity) and the payment it made (cash and payable)', () => {
    const lab = sheets('2026-07-01').get('lab')!;
    expect(lab).toMatchObject({
      periodEnd: '2025-12-31T00:00:00.000Z',
      reported: true,
      source: '10-K 2025',
      totalAssetsUsd: 1050,
      totalLiabilitiesUsd: 690,
      equityUsd: 360,
      cashUsd: 250,
      caveats: [],
    });
    expect(lab.flows).toMatchObject({
      cashUsd: 50,
      equityUsd: 60,
      stakesUsd: 0,
      count: 2,
    });
  });

  it('turns the investor’s cash into a stake (equity unchanged), and says a report older than 15 months is stale', () => {
    const chips = sheets('2026-07-01').get('chips')!;
    expect(chips).toMatchObject({
      equityUsd: 400,
      cashUsd: 200,
      totalAssetsUsd: 500,
    });
    expect(chips.flows).toMatchObject({
      cashUsd: -100,
      stakesUsd: 100,
      equityUsd: 0,
    });
    expect(chips.caveats.map((c) => c.kind)).toEqual(['stale-financials']);
  });

  it('says a balance sheet marked low confidence is an estimate, and moves it by the flows like a filing', () => {
    // given an estimated report for a private lab (no filing), funded after its period end
    const t = Date.parse('2026-07-01');
    const estimated = new History()
      .company('lab')
      .company('chips')
      .report('lab', '2025-12-31', {
        totalAssetsUsd: 200,
        totalLiabilitiesUsd: 20,
        equityUsd: 180,
        cashUsd: 200,
        source: 'reported cash, press',
        confidence: 'low',
      })
      .deal(
        'i3',
        investment('chips', 'lab'),
        { amountUsd: 50, schedule: [{ date: '2026-03-01', amountUsd: 50 }] },
        '2026-01-15',
      );
    const index = buildTemporalIndex(estimated.envelopes);
    // when its balance sheet is read after the funding
    const lab = balanceSheetsAt(
      index.companies(t, Infinity),
      index.deals(t, Infinity),
      t,
    ).get('lab')!;
    // then the tranche moved its cash and equity, and the answer says the figures are estimated
    expect(lab).toMatchObject({
      confidence: 'low',
      cashUsd: 250,
      equityUsd: 230,
    });
    expect(lab.caveats).toEqual([
      expect.objectContaining({ kind: 'low-confidence', company: 'lab' }),
    ]);
    // and a filing (no confidence given) reads as high, with no such caveat
    expect(sheets('2026-07-01').get('lab')).toMatchObject({
      confidence: 'high',
      caveats: [],
    });
  });

  it('uses no report before its period end, and says a company without financials is assumed', () => {
    const before = sheets('2025-06-30');
    expect(before.get('lab')).toMatchObject({
      reported: false,
      periodEnd: null,
    });
    expect(before.get('cloud')!.caveats.map((c) => c.kind)).toEqual([
      'assumed-financials',
    ]);
  });
});
