import { buildTemporalIndex } from '../../../exposure/domain/temporal-index';
import { valueDeal } from '../../../exposure/domain/valuation';
import { balanceSheetsAt } from '../../../exposure/domain/balance-sheet';
import { runScenario } from '../scenario.run';
import { History, loan, supply } from '../../../../test/kits/history.fixture';

/**
 * The year-by-year liquidity reading through the real valuation rules (runScenario): the same
 * three companies as the economics' hand-worked case, recorded as ledger events.
 * - lab buys 360 of compute from cloud, 36 monthly installments of 10 from 2026-01-01 (the first
 *   2026-02-01, the last on endDate 2029-01-01): 120 in each of years 1–3 from 2026-01-01;
 * - chips lends lab 100, a bullet on 2027-06-01 (year 2);
 * - cash at 2025-12-31: lab 200, cloud 200, chips 500; no operating cash flow reported.
 * By hand: year 1 lab 200 − 120 = 80; year 2 it has 80 for 120 + 100: short 140, it fails, its
 * contract is rejected (cloud claims 120 + 0.25 × 120 = 150, chips 100) and it pays 80 pro rata —
 * cloud 48, chips 32; year 3 it has nothing.
 */
function history(): History {
  const h = new History('2025-12-01T00:00:00Z')
    .company('lab')
    .company('cloud')
    .company('chips')
    .deal(
      'compute',
      supply('lab', 'cloud'),
      { amountUsd: 360, startDate: '2026-01-01', endDate: '2029-01-01' },
      '2025-12-01',
    )
    .deal(
      'bullet',
      loan('chips', 'lab'),
      { amountUsd: 100, endDate: '2027-06-01' },
      '2025-12-01',
    );
  for (const [id, cash] of [
    ['lab', 200],
    ['cloud', 200],
    ['chips', 500],
  ] as const)
    h.report(id, '2025-12-31', {
      totalAssetsUsd: 1000,
      totalLiabilitiesUsd: 500,
      equityUsd: 500,
      cashUsd: cash,
    });
  return h;
}

describe('the year-by-year liquidity reading on recorded deals', () => {
  const h = history();
  const at = Date.parse('2026-01-01');
  const r = runScenario(
    buildTemporalIndex(h.envelopes),
    at,
    h.head,
    'eisenberg-noe',
    [],
    { basis: 'liquidity', periods: 'year' },
    { valueDeal, balanceSheetsAt },
  );
  const row = (id: string) => r.companies.find((c) => c.id === id)!;

  it('given the market on 2026-01-01, then three years are cleared and the lab fails in year 2, short 140', () => {
    expect(r.years).toBe(3);
    expect(row('lab').defaultYear).toBe(2);
    expect(row('lab').liquidityShortfallUsd).toBeCloseTo(140, 9);
    expect(row('lab').failingWithoutShock).toBe(true);
    expect(r.baselineDefaults).toEqual(['lab']);
  });

  it('then cloud is paid 120, then 48 of its 150 (damages for the rejected year 3 included); chips 32 of its 100', () => {
    expect(row('cloud').equityAfterUsd).toBeCloseTo(200 + 120 + 48, 9);
    expect(row('chips').equityAfterUsd).toBeCloseTo(500 + 32, 9);
    expect(row('cloud').defaultYear).toBeNull();
    expect(row('lab').paymentUsd).toBeCloseTo(200, 9);
  });
});
