import type cytoscape from 'cytoscape';
import type { Company, DealTerms, ExposureCompany, ExposureEdge } from './api';
import { usd } from './format';

/**
 * The terms of the deals whose amount is an estimate, or that the default filter leaves out,
 * fetched when a view loads (GET /deals/{id}): a hover shows their range without waiting.
 */
export const dealTerms = new Map<string, DealTerms>();

/** An edge's label when hovered: kind, gross and loss given default ("est." when estimated). */
export function edgeLabel(e: ExposureEdge): string {
  const estimated = (e.unpricedDeals ?? []).length > 0 ? 'est. ' : '';
  const lgd =
    typeof e.lossGivenDefaultUsd === 'number'
      ? ` · LGD ${usd(e.lossGivenDefaultUsd)}`
      : '';
  return `${e.kind} ${estimated}${usd(e.amountUsd)}${lgd}`;
}

const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** An estimated deal's range and what it rests on; a deal below the filter, its certainty. */
function dealLines(deal: string, estimated: boolean): string[] {
  const t = dealTerms.get(deal);
  const lines: string[] = [];
  if (estimated) {
    const est = t?.estimateUsd;
    lines.push(
      est
        ? `${deal}: estimated ${usd(est.low)} – ${usd(est.central)} – ${usd(est.high)} (low – central – high)`
        : `${deal}: estimated (range loading…)`,
    );
    if (est?.basis) lines.push(`basis: ${clip(est.basis, 220)}`);
  }
  if (t?.certainty && t.certainty !== 'binding')
    lines.push(`${deal}: ${t.certainty}, not binding — shown on demand`);
  return lines;
}

/** Hover details on the graph: shown on mouse-over, or for an edge named (from the table). */
export class GraphTip {
  private readonly el: HTMLDivElement;

  constructor(
    private readonly cy: cytoscape.Core,
    container: HTMLElement,
    drawn: () => Map<string, ExposureCompany>,
    names: () => Map<string, Company>,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'graph-tip';
    this.el.hidden = true;
    this.el.setAttribute('role', 'tooltip');
    this.el.id = 'graph-tip';
    container.parentElement?.append(this.el);
    this.show = (el, at) => {
      el.addClass('hover');
      this.el.dataset.element = el.id();
      showTip(this.el, el, at, drawn(), names());
    };
    cy.on('mouseover', 'node, edge', (ev) =>
      this.show(
        ev.target as cytoscape.SingularElementArgument,
        ev.renderedPosition,
      ),
    );
    cy.on('mouseout', 'node, edge', (ev) =>
      this.hide(ev.target as cytoscape.SingularElementArgument),
    );
  }

  private readonly show: (
    el: cytoscape.SingularElementArgument,
    at: cytoscape.Position,
  ) => void;

  private hide(el: cytoscape.SingularElementArgument): void {
    el.removeClass('hover');
    this.el.hidden = true;
  }

  /** The tip of an edge at its midpoint, as if hovered there; null hides it. */
  showEdge(id: string | null): void {
    this.cy.edges('.hover').forEach((e) => this.hide(e));
    const edge = id ? this.cy.getElementById(id) : null;
    if (edge?.nonempty() && edge.isEdge())
      this.show(edge, edge.renderedMidpoint());
  }
}

/** Hover details: a company's sector and totals, an exposure's amounts, kind and deals. */
function showTip(
  tip: HTMLElement,
  el: cytoscape.SingularElementArgument,
  at: cytoscape.Position,
  drawn: Map<string, ExposureCompany>,
  names: Map<string, Company>,
): void {
  const lines: string[] = [];
  if (el.isNode()) {
    const id = el.id();
    const c = drawn.get(id);
    const meta = names.get(id);
    lines.push(meta?.name ?? id);
    if (meta?.sector) lines.push(`sector: ${meta.sector}`);
    if (c) {
      lines.push(
        c.equityUsd === null
          ? 'equity: no financials recorded'
          : `equity ${usd(c.equityUsd)}`,
      );
      lines.push(
        `holds ${usd(c.exposureOutUsd)} on others · others hold ${usd(c.exposureInUsd)} on it`,
      );
      if (c.defaulted) lines.push('defaulted');
    }
  } else {
    const name = (id: string): string => names.get(id)?.name ?? id;
    const src = String(el.data('source'));
    const dst = String(el.data('target'));
    lines.push(`${name(src)} → ${name(dst)}`);
    lines.push(String(el.data('label')));
    const lgd = el.data('lossGivenDefault') as number | undefined;
    if (typeof lgd === 'number')
      lines.push(
        `gross ${usd(Number(el.data('amount')))} · lost if ${name(dst)} fails ${usd(lgd)}`,
      );
    const cmp = String(el.data('cmpLabel') ?? '');
    if (cmp) lines.push(cmp);
    const deals = (el.data('deals') as string[] | undefined) ?? [];
    const estimated = new Set(
      (el.data('estimated') as string[] | undefined) ?? [],
    );
    if (deals.length > 0)
      lines.push(
        `deals: ${deals.slice(0, 4).join(', ')}${deals.length > 4 ? ` and ${deals.length - 4} more` : ''}`,
      );
    for (const d of deals) lines.push(...dealLines(d, estimated.has(d)));
  }
  tip.replaceChildren(
    ...lines.map((l, i) => {
      const div = document.createElement(i === 0 ? 'strong' : 'div');
      div.textContent = l;
      return div;
    }),
  );
  tip.style.left = `${Math.round(at.x + 14)}px`;
  tip.style.top = `${Math.round(at.y + 14)}px`;
  tip.hidden = false;
}
