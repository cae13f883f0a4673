import {
  buildNetwork,
  ContagionNetwork,
  NetworkCompany,
  NetworkObligation,
  NetworkStake,
} from '../../../contagion';
import { ValidationError } from '../../../shared/errors';
import { Market, ParamsUsed, uniqueCaveats } from './market';
import type { Caveat } from '../../../exposure/domain/valuation';

const YEAR_DAYS = 365;

/** One in-network claim of a reading: what `holder` has on `counterparty` under one deal. */
interface Claim {
  readonly dealId: string;
  readonly holder: string;
  readonly counterparty: string;
  readonly stake: boolean;
  /** Before any shock. */
  readonly fullUsd: number;
  /** After the scenario's cuts. */
  readonly usd: number;
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
 * tranches investors must fund within it (investor → investee).
 */
function claimsOf(
  market: Market,
  basis: 'balance-sheet' | 'liquidity',
  cuts: ReadonlyMap<string, number>,
): Claim[] {
  const claims: Claim[] = [];
  for (const { valuation } of market.deals) {
    if (!valuation.included) continue;
    const kept = 1 - (cuts.get(valuation.dealId) ?? 0);
    for (const leg of valuation.legs) {
      const stake = leg.basis === 'carrying-value';
      // A stake falls due to no one: in the liquidity reading it is neither owed nor cash.
      if (basis === 'liquidity' && stake) continue;
      const full =
        basis === 'balance-sheet'
          ? leg.lossGivenDefaultUsd
          : leg.arrearsUsd + leg.dueWithinHorizonUsd;
      if (!(full > 0) || leg.holder === leg.counterparty) continue;
      claims.push({
        dealId: leg.dealId,
        holder: leg.holder,
        counterparty: leg.counterparty,
        stake,
        fullUsd: full,
        usd: full * kept,
      });
    }
    const unfunded = valuation.unfunded;
    if (
      basis === 'liquidity' &&
      unfunded &&
      unfunded.dueWithinHorizonUsd > 0 &&
      unfunded.investee !== unfunded.investor
    )
      claims.push({
        dealId: valuation.dealId,
        holder: unfunded.investee,
        counterparty: unfunded.investor,
        stake: false,
        fullUsd: unfunded.dueWithinHorizonUsd,
        usd: unfunded.dueWithinHorizonUsd * kept,
      });
  }
  return claims;
}

/** Company ids of a reading: the market's companies and everyone a claim names, sorted. */
function idsOf(market: Market, claims: readonly Claim[]): string[] {
  const ids = new Set(market.companies.map((c) => c.id));
  for (const c of claims) {
    ids.add(c.holder);
    ids.add(c.counterparty);
  }
  return [...ids].sort();
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
): BasisNetwork {
  const basis = used.basis;
  if (basis === 'full-commitment')
    throw new ValidationError(
      'params.basis',
      'full-commitment is read by scenarioNetwork',
    );
  const claims = claimsOf(market, basis, cuts);
  const ids = idsOf(market, claims);
  const n = ids.length;
  if (n === 0)
    throw new ValidationError(
      'at',
      'no company is known at this date: the network is empty',
    );
  const at = new Map(ids.map((id, i) => [id, i]));
  const heldFull = new Float64Array(n);
  const held = new Float64Array(n);
  const owed = new Float64Array(n);
  for (const c of claims) {
    heldFull[at.get(c.holder)!] += c.fullUsd;
    held[at.get(c.holder)!] += c.usd;
    if (!c.stake) owed[at.get(c.counterparty)!] += c.usd;
  }
  const byId = new Map(market.companies.map((c) => [c.id, c]));
  const caveats: Caveat[] = [];
  if (basis === 'liquidity')
    caveats.push({
      kind: 'assumed-financials',
      detail:
        'debts to creditors outside the network falling due within the horizon are not recorded: the liquidity reading counts the in-network payments only',
    });

  const companies: NetworkCompany[] = ids.map((id, i) => {
    const sheet = byId.get(id)?.sheet ?? null;
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
      return {
        id,
        equityUsd: outside + held[i] - owed[i] - outsideOwed,
        externalAssetsUsd: outside,
        externalLiabilitiesUsd: outsideOwed,
      };
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
      const equity = sheet?.equityUsd ?? 0;
      const outsideAssets = sheet?.externalAssetsUsd ?? 0;
      const outsideLiabilities = sheet?.externalLiabilitiesUsd ?? 0;
      // The older figures are used as they are, equity included: what the network's payables take
      // beyond them (commitments the stated figures leave off the balance sheet) is the company's
      // contract asset, as for a filer, so every model starts from the stated equity.
      const contract = Math.max(
        0,
        equity - (outsideAssets + heldFull[i] - owed[i] - outsideLiabilities),
      );
      return {
        id,
        equityUsd: equity,
        externalAssetsUsd: outsideAssets,
        externalLiabilitiesUsd: outsideLiabilities,
        contractAssetUsd: contract,
      };
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
    return {
      id,
      equityUsd:
        outsideAssets +
        contract +
        heldFull[i] -
        owed[i] -
        Math.max(0, outsideLiabilities),
      externalAssetsUsd: outsideAssets,
      externalLiabilitiesUsd: Math.max(0, outsideLiabilities),
      contractAssetUsd: contract,
    };
  });

  const obligations: NetworkObligation[] = [];
  const stakes: NetworkStake[] = [];
  for (const c of claims) {
    if (!(c.usd > 0)) continue;
    if (c.stake)
      stakes.push({
        investor: c.holder,
        investee: c.counterparty,
        amountUsd: c.usd,
      });
    else
      obligations.push({
        debtor: c.counterparty,
        creditor: c.holder,
        amountUsd: c.usd,
      });
  }
  const network = buildNetwork({ companies, obligations, stakes });
  const claimLossUsd = new Float64Array(n);
  for (let i = 0; i < n; i++) claimLossUsd[i] = heldFull[i] - held[i];
  return { network, claimLossUsd, caveats: uniqueCaveats(caveats) };
}
