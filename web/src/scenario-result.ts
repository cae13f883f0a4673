import type { ScenarioCompanyResult, ScenarioResult } from './api';
import { economicsOf, lossSplit, numberOr, type Economics } from './economics';
import { download, tableCsv } from './export';
import { h, num, pct, usd } from './format';
import { BASIS_NOTES, caveatList, MODEL_NOTES } from './scenario-notes';
import { moneyCell, th } from './table';

const STATUS_WORDS: Record<string, string> = {
  insolvent: 'insolvent: losses exceed equity',
  illiquid: 'illiquid: cannot pay what falls due in the horizon',
  solvent: 'solvent',
};

function statusOf(c: ScenarioCompanyResult): string {
  return typeof c.status === 'string'
    ? c.status
    : c.defaulted
      ? 'insolvent'
      : 'solvent';
}

/** The settings a run used, as a line of "name value" pairs (the answer's `params`). */
function paramsLine(e: Economics, model: string | undefined): HTMLElement {
  const p = e.params;
  const shown: [string, string][] = [];
  if (typeof p.recoveryRate === 'number')
    shown.push(['recovery', pct(p.recoveryRate, 0)]);
  if (p.horizonDays !== undefined)
    shown.push([
      'horizon',
      p.horizonDays === null ? 'all now' : `${String(p.horizonDays)} days`,
    ]);
  if (typeof p.damagesRate === 'number')
    shown.push(['damages', pct(p.damagesRate, 0)]);
  if (typeof p.minCertainty === 'string')
    shown.push(['deals counted', `${p.minCertainty} and firmer`]);
  if (typeof p.estimates === 'string') shown.push(['estimates', p.estimates]);
  if (model === 'rogers-veraart') {
    if (typeof p.alpha === 'number') shown.push(['α', num(p.alpha)]);
    if (typeof p.beta === 'number') shown.push(['β', num(p.beta)]);
  }
  return h(
    'p',
    { id: 'scenario-basis', class: 'used', 'data-basis': e.basis },
    h('b', {}, `Read on the ${e.basis} basis`),
    ...shown.flatMap(([k, v]) => [
      ' · ',
      h('span', { 'data-param': k }, `${k} ${v}`),
    ]),
  );
}

function kpi(
  label: string,
  total: string,
  value: number | string | null,
  text: string,
  cls = '',
): HTMLElement {
  return h(
    'div',
    { class: `kpi ${cls}`.trim() },
    h(
      'b',
      { 'data-total': total, 'data-value': value === null ? '' : value },
      text,
    ),
    h('span', {}, label),
  );
}

function failureList(
  id: string,
  ids: string[],
  byCompany: Map<string, ScenarioCompanyResult>,
  name: (id: string) => string,
  empty: string,
): HTMLElement {
  if (ids.length === 0) return h('p', { id, class: 'hint' }, empty);
  return h(
    'ul',
    { id, class: 'failures' },
    ...ids.map((cid) => {
      const c = byCompany.get(cid);
      const status = c ? statusOf(c) : 'insolvent';
      const shortfall = c ? numberOr(c.liquidityShortfallUsd, 0) : 0;
      const year =
        c && typeof c.defaultYear === 'number' ? ` in ${c.defaultYear}` : '';
      return h(
        'li',
        { 'data-company': cid, 'data-status': status },
        h('b', {}, name(cid)),
        // round 0 is the shock itself (the company the scenario defaults), not a consequence
        c?.defaultRound === 0 && !c.failingWithoutShock
          ? ' — defaulted by the scenario'
          : ` — ${STATUS_WORDS[status] ?? status}${year}`,
        shortfall > 0 ? `, short ${usd(shortfall)}` : '',
      );
    }),
  );
}

/** The result: settings used, totals, who fails because of the shock and who anyway, caveats. */
export function renderResult(
  id: string,
  result: ScenarioResult,
  model: string | undefined,
  names: Map<string, string>,
): { nodes: HTMLElement[]; table: HTMLTableElement } {
  const e = economicsOf(result);
  const name = (cid: string): string => names.get(cid) ?? cid;
  const byCompany = new Map(result.companies.map((c) => [c.id, c]));
  const caused = new Set(e.caused);
  const anyway = new Set(e.anyway);
  const contagion = result.totalLossUsd - result.initialLossUsd;
  const totals = h(
    'div',
    { class: 'kpis', id: 'scenario-totals' },
    kpi(
      'direct loss (round 1)',
      'initialLossUsd',
      result.initialLossUsd,
      usd(result.initialLossUsd),
    ),
    kpi('contagion loss', 'contagionLossUsd', contagion, usd(contagion)),
    kpi(
      'total loss',
      'totalLossUsd',
      result.totalLossUsd,
      usd(result.totalLossUsd),
      'bad',
    ),
    kpi(
      'amplification',
      'amplification',
      result.amplification,
      result.amplification === null ? '—' : `${num(result.amplification)}×`,
    ),
    kpi(
      'fail because of the shock',
      'defaults',
      e.caused.join(' '),
      String(e.caused.length),
      'bad',
    ),
    kpi(
      'fail anyway',
      'baselineDefaults',
      e.anyway.join(' '),
      String(e.anyway.length),
    ),
    kpi('rounds', 'rounds', result.rounds, String(result.rounds)),
  );
  const capacity = h(
    'p',
    {
      id: 'scenario-capacity',
      class: 'capacity',
      'data-value': e.capacityAtRiskUsd,
    },
    h('b', {}, `Capacity at risk ${usd(e.capacityAtRiskUsd)}`),
    ' — what buyers no longer get from suppliers the shock brings down. Reported apart: it is not a loss of equity and is not in the totals above.',
  );
  const hit = result.companies
    .filter((c) => c.defaulted || c.lossUsd > 0)
    .sort(
      (a, b) =>
        (a.defaultRound ?? 1e9) - (b.defaultRound ?? 1e9) ||
        b.lossUsd - a.lossUsd,
    );
  const table = h(
    'table',
    { id: 'scenario-companies', class: 'sortable' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        th('company'),
        th('round', true),
        th('equity before', true),
        th('loss', true),
        th('after', true),
        th('direct', true),
        th('contagion', true),
        th('status'),
        th('capacity at risk', true),
      ),
    ),
    h(
      'tbody',
      {},
      ...hit.map((c) => {
        const split = lossSplit(c);
        // Every company in default is `failed`; those failing without the shock also `anyway`.
        const why = anyway.has(c.id)
          ? 'failed anyway'
          : c.defaulted || caused.has(c.id)
            ? 'failed'
            : '';
        return h(
          'tr',
          { class: why, 'data-company': c.id },
          h('td', {}, name(c.id)),
          h(
            'td',
            {
              class: 'n',
              'data-v': c.defaulted ? String(c.defaultRound ?? '') : '',
            },
            c.defaulted ? String(c.defaultRound ?? '') : '—',
          ),
          moneyCell(c.equityBeforeUsd),
          moneyCell(c.lossUsd),
          moneyCell(c.equityAfterUsd),
          moneyCell(split.direct),
          moneyCell(split.contagion),
          h(
            'td',
            {},
            anyway.has(c.id) ? `${statusOf(c)} (anyway)` : statusOf(c),
          ),
          moneyCell(numberOr(c.capacityAtRiskUsd, 0)),
        );
      }),
    ),
  );
  const nodes = [
    h(
      'h3',
      { 'data-scenario': id },
      `Result${model ? ` (${model})` : ''} · scenario ${id}`,
    ),
    paramsLine(e, model),
    h(
      'p',
      { class: 'hint model-note' },
      model && model in MODEL_NOTES
        ? `${MODEL_NOTES[model as keyof typeof MODEL_NOTES]} `
        : '',
      BASIS_NOTES[e.basis],
    ),
    totals,
    capacity,
    h('h3', {}, 'Fails because of the shock'),
    failureList(
      'scenario-caused',
      e.caused,
      byCompany,
      name,
      'Nobody fails because of the shock.',
    ),
    h('h3', {}, 'Fails anyway (baseline: the same reading with no shock)'),
    failureList(
      'scenario-anyway',
      e.anyway,
      byCompany,
      name,
      'Nobody was failing without the shock.',
    ),
    h('h3', {}, 'What this answer rests on'),
    caveatList(e.caveats, 'scenario-caveats', names),
    h(
      'h3',
      {},
      'Failed and hit, by round ',
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          id: 'scenario-csv',
          title: 'The result as CSV: every company hit, exact dollars',
          onclick: () =>
            download(`tangle-scenario-${id}.csv`, tableCsv(table), 'text/csv'),
        },
        'CSV',
      ),
    ),
    hit.length > 0
      ? h('div', { class: 'table-scroll' }, table)
      : h('p', { class: 'hint' }, 'Nobody loses anything.'),
  ];
  return { nodes, table };
}
