import { apiPath, type Company } from './api';
import { curlLine, download, graphPng, graphSvg, toCsv } from './export';
import { byId, h } from './format';
import { edgeKey, SECTOR_PREFIX, type NetworkGraph } from './graph';
import { openDealHistory } from './history';
import { dom, state } from './state';
import { companyRows, exposureRows } from './table';

/**
 * Enter in the search field goes to what it names: a company (by id or name; exact first, then
 * the first that starts with it, then one that contains it) is selected, centred and opened; a deal
 * opens its history. The filter is cleared so the company is seen among its neighbours.
 */
export function search(
  text: string,
  graph: NetworkGraph,
  selectCompany: (id: string) => void,
): boolean {
  const q = text.trim().toLowerCase();
  if (!q || !state.view) return false;
  const present = new Set(state.view.companies.map((c) => c.id));
  const candidates = state.companies.filter((c) => present.has(c.id));
  const names = (c: Company): string[] =>
    [c.id, c.name ?? ''].map((s) => s.toLowerCase());
  const company =
    candidates.find((c) => names(c).some((s) => s === q)) ??
    candidates.find((c) => names(c).some((s) => s.startsWith(q))) ??
    candidates.find((c) => names(c).some((s) => s.includes(q)));
  if (company) {
    dom.filterText.value = '';
    selectCompany(company.id);
    graph.focus(company.id);
    return true;
  }
  const edge = state.view.edges.find((e) =>
    e.deals.some((d) => d.toLowerCase() === q),
  );
  const deal = edge?.deals.find((d) => d.toLowerCase() === q);
  if (edge && deal) {
    dom.filterText.value = '';
    selectCompany(edge.holder);
    graph.focus(edge.holder);
    void openDealHistory(deal);
    return true;
  }
  return false;
}

/** Options past this help nobody and cost a large network's redraw. */
const MAX_SUGGESTIONS = 2000;
let suggested = '';

/**
 * The search field suggests the companies and the deals on screen (Enter still finds any company
 * or deal of the date shown); rebuilt only when what is on screen changed.
 */
export function fillSuggestions(graph: NetworkGraph): void {
  const ids = graph.nodeIds().filter((id) => !id.startsWith(SECTOR_PREFIX));
  const edges = graph.edgeIds();
  const key = `${ids.length}:${edges.length}:${ids.slice(0, 50).join()}:${edges.slice(0, 50).join()}`;
  if (key === suggested) return;
  suggested = key;
  const deals = new Set<string>();
  for (const id of edges)
    for (const d of graph.dealsOf(id)) {
      if (deals.size >= MAX_SUGGESTIONS) break;
      deals.add(d);
    }
  const options = document.createDocumentFragment();
  for (const id of ids.slice(0, MAX_SUGGESTIONS))
    options.append(h('option', { value: graph.company(id)?.name ?? id }, id));
  for (const d of [...deals].sort())
    options.append(h('option', { value: d }, 'deal'));
  byId<HTMLDataListElement>('search-list').replaceChildren(options);
}

/** The export menu: the graph as PNG or SVG, the tables as CSV, the request behind the view. */
export function bindExports(graph: NetworkGraph): void {
  const stamp = (): string =>
    `${state.at}${state.knownAt ? `-known-${state.knownAt.replace(/[:]/g, '')}` : ''}`;
  const shownEdges = () => {
    const ids = new Set(graph.edgeIds());
    return (
      (graph.grouped ?? state.view)?.edges.filter((e) => ids.has(edgeKey(e))) ??
      []
    );
  };
  const on = (id: string, work: () => void): void =>
    byId(id).addEventListener('click', () => {
      work();
      (
        byId(id).closest('details') as HTMLDetailsElement | null
      )?.removeAttribute('open');
    });
  on('export-png', () => download(`tangle-${stamp()}.png`, graphPng(graph.cy)));
  on('export-svg', () =>
    download(
      `tangle-${stamp()}.svg`,
      graphSvg(graph.cy, `Tangle · exposure network on ${state.at}`),
      'image/svg+xml',
    ),
  );
  on('export-companies', () => {
    const view = graph.grouped ?? state.view;
    if (view)
      download(
        `tangle-companies-${stamp()}.csv`,
        toCsv(companyRows(view, new Set(graph.nodeIds()), graph)),
        'text/csv',
      );
  });
  on('export-exposures', () =>
    download(
      `tangle-exposures-${stamp()}.csv`,
      toCsv(exposureRows(shownEdges(), graph)),
      'text/csv',
    ),
  );
  on('export-curl', () => {
    const line = curlLine(apiPath.exposures(state.at, state.knownAt));
    byId('curl-line').textContent = line;
    byId('curl-box').hidden = false;
    download(`tangle-request-${stamp()}.sh`, `${line}\n`, 'text/x-shellscript');
    void navigator.clipboard?.writeText(line).catch(() => undefined);
  });
}
