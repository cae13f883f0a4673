import fc from 'fast-check';
import { company, scheduledDeal, sheet } from './fixtures';
import { Market } from './market';
import { addYearsMs } from './schedule';
import { runEconomics } from './run';
import { EconomicShock } from './shocks';

const DAY_MS = 86_400_000;
const at = Date.parse('2026-01-01');
const id = (i: number): string => `c${i}`;

interface Spec {
  n: number;
  /** debtor, creditor, loan?, installments as [day after at, usd] */
  deals: Array<[number, number, boolean, Array<[number, number]>]>;
  flow: number[];
  slack: number[];
}

const specArb = (maxDay: number): fc.Arbitrary<Spec> =>
  fc.integer({ min: 2, max: 6 }).chain((n) => {
    const each = (arb: fc.Arbitrary<number>) =>
      fc.array(arb, { minLength: n, maxLength: n });
    return fc.record({
      n: fc.constant(n),
      deals: fc.array(
        fc.tuple(
          fc.nat(n - 1),
          fc.nat(n - 1),
          fc.boolean(),
          fc.array(
            fc.tuple(
              fc.integer({ min: 1, max: maxDay }),
              fc.integer({ min: 1, max: 100 }),
            ),
            { minLength: 1, maxLength: 5 },
          ),
        ),
        { maxLength: 3 * n },
      ),
      flow: each(fc.integer({ min: -40, max: 40 })),
      slack: each(fc.integer({ min: 0, max: 50 })),
    });
  });

const dateOf = (day: number): string =>
  new Date(at + day * DAY_MS).toISOString();

function dealsOf(s: Spec) {
  return s.deals
    .filter(([d, c]) => d !== c)
    .map(([d, c, loan, installments], k) =>
      scheduledDeal(
        `d${k}`,
        loan ? 'loan' : 'supply',
        { holder: id(c), counterparty: id(d) },
        installments.map(([day, usd]) => [dateOf(day), usd] as const),
        at,
      ),
    );
}

function marketOf(s: Spec, cash: readonly number[]): Market {
  return {
    atMs: at,
    companies: Array.from({ length: s.n }, (_, i) =>
      company(
        id(i),
        sheet(id(i), {
          totalAssetsUsd: 1000,
          equityUsd: 500,
          cashUsd: cash[i],
          operatingCashFlowUsd: s.flow[i],
        }),
      ),
    ),
    deals: dealsOf(s),
  };
}

/**
 * Each company's cash at `at` that covers, with the operating cash flow and what it is owed, what
 * falls due in every year when everyone pays as scheduled (plus its slack).
 */
function coveringCash(s: Spec): number[] {
  const years = 5;
  const net = Array.from({ length: s.n }, () =>
    new Array<number>(years).fill(0),
  );
  const yearOf = (day: number): number => {
    const t = at + day * DAY_MS;
    let k = 1;
    while (t > addYearsMs(at, k)) k++;
    return k;
  };
  for (const [d, c, , installments] of s.deals) {
    if (d === c) continue;
    for (const [day, usd] of installments) {
      net[d][yearOf(day) - 1] -= usd;
      net[c][yearOf(day) - 1] += usd;
    }
  }
  return net.map((row, i) => {
    let sum = 0;
    let need = 0;
    for (const x of row) {
      sum += x + s.flow[i];
      need = Math.max(need, -sum);
    }
    return need + s.slack[i];
  });
}

describe('the year-by-year clearing, on random markets', () => {
  it('with no shock and every company’s cash and inflows covering its payments each year, nobody fails', () => {
    fc.assert(
      fc.property(specArb(4 * 365), (s) => {
        const market = marketOf(s, coveringCash(s));
        for (const model of ['eisenberg-noe', 'rogers-veraart'] as const) {
          const r = runEconomics(model, market, [], {
            basis: 'liquidity',
            periods: 'year',
            alpha: 0.5,
            beta: 0.5,
          });
          expect(r.baselineDefaults).toEqual([]);
          expect(r.defaults).toEqual([]);
          for (const c of r.companies) {
            expect(c.defaulted).toBe(false);
            expect(c.defaultYear).toBeNull();
            expect(c.status).toBe('solvent');
            expect(c.liquidityShortfallUsd).toBe(0);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('when every payment falls within the first year, the year-by-year outcome is the one-horizon liquidity reading’s', () => {
    const close = (
      a: number | null | undefined,
      b: number | null | undefined,
    ) =>
      a === b ||
      (typeof a === 'number' &&
        typeof b === 'number' &&
        Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
    fc.assert(
      fc.property(
        specArb(365),
        fc.array(fc.integer({ min: 0, max: 120 }), {
          minLength: 6,
          maxLength: 6,
        }),
        fc.nat(5),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('eisenberg-noe' as const, 'rogers-veraart' as const),
        (s, cash0, pick, recovery, fraction, model) => {
          const market = marketOf(s, cash0.slice(0, s.n));
          const shocks: EconomicShock[] = [
            {
              type: 'default',
              company: id(pick % s.n),
              recoveryRate: recovery,
            },
            {
              type: 'asset-shock',
              fraction,
              companies: [id((pick + 1) % s.n)],
            },
          ];
          const settings = { alpha: 0.6, beta: 0.8, recoveryRate: 0.2 };
          const plain = runEconomics(model, market, shocks, {
            ...settings,
            basis: 'liquidity',
          });
          const years = runEconomics(model, market, shocks, {
            ...settings,
            basis: 'liquidity',
            periods: 'year',
          });
          expect(years.years).toBe(1);
          expect(years.defaults).toEqual(plain.defaults);
          expect(years.baselineDefaults).toEqual(plain.baselineDefaults);
          expect(years.rounds).toBe(plain.rounds);
          for (const key of [
            'initialLossUsd',
            'totalLossUsd',
            'externalCreditorLossUsd',
          ] as const)
            expect([key, close(years[key], plain[key])]).toEqual([key, true]);
          // The multipliers are ratios to the initial loss: compared as the amounts they stand for.
          for (const key of ['grossMultiplier', 'netMultiplier'] as const)
            expect([
              key,
              close(
                (years[key] ?? 0) * years.initialLossUsd,
                (plain[key] ?? 0) * plain.initialLossUsd,
              ),
            ]).toEqual([key, true]);
          years.companies.forEach((c, i) => {
            const p = plain.companies[i];
            expect(c.id).toBe(p.id);
            expect(c.status).toBe(p.status);
            expect(c.defaulted).toBe(p.defaulted);
            expect(c.defaultRound).toBe(p.defaultRound);
            expect(c.defaultYear).toBe(c.defaulted ? 1 : null);
            expect(c.failingWithoutShock).toBe(p.failingWithoutShock);
            for (const key of [
              'equityBeforeUsd',
              'equityAfterUsd',
              'lossUsd',
              'lossDirectUsd',
              'lossContagionUsd',
              'paymentUsd',
              'liquidityShortfallUsd',
            ] as const)
              expect([c.id, key, close(c[key], p[key])]).toEqual([
                c.id,
                key,
                true,
              ]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
