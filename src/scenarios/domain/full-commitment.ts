import {
  buildNetwork,
  ContagionNetwork,
  ContagionParams,
  ContagionShocks,
  NetworkObligation,
  NetworkStake,
} from '../../contagion';
import { CompanyStanding } from '../../exposure/domain/company.standing';
import { DealStanding } from '../../exposure/domain/deal.standing';
import { dueBy } from '../../exposure/domain/deal.plan';
import { worthAll } from '../../exposure/domain/exposure.views';
import { PointInTimeSource } from '../../exposure/domain/temporal-index';
import { ValidationError } from '../../shared/errors';
import { EconomicParams } from './economics/market';
import {
  companyShocks,
  DealFacts,
  EconomicShock,
  selectDeals,
} from './economics/shocks';

/**
 * The earlier version's reading of the market (`full-commitment`): every remaining commitment owed
 * now, company figures as recorded, its loss rules. Its answers are kept to the bit.
 */

const DAY_MS = 86_400_000;

/** The network a model runs on at a date, with the scenario's shocks translated to model inputs. */
export interface ScenarioNetwork {
  readonly network: ContagionNetwork;
  readonly shocks: ContagionShocks;
  readonly params: ContagionParams;
  /** Companies in default in the history itself (they stay in default in every run). */
  readonly recordedDefaults: ReadonlyMap<number, number | undefined>;
}

interface Leg {
  readonly dealId: string;
  readonly kind: 'obligation' | 'stake';
  readonly from: string; // debtor / investee
  readonly to: string; // creditor / investor
  amountUsd: number;
}

/**
 * Reads the model's network from the timeline at `atMs` (as known at `knownPosition`):
 * - a loan's outstanding principal is owed borrower → lender;
 * - a supply deal's unpaid commitment is owed buyer → seller (with `horizonDays`, only the
 *   installments falling due within that many days of `at`, plus arrears);
 * - an investment's carrying value is a stake of the investor in the investee (no obligation);
 *   commitments not yet funded are left out of the models;
 * - company financials missing in the ledger count as 0.
 * Shocks: `default` fixes the company's payment (recovery from the shock, else `params`);
 * `asset-shock` takes a fraction of outside assets (listed companies, a sector, or everyone);
 * `cancel-deal` removes the deal's legs and `haircut` cuts the selected deals' legs by a fraction
 * — the holder's lost claim is its direct loss. Companies in default in the history count as defaulted with
 * their recorded recovery. Unknown ids, an empty network or a sector with no company → ValidationError.
 */
export function scenarioNetwork(
  source: PointInTimeSource,
  atMs: number,
  knownPosition: number,
  shocks: readonly EconomicShock[],
  params: EconomicParams,
  knownAtMs = -Infinity,
): ScenarioNetwork {
  const companies = source
    .companies(atMs, knownPosition, knownAtMs)
    .sort((a, b) => (a.companyId < b.companyId ? -1 : 1));
  if (companies.length === 0)
    throw new ValidationError(
      'at',
      'no company is known at this date: the network is empty',
    );
  const known = new Map<string, CompanyStanding>(
    companies.map((c) => [c.companyId, c]),
  );

  const legs: Leg[] = [];
  const legsOfDeal = new Map<string, Leg[]>();
  const horizonEnd =
    params.horizonDays === undefined
      ? undefined
      : atMs + params.horizonDays * DAY_MS;
  const dealStates = source.deals(atMs, knownPosition, knownAtMs);
  for (const { state, worth } of worthAll(dealStates, atMs)) {
    for (const leg of worth.legs) {
      if (leg.basis === 'unfunded-commitment' || leg.amountUsd <= 0) continue;
      let amount = leg.amountUsd;
      if (leg.basis === 'supply-commitment' && horizonEnd !== undefined) {
        amount = Math.min(
          amount,
          dueBy(state.plan, horizonEnd) -
            dueBy(state.plan, atMs) +
            worth.arrearsUsd,
        );
      }
      if (amount <= 0) continue;
      const item: Leg = {
        dealId: state.dealId,
        kind: leg.basis === 'carrying-value' ? 'stake' : 'obligation',
        from: leg.counterparty,
        to: leg.holder,
        amountUsd: amount,
      };
      legs.push(item);
      const list = legsOfDeal.get(state.dealId) ?? [];
      list.push(item);
      legsOfDeal.set(state.dealId, list);
    }
  }
  // Known companies and everyone a leg names, once each (a set: no scan of the list per leg).
  const named = new Set(known.keys());
  for (const leg of legs) {
    named.add(leg.from);
    named.add(leg.to);
  }
  const ids = [...named].sort();

  const claimLoss = new Map<string, number>();
  let facts: DealFacts[] | undefined;
  shocks.forEach((shock, i) => {
    if (shock.type === 'cancel-deal' || shock.type === 'haircut') {
      facts ??= dealStates.map(dealFacts);
      const cut = shock.type === 'cancel-deal' ? 1 : shock.fraction;
      for (const dealId of selectDeals(shock, i, facts)) {
        for (const leg of legsOfDeal.get(dealId) ?? []) {
          claimLoss.set(
            leg.to,
            (claimLoss.get(leg.to) ?? 0) + cut * leg.amountUsd,
          );
          leg.amountUsd *= 1 - cut;
        }
      }
    }
  });

  const obligations: NetworkObligation[] = [];
  const stakes: NetworkStake[] = [];
  for (const leg of legs) {
    if (leg.amountUsd <= 0) continue;
    if (leg.kind === 'obligation')
      obligations.push({
        debtor: leg.from,
        creditor: leg.to,
        amountUsd: leg.amountUsd,
      });
    else
      stakes.push({
        investor: leg.to,
        investee: leg.from,
        amountUsd: leg.amountUsd,
      });
  }
  const network = buildNetwork({
    companies: ids.map((id) => {
      const c = known.get(id);
      return {
        id,
        equityUsd: c?.equityUsd ?? 0,
        externalAssetsUsd: c?.externalAssetsUsd ?? 0,
        externalLiabilitiesUsd: c?.externalLiabilitiesUsd ?? 0,
      };
    }),
    obligations,
    stakes,
  });

  const recordedDefaults = recordedDefaultsOf(network, companies);
  const { defaults, assetLossUsd } = companyShocks(
    network,
    companies.map((c) => ({ id: c.companyId, sector: c.sector })),
    shocks,
    recordedDefaults,
  );
  const claimLossArr = new Float64Array(network.n);
  for (const [id, v] of claimLoss) claimLossArr[network.indexOf.get(id)!] += v;
  return {
    network,
    shocks: { defaults, assetLossUsd, claimLossUsd: claimLossArr },
    // The earlier version's loss rules, so its answers (and the analyses built on them) stay exact.
    params: {
      alpha: params.alpha,
      beta: params.beta,
      recoveryRate: params.recoveryRate,
      legacyRecovery: true,
    },
    recordedDefaults,
  };
}

/** Companies in default in the history itself, by network index, with their recorded recovery. */
export function recordedDefaultsOf(
  network: ContagionNetwork,
  companies: readonly {
    readonly companyId: string;
    readonly defaulted: boolean;
    readonly recoveryRate: number | null;
  }[],
): Map<number, number | undefined> {
  const recorded = new Map<number, number | undefined>();
  for (const c of companies)
    if (c.defaulted)
      recorded.set(
        network.indexOf.get(c.companyId)!,
        c.recoveryRate ?? undefined,
      );
  return recorded;
}

/** What a shock selector matches a deal on. */
export function dealFacts(state: DealStanding): DealFacts {
  const p = state.parties;
  return {
    dealId: state.dealId,
    kind: state.kind,
    category: state.terms.category,
    ...(p.kind === 'supply' ? { buyer: p.buyer, seller: p.seller } : {}),
  };
}
