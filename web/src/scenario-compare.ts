import { asList, type ScenarioResult } from './api';
import { h, usd } from './format';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The scenario against the baseline: each company's equity before and after the run (from the
 * result), beside the exposures the scenario's timeline changed (GET /scenarios/:id/compare).
 */
export function compareTable(
  answer: unknown,
  result: ScenarioResult,
  names: Map<string, string>,
): HTMLElement {
  const money = (v: unknown): string => (typeof v === 'number' ? usd(v) : '—');
  const num = (v: unknown): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : 0;
  const diffs = new Map<string, number>();
  for (const row of asList<Json>(answer, 'companies')) {
    const d = row.difference;
    const change = isObj(d)
      ? num(d.exposureOutUsd) + num(d.exposureInUsd)
      : num(d);
    if (Math.abs(change) > 0.5)
      diffs.set(
        String(row.id ?? row.company ?? ''),
        isObj(d) ? num(d.exposureOutUsd) : change,
      );
  }
  const changedEdges = asList<Json>(isObj(answer) ? answer.edges : []).filter(
    (e) => Math.abs(num(e.differenceUsd)) > 0.5,
  );
  const ids = [
    ...new Set([
      ...result.companies
        .filter((c) => c.lossUsd > 0 || c.defaulted)
        .map((c) => c.id),
      ...diffs.keys(),
    ]),
  ];
  const byId = new Map(result.companies.map((c) => [c.id, c]));
  const rows = ids
    .map((id) => ({ id, c: byId.get(id), diff: diffs.get(id) }))
    .sort(
      (x, y) =>
        (y.c?.lossUsd ?? 0) - (x.c?.lossUsd ?? 0) ||
        Math.abs(y.diff ?? 0) - Math.abs(x.diff ?? 0),
    )
    .slice(0, 25);
  const parts: HTMLElement[] = [];
  if (rows.length === 0)
    parts.push(
      h(
        'p',
        { class: 'hint' },
        'The scenario changes nothing against the baseline.',
      ),
    );
  else
    parts.push(
      h(
        'table',
        { id: 'scenario-compare' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'company'),
            h('th', { class: 'n' }, 'equity, baseline'),
            h('th', { class: 'n' }, 'scenario'),
            h('th', { class: 'n' }, 'difference'),
            diffs.size > 0 ? h('th', { class: 'n' }, 'exposure out Δ') : null,
          ),
        ),
        h(
          'tbody',
          {},
          ...rows.map((r) =>
            h(
              'tr',
              { class: r.c?.defaulted ? 'failed' : '' },
              h('td', {}, names.get(r.id) ?? r.id),
              h('td', { class: 'n' }, money(r.c?.equityBeforeUsd)),
              h('td', { class: 'n' }, money(r.c?.equityAfterUsd)),
              h(
                'td',
                { class: 'n' },
                r.c ? money(r.c.equityAfterUsd - r.c.equityBeforeUsd) : '—',
              ),
              diffs.size > 0 ? h('td', { class: 'n' }, money(r.diff)) : null,
            ),
          ),
        ),
      ),
    );
  if (changedEdges.length > 0) {
    parts.push(
      h('h3', {}, 'Exposures the scenario changes'),
      h(
        'table',
        { id: 'scenario-compare-edges' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'holder → counterparty'),
            h('th', {}, 'kind'),
            h('th', { class: 'n' }, 'baseline'),
            h('th', { class: 'n' }, 'scenario'),
          ),
        ),
        h(
          'tbody',
          {},
          ...changedEdges
            .sort(
              (x, y) =>
                Math.abs(num(y.differenceUsd)) - Math.abs(num(x.differenceUsd)),
            )
            .slice(0, 25)
            .map((e) =>
              h(
                'tr',
                {},
                h(
                  'td',
                  {},
                  `${names.get(String(e.holder)) ?? String(e.holder)} → ${names.get(String(e.counterparty)) ?? String(e.counterparty)}`,
                ),
                h('td', {}, String(e.kind ?? '')),
                h('td', { class: 'n' }, money(e.baselineUsd)),
                h('td', { class: 'n' }, money(e.scenarioUsd)),
              ),
            ),
        ),
      ),
    );
  }
  return h('div', {}, ...parts);
}
