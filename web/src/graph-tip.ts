import type cytoscape from 'cytoscape';
import type { Company, ExposureCompany } from './api';
import { usd } from './format';

/** Hover details: a company's sector and totals, an exposure's amount, kind and deals. */
export function showTip(
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
      lines.push(`equity ${usd(c.equityUsd)}`);
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
    const cmp = String(el.data('cmpLabel') ?? '');
    if (cmp) lines.push(cmp);
    const deals = (el.data('deals') as string[] | undefined) ?? [];
    if (deals.length > 0)
      lines.push(
        `deals: ${deals.slice(0, 4).join(', ')}${deals.length > 4 ? ` and ${deals.length - 4} more` : ''}`,
      );
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
