import { api, asList, type ModelName } from './api';
import { barChart } from './charts';
import { byId, errorText, h, usd } from './format';
import { shortName } from './graph';

type Json = Record<string, unknown>;

/** GET /analysis/systemic on the date shown: the ranking as a bar chart and a table. */
export async function runSystemic(
  at: string,
  nameOf: (id: string) => string,
): Promise<void> {
  const table = byId('sys-table');
  const button = byId<HTMLButtonElement>('sys-run');
  button.disabled = true;
  table.replaceChildren(
    h(
      'p',
      { class: 'hint' },
      'Ranking… every company fails alone, one run each.',
    ),
  );
  try {
    const answer = await api.systemic(
      at,
      byId<HTMLSelectElement>('sys-model').value as ModelName,
    );
    const count = (v: unknown): number =>
      Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0;
    const rows = asList<Json>(answer, 'ranking', 'companies').map((r) => ({
      id: String(r.company ?? r.id ?? ''),
      loss: Number(r.totalLossUsd ?? r.lossUsd ?? 0),
      caused: typeof r.lossCausedUsd === 'number' ? r.lossCausedUsd : undefined,
      failures: count(r.failuresCaused ?? r.failures ?? r.defaults),
    }));
    rows.sort((a, b) => b.loss - a.loss);
    const top = rows.slice(0, 20);
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
    );
    table.replaceChildren(
      h(
        'table',
        { id: 'sys-ranking' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, '#'),
            h('th', {}, 'company'),
            h('th', { class: 'n' }, 'total loss'),
            h('th', { class: 'n' }, 'failures caused'),
          ),
        ),
        h(
          'tbody',
          {},
          ...top.map((r, i) =>
            h(
              'tr',
              { 'data-company': r.id, 'data-value': r.loss },
              h('td', {}, i + 1),
              h('td', {}, nameOf(r.id)),
              h('td', { class: 'n' }, usd(r.loss)),
              h('td', { class: 'n' }, r.failures),
            ),
          ),
        ),
      ),
    );
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
