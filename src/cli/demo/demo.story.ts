import { EdgeDto, NetworkDto } from '../commands/api-types';
import type { CaveatKind } from '../../contracts';
import type { Caveat } from '../../exposure/domain/valuation';
import type { EconomicResult } from '../../scenarios/domain/economics/result';

/**
 * The pure parts of the demo's story: what to pick out of the API's answers. No I/O here, so the
 * choices (largest dependencies, the shape of a comparison) are tested on plain data.
 */

/** The three dates the story compares. `undefined` means today (the API's default). */
export const STORY_DATES: readonly { label: string; at: string | undefined }[] =
  [
    { label: "before ChatGPT's growth", at: '2022-11-01' },
    { label: 'after the 2025 mega-deals', at: '2025-12-31' },
    { label: 'today', at: undefined },
  ];

export interface Dependency {
  company: string;
  counterparty: string;
  amountUsd: number;
  equityUsd: number;
  share: number;
  kinds: string[];
  deals: string[];
}

/**
 * Each company's largest single exposure (all kinds against one counterparty) as a share of its
 * equity, largest share first. Companies without positive equity are left out (no share exists).
 */
export function largestDependencies(view: NetworkDto, top = 10): Dependency[] {
  const equity = new Map(view.companies.map((c) => [c.id, c.equityUsd]));
  const pairs = new Map<
    string,
    {
      holder: string;
      counterparty: string;
      amountUsd: number;
      kinds: Set<string>;
      deals: Set<string>;
    }
  >();
  for (const e of view.edges) {
    if (e.amountUsd <= 0) continue;
    const k = `${e.holder}\u0000${e.counterparty}`;
    const p = pairs.get(k) ?? {
      holder: e.holder,
      counterparty: e.counterparty,
      amountUsd: 0,
      kinds: new Set<string>(),
      deals: new Set<string>(),
    };
    p.amountUsd += e.amountUsd;
    p.kinds.add(e.kind);
    e.deals.forEach((d) => p.deals.add(d));
    pairs.set(k, p);
  }
  const best = new Map<string, Dependency>();
  for (const p of pairs.values()) {
    const eq = equity.get(p.holder);
    if (eq === null || eq === undefined || eq <= 0) continue;
    const d: Dependency = {
      company: p.holder,
      counterparty: p.counterparty,
      amountUsd: p.amountUsd,
      equityUsd: eq,
      share: p.amountUsd / eq,
      kinds: [...p.kinds].sort(),
      deals: [...p.deals].sort(),
    };
    const current = best.get(p.holder);
    if (!current || d.amountUsd > current.amountUsd) best.set(p.holder, d);
  }
  return [...best.values()]
    .sort((a, b) => b.share - a.share || (a.company < b.company ? -1 : 1))
    .slice(0, top);
}

export interface NetworkSummary {
  companies: number;
  edges: number;
  totalUsd: number;
  top: EdgeDto[];
}

/** Companies that take part in at least one exposure, the edges, their total, and the largest few. */
export function summarise(view: NetworkDto, top = 6): NetworkSummary {
  const active = new Set<string>();
  for (const e of view.edges) {
    if (e.amountUsd > 0) {
      active.add(e.holder);
      active.add(e.counterparty);
    }
  }
  const priced = view.edges.filter((e) => e.amountUsd > 0);
  return {
    companies: active.size,
    edges: priced.length,
    totalUsd: priced.reduce((s, e) => s + e.amountUsd, 0),
    top: [...priced]
      .sort(
        (a, b) => b.amountUsd - a.amountUsd || (a.holder < b.holder ? -1 : 1),
      )
      .slice(0, top),
  };
}

export interface EdgeChange {
  holder: string;
  counterparty: string;
  baselineUsd: number;
  scenarioUsd: number;
  differenceUsd: number;
}

/** Edges whose amount differs between two views of the network, largest change first. */
export function diffNetworks(
  baseline: NetworkDto,
  scenario: NetworkDto,
): EdgeChange[] {
  const sum = (v: NetworkDto): Map<string, number> => {
    const m = new Map<string, number>();
    for (const e of v.edges)
      m.set(
        `${e.holder}\u0000${e.counterparty}`,
        (m.get(`${e.holder}\u0000${e.counterparty}`) ?? 0) + e.amountUsd,
      );
    return m;
  };
  const a = sum(baseline);
  const b = sum(scenario);
  const out: EdgeChange[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const [holder, counterparty] = k.split('\u0000');
    const baselineUsd = a.get(k) ?? 0;
    const scenarioUsd = b.get(k) ?? 0;
    if (baselineUsd !== scenarioUsd)
      out.push({
        holder,
        counterparty,
        baselineUsd,
        scenarioUsd,
        differenceUsd: scenarioUsd - baselineUsd,
      });
  }
  return out.sort(
    (x, y) =>
      Math.abs(y.differenceUsd) - Math.abs(x.differenceUsd) ||
      (x.holder < y.holder ? -1 : 1),
  );
}

/** An exposure edge with `?explain=true`: each amount's deal and how it is counted. */
export interface ExplainedEdge extends EdgeDto {
  explain?: { dealId: string; amountUsd: number; basis: string }[];
}

export interface Ring {
  a: string;
  b: string;
  /** a → b and b → a: money in each direction, with the deals behind it. */
  legs: {
    from: string;
    to: string;
    amountUsd: number;
    deals: string[];
    unpricedDeals: string[];
  }[];
}

/**
 * Two-company rings where money flows both ways and at least one way rests on a deal with no
 * published amount (so a priced-only cycle search cannot see it): Nvidia invests in OpenAI, OpenAI
 * buys Nvidia systems. Money flows: investor → investee, buyer → seller, lender → borrower,
 * read from each explained amount's basis.
 */
export function ringsThroughUnpricedDeals(
  edges: readonly ExplainedEdge[],
): Ring[] {
  const flows = new Map<
    string,
    {
      from: string;
      to: string;
      amountUsd: number;
      deals: Set<string>;
      unpriced: Set<string>;
    }
  >();
  for (const e of edges) {
    const unpriced = new Set(e.unpricedDeals ?? []);
    for (const item of e.explain ?? []) {
      const [from, to] =
        item.basis === 'carrying-value' || item.basis === 'loan-principal'
          ? [e.holder, e.counterparty]
          : item.basis === 'unfunded-commitment' ||
              item.basis === 'supply-commitment'
            ? [e.counterparty, e.holder]
            : [undefined, undefined];
      if (!from || !to) continue;
      const k = `${from}\u0000${to}`;
      const f = flows.get(k) ?? {
        from,
        to,
        amountUsd: 0,
        deals: new Set<string>(),
        unpriced: new Set<string>(),
      };
      f.amountUsd += item.amountUsd;
      f.deals.add(item.dealId);
      if (unpriced.has(item.dealId)) f.unpriced.add(item.dealId);
      flows.set(k, f);
    }
  }
  const rings: Ring[] = [];
  for (const f of flows.values()) {
    if (f.from >= f.to) continue;
    const back = flows.get(`${f.to}\u0000${f.from}`);
    if (!back) continue;
    const pricedBothWays = f.amountUsd > 0 && back.amountUsd > 0;
    if (pricedBothWays || (f.unpriced.size === 0 && back.unpriced.size === 0))
      continue;
    rings.push({
      a: f.from,
      b: f.to,
      legs: [f, back].map((x) => ({
        from: x.from,
        to: x.to,
        amountUsd: x.amountUsd,
        deals: [...x.deals].sort(),
        unpricedDeals: [...x.unpriced].sort(),
      })),
    });
  }
  return rings.sort(
    (x, y) =>
      Math.max(...y.legs.map((l) => l.amountUsd)) -
        Math.max(...x.legs.map((l) => l.amountUsd)) || (x.a < y.a ? -1 : 1),
  );
}

/** A deals cell that stays readable: the first few ids, then how many more. */
export function dealsCell(deals: readonly string[], max = 2): string {
  return deals.length <= max
    ? deals.join(', ')
    : `${deals.slice(0, max).join(', ')} +${deals.length - max} more`;
}

/** What one "X slips" run says, read the way an analyst reads it. */
export interface ShockReading {
  /** Failures the shock caused among companies with a balance sheet, by round. */
  caused: { id: string; round: number | null }[];
  /**
   * Lender and investor groups with no balance sheet of their own that lose: with no equity on
   * record any loss "defaults" them, so they are listed by what they lose, not as failures.
   */
  groupsHit: { id: string; lossUsd: number }[];
  /** Failing in the same run with no shock at all (the baseline): not the shock's doing. */
  failingAnyway: string[];
}

/** The companies of a view with no balance sheet on record (lender and investor groups). */
export function withoutBalanceSheet(view: NetworkDto): Set<string> {
  return new Set(
    view.companies.filter((c) => c.equityUsd === null).map((c) => c.id),
  );
}

/**
 * Reads a scenario result (API.md "Scenarios"): `defaults` are the failures the shock caused (the
 * baseline's are apart), less the shocked companies themselves and the groups without a balance
 * sheet (`withoutSheet`).
 */
export function readShock(
  result: Pick<EconomicResult, 'companies' | 'defaults' | 'baselineDefaults'>,
  shocked: readonly string[],
  withoutSheet: ReadonlySet<string>,
): ShockReading {
  const byId = new Map(result.companies.map((c) => [c.id, c]));
  return {
    caused: result.defaults
      .filter((id) => !shocked.includes(id) && !withoutSheet.has(id))
      .map((id) => ({ id, round: byId.get(id)?.defaultRound ?? null })),
    groupsHit: result.companies
      .filter((c) => withoutSheet.has(c.id) && c.lossUsd > 0)
      .map((c) => ({ id: c.id, lossUsd: c.lossUsd }))
      .sort((a, b) => b.lossUsd - a.lossUsd || (a.id < b.id ? -1 : 1)),
    failingAnyway: [...result.baselineDefaults],
  };
}

/** What each caveat kind means, in one sentence (DESIGN.md "What counts"). */
export const CAVEAT_MEANING: Record<CaveatKind, string> = {
  'estimated-amount':
    'no published amount: counted at the central estimate from a published unit price',
  'omitted-unpriced':
    'no published amount and no unit price to estimate one: left out',
  'below-certainty':
    'a letter of intent, talks or a conditional tranche: left out at the default certainty (binding)',
  'low-confidence':
    'a single or weak source, or a balance sheet estimated rather than filed',
  'assumed-term': 'no published term: spread over 60 months from its start',
  'stale-financials': 'the latest report is more than 15 months old',
  'assumed-financials':
    'no balance sheet on record (a lender or investor group, or a figure not published)',
};

export interface CaveatGroup {
  kind: CaveatKind;
  count: number;
  /** The deals or companies concerned, the first few. */
  examples: string[];
}

/** Caveats by kind, most frequent first, each with the first few deals or companies it names. */
export function groupCaveats(
  caveats: readonly Caveat[],
  examples = 4,
): CaveatGroup[] {
  const groups = new Map<CaveatKind, { count: number; names: Set<string> }>();
  for (const c of caveats) {
    const g = groups.get(c.kind) ?? { count: 0, names: new Set<string>() };
    g.count++;
    const name = c.deal ?? c.company;
    if (name !== undefined) g.names.add(name);
    groups.set(c.kind, g);
  }
  return [...groups.entries()]
    .map(([kind, g]) => ({
      kind,
      count: g.count,
      examples: [...g.names].slice(0, examples),
    }))
    .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1));
}

/** The edges `holder` holds against `counterparty`, summed: gross exposure and loss given default. */
export function exposureBetween(
  view: NetworkDto,
  holder: string,
  counterparty: string,
): { grossUsd: number; lossGivenDefaultUsd: number; deals: string[] } {
  let grossUsd = 0;
  let lossGivenDefaultUsd = 0;
  const deals = new Set<string>();
  for (const e of view.edges) {
    if (e.holder !== holder || e.counterparty !== counterparty) continue;
    grossUsd += e.amountUsd;
    lossGivenDefaultUsd += e.lossGivenDefaultUsd ?? e.amountUsd;
    e.deals.forEach((d) => deals.add(d));
  }
  return { grossUsd, lossGivenDefaultUsd, deals: [...deals].sort() };
}
