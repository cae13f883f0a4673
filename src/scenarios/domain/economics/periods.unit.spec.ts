import { ValidationError } from '../../../shared/errors';
import { company, deal, monthly, scheduledDeal, sheet } from './fixtures';
import { Market } from './market';
import { addYearsMs } from './schedule';
import { EconomicResult } from './result';
import { runEconomics } from './run';

const row = (r: EconomicResult, id: string) =>
  r.companies.find((c) => c.id === id)!;
const at = Date.parse('2026-01-01');
const params = { basis: 'liquidity' as const, periods: 'year' as const };

/**
 * Three companies from 2026-01-01 (year 1 ends 2027-01-01, year 2 2028-01-01, year 3 2029-01-01):
 * - `lab` buys compute from `cloud`: $10 a month for 36 months from 2026-01-01 (the last one on
 *   2029-01-01), $120 in each year;
 * - `chips` lent `lab` $100, repaid in one bullet on 2027-06-01 (year 2);
 * - cash and a year's operating cash flow: lab 150 and +50, cloud 10 and −90, chips 500 and 0.
 * By hand, with no shock:
 *   year 1: lab 150 + 50 − 120 = 80 left; cloud 10 + 120 − 90 = 40; chips 500.
 *   year 2: lab has 80 + 50 = 130 for 120 + 100 = 220 due: short 90, it fails. Its loan is due
 *     already; its contract is rejected: cloud claims 0.25 × 120 (year 3's installments) = 30, due
 *     now. Lab owes cloud 150 and chips 100 and pays 130 pro rata: cloud 78, chips 52.
 *     cloud 40 + 78 − 90 = 28 left.
 *   year 3: lab has 0 + 50 for the 72 + 48 still owed: cloud gets 30, chips 20. cloud has
 *     28 + 30 = 58 for its 90 of costs: short 32, it fails.
 */
function market(): Market {
  return {
    atMs: at,
    companies: [
      company(
        'chips',
        sheet('chips', {
          totalAssetsUsd: 1000,
          equityUsd: 600,
          cashUsd: 500,
          operatingCashFlowUsd: 0,
        }),
      ),
      company(
        'cloud',
        sheet('cloud', {
          totalAssetsUsd: 400,
          equityUsd: 100,
          cashUsd: 10,
          operatingCashFlowUsd: -90,
        }),
      ),
      company(
        'lab',
        sheet('lab', {
          totalAssetsUsd: 300,
          equityUsd: 50,
          cashUsd: 150,
          operatingCashFlowUsd: 50,
        }),
      ),
    ],
    deals: [
      scheduledDeal(
        'compute',
        'supply',
        { holder: 'cloud', counterparty: 'lab' },
        monthly('2026-01-01', 36, 10),
        at,
      ),
      scheduledDeal(
        'loan',
        'loan',
        { holder: 'chips', counterparty: 'lab' },
        [['2027-06-01', 100]],
        at,
      ),
    ],
  };
}

describe('the liquidity reading year by year (periods: "year")', () => {
  describe('given the three-company market and no shock', () => {
    const r = runEconomics('eisenberg-noe', market(), [], params);

    it('then three years are cleared, to the last installment', () => {
      expect(r.years).toBe(3);
      expect(r.params.periods).toBe('year');
    });

    it('then the lab runs out of cash in year 2, short 90 (130 for 220 due): illiquid, failing without shock', () => {
      const lab = row(r, 'lab');
      expect(lab.defaultYear).toBe(2);
      expect(lab.defaultRound).toBe(1);
      expect(lab.liquidityShortfallUsd).toBeCloseTo(90, 9);
      expect(lab.status).toBe('illiquid');
      expect(lab.failingWithoutShock).toBe(true);
      // 120 in year 1, all 130 it had in year 2, its 50 of year 3.
      expect(lab.paymentUsd).toBeCloseTo(300, 9);
      // It still owes 70 at the end: 42 to cloud, 28 to chips.
      expect(lab.equityAfterUsd).toBeCloseTo(-70, 9);
      // As scheduled: 150 + 3 × 50 − 360 − 100.
      expect(lab.equityBeforeUsd).toBeCloseTo(-160, 9);
    });

    it('then cloud gets damages for the rejected year 3 (78 of its 150 claim in year 2, 30 more in year 3) and fails in year 3, short 32', () => {
      const cloud = row(r, 'cloud');
      expect(cloud.defaultYear).toBe(3);
      // lab fails in the first round of year 3's clearing too (already in default), cloud in the second.
      expect(cloud.defaultRound).toBe(2);
      expect(cloud.liquidityShortfallUsd).toBeCloseTo(32, 9);
      expect(cloud.status).toBe('illiquid');
      expect(cloud.failingWithoutShock).toBe(true);
      // 90 + 90 of costs, then the 58 it had.
      expect(cloud.paymentUsd).toBeCloseTo(238, 9);
      expect(cloud.equityAfterUsd).toBeCloseTo(-32, 9);
      expect(cloud.equityBeforeUsd).toBeCloseTo(10 - 270 + 360, 9);
    });

    it('then chips, paid 52 and 20 of its 100, stands; the failures are the baseline’s, in year order', () => {
      const chips = row(r, 'chips');
      expect(chips.defaultYear).toBeNull();
      expect(chips.status).toBe('solvent');
      expect(chips.equityAfterUsd).toBeCloseTo(572, 9);
      expect(chips.liquidityShortfallUsd).toBe(0);
      expect(r.baselineDefaults).toEqual(['lab', 'cloud']);
      expect(r.defaults).toEqual([]);
      expect(r.totalLossUsd).toBe(0);
    });

    it('then the caveats say what the reading assumes', () => {
      const details = r.caveats.map((c) => c.detail).join('\n');
      expect(details).toContain('operating cash flow is taken flat');
      expect(details).toContain('outside the network');
      expect(details).toContain('damagesRate × the remaining installments');
    });
  });

  describe('given the lab defaults at once with recovery 0.5', () => {
    const r = runEconomics(
      'eisenberg-noe',
      market(),
      [{ type: 'default', company: 'lab', recoveryRate: 0.5 }],
      params,
    );

    it('then its loan and damages fall due in year 1 (cloud 120 + 0.25 × 240 = 180, chips 100) and it pays half of 280', () => {
      const lab = row(r, 'lab');
      expect(lab.defaultYear).toBe(1);
      expect(lab.defaultRound).toBe(0);
      expect(lab.paymentUsd).toBeCloseTo(140, 9);
      // It would fail in year 2 anyway: not the shock's failure (baseline first).
      expect(lab.failingWithoutShock).toBe(true);
      expect(r.defaults).toEqual([]);
    });

    it('then cloud, paid 90, has 10 left and fails a year earlier than without the shock, short 80 — still failing without shock', () => {
      const cloud = row(r, 'cloud');
      expect(cloud.defaultYear).toBe(2);
      expect(cloud.liquidityShortfallUsd).toBeCloseTo(80, 9);
      expect(cloud.failingWithoutShock).toBe(true);
      // Its owners lose all 100 either way; its outside creditors lose 80 + 90 instead of 32.
      expect(cloud.lossUsd).toBeCloseTo(0, 9);
      expect(r.externalCreditorLossUsd).toBeCloseTo(170 - 32, 9);
    });

    it('then chips gets 50 instead of 52 + 20: it loses 22 against the baseline', () => {
      expect(row(r, 'chips').lossUsd).toBeCloseTo(22, 9);
      expect(row(r, 'chips').equityAfterUsd).toBeCloseTo(550, 9);
      expect(r.totalLossUsd).toBeCloseTo(22 + 138, 9);
    });
  });

  it('given half of year 1’s outside assets of the lab are lost, then the lab cannot pay year 1 (100 for 120) and fails then', () => {
    const r = runEconomics(
      'rogers-veraart',
      market(),
      [{ type: 'asset-shock', fraction: 0.5, companies: ['lab'] }],
      params,
    );
    const lab = row(r, 'lab');
    expect(lab.defaultYear).toBe(1);
    expect(lab.liquidityShortfallUsd).toBeCloseTo(20, 9);
    expect(lab.failingWithoutShock).toBe(true);
  });

  it('given a loan with no repayment date, then it falls due only when its borrower fails — at once, beside what was due — and a caveat says so', () => {
    const cash = (id: string, usd: number) =>
      company(
        id,
        sheet(id, { totalAssetsUsd: 500, equityUsd: 100, cashUsd: usd }),
      );
    const m: Market = {
      atMs: at,
      companies: [cash('bank', 0), cash('b', 20), cash('s', 0)],
      deals: [
        deal('open-loan', 'loan', [
          {
            holder: 'bank',
            counterparty: 'b',
            basis: 'loan-principal',
            lossGivenDefaultUsd: 100,
            dueAfterHorizonUsd: 100,
          },
        ]),
        scheduledDeal(
          'gpus',
          'supply',
          { holder: 's', counterparty: 'b' },
          [['2026-06-01', 50]],
          at,
        ),
      ],
    };
    const r = runEconomics('eisenberg-noe', m, [], params);
    expect(r.years).toBe(1);
    // b has 20 for the 50 due: short 30; the loan falls due, and the 20 is shared 50 : 100.
    expect(row(r, 'b').defaultYear).toBe(1);
    expect(row(r, 'b').liquidityShortfallUsd).toBeCloseTo(30, 9);
    expect(row(r, 's').equityAfterUsd).toBeCloseTo(20 / 3, 9);
    expect(row(r, 'bank').equityAfterUsd).toBeCloseTo(40 / 3, 9);
    expect(r.caveats).toContainEqual(
      expect.objectContaining({ kind: 'assumed-term', deal: 'open-loan' }),
    );
  });

  describe('refused, with the field named', () => {
    it.each([
      [{ periods: 'year' as const }, 'params.periods'],
      [
        { basis: 'full-commitment' as const, periods: 'year' as const },
        'params.periods',
      ],
      [{ ...params, horizonDays: 730 }, 'params.horizonDays'],
    ])('%o', (bad, field) => {
      expect(() => runEconomics('eisenberg-noe', market(), [], bad)).toThrow(
        field,
      );
    });

    it('on a model that does not clear', () => {
      for (const model of ['furfine', 'debtrank'] as const)
        expect(() => runEconomics(model, market(), [], params)).toThrow(
          'params.periods',
        );
    });

    it('without the scenario date', () => {
      const { atMs: _, ...undated } = market();
      expect(() => runEconomics('eisenberg-noe', undated, [], params)).toThrow(
        ValidationError,
      );
    });
  });
});

it('years are calendar years in UTC: 29 February moves to 28 February', () => {
  expect(new Date(addYearsMs(Date.parse('2028-02-29'), 1)).toISOString()).toBe(
    '2029-02-28T00:00:00.000Z',
  );
  expect(new Date(addYearsMs(at, 3)).toISOString()).toBe(
    '2029-01-01T00:00:00.000Z',
  );
});
