import { h, usd } from './format';
import { dealLink } from './history';
import { moneyCell, resort, th } from './table';
import type { ComparedEdge, EdgeChange } from './view-marks';

const WORDS: Record<EdgeChange, string> = {
  new: 'new',
  grown: 'grown',
  shrunk: 'shrunk',
  gone: 'gone',
};

/**
 * The changes between the date compared with and the date shown, largest first: each exposure
 * new, grown, shrunk or gone, its amounts on both dates, and the deals behind it (each opening
 * its history, which says why).
 */
export function renderComparison(
  box: HTMLElement,
  from: string,
  to: string,
  changes: Map<string, ComparedEdge>,
  nameOf: (id: string) => string,
): void {
  const rows = [...changes.entries()].sort(
    ([, a], [, b]) =>
      Math.abs(b.after - b.before) - Math.abs(a.after - a.before),
  );
  const count = (s: EdgeChange): number =>
    rows.filter(([, c]) => c.status === s).length;
  const table = h(
    'table',
    { id: 'compare-table', class: 'sortable' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        th('exposure (holder → exposed to), its deals'),
        th(from, true),
        th(to, true),
        th('difference', true),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map(([key, c]) =>
        h(
          'tr',
          {
            'data-edge': key,
            'data-status': c.status,
            class: `cmp-${c.status}`,
          },
          // One cell says what moved and why (the deals open their history), so the amounts fit
          // beside it in the side panel.
          h(
            'td',
            {
              'data-v': `${c.status} ${c.edge.holder} → ${c.edge.counterparty} ${c.edge.kind} ${c.edge.deals.join(' ')}`,
            },
            h('span', { class: `tag cmp ${c.status}` }, WORDS[c.status]),
            ` ${nameOf(c.edge.holder)} → ${nameOf(c.edge.counterparty)} `,
            h(
              'span',
              { class: 'sub' },
              `${c.edge.kind} · `,
              ...c.edge.deals
                .slice(0, 3)
                .flatMap((d, i) => [i > 0 ? ', ' : '', dealLink(d)]),
              c.edge.deals.length > 3 ? ` +${c.edge.deals.length - 3}` : '',
            ),
          ),
          moneyCell(c.before),
          moneyCell(c.after),
          moneyCell(c.after - c.before),
        ),
      ),
    ),
  );
  box.replaceChildren(
    h('h3', {}, `Changes from ${from} to ${to}`),
    h(
      'p',
      { class: 'sub', id: 'compare-counts' },
      rows.length === 0
        ? 'No exposure changed between the two dates.'
        : `${count('new')} new · ${count('grown')} grown · ${count('shrunk')} shrunk · ${count('gone')} gone; total ${usd(rows.reduce((s, [, c]) => s + c.after - c.before, 0))}`,
    ),
    rows.length > 0 ? h('div', { class: 'table-scroll' }, table) : '',
  );
  resort(table);
}
