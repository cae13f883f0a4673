import type { ExposureCompany, ExposureEdge, ExposureView } from './api';
import { h, sectorColour, usd } from './format';
import { edgeKey, SECTOR_PREFIX, type NetworkGraph } from './graph';
import { onCycle, type Highlights } from './view-marks';

/** Rows of the exposure table under the graph. */
const EDGE_TABLE_ROWS = 300;

/* ---------- sortable tables ---------- */

/** How each sortable table is sorted, kept across redraws of the same table. */
const sorts = new Map<string, { col: number; desc: boolean }>();

const cellValue = (td: HTMLTableCellElement | undefined): string | number => {
  const raw = td?.dataset.v ?? td?.textContent?.trim() ?? '';
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw.toLowerCase();
};

function sortRows(table: HTMLTableElement): void {
  const how = sorts.get(table.id);
  const body = table.tBodies[0];
  if (!how || !body) return;
  const rows = [...body.rows].filter((r) => !r.classList.contains('more'));
  const rest = [...body.rows].filter((r) => r.classList.contains('more'));
  rows.sort((a, b) => {
    const x = cellValue(a.cells[how.col]);
    const y = cellValue(b.cells[how.col]);
    const order =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y));
    return how.desc ? -order : order;
  });
  body.replaceChildren(...rows, ...rest);
  table.querySelectorAll('thead th').forEach((th, i) => {
    if (i === how.col)
      th.setAttribute('aria-sort', how.desc ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  });
}

/**
 * Every `table.sortable` sorts by a column when its header is clicked (again: the other way).
 * Numbers sort by their raw value (`data-v`), not the rounded text.
 */
export function enableSorting(root: Document = document): void {
  root.addEventListener('click', (ev) => {
    const th = (ev.target as Element | null)?.closest?.(
      'table.sortable thead th',
    );
    const table = th?.closest('table');
    if (!th || !table?.id) return;
    const col = [...th.parentElement!.children].indexOf(th);
    const was = sorts.get(table.id);
    // Amounts are read largest first; words from A.
    const numeric =
      typeof cellValue(table.tBodies[0]?.rows[0]?.cells[col]) === 'number';
    sorts.set(table.id, {
      col,
      desc: was?.col === col ? !was.desc : numeric,
    });
    sortRows(table);
  });
}

/** Re-applies a table's sort after it has been drawn again. */
export function resort(table: HTMLTableElement): void {
  sortRows(table);
}

/** A header cell that says it sorts. */
export const th = (label: string, numeric = false): HTMLTableCellElement =>
  h(
    'th',
    {
      class: numeric ? 'n' : undefined,
      title: 'Sort by this column',
      tabindex: 0,
    },
    label,
  );

/**
 * A money cell: rounded for the eye, exact in `data-v` for sorting and CSV; a figure the answer
 * does not give (NaN) is an empty cell, not 0.
 */
export const moneyCell = (value: number): HTMLTableCellElement =>
  h(
    'td',
    {
      class: 'n',
      'data-v': Number.isFinite(value) ? Math.round(value * 100) / 100 : '',
    },
    usd(value),
  );

/* ---------- companies on screen, and the exposure table ---------- */

/** "LGD" in a narrow panel; its title and the CSV say the words. */
function lgdHeader(): HTMLTableCellElement {
  const cell = th('LGD', true);
  cell.title =
    'Loss given default: what the holder loses if the counterparty fails (gross is "amount"). Sort by this column';
  cell.dataset.csv = 'loss given default';
  return cell;
}

const volume = (c: ExposureCompany): number =>
  c.exposureOutUsd + c.exposureInUsd;

export interface ListContext {
  graph: NetworkGraph;
  selected: string | null;
  highlights: Highlights;
  selectCompany: (id: string) => void;
  openSector: (sector: string) => void;
}

const badge = (c: ExposureCompany): HTMLElement =>
  h(
    'span',
    {
      class: 'tag',
      title: `holds ${usd(c.exposureOutUsd)} on others (out) / others hold ${usd(c.exposureInUsd)} on it (in)`,
    },
    `${usd(c.exposureOutUsd)} / ${usd(c.exposureInUsd)}`,
  );

/** The list of companies (or sectors) on screen, most exposed first, and the exposure table. */
export function renderList(
  list: HTMLUListElement,
  heading: HTMLElement,
  source: ExposureView,
  ctx: ListContext,
): void {
  const { graph } = ctx;
  const view = graph.grouped ?? source;
  const shown = new Set(graph.nodeIds());
  const rows = view.companies
    .filter((c) => shown.has(c.id))
    .sort((a, b) => volume(b) - volume(a));
  heading.textContent = graph.grouped
    ? 'Sectors on screen'
    : 'Companies on screen';
  list.replaceChildren(
    ...rows.map((c) => {
      if (graph.grouped) {
        const sector = c.id.slice(SECTOR_PREFIX.length);
        return h(
          'li',
          { 'data-sector': sector },
          h(
            'button',
            { type: 'button', onclick: () => ctx.openSector(sector) },
            h(
              'span',
              {},
              h('span', {
                class: 'swatch',
                style: `background:${sectorColour(sector)}`,
              }),
              graph.company(c.id)?.name ?? sector,
            ),
            badge(c),
          ),
        );
      }
      const meta = graph.company(c.id);
      return h(
        'li',
        { 'data-company': c.id },
        h(
          'button',
          {
            type: 'button',
            'aria-pressed': ctx.selected === c.id ? 'true' : 'false',
            onclick: () => ctx.selectCompany(c.id),
          },
          h(
            'span',
            {},
            h('span', {
              class: 'swatch',
              style: `background:${sectorColour(meta?.sector)}`,
            }),
            meta?.name ?? c.id,
            c.defaulted ? h('span', { class: 'tag bad' }, ' defaulted') : '',
          ),
          badge(c),
        ),
      );
    }),
  );
  renderEdgeTable(list, view, ctx);
}

function renderEdgeTable(
  list: HTMLElement,
  view: ExposureView,
  ctx: ListContext,
): void {
  // The graph is a canvas: this table says the same in words for keyboards and screen readers.
  let box = document.getElementById('edge-table');
  if (!box) {
    box = h(
      'details',
      { id: 'edge-table', open: true },
      h('summary', {}, 'Exposures on screen, as a table'),
      h('div'),
    );
    list.after(box);
  }
  const edgeIds = new Set(ctx.graph.edgeIds());
  const allEdges = view.edges
    .filter((e) => edgeIds.has(edgeKey(e)))
    .sort((a, b) => b.amountUsd - a.amountUsd);
  // A long table helps nobody and costs the page: the largest, and a count of the rest.
  const edges = allEdges.slice(0, EDGE_TABLE_ROWS);
  const name = (id: string): string => nameOf(ctx.graph, id);
  const table = h(
    'table',
    { id: 'edge-rows', class: 'sortable' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        th('holder'),
        th('exposed to'),
        th('kind'),
        th('amount', true),
        lgdHeader(),
      ),
    ),
    h(
      'tbody',
      {},
      ...edges.map((e) =>
        h(
          'tr',
          {
            'data-edge': edgeKey(e),
            'data-deals': e.deals.join(' '),
            tabindex: 0,
            // The canvas cannot be hovered by keyboard: a row shows its edge's details instead.
            onmouseenter: () => ctx.graph.tip.showEdge(edgeKey(e)),
            onfocus: () => ctx.graph.tip.showEdge(edgeKey(e)),
            onmouseleave: () => ctx.graph.tip.showEdge(null),
            onblur: () => ctx.graph.tip.showEdge(null),
          },
          h('td', {}, name(e.holder)),
          h('td', {}, name(e.counterparty)),
          h(
            'td',
            { 'data-v': e.kind },
            e.kind,
            ctx.highlights.restated.has(edgeKey(e))
              ? h('span', { class: 'tag warn' }, ' restated')
              : '',
            onCycle(e, ctx.highlights)
              ? h('span', { class: 'tag cycle' }, ' cycle')
              : '',
            (e.unpricedDeals ?? []).length > 0
              ? h(
                  'span',
                  {
                    class: 'tag estimate',
                    title: `estimated: ${(e.unpricedDeals ?? []).join(', ')}`,
                  },
                  ' estimated',
                )
              : '',
            e.deals.some((d) => ctx.highlights.belowFilter?.has(d))
              ? h('span', { class: 'tag uncertain' }, ' not binding')
              : '',
          ),
          moneyCell(e.amountUsd),
          moneyCell(e.lossGivenDefaultUsd ?? Number.NaN),
        ),
      ),
      allEdges.length > edges.length
        ? h(
            'tr',
            { class: 'more' },
            h(
              'td',
              { colspan: 5, class: 'hint' },
              `and ${allEdges.length - edges.length} smaller exposures on screen`,
            ),
          )
        : null,
    ),
  );
  box.querySelector('div')!.replaceChildren(table);
  resort(table);
}

export function nameOf(graph: NetworkGraph, id: string): string {
  return id.startsWith(SECTOR_PREFIX)
    ? id.slice(SECTOR_PREFIX.length)
    : (graph.company(id)?.name ?? id);
}

/** Companies of a view as CSV rows: exact dollars, one company a line. */
export function companyRows(
  view: ExposureView,
  shown: Set<string>,
  graph: NetworkGraph,
): (string | number | boolean)[][] {
  return [
    [
      'id',
      'name',
      'sector',
      'equityUsd',
      'externalAssetsUsd',
      'exposureOutUsd',
      'exposureInUsd',
      'defaulted',
    ],
    ...view.companies
      .filter((c) => shown.has(c.id))
      .sort((a, b) => volume(b) - volume(a))
      .map((c) => [
        c.id,
        graph.company(c.id)?.name ?? c.id,
        graph.company(c.id)?.sector ?? '',
        // no financials recorded: an empty cell, not 0
        c.equityUsd ?? '',
        c.externalAssetsUsd ?? '',
        c.exposureOutUsd,
        c.exposureInUsd,
        c.defaulted,
      ]),
  ];
}

/** Exposures of a view as CSV rows: holder, counterparty, kind, exact amount, the deals behind it. */
export function exposureRows(
  edges: ExposureEdge[],
  graph: NetworkGraph,
): (string | number)[][] {
  return [
    [
      'holder',
      'holderName',
      'counterparty',
      'counterpartyName',
      'kind',
      'amountUsd',
      'deals',
      'lossGivenDefaultUsd',
      'estimatedDeals',
    ],
    ...[...edges]
      .sort((a, b) => b.amountUsd - a.amountUsd)
      .map((e) => [
        e.holder,
        nameOf(graph, e.holder),
        e.counterparty,
        nameOf(graph, e.counterparty),
        e.kind,
        e.amountUsd,
        e.deals.join(' '),
        e.lossGivenDefaultUsd ?? '',
        (e.unpricedDeals ?? []).join(' '),
      ]),
  ];
}
