import fc from 'fast-check';
import { CONTAGION_MODELS } from '../../../contagion/model';
import { company, deal, LegFigures, sheet } from './fixtures';
import { Market } from './market';
import { runEconomics } from './run';
import { EconomicShock } from './shocks';

interface Spec {
  n: number;
  legs: Array<[number, number, number, number, number]>;
  outside: number[];
  equity: number[];
  cash: number[];
  flow: number[];
}

const BASES = [
  'loan-principal',
  'supply-commitment',
  'carrying-value',
] as const;

const specArb = (minEquity: number, maxEquity: number): fc.Arbitrary<Spec> =>
  fc.integer({ min: 2, max: 7 }).chain((n) => {
    const each = (arb: fc.Arbitrary<number>) =>
      fc.array(arb, { minLength: n, maxLength: n });
    return fc.record({
      n: fc.constant(n),
      // holder, counterparty, basis, loss given default, share of it due within the horizon (%)
      legs: fc.array(
        fc.tuple(
          fc.nat(n - 1),
          fc.nat(n - 1),
          fc.nat(2),
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
        ),
        { maxLength: 3 * n },
      ),
      outside: each(fc.integer({ min: 0, max: 200 })),
      equity: each(fc.integer({ min: minEquity, max: maxEquity })),
      cash: each(fc.integer({ min: 0, max: 100 })),
      flow: each(fc.integer({ min: -50, max: 50 })),
    });
  });

const id = (i: number): string => `c${i}`;

/** A random market whose reported assets cover each company's in-network claims (no clamping). */
function marketOf(s: Spec): Market {
  const held = new Array<number>(s.n).fill(0);
  const deals = s.legs
    .filter(([h, c]) => h !== c)
    .map(([h, c, b, lgd, duePct], k) => {
      held[h] += lgd;
      const leg: LegFigures = {
        holder: id(h),
        counterparty: id(c),
        basis: BASES[b],
        lossGivenDefaultUsd: lgd,
        dueWithinHorizonUsd:
          BASES[b] === 'carrying-value' ? 0 : (lgd * duePct) / 100,
      };
      return deal(
        `d${k}`,
        b === 0 ? 'loan' : b === 1 ? 'supply' : 'investment',
        [leg],
      );
    });
  return {
    companies: Array.from({ length: s.n }, (_, i) =>
      company(
        id(i),
        sheet(id(i), {
          totalAssetsUsd: held[i] + s.outside[i] + Math.max(0, s.equity[i]),
          equityUsd: s.equity[i],
          cashUsd: s.cash[i],
          operatingCashFlowUsd: s.flow[i],
        }),
      ),
    ),
    deals,
  };
}

const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('the no-shock invariant, on random markets', () => {
  it('balance-sheet: under every model, equity before is the reported equity and nobody with positive equity fails', () => {
    fc.assert(
      fc.property(specArb(1, 150), (s) => {
        const market = marketOf(s);
        for (const model of CONTAGION_MODELS) {
          const r = runEconomics(model, market, [], { alpha: 0.5, beta: 0.5 });
          r.companies.forEach((c) => {
            expect(
              close(c.equityBeforeUsd, s.equity[Number(c.id.slice(1))]),
            ).toBe(true);
            expect(c.defaulted).toBe(false);
            expect(c.failingWithoutShock).toBe(false);
            expect(c.status).toBe('solvent');
          });
          expect(r.defaults).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('balance-sheet with negative equities too: equity before is still the reported equity in every model', () => {
    fc.assert(
      fc.property(specArb(-40, 150), (s) => {
        const market = marketOf(s);
        for (const model of CONTAGION_MODELS) {
          const r = runEconomics(model, market, [], {});
          r.companies.forEach((c) =>
            expect(
              close(c.equityBeforeUsd, s.equity[Number(c.id.slice(1))]),
            ).toBe(true),
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('every basis and model: with no shock nothing is the shock’s doing — no defaults, no loss; whoever fails is failing without shock', () => {
    fc.assert(
      fc.property(specArb(-40, 150), (s) => {
        const market = marketOf(s);
        for (const basis of ['balance-sheet', 'liquidity'] as const) {
          for (const model of CONTAGION_MODELS) {
            const r = runEconomics(model, market, [], { basis });
            expect(r.defaults).toEqual([]);
            expect(r.totalLossUsd).toBe(0);
            expect(r.initialLossUsd).toBe(0);
            for (const c of r.companies) {
              expect(c.lossUsd).toBe(0);
              expect(c.failingWithoutShock).toBe(c.defaulted);
            }
            expect(r.baselineDefaults.length).toBe(
              r.companies.filter((c) => c.defaulted).length,
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('one loss means one thing, on random markets', () => {
  it('when a company defaults with recovery R, each holder loses (1 − R) of its claims and (1 − equityRecoveryRate) of its stakes in round 1, in all four models', () => {
    fc.assert(
      fc.property(
        specArb(1, 1),
        fc.nat(6),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s0, pick, recovery, equityRecoveryRate) => {
          // Buffers above everything each company holds: nobody but the defaulter can fail.
          const held = new Array<number>(s0.n).fill(0);
          for (const [h, c, , lgd] of s0.legs) if (h !== c) held[h] += lgd;
          const s = { ...s0, equity: held.map((x) => x + 1) };
          const market = marketOf(s);
          const b = pick % s.n;
          const expected = new Array<number>(s.n).fill(0);
          for (const [h, c, basis, lgd] of s.legs) {
            if (h === c || c !== b) continue;
            expected[h] +=
              (1 - (basis === 2 ? equityRecoveryRate : recovery)) * lgd;
          }
          const total = expected.reduce((x, y) => x + y, 0);
          // Holders whose claims are all on b: nothing but b's failure can reach them, in any model.
          const onlyOnB = new Array<boolean>(s.n).fill(true);
          for (const [h, c] of s.legs)
            if (h !== c && c !== b) onlyOnB[h] = false;
          for (const model of CONTAGION_MODELS) {
            const r = runEconomics(
              model,
              market,
              [{ type: 'default', company: id(b), recoveryRate: recovery }],
              { equityRecoveryRate, alpha: 0.3, beta: 0.6 },
            );
            // The initial loss is every round-1 loss as the total measures it: the holders' (1 − R)
            // shares above, the defaulter's own loss (its lossDirectUsd) and, in the clearing
            // models, what its outside creditors lose — b is the only company to fail, so that is
            // every outside creditor's loss.
            expect(
              close(
                r.initialLossUsd -
                  r.companies[b].lossDirectUsd -
                  (r.externalCreditorLossUsd ?? 0),
                total,
              ),
            ).toBe(true);
            r.companies.forEach((c, i) => {
              if (i === b) return;
              expect(close(c.lossDirectUsd, expected[i])).toBe(true);
              if (model !== 'debtrank' || onlyOnB[i])
                expect(close(c.lossUsd, expected[i])).toBe(true);
            });
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the initial loss is part of the total, on random markets', () => {
  it('every model and reading, with defaults, asset shocks and haircuts: initialLossUsd is the round-1 losses summed and never above totalLossUsd', () => {
    fc.assert(
      fc.property(
        specArb(-40, 150),
        fc.nat(6),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(
          fc.tuple(fc.nat(20), fc.double({ min: 0, max: 1, noNaN: true })),
        ),
        (s, pick, recovery, fraction, haircut) => {
          const market = marketOf(s);
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
          if (haircut && market.deals.length > 0)
            shocks.push({
              type: 'haircut',
              fraction: haircut[1],
              deal: market.deals[haircut[0] % market.deals.length].facts.dealId,
            });
          for (const basis of ['balance-sheet', 'liquidity'] as const)
            for (const model of CONTAGION_MODELS) {
              const r = runEconomics(model, market, shocks, {
                basis,
                alpha: 0.5,
                beta: 0.7,
              });
              // Round 1 and contagion add up to each company's loss; contagion is never negative.
              let direct = 0;
              for (const c of r.companies) {
                direct += c.lossDirectUsd;
                expect(
                  close(c.lossDirectUsd + c.lossContagionUsd, c.lossUsd),
                ).toBe(true);
                expect(c.lossContagionUsd).toBeGreaterThanOrEqual(0);
              }
              // Without outside creditors (Furfine, DebtRank) the initial loss is the owners' alone.
              if (r.externalCreditorLossUsd === undefined)
                expect(r.initialLossUsd).toBe(direct);
              expect([
                basis,
                model,
                r.initialLossUsd <=
                  r.totalLossUsd + 1e-9 * Math.max(1, r.totalLossUsd),
              ]).toEqual([basis, model, true]);
            }
        },
      ),
      { numRuns: 150 },
    );
  });
});
