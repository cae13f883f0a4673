import type { ContagionNetwork } from '../src/contagion';
import type {
  Market,
  MarketDeal,
} from '../src/scenarios/domain/economics/market';
import type { ValuedLeg } from '../src/exposure/domain/valuation';

/** The synthetic markets' date; their loans are repaid 30 % in year 1, 35 % in year 2, 35 % in year 3. */
const AT_MS = Date.parse('2026-01-01');
const REPAID: ReadonlyArray<readonly [number, number]> = [
  [Date.parse('2026-07-01'), 0.3],
  [Date.parse('2027-07-01'), 0.35],
  [Date.parse('2028-07-01'), 0.35],
];

/**
 * The synthetic network as a market of valued deals and reported balance sheets: each debtor's
 * obligations are one loan deal (loss given default = the amount, 30 % of it due within the
 * horizon, the rest in years 2 and 3), each stake one investment; reported assets = outside assets
 * + claims held, equity by the balance-sheet identity, cash 10 % and a year's operating cash flow
 * 5 % of outside assets.
 */
export function marketOf(net: ContagionNetwork): Market {
  const deals: MarketDeal[] = [];
  const held = new Float64Array(net.n);
  const owed = new Float64Array(net.n);
  const valued = (
    dealId: string,
    kind: 'loan' | 'investment',
    legs: ValuedLeg[],
  ): MarketDeal => {
    const total = legs.reduce((s, l) => s + l.grossUsd, 0);
    return {
      facts: { dealId, kind, category: null },
      valuation: {
        dealId,
        kind,
        included: true,
        amountUsd: null,
        estimated: false,
        legs,
        dueBetween: (fromMs, toMs) =>
          kind === 'loan'
            ? REPAID.reduce(
                (s, [t, share]) =>
                  t > fromMs && t <= toMs ? s + share * total : s,
                0,
              )
            : 0,
        caveats: [],
      },
    };
  };
  for (let i = 0; i < net.n; i++) {
    const legs: ValuedLeg[] = [];
    for (let k = net.outPtr[i]; k < net.outPtr[i + 1]; k++) {
      const amount = net.outAmt[k];
      held[net.outIdx[k]] += amount;
      owed[i] += amount;
      legs.push({
        dealId: `loan-${i}`,
        kind: 'loan',
        holder: net.ids[net.outIdx[k]],
        counterparty: net.ids[i],
        basis: 'loan-principal',
        grossUsd: amount,
        lossGivenDefaultUsd: amount,
        arrearsUsd: 0,
        dueWithinHorizonUsd: 0.3 * amount,
        dueAfterHorizonUsd: 0.7 * amount,
        damagesRate: 0,
      });
    }
    if (legs.length > 0) deals.push(valued(`loan-${i}`, 'loan', legs));
    const stakes: ValuedLeg[] = [];
    for (let k = net.stakePtr[i]; k < net.stakePtr[i + 1]; k++) {
      held[net.stakeIdx[k]] += net.stakeAmt[k];
      stakes.push({
        dealId: `stake-${i}`,
        kind: 'investment',
        holder: net.ids[net.stakeIdx[k]],
        counterparty: net.ids[i],
        basis: 'carrying-value',
        grossUsd: net.stakeAmt[k],
        lossGivenDefaultUsd: net.stakeAmt[k],
        arrearsUsd: 0,
        dueWithinHorizonUsd: 0,
        dueAfterHorizonUsd: 0,
        damagesRate: 0,
      });
    }
    if (stakes.length > 0)
      deals.push(valued(`stake-${i}`, 'investment', stakes));
  }
  return {
    atMs: AT_MS,
    companies: net.ids.map((id, i) => {
      const e = net.externalAssets[i];
      const assets = e + held[i];
      const liabilities = net.externalLiabilities[i] + owed[i];
      return {
        id,
        sector: null,
        defaulted: false,
        recoveryRate: null,
        sheet: {
          companyId: id,
          periodEnd: '2025-12-31',
          reported: true,
          totalAssetsUsd: assets,
          totalLiabilitiesUsd: liabilities,
          equityUsd: assets - liabilities,
          cashUsd: 0.1 * e,
          operatingCashFlowUsd: 0.05 * e,
          source: 'synthetic',
          externalAssetsUsd: null,
          externalLiabilitiesUsd: null,
          flows: {
            cashUsd: 0,
            equityUsd: 0,
            stakesUsd: 0,
            count: 0,
            assetsUsd: 0,
            liabilitiesUsd: 0,
          },
          caveats: [],
        },
      };
    }),
    deals,
  };
}
