import { api, asList, type ExposureView, type Valuation } from './api';
import { lineChart } from './charts';
import { errorText, h, pct, sectorColour, usd } from './format';
import { dealLink } from './history';
import type { NetworkGraph } from './graph';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

function label(key: string): string {
  return key
    .replace(/Usd$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function kpi(title: string, value: string, bad = false): HTMLElement {
  return h(
    'div',
    { class: bad ? 'kpi bad' : 'kpi' },
    h('b', {}, value),
    h('span', {}, title),
  );
}

function money(key: string, value: number): string {
  return /share|ratio|index|herfindahl|hhi|rate/i.test(key)
    ? value <= 1
      ? pct(value)
      : value.toFixed(3)
    : usd(value);
}

/** Totals by kind, whatever nesting the service uses: `{ supply: n }` or `{ supply: { outUsd, inUsd } }`. */
function kindTable(byKind: Json): HTMLElement {
  const rows = Object.entries(byKind).map(([kind, v]) => {
    if (isObj(v)) {
      const cells = Object.entries(v).filter(
        ([, x]) => numberOf(x) !== undefined,
      );
      return { kind, cells };
    }
    return { kind, cells: [['amountUsd', v] as [string, unknown]] };
  });
  const columns = [...new Set(rows.flatMap((r) => r.cells.map(([k]) => k)))];
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'kind'),
        ...columns.map((c) => h('th', { class: 'n' }, label(c))),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) => {
        const m = new Map(r.cells);
        return h(
          'tr',
          {},
          h('td', {}, r.kind),
          ...columns.map((c) =>
            h('td', { class: 'n' }, money(c, numberOf(m.get(c)) ?? NaN)),
          ),
        );
      }),
    ),
  );
}

function objectTable(
  items: Json[],
  onCompany: (id: string) => void,
): HTMLElement {
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))]
    .filter((k) => k !== 'deals')
    .slice(0, 6);
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...columns.map((c) =>
          h(
            'th',
            { class: typeof items[0]?.[c] === 'number' ? 'n' : '' },
            label(c),
          ),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...items.map((item) =>
        h(
          'tr',
          {},
          ...columns.map((c) => {
            const v = item[c];
            if (typeof v === 'number')
              return h('td', { class: 'n' }, money(c, v));
            if (
              typeof v === 'string' &&
              /^(company|counterparty|id|holder)$/.test(c)
            )
              return h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'linkish',
                    onclick: () => onCompany(v),
                  },
                  v,
                ),
              );
            return h(
              'td',
              {},
              v === undefined || v === null
                ? ''
                : typeof v === 'object'
                  ? JSON.stringify(v)
                  : String(v),
            );
          }),
        ),
      ),
    ),
  );
}

/** The exposure timeline answer as `{ labels, series }`, whatever the envelope. */
function timelineSeries(answer: unknown): {
  labels: string[];
  series: { key: string; values: number[] }[];
} {
  const points = asList<Json>(answer, 'points', 'series', 'timeline');
  const labels = points.map((p) =>
    String(p.at ?? p.date ?? p.t ?? '').slice(0, 10),
  );
  const keys = [
    ...new Set(
      points.flatMap((p) =>
        Object.keys(p).filter(
          (k) => numberOf(p[k]) !== undefined && k !== 'position',
        ),
      ),
    ),
  ];
  const preferred = keys.filter((k) =>
    /exposure(Out|In)Usd|^(out|in)Usd$/.test(k),
  );
  const chosen = (preferred.length > 0 ? preferred : keys).slice(0, 4);
  return {
    labels,
    series: chosen.map((key) => ({
      key,
      values: points.map((p) => numberOf(p[key]) ?? 0),
    })),
  };
}

const SERIES_COLOURS = ['#2457c5', '#c0392b', '#3f9a5b', '#8e5bb1'];

export interface CompanyContext {
  at: string;
  knownAt?: string;
  view: ExposureView;
  valuation: Valuation;
  historyStart: string;
  today: string;
}

/** Renders one company: totals by kind, top counterparties, concentration, timeline, deals. */
export class CompanyPanel {
  private seq = 0;

  constructor(
    private readonly body: HTMLElement,
    private readonly graph: NetworkGraph,
    private readonly onCompany: (id: string) => void,
    private readonly onClear: () => void,
  ) {}

  clear(): void {
    this.seq++;
    this.body.replaceChildren(
      h('p', { class: 'hint' }, 'Pick a company on the graph or in the list.'),
    );
  }

  async show(id: string, ctx: CompanyContext): Promise<void> {
    const seq = ++this.seq;
    const meta = this.graph.company(id);
    const inView = ctx.view.companies.find((c) => c.id === id);
    const head = h(
      'div',
      {},
      h(
        'div',
        { class: 'row spread' },
        h('h2', {}, meta?.name ?? id),
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            id: 'company-close',
            onclick: () => this.onClear(),
          },
          'Clear selection',
        ),
      ),
      h(
        'p',
        { class: 'sub' },
        h('span', {
          class: 'swatch',
          style: `background:${sectorColour(meta?.sector)}`,
        }),
        meta?.sector ?? 'sector unknown',
        ` · ${id} · on ${ctx.at}${ctx.knownAt ? ` as known at ${ctx.knownAt}` : ''} `,
        inView?.defaulted ? h('span', { class: 'tag bad' }, 'defaulted') : '',
      ),
    );
    if (!inView) {
      this.body.replaceChildren(
        head,
        h('p', { class: 'hint' }, 'Not in the network on this date.'),
      );
      return;
    }
    const kpis = h(
      'div',
      { class: 'kpis' },
      kpi('equity', usd(inView.equityUsd)),
      kpi('holds against others', usd(inView.exposureOutUsd)),
      kpi('others hold against it', usd(inView.exposureInUsd)),
    );
    const details = h(
      'div',
      {},
      h('p', { class: 'hint' }, 'Loading exposure…'),
    );
    const canvas = h('canvas', {
      role: 'img',
      'aria-label': `Exposure timeline of ${id}`,
    });
    const timeline = h(
      'div',
      {},
      h('h3', {}, 'Exposure over time'),
      h('div', { class: 'chart-box' }, canvas),
    );
    this.body.replaceChildren(
      head,
      kpis,
      details,
      timeline,
      this.dealsTable(id, ctx.view),
    );

    const [exposure, series] = await Promise.allSettled([
      api.companyExposure(id, ctx.at, ctx.knownAt, undefined, ctx.valuation),
      api.companyTimeline(id, ctx.historyStart, ctx.today, 'P1M', ctx.knownAt),
    ]);
    if (seq !== this.seq) return;
    if (exposure.status === 'fulfilled')
      details.replaceChildren(...this.exposureDetails(exposure.value));
    else
      details.replaceChildren(
        h('p', { class: 'error' }, `Exposure: ${errorText(exposure.reason)}`),
      );
    if (series.status === 'fulfilled') {
      const { labels, series: s } = timelineSeries(series.value);
      if (labels.length > 0 && s.length > 0) {
        const marker = labels.reduce(
          (best, l) => (l <= ctx.at ? l : best),
          labels[0],
        );
        lineChart(
          canvas,
          labels,
          s.map((x, i) => ({
            label: label(x.key),
            values: x.values,
            colour: SERIES_COLOURS[i % SERIES_COLOURS.length],
          })),
          marker,
        );
      } else timeline.append(h('p', { class: 'hint' }, 'No history to chart.'));
    } else
      timeline.append(
        h('p', { class: 'error' }, `Timeline: ${errorText(series.reason)}`),
      );
  }

  private exposureDetails(answer: Record<string, unknown>): HTMLElement[] {
    const out: HTMLElement[] = [];
    const byKind =
      answer.byKind ??
      answer.totalsByKind ??
      (isObj(answer.totals) ? (answer.totals as Json).byKind : undefined);
    if (isObj(byKind)) out.push(h('h3', {}, 'By kind'), kindTable(byKind));
    const top = asList<Json>(
      answer.topCounterparties ?? answer.counterparties ?? [],
    );
    if (top.length > 0)
      out.push(
        h('h3', {}, 'Top counterparties'),
        this.counterpartyTable(top.slice(0, 10)),
      );
    const conc = answer.concentration;
    if (isObj(conc)) {
      const cells: HTMLElement[] = [];
      for (const [k, v] of Object.entries(conc)) {
        if (v === null || v === undefined) continue;
        if (/herfindahl|hhi/i.test(k) && typeof v === 'number')
          cells.push(kpi('Herfindahl index', v.toFixed(3), v > 0.5));
        else if (/share/i.test(k) && typeof v === 'number')
          cells.push(kpi('largest as share of equity', pct(v), v > 1));
        else if (/Usd$/.test(k) && typeof v === 'number')
          cells.push(kpi(label(k), usd(v)));
        else if (typeof v === 'number') cells.push(kpi(label(k), String(v)));
        else if (typeof v === 'string')
          cells.push(kpi(label(k), this.graph.company(v)?.name ?? v));
      }
      out.push(
        h('h3', {}, 'Concentration'),
        h('div', { class: 'kpis' }, ...cells),
      );
    }
    const totals = answer.totals;
    if (isObj(totals)) {
      const nums = Object.entries(totals).filter(
        ([, v]) => numberOf(v) !== undefined,
      );
      if (nums.length > 0)
        out.unshift(
          h('h3', {}, 'Totals'),
          h(
            'div',
            { class: 'kpis' },
            ...nums.map(([k, v]) => kpi(label(k), money(k, v as number))),
          ),
        );
    }
    return out;
  }

  private counterpartyTable(items: Json[]): HTMLElement {
    if (
      !items.some(
        (i) =>
          typeof (i.id ?? i.counterparty) === 'string' &&
          typeof (i.exposureUsd ?? i.amountUsd) === 'number',
      )
    )
      return objectTable(items, this.onCompany);
    return h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'counterparty'),
          h('th', { class: 'n' }, 'exposure'),
          h('th', { class: 'n' }, 'share'),
        ),
      ),
      h(
        'tbody',
        {},
        ...items.map((i) => {
          const id = String(i.id ?? i.counterparty);
          const amount = Number(i.exposureUsd ?? i.amountUsd);
          return h(
            'tr',
            {},
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'linkish',
                  onclick: () => this.onCompany(id),
                },
                this.graph.company(id)?.name ?? id,
              ),
              i.defaulted === true
                ? h('span', { class: 'tag bad' }, ' defaulted')
                : '',
            ),
            h('td', { class: 'n' }, usd(amount)),
            h(
              'td',
              { class: 'n' },
              typeof i.share === 'number' ? pct(i.share) : '—',
            ),
          );
        }),
      ),
    );
  }

  /** Every edge touching the company with the deals behind it, each linked to its audit history. */
  private dealsTable(id: string, view: ExposureView): HTMLElement {
    const edges = view.edges
      .filter((e) => e.holder === id || e.counterparty === id)
      .sort((a, b) => b.amountUsd - a.amountUsd);
    if (edges.length === 0)
      return h(
        'div',
        {},
        h('h3', {}, 'Deals behind the numbers'),
        h('p', { class: 'hint' }, 'No exposures on this date.'),
      );
    const other = (e: (typeof edges)[number]): string =>
      e.holder === id ? e.counterparty : e.holder;
    return h(
      'div',
      {},
      h('h3', {}, 'Deals behind the numbers'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'direction'),
            h('th', {}, 'counterparty'),
            h('th', {}, 'kind'),
            h('th', { class: 'n' }, 'amount'),
            h('th', {}, 'deals'),
          ),
        ),
        h(
          'tbody',
          {},
          ...edges.map((e) =>
            h(
              'tr',
              {},
              h('td', {}, e.holder === id ? 'holds →' : '← held by'),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'linkish',
                    onclick: () => this.onCompany(other(e)),
                  },
                  this.graph.company(other(e))?.name ?? other(e),
                ),
              ),
              h('td', {}, e.kind),
              h('td', { class: 'n' }, usd(e.amountUsd)),
              h(
                'td',
                {},
                ...e.deals.flatMap((d, i) =>
                  i === 0 ? [dealLink(d)] : [', ', dealLink(d)],
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
