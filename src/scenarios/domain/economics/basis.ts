import { ContagionNetwork, networkFromArrays } from '../../../contagion';
import { ValidationError } from '../../../shared/errors';
import { Market, MarketCompany, ParamsUsed, uniqueCaveats } from './market';
import type { Caveat } from '../../../exposure/domain/valuation';

const YEAR_DAYS = 365;

/**
 * The in-network claims of a reading as index arrays (no object per claim): claim c is what
 * `holder[c]` has on `counterparty[c]`, `fullUsd[c]` before any shock, under deal `deal[c]` (an index
 * into `market.deals`). Company indices are into `ids` (the market's companies and everyone a claim
 * names, sorted); `company[i]` is company i's entry in the market (undefined: named only by a deal).
 */
export interface ReadingClaims {
  readonly ids: readonly string[];
  readonly company: readonly (MarketCompany | undefined)[];
  readonly m: number;
  readonly holder: Int32Array;
  readonly counterparty: Int32Array;
  /** 1 for a stake (an investor's carrying value), 0 for an obligation. */
  readonly stake: Uint8Array;
  readonly fullUsd: Float64Array;
  readonly deal: Int32Array;
}

/** The network of one reading, with what the shocks took from each holder's claims. */
export interface BasisNetwork {
  readonly network: ContagionNetwork;
  /** By network index: the claims the cuts wrote off (the holder's direct loss). */
  readonly claimLossUsd: Float64Array;
  readonly caveats: readonly Caveat[];
}

/**
 * The in-network claims of a reading. `balance-sheet`: every leg's loss given default (stakes at
 * their carrying value). `liquidity`: what falls due within the horizon (arrears included), and the
 * tranches investors must fund within it (investor → investee). Each name is looked up once per
 * claim in one map of first-seen indices; the ids are sorted once at the end and the claims
 * renumbered.
 */
export function readingClaims(
  market: Market,
  basis: 'balance-sheet' | 'liquidity',
): ReadingClaims {
  const seen = new Map<string, number>();
  const names: string[] = [];
  const companyOf: (MarketCompany | undefined)[] = [];
  const indexOf = (id: string): number => {
    let i = seen.get(id);
    if (i === undefined) {
      i = names.length;
      seen.set(id, i);
      names.push(id);
      companyOf.push(undefined);
    }
    return i;
  };
  // A later entry for the same id wins, as a map built from the list would have it.
  for (const c of market.companies) companyOf[indexOf(c.id)] = c;
  // Sized once (at most every leg and one tranche per deal), so no array grows claim by claim.
  let most = 0;
  for (const { valuation } of market.deals)
    if (valuation.included) most += valuation.legs.length + 1;
  const holder = new Int32Array(most);
  const counterparty = new Int32Array(most);
  const stakeOf = new Uint8Array(most);
  const full = new Float64Array(most);
  const dealOf = new Int32Array(most);
  let m = 0;
  // A deal's legs mostly share a counterparty (or a holder): the last name looked up is kept.
  let lastName = '';
  let lastIndex = -1;
  const nameIndex = (id: string): number => {
    if (id !== lastName) {
      lastName = id;
      lastIndex = indexOf(id);
    }
    return lastIndex;
  };
  const deals = market.deals;
  for (let d = 0; d < deals.length; d++) {
    const valuation = deals[d].valuation;
    if (!valuation.included) continue;
    for (const leg of valuation.legs) {
      const stake = leg.basis === 'carrying-value';
      // A stake falls due to no one: in the liquidity reading it is neither owed nor cash.
      if (basis === 'liquidity' && stake) continue;
      const amount =
        basis === 'balance-sheet'
          ? leg.lossGivenDefaultUsd
          : leg.arrearsUsd + leg.dueWithinHorizonUsd;
      if (!(amount > 0) || leg.holder === leg.counterparty) continue;
      counterparty[m] = nameIndex(leg.counterparty);
      holder[m] = indexOf(leg.holder);
      stakeOf[m] = stake ? 1 : 0;
      full[m] = amount;
      dealOf[m++] = d;
    }
    const unfunded = valuation.unfunded;
    if (
      basis === 'liquidity' &&
      unfunded &&
      unfunded.dueWithinHorizonUsd > 0 &&
      unfunded.investee !== unfunded.investor
    ) {
      holder[m] = indexOf(unfunded.investee);
      counterparty[m] = indexOf(unfunded.investor);
      stakeOf[m] = 0;
      full[m] = unfunded.dueWithinHorizonUsd;
      dealOf[m++] = d;
    }
  }
  // Sorted ids (code-unit order, as Array.prototype.sort) and each first-seen index's place among them.
  const order = names
    .map((_, i) => i)
    .sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  order.forEach((i, r) => (rank[i] = r));
  for (let c = 0; c < m; c++) {
    holder[c] = rank[holder[c]];
    counterparty[c] = rank[counterparty[c]];
  }
  return {
    ids: order.map((i) => names[i]),
    company: order.map((i) => companyOf[i]),
    m,
    holder: holder.subarray(0, m),
    counterparty: counterparty.subarray(0, m),
    stake: stakeOf.subarray(0, m),
    fullUsd: full.subarray(0, m),
    deal: dealOf.subarray(0, m),
  };
}

const fmt = (usd: number): string =>
  `$${Math.round(usd).toLocaleString('en-US')}`;

/**
 * Builds the network a model runs on under the `balance-sheet` or `liquidity` reading.
 *
 * `balance-sheet` (DESIGN.md "Balance sheets"): claims are loss-given-default amounts. A company
 * with a reported (v2) balance sheet keeps its reported equity: outside assets = total assets −
 * its in-network claims (before any shock, so a cut claim is a loss), outside liabilities = (total
 * assets − equity) − its in-network payables; payables beyond the liabilities are its contract
 * asset; assets short of the claims are clamped at 0 (said in a caveat). A company with only the
 * older v1 figures uses them as they are (its stated equity kept: payables beyond what the figures
 * imply are its contract asset); one with no figures at all has none (said in a caveat).
 * The capital buffer of Furfine and DebtRank is the same equity, so every model starts from it.
 *
 * `liquidity`: outside assets are cash plus a horizon's share of operating cash flow (a negative
 * one is owed outside); obligations are the payments due within the horizon; the buffer is what is
 * left after paying them. Debts to outsiders falling due within the horizon are not recorded and
 * count as 0 (said in a caveat).
 */
export function basisNetwork(
  market: Market,
  used: ParamsUsed,
  cuts: ReadonlyMap<string, number>,
  claims: ReadingClaims = readingClaims(market, readingOf(used)),
): BasisNetwork {
  const basis = readingOf(used);
  const { ids, m, holder, counterparty, stake, fullUsd, deal } = claims;
  const n = ids.length;
  if (n === 0)
    throw new ValidationError(
      'at',
      'no company is known at this date: the network is empty',
    );
  // Share of each claim the cuts leave (1 − the deal's cut), looked up once per deal.
  const keptOfDeal = new Float64Array(market.deals.length).fill(1);
  if (cuts.size > 0)
    market.deals.forEach(({ valuation }, d) => {
      keptOfDeal[d] = 1 - (cuts.get(valuation.dealId) ?? 0);
    });
  const usd = new Float64Array(m);
  const heldFull = new Float64Array(n);
  const held = new Float64Array(n);
  const owed = new Float64Array(n);
  let obligations = 0;
  for (let c = 0; c < m; c++) {
    const v = fullUsd[c] * keptOfDeal[deal[c]];
    usd[c] = v;
    heldFull[holder[c]] += fullUsd[c];
    held[holder[c]] += v;
    if (!stake[c]) owed[counterparty[c]] += v;
    if (v > 0 && !stake[c]) obligations++;
  }
  const caveats: Caveat[] = [];
  if (basis === 'liquidity')
    caveats.push({
      kind: 'assumed-financials',
      detail:
        'debts to creditors outside the network falling due within the horizon are not recorded: the liquidity reading counts the in-network payments only',
    });

  const equity = new Float64Array(n);
  const externalAssets = new Float64Array(n);
  const externalLiabilities = new Float64Array(n);
  const contractAssets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    const sheet = claims.company[i]?.sheet ?? null;
    if (sheet) caveats.push(...sheet.caveats);
    if (basis === 'liquidity') {
      const cash = sheet?.cashUsd ?? null;
      if (cash === null)
        caveats.push({
          kind: 'assumed-financials',
          company: id,
          detail: `${id} reports no cash: the liquidity reading counts none`,
        });
      const flow =
        ((sheet?.operatingCashFlowUsd ?? 0) * (used.horizonDays ?? YEAR_DAYS)) /
        YEAR_DAYS;
      const outside = Math.max(0, cash ?? 0) + Math.max(0, flow);
      const outsideOwed = Math.max(0, -flow);
      equity[i] = outside + held[i] - owed[i] - outsideOwed;
      externalAssets[i] = outside;
      externalLiabilities[i] = outsideOwed;
      continue;
    }
    const reported =
      sheet !== null &&
      sheet.reported &&
      sheet.totalAssetsUsd !== null &&
      (sheet.equityUsd !== null || sheet.totalLiabilitiesUsd !== null);
    if (!reported) {
      if (sheet === null)
        caveats.push({
          kind: 'assumed-financials',
          company: id,
          detail: `${id} has no recorded balance sheet: no outside assets, debts or equity`,
        });
      const stated = sheet?.equityUsd ?? 0;
      const outsideAssets = sheet?.externalAssetsUsd ?? 0;
      const outsideLiabilities = sheet?.externalLiabilitiesUsd ?? 0;
      // The older figures are used as they are, equity included: what the network's payables take
      // beyond them (commitments the stated figures leave off the balance sheet) is the company's
      // contract asset, as for a filer, so every model starts from the stated equity.
      equity[i] = stated;
      externalAssets[i] = outsideAssets;
      externalLiabilities[i] = outsideLiabilities;
      contractAssets[i] = Math.max(
        0,
        stated - (outsideAssets + heldFull[i] - owed[i] - outsideLiabilities),
      );
      continue;
    }
    const assets = sheet.totalAssetsUsd;
    // The reported equity is kept exactly; liabilities are what the assets carry beyond it.
    const liabilities =
      sheet.equityUsd !== null
        ? assets - sheet.equityUsd
        : sheet.totalLiabilitiesUsd!;
    let outsideAssets = assets - heldFull[i];
    if (outsideAssets < 0) {
      caveats.push({
        kind: 'assumed-financials',
        company: id,
        detail: `${id}'s in-network claims (${fmt(heldFull[i])}) exceed its reported total assets (${fmt(assets)}): its outside assets are taken as 0`,
      });
      outsideAssets = 0;
    }
    const outsideLiabilities = liabilities - owed[i];
    const contract = Math.max(0, -outsideLiabilities);
    equity[i] =
      outsideAssets +
      contract +
      heldFull[i] -
      owed[i] -
      Math.max(0, outsideLiabilities);
    externalAssets[i] = outsideAssets;
    externalLiabilities[i] = Math.max(0, outsideLiabilities);
    contractAssets[i] = contract;
  }

  // Obligations and stakes in claim order (so duplicates sum in the same order as ever).
  const debtor = new Int32Array(obligations);
  const creditor = new Int32Array(obligations);
  const owedUsd = new Float64Array(obligations);
  const stakes = m - obligations;
  const investee = new Int32Array(stakes);
  const investor = new Int32Array(stakes);
  const stakeUsd = new Float64Array(stakes);
  let o = 0;
  let s = 0;
  for (let c = 0; c < m; c++) {
    if (!(usd[c] > 0)) continue;
    if (stake[c]) {
      investor[s] = holder[c];
      investee[s] = counterparty[c];
      stakeUsd[s++] = usd[c];
    } else {
      debtor[o] = counterparty[c];
      creditor[o] = holder[c];
      owedUsd[o++] = usd[c];
    }
  }
  const network = networkFromArrays({
    ids,
    equity,
    externalAssets,
    externalLiabilities,
    contractAssets,
    obligationDebtor: debtor,
    obligationCreditor: creditor,
    obligationAmount: owedUsd,
    stakeInvestor: investor.subarray(0, s),
    stakeInvestee: investee.subarray(0, s),
    stakeAmount: stakeUsd.subarray(0, s),
  });
  const claimLossUsd = new Float64Array(n);
  for (let i = 0; i < n; i++) claimLossUsd[i] = heldFull[i] - held[i];
  return { network, claimLossUsd, caveats: uniqueCaveats(caveats) };
}

/**
 * The scenario's network and its baseline's (no cut) under one reading, the claims read once.
 * Without cut deals the baseline is the scenario's network itself (built once).
 */
export function basisNetworks(
  market: Market,
  used: ParamsUsed,
  cuts: ReadonlyMap<string, number>,
): { readonly scenario: BasisNetwork; readonly base: BasisNetwork } {
  const claims = readingClaims(market, readingOf(used));
  const scenario = basisNetwork(market, used, cuts, claims);
  const base =
    cuts.size === 0 ? scenario : basisNetwork(market, used, new Map(), claims);
  return { scenario, base };
}

function readingOf(used: ParamsUsed): 'balance-sheet' | 'liquidity' {
  if (used.basis === 'full-commitment')
    throw new ValidationError(
      'params.basis',
      'full-commitment is read by scenarioNetwork',
    );
  return used.basis;
}
