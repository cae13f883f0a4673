import fc from 'fast-check';
import { basisNetwork, basisNetworks } from './basis';
import { company, deal, sheet } from './fixtures';
import { Market, paramsUsed } from './market';

/**
 * The readings build their network from index arrays (each name looked up once, claims in typed
 * arrays). Checked here against the plain definition, claim by claim with names: on random markets
 * (companies named only by a deal, several legs on one pair, self-claims, excluded deals, unfunded
 * tranches, cut deals), the network holds the sorted names, each pair's obligations and stakes
 * summed, and each holder's written-off claims.
 */
const BASES = [
  'loan-principal',
  'supply-commitment',
  'carrying-value',
] as const;

interface Spec {
  readonly companies: number;
  readonly deals: Array<{
    readonly legs: Array<[number, number, number, number, number]>;
    readonly included: boolean;
    readonly unfunded: [number, number, number] | null;
    readonly cut: number | null;
  }>;
}

const NAMES = ['a', 'b', 'c', 'd', 'x-only-in-deals', 'y-only-in-deals'];

const specArb: fc.Arbitrary<Spec> = fc.record({
  companies: fc.integer({ min: 1, max: 4 }),
  deals: fc.array(
    fc.record({
      // holder, counterparty, basis, loss given default, due within the horizon
      legs: fc.array(
        fc.tuple(
          fc.nat(NAMES.length - 1),
          fc.nat(NAMES.length - 1),
          fc.nat(2),
          fc.integer({ min: 0, max: 50 }),
          fc.integer({ min: 0, max: 50 }),
        ),
        { maxLength: 3 },
      ),
      included: fc.boolean(),
      unfunded: fc.option(
        fc.tuple(
          fc.nat(NAMES.length - 1),
          fc.nat(NAMES.length - 1),
          fc.integer({ min: 0, max: 30 }),
        ),
      ),
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    }),
    { maxLength: 8 },
  ),
});

function marketOf(s: Spec): Market {
  return {
    companies: NAMES.slice(0, s.companies).map((id) =>
      company(id, sheet(id, { totalAssetsUsd: 500, equityUsd: 100 })),
    ),
    deals: s.deals.map((d, k) =>
      deal(
        `d${k}`,
        'loan',
        d.legs.map(([h, c, b, lgd, due]) => ({
          holder: NAMES[h],
          counterparty: NAMES[c],
          basis: BASES[b],
          lossGivenDefaultUsd: lgd,
          dueWithinHorizonUsd: BASES[b] === 'carrying-value' ? 0 : due,
        })),
        {
          included: d.included,
          unfunded: d.unfunded
            ? {
                investor: NAMES[d.unfunded[0]],
                investee: NAMES[d.unfunded[1]],
                usd: d.unfunded[2],
                dueWithinHorizonUsd: d.unfunded[2],
              }
            : undefined,
        },
      ),
    ),
  };
}

const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('a reading’s network from index arrays, on random markets', () => {
  it('holds the sorted names, every pair’s obligations and stakes summed after the cuts, and each holder’s written-off claims', () => {
    fc.assert(
      fc.property(
        specArb,
        fc.constantFrom('balance-sheet' as const, 'liquidity' as const),
        (s, basis) => {
          const market = marketOf(s);
          const cuts = new Map<string, number>();
          s.deals.forEach((d, k) => {
            if (d.cut !== null) cuts.set(`d${k}`, d.cut);
          });
          // The plain definition, claim by claim with names.
          const names = new Set(market.companies.map((c) => c.id));
          const owed = new Map<string, number>();
          const staked = new Map<string, number>();
          const written = new Map<string, number>();
          const add = (m: Map<string, number>, key: string, v: number) =>
            m.set(key, (m.get(key) ?? 0) + v);
          const claim = (
            holder: string,
            counterparty: string,
            stake: boolean,
            full: number,
            kept: number,
          ) => {
            if (!(full > 0) || holder === counterparty) return;
            names.add(holder);
            names.add(counterparty);
            add(written, holder, full * (1 - kept));
            if (full * kept > 0)
              add(
                stake ? staked : owed,
                `${counterparty}>${holder}`,
                full * kept,
              );
          };
          for (const { valuation } of market.deals) {
            if (!valuation.included) continue;
            const kept = 1 - (cuts.get(valuation.dealId) ?? 0);
            for (const leg of valuation.legs) {
              const stake = leg.basis === 'carrying-value';
              if (basis === 'liquidity' && stake) continue;
              claim(
                leg.holder,
                leg.counterparty,
                stake,
                basis === 'balance-sheet'
                  ? leg.lossGivenDefaultUsd
                  : leg.arrearsUsd + leg.dueWithinHorizonUsd,
                kept,
              );
            }
            const u = valuation.unfunded;
            if (basis === 'liquidity' && u)
              claim(u.investee, u.investor, false, u.dueWithinHorizonUsd, kept);
          }

          const used = paramsUsed({ basis });
          const { network, claimLossUsd } = basisNetwork(market, used, cuts);
          expect(network.ids).toEqual([...names].sort());
          const rows = (
            ptr: Int32Array,
            idx: Int32Array,
            amt: Float64Array,
          ): Map<string, number> => {
            const m = new Map<string, number>();
            for (let i = 0; i < network.n; i++)
              for (let k = ptr[i]; k < ptr[i + 1]; k++)
                m.set(`${network.ids[i]}>${network.ids[idx[k]]}`, amt[k]);
            return m;
          };
          for (const [got, want] of [
            [rows(network.outPtr, network.outIdx, network.outAmt), owed],
            [
              rows(network.stakePtr, network.stakeIdx, network.stakeAmt),
              staked,
            ],
          ] as const) {
            expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
            for (const [key, v] of want)
              expect([key, close(got.get(key)!, v)]).toEqual([key, true]);
          }
          network.ids.forEach((id, i) =>
            expect([id, close(claimLossUsd[i], written.get(id) ?? 0)]).toEqual([
              id,
              true,
            ]),
          );
          // The baseline shares the claims read once: with no cut it is the very same network.
          const both = basisNetworks(market, used, cuts);
          expect(both.scenario.network.ids).toEqual(network.ids);
          if (cuts.size === 0) expect(both.base).toBe(both.scenario);
          else expect(both.base.network.ids).toEqual(network.ids);
        },
      ),
      { numRuns: 300 },
    );
  });
});
