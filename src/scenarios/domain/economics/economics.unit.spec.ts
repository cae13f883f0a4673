import { ValidationError } from '../../../shared/errors';
import { threeCompanyMarket, company, deal, sheet, v1Sheet } from './fixtures';
import { EconomicResult } from './result';
import { runEconomics } from './run';
import { dealCuts } from './shocks';

const row = (r: EconomicResult, id: string) =>
  r.companies.find((c) => c.id === id)!;
const market = threeCompanyMarket();

describe('the balance-sheet reading (default)', () => {
  describe('given the three-company market and no shock', () => {
    for (const model of [
      'eisenberg-noe',
      'rogers-veraart',
      'furfine',
      'debtrank',
    ] as const) {
      it(`when ${model} runs, then each equity before is the reported equity and nobody fails`, () => {
        const r = runEconomics(model, market, [], {});
        expect(r.basis).toBe('balance-sheet');
        expect(r.companies.map((c) => c.id)).toEqual(['chips', 'cloud', 'lab']);
        expect(row(r, 'chips').equityBeforeUsd).toBeCloseTo(400, 9);
        expect(row(r, 'cloud').equityBeforeUsd).toBeCloseTo(150, 9);
        expect(row(r, 'lab').equityBeforeUsd).toBeCloseTo(30, 9);
        expect(r.defaults).toEqual([]);
        expect(r.baselineDefaults).toEqual([]);
        expect(r.totalLossUsd).toBe(0);
        expect(r.companies.every((c) => c.status === 'solvent')).toBe(true);
      });
    }
  });

  describe('given the lab defaults with recovery 0.5', () => {
    const shocks = [
      { type: 'default' as const, company: 'lab', recoveryRate: 0.5 },
    ];

    it('when Eisenberg–Noe clears, then the lab pays 105 of its 210, cloud loses 105 and survives, chips loses its 40 stake; the lab loses its 140 contract asset', () => {
      const r = runEconomics('eisenberg-noe', market, shocks, {});
      expect(row(r, 'lab').paymentUsd).toBeCloseTo(105, 9);
      expect(row(r, 'cloud').lossUsd).toBeCloseTo(105, 9);
      expect(row(r, 'cloud').lossDirectUsd).toBeCloseTo(105, 9);
      expect(row(r, 'cloud').equityAfterUsd).toBeCloseTo(45, 9);
      expect(row(r, 'cloud').status).toBe('solvent');
      expect(row(r, 'chips').lossUsd).toBeCloseTo(40, 9);
      expect(row(r, 'lab').lossUsd).toBeCloseTo(140, 9);
      expect(row(r, 'lab').status).toBe('insolvent');
      expect(row(r, 'lab').defaultRound).toBe(0);
      expect(r.defaults).toEqual(['lab']);
      // Every loss here is round 1 (each company's lossDirectUsd): cloud's 105 + chips' 40 + the
      // lab's own 140 = 285, the total too; plain Eisenberg–Noe only redistributes (net multiplier 1).
      // The claim write-downs, 105 + 40, over it: 145 / 285.
      expect(r.initialLossUsd).toBeCloseTo(285, 9);
      expect(r.totalLossUsd).toBeCloseTo(285, 9);
      expect(r.netMultiplier).toBeCloseTo(1, 12);
      expect(r.grossMultiplier).toBeCloseTo(145 / 285, 12);
    });

    it('when Furfine and DebtRank run, then cloud loses the same 0.5 × 210 = 105 and chips the same 40 in round 1', () => {
      const f = runEconomics('furfine', market, shocks, {});
      expect(row(f, 'cloud').lossUsd).toBeCloseTo(105, 9);
      expect(row(f, 'chips').lossUsd).toBeCloseTo(40, 9);
      expect(f.initialLossUsd).toBeCloseTo(145, 9);
      const d = runEconomics('debtrank', market, shocks, {});
      expect(row(d, 'cloud').lossUsd).toBeCloseTo(105, 9);
      // cloud's distress 105/150 = 0.7 reaches chips through the loan: 0.7 × 100/400 × 400 = 70 more.
      expect(row(d, 'chips').lossDirectUsd).toBeCloseTo(40, 9);
      expect(row(d, 'chips').lossContagionUsd).toBeCloseTo(70, 9);
      // The round-1 losses as each model measures them: Furfine counts none for the defaulter
      // itself (105 + 40 + 0 = 145, above); DebtRank its full distress × equity, 30: 105 + 40 + 30.
      expect(d.initialLossUsd).toBeCloseTo(175, 9);
      expect(d.totalLossUsd).toBeCloseTo(245, 9);
    });

    it('then the lab’s capacity is at risk only when its supplier fails: cloud failing costs the lab 480 of capacity (1 GW), reported not lost', () => {
      const r = runEconomics(
        'furfine',
        market,
        [{ type: 'default', company: 'cloud' }],
        {},
      );
      expect(row(r, 'lab').capacityAtRiskUsd).toBe(480);
      expect(row(r, 'lab').capacityAtRiskGw).toBe(1);
      expect(row(r, 'lab').lossUsd).toBe(0);
      expect(row(r, 'chips').capacityAtRiskUsd).toBe(0);
      expect(row(r, 'chips').capacityAtRiskGw).toBeNull();
    });
  });

  it('given an estimated stake, then the result lists the estimate among its caveats', () => {
    const r = runEconomics('furfine', market, [], {});
    expect(r.caveats).toContainEqual(
      expect.objectContaining({
        kind: 'estimated-amount',
        deal: 'stake-chips-lab',
      }),
    );
  });

  it('given a haircut of half the compute category, then cloud loses 105 directly and the lab’s equity is left as reported', () => {
    const r = runEconomics(
      'eisenberg-noe',
      market,
      [{ type: 'haircut', fraction: 0.5, category: 'compute' }],
      {},
    );
    expect(row(r, 'cloud').lossUsd).toBeCloseTo(105, 9);
    expect(row(r, 'cloud').lossDirectUsd).toBeCloseTo(105, 9);
    expect(row(r, 'lab').equityBeforeUsd).toBeCloseTo(30, 9);
    expect(row(r, 'lab').lossUsd).toBeCloseTo(0, 9);
    expect(r.initialLossUsd).toBeCloseTo(105, 9);
  });

  it('given claims beyond a company’s reported assets, then its outside assets are clamped at 0 and a caveat says so', () => {
    const m = {
      companies: [
        company('a', sheet('a', { totalAssetsUsd: 50, equityUsd: 10 })),
        company('b', sheet('b', { totalAssetsUsd: 500, equityUsd: 100 })),
      ],
      deals: [
        deal('l', 'loan', [
          {
            holder: 'a',
            counterparty: 'b',
            basis: 'loan-principal',
            lossGivenDefaultUsd: 80,
          },
        ]),
      ],
    };
    const r = runEconomics('furfine', m, [], {});
    expect(row(r, 'a').equityBeforeUsd).toBeCloseTo(40, 9);
    expect(r.caveats).toContainEqual(
      expect.objectContaining({ kind: 'assumed-financials', company: 'a' }),
    );
  });

  it('given a company with only the older v1 figures, then they are used as they are', () => {
    const m = {
      companies: [company('old', v1Sheet('old', 7, 20, 13))],
      deals: [],
    };
    const r = runEconomics('eisenberg-noe', m, [], {});
    expect(row(r, 'old').equityBeforeUsd).toBe(7);
  });

  describe('given a buyer with only the older v1 figures (equity 30, outside assets 20, outside debts 10) and the 60-month compute contract (loss given default 210)', () => {
    const m = {
      ...market,
      companies: market.companies.map((c) =>
        c.id === 'lab' ? company('lab', v1Sheet('lab', 30, 20, 10)) : c,
      ),
    };
    for (const model of [
      'eisenberg-noe',
      'rogers-veraart',
      'furfine',
      'debtrank',
    ] as const)
      it(`when ${model} runs with no shock, then the lab starts from its stated 30 (the 180 its figures leave off is its contract asset) and nobody fails`, () => {
        const r = runEconomics(model, m, [], {});
        expect(row(r, 'lab').equityBeforeUsd).toBeCloseTo(30, 9);
        expect(r.defaults).toEqual([]);
        expect(r.baselineDefaults).toEqual([]);
      });

    it('when the lab defaults with recovery 0.5 under Eisenberg–Noe, then its contract asset is lost with it and cloud still loses half of its 210', () => {
      const r = runEconomics(
        'eisenberg-noe',
        m,
        [{ type: 'default', company: 'lab', recoveryRate: 0.5 }],
        {},
      );
      expect(row(r, 'cloud').lossUsd).toBeCloseTo(105, 9);
      expect(r.defaults[0]).toBe('lab');
    });
  });
});

describe('baseline first', () => {
  it('given a company in default in the history, then it is failing without shock, not the shock’s victim, and losses are net of it', () => {
    const m = {
      ...market,
      companies: market.companies.map((c) =>
        c.id === 'lab' ? { ...c, defaulted: true, recoveryRate: 0.5 } : c,
      ),
    };
    const r = runEconomics(
      'furfine',
      m,
      [{ type: 'asset-shock', fraction: 0.1, companies: ['cloud'] }],
      {},
    );
    expect(row(r, 'lab').failingWithoutShock).toBe(true);
    expect(row(r, 'lab').defaulted).toBe(true);
    expect(r.defaults).toEqual([]);
    expect(r.baselineDefaults).toEqual(['lab']);
    // cloud: outside assets 500 − 210 = 290, 10 % of them; its loss on the lab happens anyway.
    expect(row(r, 'cloud').lossUsd).toBeCloseTo(29, 9);
    expect(row(r, 'chips').lossUsd).toBe(0);
    expect(r.initialLossUsd).toBeCloseTo(29, 9);
  });
});

describe('the liquidity reading', () => {
  const params = { basis: 'liquidity' as const };

  it('given no shock, then the lab (cash 20, −60 of operating cash flow, 120 due) cannot pay: illiquid, failing without shock, short 160', () => {
    const r = runEconomics('eisenberg-noe', market, [], params);
    const lab = row(r, 'lab');
    expect(lab.equityBeforeUsd).toBeCloseTo(-160, 9);
    expect(lab.status).toBe('illiquid');
    expect(lab.failingWithoutShock).toBe(true);
    expect(lab.liquidityShortfallUsd).toBeCloseTo(160, 9);
    expect(r.baselineDefaults).toEqual(['lab']);
    expect(r.defaults).toEqual([]);
    expect(row(r, 'cloud').status).toBe('solvent');
    expect(row(r, 'cloud').equityBeforeUsd).toBeCloseTo(140, 9);
    expect(r.caveats).toContainEqual(
      expect.objectContaining({ kind: 'assumed-financials' }),
    );
  });

  it('given cloud loses all its cash, then it pays chips 13.33 of its 50 (the lab pays 20 × 120/180): illiquid, short 36.67; chips loses 36.67 through contagion', () => {
    const r = runEconomics(
      'eisenberg-noe',
      market,
      [{ type: 'asset-shock', fraction: 1, companies: ['cloud'] }],
      params,
    );
    const cloud = row(r, 'cloud');
    expect(cloud.paymentUsd).toBeCloseTo(40 / 3, 9);
    expect(cloud.status).toBe('illiquid');
    expect(cloud.liquidityShortfallUsd).toBeCloseTo(110 / 3, 9);
    expect(cloud.lossUsd).toBeCloseTo(100 / 3, 9);
    expect(r.defaults).toEqual(['cloud']);
    expect(row(r, 'chips').lossContagionUsd).toBeCloseTo(110 / 3, 9);
    // Round 1 is cloud's own loss as lossUsd measures it: its 70 of cash is gone, but what it loses
    // beyond the baseline (where the lab's failure already took 320/3 of its 140) is 140 − 320/3 =
    // 100/3. The total adds chips' 110/3 through contagion: 100/3 + 110/3 = 70 (amplification 2.1).
    expect(r.initialLossUsd).toBeCloseTo(100 / 3, 9);
    expect(r.totalLossUsd).toBeCloseTo(70, 9);
    expect(r.amplification).toBeCloseTo(2.1, 12);
  });
});

describe('haircut selectors', () => {
  const facts = market.deals.map((d) => d.facts);

  it('select by deal, deals, category, kind, buyer or seller; several compound', () => {
    expect([
      ...dealCuts([{ type: 'haircut', fraction: 0.5, kind: 'loan' }], facts),
    ]).toEqual([['loan-chips-cloud', 0.5]]);
    expect([
      ...dealCuts([{ type: 'haircut', fraction: 0.5, buyer: 'lab' }], facts),
    ]).toEqual([['compute-60m', 0.5]]);
    expect([
      ...dealCuts([{ type: 'haircut', fraction: 0.5, seller: 'cloud' }], facts),
    ]).toEqual([['compute-60m', 0.5]]);
    expect(
      dealCuts(
        [
          {
            type: 'haircut',
            fraction: 0.5,
            deals: ['compute-60m', 'stake-chips-lab'],
          },
          { type: 'haircut', fraction: 0.5, deal: 'compute-60m' },
        ],
        facts,
      ).get('compute-60m'),
    ).toBe(0.75);
  });

  it('an unknown selector value is a ValidationError naming the field', () => {
    const cut = (shock: object) => () =>
      dealCuts(
        [
          { type: 'default', company: 'x' },
          { type: 'haircut', fraction: 0.1, ...shock },
        ],
        facts,
      );
    expect(cut({ category: 'gpus' })).toThrow('shocks[1].category');
    expect(cut({ kind: 'swap' })).toThrow('shocks[1].kind');
    expect(cut({ buyer: 'nobody' })).toThrow('shocks[1].buyer');
    expect(cut({ seller: 'lab' })).toThrow('shocks[1].seller');
    expect(cut({ deals: ['compute-60m', 'nope'] })).toThrow(
      'shocks[1].deals[1]',
    );
    expect(cut({ deal: 'nope' })).toThrow(ValidationError);
    expect(cut({ deal: 'compute-60m', kind: 'loan' })).toThrow(
      'shocks[1].kind',
    );
    expect(cut({})).toThrow('shocks[1].deal');
  });
});

it('the year-by-year clearing is refused under the balance-sheet reading, with the field named', () => {
  expect(() =>
    runEconomics('eisenberg-noe', market, [], {
      basis: 'balance-sheet',
      periods: 'year',
    }),
  ).toThrow('params.periods');
});
