import cytoscape from 'cytoscape';
import type {
  Company,
  ExposureCompany,
  ExposureEdge,
  ExposureView,
  ScenarioResult,
} from './api';
import { sectorColour, usd } from './format';
import { edgeKey, onCycle } from './view-marks';

export interface GraphFilter {
  /** Most exposed companies kept on screen (by exposure out + in). */
  topN: number;
  /** One node per sector, exposures summed between sectors (ignored while a filter text is set). */
  group?: boolean;
  /** Substring of a company id, name or sector; matches and their neighbours are kept. */
  text: string;
}

export interface Highlights {
  /** Company pairs (`holder>counterparty`) on a money cycle given without its legs. */
  cycleEdges: Set<string>;
  /** Deals on the legs of a money cycle: the exposure edges made of them are on the cycle. */
  cycleDeals: Set<string>;
  /** Deal ids flagged as vendor financing. */
  vendorDeals: Set<string>;
  /** Edge keys (`holder>counterparty:kind`) whose amount differs from what is known now. */
  restated: Map<string, { before: number; after: number }>;
}

export interface RenderSummary {
  shownCompanies: number;
  totalCompanies: number;
  shownEdges: number;
  totalEdges: number;
  added: string[];
  /** Sector nodes drawn, when grouped. */
  sectors?: number;
}

/** Graph labels stay short: "Stargate (JV of …)" → "Stargate". */
export function shortName(name: string): string {
  const plain = name.replace(/\s*\(.*\)\s*$/, '');
  return plain.length > 24 ? `${plain.slice(0, 23)}…` : plain;
}

export { edgeKey };

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1d2330',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  {
    selector: 'node.defaulted',
    style: {
      'border-width': 5,
      'border-color': '#c0392b',
      'border-style': 'double',
    },
  },
  {
    selector: 'node:selected',
    style: {
      'overlay-color': '#1d2330',
      'overlay-opacity': 0.15,
      'overlay-padding': 6,
    },
  },
  {
    selector: 'node.failed',
    style: {
      'background-color': '#7f1d1d',
      'border-width': 4,
      'border-color': '#ef4444',
      color: '#7f1d1d',
    },
  },
  { selector: 'node.shocked', style: { shape: 'star' } },
  { selector: 'node.dimmed', style: { opacity: 0.35 } },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      'line-color': '#7b8aa3',
      'target-arrow-color': '#7b8aa3',
      opacity: 0.75,
      'font-size': 10,
      'text-rotation': 'autorotate',
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
    },
  },
  {
    selector: 'edge.supply',
    style: {
      'line-style': 'solid',
      'line-color': '#5b7db1',
      'target-arrow-color': '#5b7db1',
    },
  },
  {
    selector: 'edge.investment',
    style: {
      'line-style': 'dashed',
      'line-color': '#3f9a5b',
      'target-arrow-color': '#3f9a5b',
    },
  },
  {
    selector: 'edge.loan',
    style: {
      'line-style': 'dotted',
      'line-color': '#8e5bb1',
      'target-arrow-color': '#8e5bb1',
    },
  },
  {
    selector: 'edge.cycle',
    style: {
      'underlay-color': '#f59e0b',
      'underlay-opacity': 0.45,
      'underlay-padding': 4,
    },
  },
  {
    selector: 'edge.vendor',
    style: {
      'line-color': '#d946ef',
      'target-arrow-color': '#d946ef',
      opacity: 0.95,
    },
  },
  { selector: 'edge.dimmed', style: { opacity: 0.12 } },
  {
    selector: 'edge.restated',
    style: {
      'line-color': '#ea580c',
      'target-arrow-color': '#ea580c',
      label: 'data(restatedLabel)',
      color: '#9a3412',
      opacity: 1,
    },
  },
  {
    selector: 'edge.hover, edge:selected',
    style: { label: 'data(label)', opacity: 1, 'z-index': 10 },
  },
  {
    selector: 'edge.loss',
    style: {
      'line-color': '#dc2626',
      'target-arrow-color': '#dc2626',
      opacity: 1,
      label: 'data(lossLabel)',
      color: '#991b1b',
      'z-index': 9,
    },
  },
  {
    selector: 'node.fresh',
    style: { 'border-width': 5, 'border-color': '#22c55e' },
  },
  {
    selector: 'edge.fresh',
    style: {
      'underlay-color': '#22c55e',
      'underlay-opacity': 0.5,
      'underlay-padding': 5,
      opacity: 1,
    },
  },
];

export const SECTOR_PREFIX = 'sector:';

/** The network seen by sector: one node per sector, exposures summed per (sector, sector, kind). */
export function groupBySector(
  view: ExposureView,
  sectorOf: (id: string) => string,
): { view: ExposureView; meta: Company[] } {
  const nodes = new Map<
    string,
    ExposureCompany & { count: number; defaults: number }
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
function sortedEdges(view: ExposureView): ExposureEdge[] {
  let sorted = sortedCache.get(view);
  if (!sorted) {
    sorted = [...view.edges].sort((a, b) => b.amountUsd - a.amountUsd);
    sortedCache.set(view, sorted);
  }
  return sorted;
}

function viewKeys(view: ExposureView): Set<string> {
  return new Set([
    ...view.companies.map((c) => c.id),
    ...view.edges.map(edgeKey),
  ]);
}

/** Force layout settings: room enough that the hubs' labels stay apart. */
const COSE = {
  nodeRepulsion: () => 60_000,
  idealEdgeLength: () => 140,
  nodeOverlap: 40,
  componentSpacing: 100,
  gravity: 0.5,
};

/** The exposure network on screen: nodes sized by equity, coloured by sector, edges by kind. */
export class NetworkGraph {
  readonly cy: cytoscape.Core;
  private readonly positions = new Map<string, cytoscape.Position>();
  private view: ExposureView | null = null;
  /** Companies and edge keys of the previous view: what is new in a view flashes once. */
  private previousKeys: Set<string> | null = null;
  private meta = new Map<string, Company>();
  private lastHighlights: Highlights = {
    cycleEdges: new Set(),
    cycleDeals: new Set(),
    vendorDeals: new Set(),
    restated: new Map(),
  };
  private pinned: string | null = null;
  /** The sector view drawn, when grouped. */
  grouped: ExposureView | null = null;
  private kept = new Set<string>();

  constructor(
    container: HTMLElement,
    private readonly onSelect: (companyId: string | null) => void,
  ) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    this.cy.on('tap', 'node', (ev) =>
      this.onSelect((ev.target as cytoscape.NodeSingular).id()),
    );
    this.cy.on('tap', (ev) => {
      if (ev.target === this.cy) this.onSelect(null);
    });
    this.cy.on('mouseover', 'edge', (ev) =>
      (ev.target as cytoscape.EdgeSingular).addClass('hover'),
    );
    this.cy.on('mouseout', 'edge', (ev) =>
      (ev.target as cytoscape.EdgeSingular).removeClass('hover'),
    );
  }

  setMeta(companies: Company[]): void {
    this.meta = new Map(companies.map((c) => [c.id, c]));
  }

  company(id: string): Company | undefined {
    return this.meta.get(id);
  }

  /** Keeps this company and its neighbours on screen whatever the filter. */
  pin(id: string | null): void {
    this.pinned = id;
  }

  /** Replaces what is drawn with `view`, keeping positions of companies already placed. */
  render(
    source: ExposureView,
    filter: GraphFilter,
    highlights: Highlights,
  ): RenderSummary {
    const previous =
      this.view === source
        ? this.previousKeys
        : this.view
          ? viewKeys(this.view)
          : null;
    this.previousKeys = previous;
    this.view = source;
    this.lastHighlights = highlights;
    const grouped =
      filter.group && !filter.text.trim()
        ? groupBySector(source, (id) => this.meta.get(id)?.sector || 'other')
        : null;
    this.grouped = grouped?.view ?? null;
    const groupMeta = new Map((grouped?.meta ?? []).map((m) => [m.id, m]));
    const view = grouped?.view ?? source;
    const keep = grouped
      ? new Set(view.companies.map((c) => c.id))
      : this.visibleCompanies(view, filter);
    const byId = new Map(view.companies.map((c) => [c.id, c]));
    const maxEquity = Math.max(
      1,
      ...view.companies
        .filter((c) => keep.has(c.id))
        .map((c) => c.equityUsd || 0),
    );
    // Between the companies kept, the largest exposures: past a few per company a picture stops
    // saying anything (the table and the company panel list them all).
    const edgeBudget = grouped ? Infinity : Math.max(200, 4 * filter.topN);
    const edges = (
      view.edges.length > edgeBudget ? sortedEdges(view) : view.edges
    )
      .filter(
        (e) =>
          keep.has(e.holder) && keep.has(e.counterparty) && e.amountUsd > 0,
      )
      .slice(0, edgeBudget);
    const maxAmount = Math.max(1, ...edges.map((e) => e.amountUsd));

    const cy = this.cy;
    const before = new Set(cy.elements().map((el) => el.id()));
    const added: string[] = [];
    cy.batch(() => {
      const wantedIds = new Set<string>();
      for (const id of keep) {
        const c = byId.get(id);
        if (!c) continue;
        wantedIds.add(id);
        const meta = groupMeta.get(id) ?? this.meta.get(id);
        const data = {
          id,
          label: id.startsWith(SECTOR_PREFIX)
            ? (meta?.name ?? id)
            : shortName(meta?.name ?? id),
          colour: sectorColour(meta?.sector),
          size: 18 + 62 * Math.sqrt(Math.max(0, c.equityUsd || 0) / maxEquity),
        };
        const node = cy.getElementById(id);
        if (node.nonempty()) node.data(data);
        else {
          const pos = this.positions.get(id);
          cy.add({
            group: 'nodes',
            data,
            position: pos ? { ...pos } : undefined,
          });
          added.push(id);
        }
        cy.getElementById(id).toggleClass('defaulted', Boolean(c.defaulted));
      }
      for (const e of edges) {
        const id = edgeKey(e);
        wantedIds.add(id);
        const restated = highlights.restated.get(id);
        const data = {
          id,
          source: e.holder,
          target: e.counterparty,
          width: 1 + 11 * Math.sqrt(e.amountUsd / maxAmount),
          amount: e.amountUsd,
          label: `${e.kind} ${usd(e.amountUsd)}`,
          restatedLabel: restated
            ? `restated ${usd(restated.before)} → ${usd(restated.after)}`
            : '',
          deals: e.deals,
        };
        const edge = cy.getElementById(id);
        if (edge.nonempty()) edge.data(data);
        else {
          cy.add({ group: 'edges', data, classes: e.kind });
          added.push(id);
        }
        const el = cy.getElementById(id);
        el.toggleClass('cycle', onCycle(e, highlights));
        el.toggleClass(
          'vendor',
          e.deals.some((d) => highlights.vendorDeals.has(d)),
        );
        el.toggleClass('restated', Boolean(restated));
      }
      cy.elements()
        .filter((el) => !wantedIds.has(el.id()))
        .remove();
    });

    const newNodes = cy
      .nodes()
      .filter((n) => !before.has(n.id()) && !this.positions.has(n.id()));
    if (newNodes.nonempty()) this.layout(newNodes);
    else {
      const nowIds = new Set(cy.nodes().map((n) => n.id()));
      const changed =
        [...nowIds].some((id) => !before.has(id)) ||
        [...before].some((id) => !id.includes('>') && !nowIds.has(id));
      if (changed) this.fitView();
    }
    cy.nodes().forEach((n) => {
      this.positions.set(n.id(), { ...n.position() });
    });
    let fresh = cy.collection();
    if (previous)
      for (const id of added)
        if (!previous.has(id)) fresh = fresh.union(cy.getElementById(id));
    if (fresh.nonempty()) {
      fresh.addClass('fresh');
      setTimeout(() => fresh.removeClass('fresh'), 2500);
    }
    return {
      shownCompanies: grouped ? source.companies.length : cy.nodes().length,
      totalCompanies: source.companies.length,
      shownEdges: grouped ? source.edges.length : cy.edges().length,
      totalEdges: source.edges.length,
      added,
      sectors: grouped ? cy.nodes().length : undefined,
    };
  }

  /** Keeps these companies on screen whatever the filter (the failed ones of a cascade). */
  keepVisible(ids: Iterable<string>): void {
    this.kept = new Set(ids);
  }

  /** Re-draws the last view (after a filter change). */
  rerender(filter: GraphFilter): RenderSummary | null {
    return this.view
      ? this.render(this.view, filter, this.lastHighlights)
      : null;
  }

  private visibleCompanies(
    view: ExposureView,
    filter: GraphFilter,
  ): Set<string> {
    const score = (c: ExposureCompany): number =>
      (c.exposureOutUsd || 0) + (c.exposureInUsd || 0);
    const text = filter.text.trim().toLowerCase();
    const neighbours = (ids: Set<string>): Set<string> => {
      const out = new Set(ids);
      for (const e of view.edges) {
        if (ids.has(e.holder)) out.add(e.counterparty);
        if (ids.has(e.counterparty)) out.add(e.holder);
      }
      return out;
    };
    let keep: Set<string>;
    if (text) {
      const matches = new Set(
        view.companies
          .filter((c) => {
            const m = this.meta.get(c.id);
            return [c.id, m?.name ?? '', m?.sector ?? ''].some((s) =>
              s.toLowerCase().includes(text),
            );
          })
          .map((c) => c.id),
      );
      keep = neighbours(matches);
    } else {
      // The companies behind the largest exposures first, so what is drawn is connected; then the
      // most exposed of the rest (on a small network, everyone).
      const limit = Math.max(1, filter.topN);
      keep = new Set<string>();
      const largest = view.edges.length > limit * 4 ? sortedEdges(view) : [];
      for (const e of largest) {
        if (keep.size >= limit) break;
        keep.add(e.holder);
        if (keep.size < limit) keep.add(e.counterparty);
      }
      for (const c of [...view.companies].sort((a, b) => score(b) - score(a))) {
        if (keep.size >= limit) break;
        keep.add(c.id);
      }
    }
    if (keep.size > filter.topN && text) {
      // A broad search on a large network: the most exposed of the matches and their neighbours.
      const ranked = view.companies
        .filter((c) => keep.has(c.id))
        .sort((a, b) => score(b) - score(a));
      keep = new Set(ranked.slice(0, filter.topN).map((c) => c.id));
    }
    for (const id of this.kept)
      if (view.companies.some((c) => c.id === id)) keep.add(id);
    if (this.pinned && view.companies.some((c) => c.id === this.pinned)) {
      for (const id of neighbours(new Set([this.pinned]))) keep.add(id);
    }
    return keep;
  }

  private layout(newNodes: cytoscape.NodeCollection): void {
    const cy = this.cy;
    const placed = cy.nodes().difference(newNodes);
    if (placed.empty()) {
      cy.layout({
        name: 'cose',
        animate: false,
        randomize: true,
        ...COSE,
        numIter: 1500,
        fit: false,
      } as cytoscape.LayoutOptions).run();
      this.fitView();
      return;
    }
    // Newcomers start beside a neighbour already on screen; the rest stay where the eye left them.
    newNodes.forEach((n) => {
      const anchor = n
        .neighborhood('node')
        .difference(newNodes)
        .nodes()
        .first();
      const base = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
      n.position({
        x: base.x + (Math.random() - 0.5) * 120,
        y: base.y + (Math.random() - 0.5) * 120,
      });
    });
    placed.lock();
    cy.layout({
      name: 'cose',
      animate: false,
      randomize: false,
      fit: false,
      ...COSE,
      numIter: 600,
    } as cytoscape.LayoutOptions).run();
    placed.unlock();
    this.fitView();
  }

  /** Fits what is drawn, without blowing a handful of companies up to fill the screen. */
  fitView(): void {
    this.cy.fit(undefined, 40);
    if (this.cy.zoom() > 1.2) {
      this.cy.zoom(1.2);
      this.cy.center();
    }
  }

  select(id: string | null): void {
    this.cy.nodes().unselect();
    this.cy.elements().removeClass('dimmed');
    if (!id) return;
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    node.select();
    const near = node.closedNeighborhood();
    this.cy.elements().difference(near).addClass('dimmed');
  }

  /** Shows the cascade up to `round`: failed companies and the losses on edges into them. */
  showCascade(
    result: ScenarioResult | null,
    round: number,
    shocked: Set<string>,
    recovery: (id: string) => number,
  ): string[] {
    const cy = this.cy;
    const shown: string[] = [];
    cy.batch(() => {
      cy.elements().removeClass('failed shocked loss');
      if (!result) return;
      const failed = new Set(
        result.companies
          .filter(
            (c) =>
              c.defaulted && c.defaultRound !== null && c.defaultRound <= round,
          )
          .map((c) => c.id),
      );
      for (const id of failed) {
        const node = cy.getElementById(id);
        if (node.empty()) continue;
        node.addClass('failed');
        shown.push(id);
      }
      for (const id of shocked) cy.getElementById(id).addClass('shocked');
      cy.edges().forEach((e) => {
        const target = e.target().id();
        if (!failed.has(target)) return;
        const amount = Number(e.data('amount')) || 0;
        e.data('lossLabel', `loss ${usd(amount * (1 - recovery(target)))}`);
        e.addClass('loss');
      });
    });
    return shown.sort();
  }

  nodeIds(): string[] {
    return this.cy.nodes().map((n) => n.id());
  }

  edgeIds(): string[] {
    return this.cy.edges().map((e) => e.id());
  }
}
