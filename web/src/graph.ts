import cytoscape from 'cytoscape';
import type {
  Company,
  ExposureCompany,
  ExposureView,
  ScenarioResult,
} from './api';
import { sectorColour, usd } from './format';
import {
  groupBySector,
  SECTOR_PREFIX,
  shortName,
  sortedEdges,
  viewKeys,
} from './graph-group';
import { declutterLabels } from './graph-labels';
import { hashOf, placeNodes } from './graph-layout';
import { STYLE } from './graph-style';
import { edgeLabel, GraphTip } from './graph-tip';
import { edgeKey, onCycle, type Highlights } from './view-marks';

export type { Highlights };
export { hashOf };

export { groupBySector, SECTOR_PREFIX, shortName };

export interface GraphFilter {
  /** Most exposed companies kept on screen (by exposure out + in). */
  topN: number;
  /** One node per sector, exposures summed between sectors (ignored while a filter text is set). */
  group?: boolean;
  /** Substring of a company id, name or sector; matches and their neighbours are kept. */
  text: string;
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

export { edgeKey };

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
  /** The companies of the view drawn, for hover details. */
  private drawn = new Map<string, ExposureCompany>();
  /** Hover details; also shown for an exposure hovered or focused in the table. */
  readonly tip: GraphTip;

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
    this.tip = new GraphTip(
      this.cy,
      container,
      () => this.drawn,
      () => this.meta,
    );
    let pending = 0;
    this.cy.on('zoom', () => {
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        this.declutter();
      });
    });
    // The container changes size with the window and the narrow layout: keep the picture in it.
    new ResizeObserver(() => {
      this.cy.resize();
      if (this.cy.nodes().nonempty()) this.fitView();
    }).observe(container);
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
    // Compared with another date, exposures gone since then are drawn too (dashed grey).
    const compared = grouped ? undefined : highlights.compared;
    for (const c of compared?.values() ?? [])
      if (
        c.status === 'gone' &&
        keep.has(c.edge.holder) &&
        keep.has(c.edge.counterparty)
      )
        edges.push({ ...c.edge, amountUsd: c.before });
    const maxAmount = Math.max(1, ...edges.map((e) => e.amountUsd));
    this.drawn = new Map(view.companies.map((c) => [c.id, c]));

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
        const change = compared?.get(id);
        const data = {
          id,
          source: e.holder,
          target: e.counterparty,
          width: 1 + 11 * Math.sqrt(e.amountUsd / maxAmount),
          amount: e.amountUsd,
          lossGivenDefault: e.lossGivenDefaultUsd,
          estimated: e.unpricedDeals ?? [],
          label: edgeLabel(e),
          restatedLabel: restated
            ? `restated ${usd(restated.before)} → ${usd(restated.after)}`
            : '',
          deals: e.deals,
          cmpLabel: change
            ? change.status === 'new'
              ? `new ${usd(change.after)}`
              : change.status === 'gone'
                ? `gone (was ${usd(change.before)})`
                : `${usd(change.before)} → ${usd(change.after)}`
            : '',
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
        // How sure the amount is: estimated (dashed), below the default filter (dotted).
        el.toggleClass('estimated', (e.unpricedDeals ?? []).length > 0);
        el.toggleClass(
          'uncertain',
          e.deals.some((d) => highlights.belowFilter?.has(d)),
        );
        for (const status of ['new', 'grown', 'shrunk', 'gone'])
          el.toggleClass(`cmp-${status}`, change?.status === status);
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
    this.declutter();
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
    placeNodes(this.cy, newNodes);
    this.fitView();
  }

  /**
   * Fits what is drawn below the overlays at the top of the graph (the summary, the export
   * menu), without blowing a handful of companies up to fill the screen.
   */
  fitView(): void {
    const cy = this.cy;
    if (cy.elements().empty()) return;
    // A phone's few hundred pixels go to the network, not to the margin.
    const pad = Math.min(40, Math.round(cy.width() / 24));
    const box = cy.container()?.getBoundingClientRect();
    let top = pad;
    for (const el of cy
      .container()
      ?.parentElement?.querySelectorAll('.summary, .export-menu') ?? []) {
      const r = el.getBoundingClientRect();
      if (
        box &&
        r.height > 0 &&
        r.top < box.top + box.height / 3 &&
        r.bottom > box.top
      )
        top = Math.max(top, r.bottom - box.top + 8);
    }
    const bb = cy.elements().boundingBox({});
    const w = Math.max(1, cy.width() - 2 * pad);
    const h = Math.max(1, cy.height() - top - pad);
    const zoom = Math.min(1.2, w / Math.max(1, bb.w), h / Math.max(1, bb.h));
    cy.viewport({
      zoom,
      pan: {
        x: pad + (w - bb.w * zoom) / 2 - bb.x1 * zoom,
        y: top + (h - bb.h * zoom) / 2 - bb.y1 * zoom,
      },
    });
    this.declutter();
  }

  /** Labels readable at the zoom shown, none on top of another. */
  declutter(): void {
    declutterLabels(this.cy);
  }

  /** Centres the view on a company and selects it (search, a row of a table). */
  focus(id: string): boolean {
    const node = this.cy.getElementById(id);
    if (node.empty()) return false;
    this.cy.animate(
      { center: { eles: node }, zoom: Math.max(this.cy.zoom(), 0.8) },
      { duration: 250, complete: () => this.declutter() },
    );
    return true;
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
      cy.elements().removeClass('failed anyway shocked loss');
      if (!result) return;
      const anyway = new Set(result.baselineDefaults ?? []);
      // On a reading of due payments or damages, a failure costs its loss given default.
      const lgd = (result.basis ?? 'full-commitment') !== 'full-commitment';
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
        node.addClass(anyway.has(id) ? 'failed anyway' : 'failed');
        shown.push(id);
      }
      for (const id of shocked) cy.getElementById(id).addClass('shocked');
      cy.edges().forEach((e) => {
        const target = e.target().id();
        if (!failed.has(target)) return;
        const given = e.data('lossGivenDefault') as number | undefined;
        const amount =
          lgd && typeof given === 'number' ? given : Number(e.data('amount'));
        e.data('lossLabel', `loss ${usd(amount * (1 - recovery(target)))}`);
        e.addClass('loss');
      });
    });
    return shown.sort();
  }

  nodeIds(): string[] {
    return this.cy.nodes().map((n) => n.id());
  }

  /** The deals behind an edge on screen. */
  dealsOf(edgeId: string): string[] {
    return (
      (this.cy.getElementById(edgeId).data('deals') as string[] | undefined) ??
      []
    );
  }

  edgeIds(): string[] {
    return this.cy.edges().map((e) => e.id());
  }
}
