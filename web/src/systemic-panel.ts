import { api, asList, type ModelName } from './api';
import { barChart } from './charts';
import { download, tableCsv } from './export';
import { byId, errorText, h, usd } from './format';
import { shortName } from './graph';
import { moneyCell, resort, th } from './table';

type Json = Record<string, unknown>;

/** Bars in the chart: past these the chart is unreadable; the table lists every company. */
const CHART_BARS = 20;

/**
 * GET /analysis/systemic on the date shown: the ranking as a bar chart on a log scale (the first
 * loss is often a hundred times the tenth) and a sortable table; a bar or a row opens the company.
 */
export async function runSystemic(
  at: string,
  nameOf: (id: string) => string,
  open: (id: string) => void,
): Promise<void> {
  const table = byId('sys-table');
  const button = byId<HTMLButtonElement>('sys-run');
  const model = byId<HTMLSelectElement>('sys-model').value as ModelName;
  button.disabled = true;
  table.replaceChildren(
    h(
      'p',
      { class: 'hint' },
      'Ranking… every company fails alone, one run each.',
    ),
  );
  try {
    const answer = await api.systemic(at, model);
    const count = (v: unknown): number =>
      Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0;
    const rows = asList<Json>(answer, 'ranking', 'companies').map((r) => ({
      id: String(r.company ?? r.id ?? ''),
      loss: Number(r.totalLossUsd ?? r.lossUsd ?? 0),
      caused: typeof r.lossCausedUsd === 'number' ? r.lossCausedUsd : undefined,
      failures: count(r.failuresCaused ?? r.failures ?? r.defaults),
    }));
    rows.sort((a, b) => b.loss - a.loss);
    // A log axis has no zero: companies whose failure costs nothing are in the table, not the chart.
    const top = rows.filter((r) => r.loss > 0).slice(0, CHART_BARS);
    barChart(
      byId<HTMLCanvasElement>('sys-chart'),
      top.map((r) => shortName(nameOf(r.id))),
      [
        {
          label: 'total loss if it fails alone',
          values: top.map((r) => r.loss),
          colour: '#c0392b',
        },
        ...(top.some((r) => r.caused !== undefined)
          ? [
              {
                label: 'of which others lose',
                values: top.map((r) => r.caused ?? 0),
                colour: '#f59e0b',
              },
            ]
          : []),
      ],
      true,
      { log: true, onPick: (i) => open(top[i].id) },
    );
    const ranking = h(
      'table',
      { id: 'sys-ranking', class: 'sortable clickable' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          th('#', true),
          th('company'),
          th('total loss', true),
          th('failures caused', true),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r, i) =>
          h(
            'tr',
            {
              'data-company': r.id,
              'data-value': r.loss,
              tabindex: 0,
              title: `Open ${nameOf(r.id)}`,
              onclick: () => open(r.id),
              onkeydown: (ev: Event) => {
                if ((ev as KeyboardEvent).key === 'Enter') open(r.id);
              },
            },
            h('td', {}, i + 1),
            h('td', {}, nameOf(r.id)),
            moneyCell(r.loss),
            h('td', { class: 'n' }, r.failures),
          ),
        ),
      ),
    );
    table.replaceChildren(
      h(
        'p',
        { class: 'row' },
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            id: 'sys-csv',
            onclick: () =>
              download(
                `tangle-systemic-${at}-${model}.csv`,
                tableCsv(ranking),
                'text/csv',
              ),
          },
          'CSV',
        ),
        h(
          'span',
          { class: 'hint' },
          `${rows.length} companies; the chart shows the ${top.length} largest losses on a log scale (${usd(top.at(-1)?.loss)} to ${usd(top[0]?.loss)}).`,
        ),
      ),
      ranking,
    );
    resort(ranking);
  } catch (error) {
    table.replaceChildren(
      h(
        'p',
        { class: 'error' },
        `The ranking did not run: ${errorText(error)}`,
      ),
    );
  } finally {
    button.disabled = false;
  }
}
