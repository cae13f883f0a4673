import type {
  Company,
  ExposureCompany,
  ExposureEdge,
  ExposureView,
} from './api';
import { edgeKey } from './view-marks';

export const SECTOR_PREFIX = 'sector:';

/** The network seen by sector: one node per sector, exposures summed per (sector, sector, kind). */
export function groupBySector(
  view: ExposureView,
  sectorOf: (id: string) => string,
): { view: ExposureView; meta: Company[] } {
  const nodes = new Map<
    string,
    ExposureCompany & {
      equityUsd: number;
      externalAssetsUsd: number;
      count: number;
      defaults: number;
    }
  >();
  for (const c of view.companies) {
    const id = SECTOR_PREFIX + sectorOf(c.id);
    const n = nodes.get(id) ?? {
      id,
      equityUsd: 0,
      externalAssetsUsd: 0,
      exposureOutUsd: 0,
      exposureInUsd: 0,
      defaulted: false,
      count: 0,
      defaults: 0,
    };
    n.equityUsd += Math.max(0, c.equityUsd || 0);
    n.externalAssetsUsd += c.externalAssetsUsd || 0;
    n.exposureOutUsd += c.exposureOutUsd || 0;
    n.exposureInUsd += c.exposureInUsd || 0;
    n.count += 1;
    if (c.defaulted) n.defaults += 1;
    nodes.set(id, n);
  }
  const edges = new Map<string, ExposureEdge>();
  const kindTotals = new Map<string, Record<ExposureEdge['kind'], number>>();
  for (const e of view.edges) {
    const holder = SECTOR_PREFIX + sectorOf(e.holder);
    const counterparty = SECTOR_PREFIX + sectorOf(e.counterparty);
    if (holder === counterparty) continue; // within a sector: counted in its node, not drawn
    const key = `${holder}>${counterparty}`;
    const agg = edges.get(key) ?? {
      holder,
      counterparty,
      kind: e.kind,
      amountUsd: 0,
      deals: [],
    };
    const byKind = (kindTotals.get(key) ??
      kindTotals.set(key, { supply: 0, investment: 0, loan: 0 }).get(key))!;
    byKind[e.kind] += e.amountUsd;
    // The sector edge is drawn in the style of its largest kind.
    agg.kind = (Object.keys(byKind) as ExposureEdge['kind'][]).reduce((a, b) =>
      byKind[a] >= byKind[b] ? a : b,
    );
    agg.amountUsd += e.amountUsd;
    if (agg.deals.length < 50)
      agg.deals.push(...e.deals.slice(0, 50 - agg.deals.length));
    edges.set(key, agg);
  }
  // A ring on a sector would say little; the count of defaults goes in its name instead.
  const companies = [...nodes.values()].map((n) => ({
    ...n,
    defaulted: false,
  }));
  const meta = [...nodes.values()].map((n) => ({
    id: n.id,
    name: `${n.id.slice(SECTOR_PREFIX.length)} (${n.count}${n.defaults > 0 ? `, ${n.defaults} defaulted` : ''})`,
    sector: n.id.slice(SECTOR_PREFIX.length),
  }));
  return {
    view: {
      at: view.at,
      knownAt: view.knownAt,
      companies,
      edges: [...edges.values()],
    },
    meta,
  };
}

const sortedCache = new WeakMap<ExposureView, ExposureEdge[]>();
/** A view's edges, largest first (computed once per view). */
export function sortedEdges(view: ExposureView): ExposureEdge[] {
  let sorted = sortedCache.get(view);
  if (!sorted) {
    sorted = [...view.edges].sort((a, b) => b.amountUsd - a.amountUsd);
    sortedCache.set(view, sorted);
  }
  return sorted;
}

/** Graph labels stay short: "Stargate (JV of …)" → "Stargate". */
export function shortName(name: string): string {
  const plain = name.replace(/\s*\(.*\)\s*$/, '');
  return plain.length > 24 ? `${plain.slice(0, 23)}…` : plain;
}

/** Companies and edge keys of a view: what is new in the next one flashes once. */
export function viewKeys(view: ExposureView): Set<string> {
  return new Set([
    ...view.companies.map((c) => c.id),
    ...view.edges.map(edgeKey),
  ]);
}
