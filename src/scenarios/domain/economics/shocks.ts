import type { ContagionNetwork } from '../../../contagion';
import type { ScenarioShock } from '../../../contracts';
import type { DealFacts, Market } from './market';

export type { DealFacts } from './market';
import { DEAL_KINDS } from '../../../ledger/domain/deal-kinds';
import { ValidationError } from '../../../shared/errors';

/**
 * A scenario shock (API.md "Scenarios"), one shape per type as the contract states it
 * (`ScenarioShock`, src/contracts); `haircut` takes exactly one selector.
 */
export type EconomicShock = ScenarioShock;
export type HaircutShock = Extract<ScenarioShock, { type: 'haircut' }>;

export const HAIRCUT_SELECTORS = [
  'deal',
  'deals',
  'category',
  'kind',
  'buyer',
  'seller',
] as const;
export type HaircutSelector = (typeof HAIRCUT_SELECTORS)[number];

/** What a selector can match a deal on. */

/**
 * The deals a `cancel-deal` or `haircut` shock (the `index`-th) applies to. A value that matches
 * nothing — an unknown deal, a category no deal has, a kind that is not one, a buyer or seller of
 * no supply deal — is a ValidationError naming the field (`shocks[0].category`).
 */
export function selectDeals(
  shock: HaircutShock | { readonly type: 'cancel-deal'; readonly deal: string },
  index: number,
  deals: readonly DealFacts[],
): Set<string> {
  const path = `shocks[${index}]`;
  const byId = new Map(deals.map((d) => [d.dealId, d]));
  const one = (id: string, field: string): string => {
    if (!byId.has(id))
      throw new ValidationError(field, `unknown deal ${id} at this date`);
    return id;
  };
  if (shock.type === 'cancel-deal')
    return new Set([one(shock.deal, `${path}.deal`)]);
  const given = HAIRCUT_SELECTORS.filter((s) => shock[s] !== undefined);
  if (given.length !== 1)
    throw new ValidationError(
      given.length === 0 ? `${path}.deal` : `${path}.${given[1]}`,
      `give exactly one of ${HAIRCUT_SELECTORS.join(', ')}`,
    );
  const matching = (
    field: string,
    test: (d: DealFacts) => boolean,
    what: string,
  ): Set<string> => {
    const found = new Set(deals.filter(test).map((d) => d.dealId));
    if (found.size === 0)
      throw new ValidationError(`${path}.${field}`, `${what} at this date`);
    return found;
  };
  if (shock.deal !== undefined)
    return new Set([one(shock.deal, `${path}.deal`)]);
  if (shock.deals !== undefined) {
    if (shock.deals.length === 0)
      throw new ValidationError(`${path}.deals`, 'must name at least one deal');
    return new Set(shock.deals.map((d, k) => one(d, `${path}.deals[${k}]`)));
  }
  if (shock.category !== undefined) {
    const c = shock.category;
    return matching(
      'category',
      (d) => d.category === c,
      `no deal has category ${c}`,
    );
  }
  if (shock.kind !== undefined) {
    const k = shock.kind;
    if (!(DEAL_KINDS as readonly string[]).includes(k))
      throw new ValidationError(
        `${path}.kind`,
        `must be one of ${DEAL_KINDS.join(', ')}`,
      );
    return new Set(deals.filter((d) => d.kind === k).map((d) => d.dealId));
  }
  if (shock.buyer !== undefined) {
    const b = shock.buyer;
    return matching('buyer', (d) => d.buyer === b, `${b} buys under no deal`);
  }
  const s = shock.seller!;
  return matching('seller', (d) => d.seller === s, `${s} sells under no deal`);
}

/**
 * Share of each deal's claims a set of shocks takes away: `cancel-deal` takes all of it, a
 * `haircut` its fraction; several on one deal compound (each takes its fraction of what is left).
 */
export function dealCuts(
  shocks: readonly EconomicShock[],
  deals: readonly DealFacts[],
): Map<string, number> {
  const cuts = new Map<string, number>();
  shocks.forEach((shock, i) => {
    if (shock.type !== 'cancel-deal' && shock.type !== 'haircut') return;
    const fraction = shock.type === 'cancel-deal' ? 1 : shock.fraction;
    for (const id of selectDeals(shock, i, deals)) {
      const kept = 1 - (cuts.get(id) ?? 0);
      cuts.set(id, 1 - kept * (1 - fraction));
    }
  });
  return cuts;
}

/** The model inputs of the scenario's shocks on a network, and the defaults the history records. */
export interface ShockInputs {
  /** Companies in default in the history, with their recorded recovery. */
  readonly recorded: Map<number, number | undefined>;
  /** The recorded defaults and the `default` shocks. */
  readonly defaults: Map<number, number | undefined>;
  /** What the `asset-shock`s take of each company's outside assets. */
  readonly assetLoss: Float64Array;
}

/**
 * The company shocks as model inputs: `default` fixes the company's payment (recovery from the
 * shock, else the run's), `asset-shock` takes a fraction of outside assets (listed companies, a
 * sector, or everyone; several on one company compound). Deal shocks are read with the network.
 * Unknown companies and a sector with no company → ValidationError naming the field.
 */
export function companyShocks(
  network: ContagionNetwork,
  companies: readonly { readonly id: string; readonly sector: string | null }[],
  shocks: readonly EconomicShock[],
  recordedDefaults: ReadonlyMap<number, number | undefined>,
): { defaults: Map<number, number | undefined>; assetLossUsd: Float64Array } {
  const indexOf = (id: string, field: string): number => {
    const i = network.indexOf.get(id);
    if (i === undefined)
      throw new ValidationError(field, `unknown company ${id} at this date`);
    return i;
  };
  const defaults = new Map(recordedDefaults);
  const assetLoss = new Float64Array(network.n);
  shocks.forEach((shock, i) => {
    if (shock.type === 'default') {
      defaults.set(
        indexOf(shock.company, `shocks[${i}].company`),
        shock.recoveryRate,
      );
    } else if (shock.type === 'asset-shock') {
      let targets: number[];
      if (shock.companies)
        targets = shock.companies.map((c, k) =>
          indexOf(c, `shocks[${i}].companies[${k}]`),
        );
      else if (shock.sector !== undefined) {
        targets = companies
          .filter((c) => c.sector === shock.sector)
          .map((c) => network.indexOf.get(c.id)!);
        if (targets.length === 0)
          throw new ValidationError(
            `shocks[${i}].sector`,
            `no company in sector ${shock.sector} at this date`,
          );
      } else targets = Array.from({ length: network.n }, (_, k) => k);
      for (const t of targets)
        assetLoss[t] +=
          shock.fraction * (network.externalAssets[t] - assetLoss[t]);
    }
  });
  return { defaults, assetLossUsd: assetLoss };
}

/**
 * Reads the `default` and `asset-shock` shocks against a network (several asset shocks on one
 * company compound). Unknown names are a ValidationError naming the field.
 */
export function shockInputs(
  market: Market,
  shocks: readonly EconomicShock[],
  network: ContagionNetwork,
): ShockInputs {
  const recorded = new Map<number, number | undefined>();
  for (const c of market.companies)
    if (c.defaulted)
      recorded.set(network.indexOf.get(c.id)!, c.recoveryRate ?? undefined);
  const { defaults, assetLossUsd } = companyShocks(
    network,
    market.companies,
    shocks,
    recorded,
  );
  return { recorded, defaults, assetLoss: assetLossUsd };
}
