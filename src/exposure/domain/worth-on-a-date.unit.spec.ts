import { buildTemporalIndex } from './temporal-index';
import { companyExposureAt, dealAt, networkAt } from './exposure.queries';
import {
  History,
  investment,
  loan,
  supply,
} from '../../../test/kits/history.fixture';

/** then-helpers: the deal / network as of `at`, known now (everything recorded). */
function deal(h: History, id: string, at: string) {
  const index = buildTemporalIndex(h.envelopes);
  return dealAt(index, id, {
    atMs: Date.parse(at),
    knownPosition: index.headPosition(),
  });
}
function edges(h: History, at: string) {
  const index = buildTemporalIndex(h.envelopes);
  return networkAt(index, {
    atMs: Date.parse(at),
    knownPosition: index.headPosition(),
  }).edges.map((e) => ({
    holder: e.holder,
    counterparty: e.counterparty,
    kind: e.kind,
    amountUsd: e.amountUsd,
    deals: e.deals,
  }));
}

describe('what a deal is worth on a date', () => {
  const base = () =>
    new History().company('bank').company('acme').company('chips');

  describe('a loan', () => {
    it('is a bullet without a schedule: the whole principal until endDate, zero from endDate on', () => {
      const h = base().deal(
        'l1',
        loan('bank', 'acme'),
        { amountUsd: 100, endDate: '2025-01-01' },
        '2024-01-01',
      );
      expect(deal(h, 'l1', '2023-12-31')).toBeUndefined();
      expect(deal(h, 'l1', '2024-01-01')!.outstandingUsd).toBe(100); // effective at t is part of the view at t
      expect(deal(h, 'l1', '2024-12-31T23:59:59Z')!.outstandingUsd).toBe(100);
      expect(deal(h, 'l1', '2025-01-01')).toMatchObject({
        outstandingUsd: 0,
        status: 'ended',
      });
      expect(edges(h, '2024-06-01')).toEqual([
        {
          holder: 'bank',
          counterparty: 'acme',
          kind: 'loan',
          amountUsd: 100,
          deals: ['l1'],
        },
      ]);
      expect(edges(h, '2025-06-01')).toEqual([]);
    });

    it('is repaid by its schedule: principal less repayments due on or before the date', () => {
      const h = base().deal(
        'l1',
        loan('bank', 'acme'),
        {
          amountUsd: 100,
          endDate: '2025-01-01',
          schedule: [
            { date: '2024-07-01', amountUsd: 40 },
            { date: '2025-01-01', amountUsd: 60 },
          ],
        },
        '2024-01-01',
      );
      expect(deal(h, 'l1', '2024-06-30')!.outstandingUsd).toBe(100);
      expect(deal(h, 'l1', '2024-07-01')!.outstandingUsd).toBe(60);
      expect(deal(h, 'l1', '2025-01-01')!.outstandingUsd).toBe(0);
    });

    it('carries arrears when repayments are recorded and fall short', () => {
      const h = base()
        .deal(
          'l1',
          loan('bank', 'acme'),
          {
            amountUsd: 100,
            schedule: [
              { date: '2024-07-01', amountUsd: 40 },
              { date: '2025-01-01', amountUsd: 60 },
            ],
          },
          '2024-01-01',
        )
        .pay('l1', 10, '2024-07-01');
      expect(deal(h, 'l1', '2024-08-01')).toMatchObject({
        outstandingUsd: 90,
        arrearsUsd: 30,
      });
    });
  });

  describe('a supply deal', () => {
    it('without a schedule falls due in equal monthly installments, the first one month after startDate', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        { amountUsd: 120, startDate: '2024-01-01', endDate: '2025-01-01' },
        '2023-12-01',
      );
      expect(deal(h, 's1', '2023-12-15')!.outstandingUsd).toBe(120);
      expect(deal(h, 's1', '2024-01-31')!.outstandingUsd).toBe(120);
      expect(deal(h, 's1', '2024-02-01')!.outstandingUsd).toBe(110);
      expect(deal(h, 's1', '2024-07-15')!.outstandingUsd).toBe(60);
      expect(deal(h, 's1', '2024-12-31')!.outstandingUsd).toBe(10);
      expect(deal(h, 's1', '2025-01-01')).toMatchObject({
        outstandingUsd: 0,
        status: 'ended',
      });
      // the seller holds the exposure against the buyer
      expect(edges(h, '2024-02-01')).toEqual([
        {
          holder: 'chips',
          counterparty: 'acme',
          kind: 'supply',
          amountUsd: 110,
          deals: ['s1'],
        },
      ]);
    });

    it('starts at its signing when it has no startDate', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        { amountUsd: 120, endDate: '2025-03-01' },
        '2024-03-01',
      );
      expect(deal(h, 's1', '2024-04-01')!.outstandingUsd).toBe(110);
    });

    it('with no endDate keeps the whole commitment outstanding', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        { amountUsd: 500, startDate: '2024-01-01' },
        '2024-01-01',
      );
      expect(deal(h, 's1', '2030-01-01')!.outstandingUsd).toBe(500);
    });

    it('follows its schedule when given', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        {
          amountUsd: 100,
          schedule: [
            { date: '2024-03-01', amountUsd: 30 },
            { date: '2024-09-01', amountUsd: 70 },
          ],
        },
        '2024-01-01',
      );
      expect(deal(h, 's1', '2024-02-01')!.outstandingUsd).toBe(100);
      expect(deal(h, 's1', '2024-03-01')!.outstandingUsd).toBe(70);
      expect(deal(h, 's1', '2024-09-01')!.outstandingUsd).toBe(0);
    });

    it('adds arrears when payments are recorded and fall short of what was due', () => {
      const h = base()
        .deal(
          's1',
          supply('acme', 'chips'),
          { amountUsd: 120, startDate: '2024-01-01', endDate: '2025-01-01' },
          '2024-01-01',
        )
        .pay('s1', 10, '2024-02-01')
        .pay('s1', 5, '2024-03-01');
      // due by 2024-03-15: 20; paid 15 → arrears 5; still to fall due 100
      expect(deal(h, 's1', '2024-03-15')).toMatchObject({
        outstandingUsd: 105,
        arrearsUsd: 5,
        paidUsd: 15,
      });
      // after the end, only the arrears remain
      expect(deal(h, 's1', '2025-06-01')).toMatchObject({
        outstandingUsd: 105,
        status: 'ended',
      });
    });

    it('reports the buyer’s dependency on the seller beside the money', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        { amountUsd: 120, startDate: '2024-01-01', endDate: '2025-01-01' },
        '2024-01-01',
      );
      const index = buildTemporalIndex(h.envelopes);
      const view = companyExposureAt(index, 'acme', {
        atMs: Date.parse('2024-02-01'),
        knownPosition: index.headPosition(),
      })!;
      expect(view.exposureOutUsd).toBe(0);
      expect(view.exposureInUsd).toBe(110);
      expect(view.dependsOn).toEqual([
        {
          buyer: 'acme',
          seller: 'chips',
          commitmentUsd: 110,
          capacityGw: null,
          deals: ['s1'],
        },
      ]);
    });

    it('sums the whole network’s dependencies by buyer and seller, in id order, the capacity over the deals that record it', () => {
      const terms = (amountUsd: number, capacityGw?: number) => ({
        amountUsd,
        startDate: '2024-01-01',
        endDate: '2025-01-01',
        ...(capacityGw === undefined ? {} : { capacityGw }),
      });
      const h = base()
        .company('zeta')
        .deal('s1', supply('zeta', 'chips'), terms(120), '2024-01-01')
        .deal('s2', supply('acme', 'chips'), terms(120, 2), '2024-01-01')
        .deal('s3', supply('acme', 'bank'), terms(240), '2024-01-01')
        .deal('s4', supply('acme', 'chips'), terms(240), '2024-01-01')
        .deal('s5', supply('acme', 'chips'), terms(120, 0.5), '2024-01-01');
      const index = buildTemporalIndex(h.envelopes);
      const at = (date: string) =>
        networkAt(index, {
          atMs: Date.parse(date),
          knownPosition: index.headPosition(),
        }).dependencies;
      const feb = at('2024-02-01');
      expect(feb).toEqual([
        {
          buyer: 'acme',
          seller: 'bank',
          commitmentUsd: 220,
          capacityGw: null,
          deals: ['s3'],
        },
        {
          buyer: 'acme',
          seller: 'chips',
          commitmentUsd: 110 + 220 + 110,
          capacityGw: 2.5,
          deals: ['s2', 's4', 's5'],
        },
        {
          buyer: 'zeta',
          seller: 'chips',
          commitmentUsd: 110,
          capacityGw: null,
          deals: ['s1'],
        },
      ]);
      // the columns are the index's, emptied for each answer
      expect(at('2025-06-01')).toEqual([]);
      expect(at('2024-02-01')).toEqual(feb);
    });
  });

  describe('an investment', () => {
    it('without a schedule is funded whole at startDate (else its signing)', () => {
      const h = base()
        .deal(
          'i1',
          investment('bank', 'acme'),
          { amountUsd: 50, startDate: '2024-06-01' },
          '2024-01-01',
        )
        .deal(
          'i2',
          investment('bank', 'chips'),
          { amountUsd: 20 },
          '2024-01-01',
        );
      expect(deal(h, 'i1', '2024-03-01')).toMatchObject({
        outstandingUsd: 0,
        unfundedUsd: 50,
      });
      expect(deal(h, 'i1', '2024-06-01')).toMatchObject({
        outstandingUsd: 50,
        unfundedUsd: 0,
      });
      expect(deal(h, 'i2', '2024-01-01')!.outstandingUsd).toBe(20);
    });

    it('is funded in tranches; the investee holds the unfunded tranches against the investor', () => {
      const h = base().deal(
        'i1',
        investment('bank', 'acme'),
        {
          amountUsd: 100,
          schedule: [
            { date: '2024-01-01', amountUsd: 40 },
            { date: '2025-01-01', amountUsd: 60 },
          ],
        },
        '2024-01-01',
      );
      expect(edges(h, '2024-06-01')).toEqual([
        {
          holder: 'acme',
          counterparty: 'bank',
          kind: 'investment',
          amountUsd: 60,
          deals: ['i1'],
        },
        {
          holder: 'bank',
          counterparty: 'acme',
          kind: 'investment',
          amountUsd: 40,
          deals: ['i1'],
        },
      ]);
      expect(edges(h, '2025-01-01')).toEqual([
        {
          holder: 'bank',
          counterparty: 'acme',
          kind: 'investment',
          amountUsd: 100,
          deals: ['i1'],
        },
      ]);
    });

    it('loses carrying value by write-downs from their date on', () => {
      const h = base()
        .deal(
          'i1',
          investment('bank', 'acme'),
          { amountUsd: 100 },
          '2024-01-01',
        )
        .writeDown('i1', 30, '2024-06-01')
        .writeDown('i1', 100, '2025-01-01');
      expect(deal(h, 'i1', '2024-05-31')!.outstandingUsd).toBe(100);
      expect(deal(h, 'i1', '2024-06-01')).toMatchObject({
        outstandingUsd: 70,
        writtenDownUsd: 30,
      });
      expect(deal(h, 'i1', '2025-01-01')!.outstandingUsd).toBe(0);
    });
  });

  describe('a terminated deal', () => {
    it('counts until its termination and nothing from then on', () => {
      const h = base()
        .deal('l1', loan('bank', 'acme'), { amountUsd: 100 }, '2024-01-01')
        .terminate('l1', '2024-06-01');
      expect(deal(h, 'l1', '2024-05-31')).toMatchObject({
        outstandingUsd: 100,
        status: 'active',
      });
      expect(deal(h, 'l1', '2024-06-01')).toMatchObject({
        outstandingUsd: 0,
        status: 'terminated',
        terminatedAt: '2024-06-01T00:00:00.000Z',
      });
      expect(edges(h, '2024-07-01')).toEqual([]);
    });
  });

  describe('a retracted deal', () => {
    it('vanishes from every view known after the retraction, whatever the date', () => {
      const h = base()
        .deal('l1', loan('bank', 'acme'), { amountUsd: 100 }, '2024-01-01')
        .retract('l1', '2026-01-01');
      expect(deal(h, 'l1', '2024-06-01')).toBeUndefined();
      expect(edges(h, '2024-06-01')).toEqual([]);
    });
  });

  describe('an amendment', () => {
    it('changes the terms from its own effectiveAt on', () => {
      const h = base()
        .deal('s1', supply('acme', 'chips'), { amountUsd: 300 }, '2024-01-01')
        .amend('s1', { amountUsd: 250 }, '2024-06-01');
      expect(deal(h, 's1', '2024-05-31')!.outstandingUsd).toBe(300);
      expect(deal(h, 's1', '2024-06-01')).toMatchObject({
        outstandingUsd: 250,
        amountUsd: 250,
      });
    });
  });

  describe('a deal without a published amount', () => {
    // Before valuation views, such a deal made a 0 edge listed in unpricedDeals; now a view never
    // counts it silently: without an estimate it is left out and said in caveats.
    it('without an estimate: flagged on the deal, left out of the edges, said in caveats', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        { startDate: '2024-01-01', endDate: '2026-01-01' },
        '2024-01-01',
      );
      expect(deal(h, 's1', '2024-06-01')).toMatchObject({
        outstandingUsd: 0,
        flags: { amountUnknown: true },
      });
      const index = buildTemporalIndex(h.envelopes);
      const view = networkAt(index, {
        atMs: Date.parse('2024-06-01'),
        knownPosition: index.headPosition(),
      });
      expect(view.edges).toEqual([]);
      expect(view.caveats).toContainEqual(
        expect.objectContaining({ kind: 'omitted-unpriced', deal: 's1' }),
      );
    });

    it('with an estimate: counted at the central estimate, listed on its edge and in caveats', () => {
      const h = base().deal(
        's1',
        supply('acme', 'chips'),
        {
          startDate: '2024-01-01',
          endDate: '2026-01-01',
          estimateUsd: {
            low: 12,
            central: 24,
            high: 48,
            basis: '1 GW at $1 per W',
          },
        },
        '2024-01-01',
      );
      const index = buildTemporalIndex(h.envelopes);
      const view = networkAt(index, {
        atMs: Date.parse('2024-06-01'),
        knownPosition: index.headPosition(),
      });
      // 24 monthly installments of 1 from 2024-02-01: 5 due by 2024-06-01
      expect(view.edges).toEqual([
        expect.objectContaining({
          holder: 'chips',
          counterparty: 'acme',
          amountUsd: 19,
          deals: ['s1'],
          unpricedDeals: ['s1'],
        }),
      ]);
      expect(view.caveats).toContainEqual(
        expect.objectContaining({ kind: 'estimated-amount', deal: 's1' }),
      );
    });
  });

  describe('a default', () => {
    it('flags the company from its date on; its creditors’ exposures stay visible', () => {
      const h = base()
        .deal('l1', loan('bank', 'acme'), { amountUsd: 100 }, '2024-01-01')
        .defaulted('acme', '2024-06-01', 0.4);
      const index = buildTemporalIndex(h.envelopes);
      const before = networkAt(index, {
        atMs: Date.parse('2024-05-31'),
        knownPosition: index.headPosition(),
      });
      const after = networkAt(index, {
        atMs: Date.parse('2024-06-01'),
        knownPosition: index.headPosition(),
      });
      expect(before.companies.find((c) => c.id === 'acme')!.defaulted).toBe(
        false,
      );
      expect(after.companies.find((c) => c.id === 'acme')).toMatchObject({
        defaulted: true,
        recoveryRate: 0.4,
        exposureInUsd: 100,
      });
      expect(after.edges).toHaveLength(1);
      expect(deal(h, 'l1', '2024-06-01')!.flags.debtorDefaulted).toBe(true);
    });

    it('is lifted by a cure from the cure’s date on', () => {
      const h = base()
        .defaulted('acme', '2024-06-01')
        .cured('acme', '2024-09-01');
      const index = buildTemporalIndex(h.envelopes);
      expect(
        index.company('acme', Date.parse('2024-07-01'), h.head)!.defaulted,
      ).toBe(true);
      expect(
        index.company('acme', Date.parse('2024-09-01'), h.head)!.defaulted,
      ).toBe(false);
    });
  });
});

describe('a company’s exposure', () => {
  it('totals by kind, ranks counterparties and measures concentration', () => {
    const h = new History()
      .company('bank', '2000-01-01', { equityUsd: 200 })
      .company('a')
      .company('b')
      .deal('l1', loan('bank', 'a'), { amountUsd: 60 }, '2024-01-01')
      // no endDate: an assumed 60-month term from 2024-02-01, nothing due yet on 2024-02-01
      .deal(
        's1',
        supply('b', 'bank'),
        { amountUsd: 40, startDate: '2024-02-01' },
        '2024-01-01',
      )
      .deal('l2', loan('a', 'bank'), { amountUsd: 10 }, '2024-01-01');
    const index = buildTemporalIndex(h.envelopes);
    const v = companyExposureAt(index, 'bank', {
      atMs: Date.parse('2024-02-01'),
      knownPosition: index.headPosition(),
    })!;
    expect(v.exposureOutUsd).toBe(100);
    expect(v.exposureInUsd).toBe(10);
    expect(v.byKind).toEqual({
      supply: expect.objectContaining({ outUsd: 40, inUsd: 0 }),
      investment: expect.objectContaining({ outUsd: 0, inUsd: 0 }),
      loan: {
        outUsd: 60,
        inUsd: 10,
        lossGivenDefaultOutUsd: 60,
        lossGivenDefaultInUsd: 10,
      },
    });
    // the supply's LGD: 11 of 60 installments due within 365 days (22/3), and 0.25 × the rest (98/3)
    expect(v.byKind.supply.lossGivenDefaultOutUsd).toBeCloseTo(15.5, 9);
    expect(v.lossGivenDefaultOutUsd).toBeCloseTo(75.5, 9);
    expect(v.caveats).toContainEqual(
      expect.objectContaining({ kind: 'assumed-term', deal: 's1' }),
    );
    expect(
      v.topCounterparties.map((c) => [c.id, c.exposureUsd, c.share]),
    ).toEqual([
      ['a', 60, 0.6],
      ['b', 40, 0.4],
    ]);
    expect(v.concentration.herfindahl).toBeCloseTo(0.36 + 0.16, 12);
    expect(v.concentration).toMatchObject({
      counterparties: 2,
      largestExposureUsd: 60,
      largestCounterparty: 'a',
      largestShareOfEquity: 0.3,
    });
  });

  it('is unknown before the company was registered', () => {
    const h = new History().company('bank', '2020-01-01');
    const index = buildTemporalIndex(h.envelopes);
    expect(
      companyExposureAt(index, 'bank', {
        atMs: Date.parse('2019-01-01'),
        knownPosition: h.head,
      }),
    ).toBeUndefined();
    expect(
      companyExposureAt(index, 'nobody', {
        atMs: Date.parse('2021-01-01'),
        knownPosition: h.head,
      }),
    ).toBeUndefined();
  });
});
