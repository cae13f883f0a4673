import type cytoscape from 'cytoscape';
import { getToken } from './api';
import { toCsv } from './csv';

export { toCsv };

/** Saves `content` as a file the browser downloads. */
export function download(
  filename: string,
  content: Blob | string,
  type = 'text/plain',
): void {
  const blob =
    content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; free it once the handler has run.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A table as CSV: the header's words, then each row's cells, with a cell's raw value (`data-v`,
 * dollars unrounded) in place of the text shown ("$38.0B") where it has one.
 */
export function tableCsv(table: HTMLTableElement): string {
  const head = [...table.querySelectorAll('thead th')].map(
    (th) => th.getAttribute('data-csv') ?? th.textContent?.trim() ?? '',
  );
  const body = [
    ...table.querySelectorAll<HTMLTableRowElement>('tbody tr:not(.more)'),
  ].map((tr) =>
    [...tr.cells].map((td) => td.dataset.v ?? td.textContent?.trim() ?? ''),
  );
  // Rows that stand for a company lead with its id: names change, ids are what the API takes.
  const rows = [
    ...table.querySelectorAll<HTMLTableRowElement>('tbody tr:not(.more)'),
  ];
  if (rows.length > 0 && rows.every((tr) => tr.dataset.company))
    return toCsv([
      ['id', ...head],
      ...body.map((cells, i) => [rows[i].dataset.company ?? '', ...cells]),
    ]);
  return toCsv([head, ...body]);
}

/** The graph as drawn, as a PNG at twice the screen's resolution, on white. */
export function graphPng(cy: cytoscape.Core): Blob {
  return cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
}

const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
const px = (v: unknown): number => Number.parseFloat(String(v)) || 0;

/**
 * The graph as SVG, written from what cytoscape has laid out: each company a circle at its
 * position with its size, colour and (where shown on screen) label; each exposure a straight
 * arrow in its kind's colour, width and dash. Vector, so it prints and edits cleanly.
 */
export function graphSvg(cy: cytoscape.Core, title: string): string {
  const bb = cy.elements().boundingBox({});
  const pad = 30;
  const x0 = bb.x1 - pad;
  const y0 = bb.y1 - pad;
  const w = Math.max(1, bb.w + 2 * pad);
  const hgt = Math.max(1, bb.h + 2 * pad);
  const colours = new Set<string>();
  const edges: string[] = [];
  cy.edges().forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    const r = e.target().width() / 2;
    const len = Math.hypot(t.x - s.x, t.y - s.y) || 1;
    // The arrow stops at the target's rim, as on screen.
    const tx = t.x - ((t.x - s.x) / len) * r;
    const ty = t.y - ((t.y - s.y) / len) * r;
    const colour = String(e.style('line-color'));
    colours.add(colour);
    const style = String(e.style('line-style'));
    const width = px(e.data('width'));
    const dash =
      style === 'dashed'
        ? ` stroke-dasharray="${width * 3} ${width * 2}"`
        : style === 'dotted'
          ? ` stroke-dasharray="${width} ${width * 1.5}"`
          : '';
    edges.push(
      `<line data-edge="${esc(e.id())}" x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${tx.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="${esc(colour)}" stroke-width="${width.toFixed(2)}" stroke-opacity="${px(e.style('opacity')).toFixed(2)}"${dash} marker-end="url(#a${[...colours].indexOf(colour)})"><title>${esc(String(e.data('label')))}</title></line>`,
    );
  });
  const nodes: string[] = [];
  cy.nodes().forEach((n) => {
    const p = n.position();
    const r = n.width() / 2;
    const stroke = String(n.style('border-color'));
    const bw = px(n.style('border-width'));
    const label = n.hasClass('nolabel') ? '' : String(n.data('label') ?? '');
    const font = px(n.style('font-size'));
    nodes.push(
      `<g data-company="${esc(n.id())}"><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${esc(String(n.data('colour')))}" stroke="${esc(stroke)}" stroke-width="${bw}"/>` +
        (label
          ? `<text x="${p.x.toFixed(1)}" y="${(p.y + r + 3 + font).toFixed(1)}" font-size="${font.toFixed(1)}" text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="2">${esc(label)}</text>`
          : '') +
        '</g>',
    );
  });
  const markers = [...colours]
    .map(
      (c, i) =>
        `<marker id="a${i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${esc(c)}"/></marker>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${hgt.toFixed(1)}" width="${Math.round(w)}" height="${Math.round(hgt)}" font-family="system-ui, sans-serif">` +
    `<title>${esc(title)}</title><defs>${markers}</defs>` +
    `<rect x="${x0.toFixed(1)}" y="${y0.toFixed(1)}" width="${w.toFixed(1)}" height="${hgt.toFixed(1)}" fill="#ffffff"/>` +
    `<g class="edges">${edges.join('')}</g><g class="nodes">${nodes.join('')}</g></svg>\n`
  );
}

/**
 * The API request behind a view, as a curl line anyone can run against this server. A token is
 * never written out: the line reads it from `$TANGLE_TOKEN` when the page uses one.
 */
export function curlLine(path: string): string {
  const auth = getToken() ? ` -H "Authorization: Bearer $TANGLE_TOKEN"` : '';
  return `curl -sS -H 'Accept: application/json'${auth} '${location.origin}${path}'`;
}
