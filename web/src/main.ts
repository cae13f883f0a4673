import './styles.css';
import {
  api,
  ApiError,
  getToken,
  MODELS,
  setToken,
  type Company,
  type ExposureView,
  type ScenarioResult,
  type Shock,
} from './api';
import { CompanyPanel } from './company-panel';
import { DateMarks } from './date-marks';
import {
  byId,
  dayToIso,
  errorText,
  h,
  isoToDay,
  sectorColour,
  todayIso,
  usd,
} from './format';
import {
  edgeKey,
  NetworkGraph,
  SECTOR_PREFIX,
  type GraphFilter,
  type Highlights,
} from './graph';
import { LiveFeed, type LiveMessage } from './live';
import { ScenarioPanel } from './scenario-panel';
import { runSystemic } from './systemic-panel';
import { onCycle, readCycles, restatements } from './view-marks';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows of the exposure table under the graph. */
const EDGE_TABLE_ROWS = 300;

/** The first date the slider offers: the data set starts in 2019. */
const HISTORY_START = '2019-01-01';

const state = {
  at: todayIso(),
  knownAt: undefined as string | undefined,
  selected: null as string | null,
  view: null as ExposureView | null,
  companies: [] as Company[],
  loadSeq: 0,
  loadAbort: null as AbortController | null,
  cascade: null as {
    result: ScenarioResult;
    shocked: Set<string>;
    recovery: Map<string, number>;
    base: number;
  } | null,
};

const dom = {
  body: document.body,
  slider: byId<HTMLInputElement>('at-slider'),
  date: byId<HTMLInputElement>('at-date'),
  known: byId<HTMLInputElement>('known-date'),
  filterText: byId<HTMLInputElement>('filter-text'),
  topN: byId<HTMLSelectElement>('top-n'),
  group: byId<HTMLInputElement>('group-sector'),
  summary: byId('summary'),
  banner: byId('banner'),
  list: byId<HTMLUListElement>('company-list'),
  liveState: byId('live-state'),
  feed: byId<HTMLOListElement>('live-feed'),
  cascadeBar: byId('cascade-bar'),
  cascadeRound: byId<HTMLInputElement>('cascade-round'),
  cascadeLabel: byId<HTMLOutputElement>('cascade-round-label'),
};

const graph = new NetworkGraph(byId('graph'), (id) =>
  id?.startsWith(SECTOR_PREFIX)
    ? openSector(id.slice(SECTOR_PREFIX.length))
    : selectCompany(id),
);
const companyPanel = new CompanyPanel(
  byId('company-body'),
  graph,
  (id) => selectCompany(id),
  () => {
    selectCompany(null);
    rerender();
  },
);

function filter(): GraphFilter {
  return {
    topN: Number(dom.topN.value) || 150,
    text: dom.filterText.value,
    group: dom.group.checked,
  };
}

function showBanner(message: string | null): void {
  dom.banner.hidden = message === null;
  dom.banner.textContent = message ?? '';
}

/* ---------- time controls ---------- */

const today = todayIso();
dom.slider.min = String(isoToDay(HISTORY_START));
dom.slider.max = String(isoToDay(today));
dom.date.min = HISTORY_START;

/** The known-at field is UTC wall time to the second: `2026-11-29T06:40:12` → `2026-11-29T06:40:12Z`. */
function knownAtOf(value: string): string | undefined {
  if (!value) return undefined;
  const full = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(full)
    ? `${full}Z`
    : undefined;
}

const marks = new DateMarks(
  dom.slider,
  () => state.at,
  (iso) => setAt(iso),
  (entity, id) => (entity === 'company' ? (graph.company(id)?.name ?? id) : id),
);

function setAt(iso: string, load = true): void {
  const moved = state.at !== iso;
  state.at = iso;
  dom.slider.value = String(isoToDay(iso));
  dom.date.value = iso;
  dom.slider.setAttribute('aria-valuetext', iso);
  if (moved) {
    marks.render();
    marks.announce(iso, false);
  }
  writeHash();
  if (load) scheduleLoad();
}

let loadTimer: ReturnType<typeof setTimeout> | undefined;
let liveTimer: ReturnType<typeof setTimeout> | undefined;

/** Live changes redraw at most twice a second, however fast they come. */
function scheduleLiveLoad(): void {
  if (liveTimer) return;
  liveTimer = setTimeout(() => {
    liveTimer = undefined;
    void loadView();
    if (!state.knownAt) void marks.load(undefined);
  }, 500);
}
function scheduleLoad(delay = 120): void {
  clearTimeout(loadTimer);
  dom.body.dataset.state = 'loading';
  loadTimer = setTimeout(() => void loadView(), delay);
}

dom.slider.addEventListener('input', () =>
  setAt(dayToIso(Number(dom.slider.value))),
);
dom.date.addEventListener('change', () => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dom.date.value)) setAt(dom.date.value);
});
dom.known.addEventListener('change', () => {
  state.knownAt = knownAtOf(dom.known.value);
  writeHash();
  scheduleLoad();
  void marks.load(state.knownAt);
});
byId('known-now').addEventListener('click', () => {
  dom.known.value = '';
  state.knownAt = undefined;
  writeHash();
  scheduleLoad();
  void marks.load(state.knownAt);
});
dom.filterText.addEventListener('input', () => rerender());
dom.topN.addEventListener('change', () => rerender());
dom.group.addEventListener('change', () => rerender());

/** A sector node opens onto its companies: the filter takes the sector's name. */
function openSector(sector: string): void {
  dom.filterText.value = sector;
  rerender();
}

let playTimer: ReturnType<typeof setInterval> | undefined;
const playButton = byId<HTMLButtonElement>('play');
playButton.addEventListener('click', () => {
  if (playTimer) {
    clearInterval(playTimer);
    playTimer = undefined;
    playButton.textContent = '▶';
    return;
  }
  if (state.at >= today) setAt(HISTORY_START);
  playButton.textContent = '❚❚';
  playTimer = setInterval(() => {
    const next = new Date(`${state.at}T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const iso = next.toISOString().slice(0, 10);
    if (iso > today) {
      clearInterval(playTimer);
      playTimer = undefined;
      playButton.textContent = '▶';
      setAt(today);
      return;
    }
    setAt(iso);
  }, 700);
});

/* ---------- the view ---------- */

let highlights: Highlights = {
  cycleEdges: new Set(),
  cycleDeals: new Set(),
  vendorDeals: new Set(),
  restated: new Map(),
};

async function loadView(): Promise<void> {
  const seq = ++state.loadSeq;
  state.loadAbort?.abort();
  const abort = new AbortController();
  state.loadAbort = abort;
  const { at, knownAt } = state;
  dom.body.dataset.state = 'loading';
  try {
    const [view, cycles, current] = await Promise.all([
      api.exposures(at, knownAt, abort.signal),
      api.cycles(at, knownAt, abort.signal).catch(() => null),
      knownAt
        ? api.exposures(at, undefined, abort.signal).catch(() => null)
        : Promise.resolve(null),
    ]);
    if (seq !== state.loadSeq) return;
    const found = readCycles(cycles);
    highlights = {
      ...found,
      restated: current ? restatements(view, current) : new Map(),
    };
    state.view = view;
    if (view.companies.every((c) => typeof c.name === 'string'))
      mergeCompanies(view.companies);
    else if (view.companies.some((c) => !graph.company(c.id)))
      await loadCompanies();
    if (seq !== state.loadSeq) return;
    showBanner(null);
    render();
    if (state.selected) void showCompany(state.selected);
  } catch (error) {
    if (abort.signal.aborted) return;
    const refused =
      error instanceof ApiError &&
      (error.status === 401 || error.status === 403);
    showBanner(
      `Could not load the network: ${errorText(error)}${refused ? ' — give a token under “Token”, top right.' : ''}`,
    );
    if (refused && !getToken()) {
      const details = byId('token-form').closest('details');
      if (details && !details.open) {
        details.open = true;
        byId<HTMLInputElement>('token').focus();
      }
    }
  } finally {
    if (seq === state.loadSeq) {
      dom.body.dataset.state = 'ready';
      dom.body.dataset.at = at;
      dom.body.dataset.knownAt = knownAt ?? '';
    }
  }
}

/** Names and sectors from the exposure view itself, added to those already known. */
function mergeCompanies(rows: Company[]): void {
  const known = new Map(state.companies.map((c) => [c.id, c]));
  let added = false;
  for (const c of rows) {
    const before = known.get(c.id);
    if (!before || before.name !== c.name || before.sector !== c.sector)
      added = true;
    known.set(c.id, {
      ...before,
      id: c.id,
      name: c.name,
      sector: c.sector ?? undefined,
    });
  }
  if (!added) return;
  state.companies = [...known.values()];
  graph.setMeta(state.companies);
  renderSectorLegend();
}

async function loadCompanies(): Promise<void> {
  try {
    state.companies = await api.companies();
    graph.setMeta(state.companies);
    renderSectorLegend();
  } catch {
    // Names and sectors are decoration: the network still draws with ids.
  }
}

function render(): void {
  const view = state.view;
  if (!view) return;
  graph.pin(state.selected);
  const summary = graph.render(view, filter(), highlights);
  graph.select(state.cascade ? null : state.selected);
  if (state.cascade) applyCascadeRound();
  const total = view.edges.reduce((s, e) => s + e.amountUsd, 0);
  dom.summary.replaceChildren(
    h('strong', {}, view.at.slice(0, 10)),
    knownAtLabel(view),
    h('br'),
    summary.sectors !== undefined
      ? `${summary.sectors} sectors grouping ${summary.totalCompanies} companies · ${summary.totalEdges} exposures · ${usd(total)} in all`
      : `${summary.shownCompanies} of ${summary.totalCompanies} companies · ${summary.shownEdges} of ${summary.totalEdges} exposures · ${usd(total)} in all`,
    highlights.restated.size > 0
      ? h(
          'span',
          { class: 'tag warn', id: 'restated-count' },
          ` ${highlights.restated.size} restated after this known-at`,
        )
      : '',
    highlights.cycleEdges.size + highlights.cycleDeals.size > 0
      ? h(
          'span',
          { class: 'tag', id: 'cycles-shown' },
          ' money cycles glow amber',
        )
      : '',
  );
  renderList(view);
}

function knownAtLabel(view: ExposureView): string {
  return state.knownAt
    ? ` · as known at ${String(view.knownAt).replace('T', ' ').slice(0, 19)} UTC`
    : ' · as known now';
}

function rerender(): void {
  if (!state.view) return;
  render();
}

function renderList(source: ExposureView): void {
  if (graph.grouped) {
    const sectors = [...graph.grouped.companies].sort(
      (a, b) =>
        b.exposureOutUsd +
        b.exposureInUsd -
        (a.exposureOutUsd + a.exposureInUsd),
    );
    dom.list.replaceChildren(
      ...sectors.map((c) => {
        const sector = c.id.slice(SECTOR_PREFIX.length);
        return h(
          'li',
          { 'data-sector': sector },
          h(
            'button',
            { type: 'button', onclick: () => openSector(sector) },
            h(
              'span',
              {},
              h('span', {
                class: 'swatch',
                style: `background:${sectorColour(sector)}`,
              }),
              graph.company(c.id)?.name ?? sector,
            ),
            h(
              'span',
              { class: 'tag' },
              `${usd(c.exposureOutUsd)} / ${usd(c.exposureInUsd)}`,
            ),
          ),
        );
      }),
    );
  }
  const view = graph.grouped ?? source;
  const shown = new Set(graph.nodeIds());
  const rows = view.companies
    .filter((c) => shown.has(c.id))
    .sort(
      (a, b) =>
        b.exposureOutUsd +
        b.exposureInUsd -
        (a.exposureOutUsd + a.exposureInUsd),
    );
  if (!graph.grouped)
    dom.list.replaceChildren(
      ...rows.map((c) => {
        const meta = graph.company(c.id);
        return h(
          'li',
          { 'data-company': c.id },
          h(
            'button',
            {
              type: 'button',
              'aria-pressed': state.selected === c.id ? 'true' : 'false',
              onclick: () => selectCompany(c.id),
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
            h(
              'span',
              { class: 'tag' },
              `${usd(c.exposureOutUsd)} / ${usd(c.exposureInUsd)}`,
            ),
          ),
        );
      }),
    );
  // The graph is a canvas: this table says the same in words for keyboards and screen readers.
  let table = document.getElementById('edge-table');
  if (!table) {
    table = h(
      'details',
      { id: 'edge-table', open: true },
      h('summary', {}, 'Exposures on screen, as a table'),
      h('div'),
    );
    dom.list.after(table);
  }
  const edgeIds = new Set(graph.edgeIds());
  const allEdges = view.edges
    .filter((e) => edgeIds.has(edgeKey(e)))
    .sort((a, b) => b.amountUsd - a.amountUsd);
  // A long table helps nobody and costs the page: the largest, and a count of the rest.
  const edges = allEdges.slice(0, EDGE_TABLE_ROWS);
  table
    .querySelector('div')!
    .replaceChildren(
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'holder'),
            h('th', {}, 'exposed to'),
            h('th', {}, 'kind'),
            h('th', { class: 'n' }, 'amount'),
          ),
        ),
        h(
          'tbody',
          {},
          ...edges.map((e) =>
            h(
              'tr',
              { 'data-edge': edgeKey(e), 'data-deals': e.deals.join(' ') },
              h('td', {}, nameOf(e.holder)),
              h('td', {}, nameOf(e.counterparty)),
              h(
                'td',
                {},
                e.kind,
                highlights.restated.has(edgeKey(e))
                  ? h('span', { class: 'tag warn' }, ' restated')
                  : '',
                onCycle(e, highlights)
                  ? h('span', { class: 'tag cycle' }, ' cycle')
                  : '',
              ),
              h('td', { class: 'n' }, usd(e.amountUsd)),
            ),
          ),
          allEdges.length > edges.length
            ? h(
                'tr',
                {},
                h(
                  'td',
                  { colspan: 4, class: 'hint' },
                  `and ${allEdges.length - edges.length} smaller exposures on screen`,
                ),
              )
            : null,
        ),
      ),
    );
}

function nameOf(id: string): string {
  return id.startsWith(SECTOR_PREFIX)
    ? id.slice(SECTOR_PREFIX.length)
    : (graph.company(id)?.name ?? id);
}

function renderSectorLegend(): void {
  const sectors = [
    ...new Set(state.companies.map((c) => c.sector ?? 'other')),
  ].sort();
  byId('sector-legend').replaceChildren(
    ...sectors.map((s) =>
      h(
        'span',
        {},
        h('span', { class: 'swatch', style: `background:${sectorColour(s)}` }),
        s,
      ),
    ),
  );
}

/* ---------- company panel ---------- */

function selectCompany(id: string | null): void {
  state.selected = id;
  writeHash();
  graph.pin(id);
  if (id) {
    activateTab('tab-company');
    if (state.view && !graph.nodeIds().includes(id)) render();
    void showCompany(id);
  } else companyPanel.clear();
  graph.select(id);
  for (const b of dom.list.querySelectorAll('button'))
    b.setAttribute(
      'aria-pressed',
      String(b.closest('li')?.dataset.company === id),
    );
}

async function showCompany(id: string): Promise<void> {
  if (!state.view) return;
  await companyPanel.show(id, {
    at: state.at,
    knownAt: state.knownAt,
    view: state.view,
    historyStart: HISTORY_START,
    today,
  });
}

/* ---------- scenarios and the cascade ---------- */

const scenarioPanel = new ScenarioPanel({
  at: () => state.at,
  knownAt: () => state.knownAt,
  companies: () =>
    (state.view?.companies ?? [])
      .map((c) => ({ id: c.id, name: graph.company(c.id)?.name ?? c.id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  sectors: () =>
    [
      ...new Set(
        state.companies
          .map((c) => c.sector)
          .filter((s): s is string => Boolean(s)),
      ),
    ].sort(),
  // Deals of the exposures on screen: a full synthetic network has far too many for one list.
  deals: () => {
    const shown = new Set(graph.edgeIds());
    return [
      ...new Set(
        (state.view?.edges ?? [])
          .filter((e) => shown.has(edgeKey(e)))
          .flatMap((e) => e.deals),
      ),
    ].sort();
  },
  play: (result, shocks, recoveryRate) =>
    playCascade(result, shocks, recoveryRate),
});

let cascadeTimer: ReturnType<typeof setInterval> | undefined;

function playCascade(
  result: ScenarioResult,
  shocks: Shock[],
  recoveryRate: number,
): void {
  const shocked = new Set(
    shocks.flatMap((s) => (s.type === 'default' ? [s.company] : [])),
  );
  const recovery = new Map(
    shocks.flatMap((s) =>
      s.type === 'default'
        ? [[s.company, s.recoveryRate ?? recoveryRate] as [string, number]]
        : [],
    ),
  );
  const rounds = result.companies
    .map((c) => c.defaultRound)
    .filter((r): r is number => typeof r === 'number');
  const base = rounds.length > 0 ? Math.min(...rounds) : 0;
  const last = Math.max(base, result.rounds - 1 + base, ...rounds);
  state.cascade = {
    result,
    shocked,
    recovery: new Map([...recovery, ['*', recoveryRate]]),
    base,
  };
  dom.cascadeBar.hidden = false;
  dom.cascadeRound.min = String(base);
  dom.cascadeRound.max = String(last);
  dom.cascadeRound.value = String(base);
  graph.keepVisible(result.defaults);
  render();
  graph.select(null); // the whole cascade in view, not one company's neighbourhood
  applyCascadeRound();
  startCascade();
}

function startCascade(): void {
  clearInterval(cascadeTimer);
  cascadeTimer = setInterval(() => {
    const r = Number(dom.cascadeRound.value);
    if (r >= Number(dom.cascadeRound.max)) {
      clearInterval(cascadeTimer);
      dom.body.dataset.cascade = 'done';
      return;
    }
    dom.cascadeRound.value = String(r + 1);
    applyCascadeRound();
  }, 900);
  dom.body.dataset.cascade = 'playing';
}

function applyCascadeRound(): void {
  const c = state.cascade;
  const round = Number(dom.cascadeRound.value);
  dom.cascadeLabel.value = `${round - (c?.base ?? 0) + 1} of ${Number(dom.cascadeRound.max) - (c?.base ?? 0) + 1}`;
  if (!c) {
    graph.showCascade(null, 0, new Set(), () => 0);
    delete dom.cascadeBar.dataset.failed;
    return;
  }
  const failed = graph.showCascade(
    c.result,
    round,
    c.shocked,
    (id) => c.recovery.get(id) ?? c.recovery.get('*') ?? 0,
  );
  dom.cascadeBar.dataset.failed = failed.join(' ');
  dom.cascadeLabel.value += ` · ${failed.length} failed`;
  if (round >= Number(dom.cascadeRound.max)) dom.body.dataset.cascade = 'done';
}

dom.cascadeRound.addEventListener('input', () => {
  clearInterval(cascadeTimer);
  applyCascadeRound();
});
byId('cascade-play').addEventListener('click', () => {
  dom.cascadeRound.value = dom.cascadeRound.min;
  applyCascadeRound();
  startCascade();
});
byId('cascade-clear').addEventListener('click', () => {
  clearInterval(cascadeTimer);
  state.cascade = null;
  dom.cascadeBar.hidden = true;
  delete dom.body.dataset.cascade;
  graph.keepVisible([]);
  applyCascadeRound();
  rerender();
});

/* ---------- systemic ranking ---------- */

for (const id of ['sys-model']) {
  byId<HTMLSelectElement>(id).replaceChildren(
    ...MODELS.map((m) => h('option', { value: m }, m)),
  );
}

byId('sys-run').addEventListener(
  'click',
  () => void runSystemic(state.at, (id) => graph.company(id)?.name ?? id),
);

/* ---------- live ---------- */

function describe(message: LiveMessage): string {
  const d = message.data;
  if (!isObj(d)) return String(d ?? '');
  const parts: string[] = [];
  const list = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(String).join(', ')
      : typeof v === 'string'
        ? v
        : '';
  if (list(d.deals)) parts.push(`deal ${list(d.deals)}`);
  if (list(d.companies)) parts.push(list(d.companies));
  if (typeof d.effectiveAt === 'string')
    parts.push(`effective ${d.effectiveAt.slice(0, 10)}`);
  if (typeof d.actor === 'string') parts.push(`by ${d.actor}`);
  if (typeof d.reason === 'string' && d.reason) parts.push(`“${d.reason}”`);
  return parts.join(' · ');
}

const live = new LiveFeed(
  (message) => {
    if (message.event === 'heartbeat' || message.event === 'resync') return;
    const restated = /restat/.test(message.event);
    // Recorded well after the date it takes effect: views already seen for dates since then change.
    const d = isObj(message.data) ? message.data : {};
    const backdated =
      typeof d.effectiveAt === 'string' &&
      typeof d.recordedAt === 'string' &&
      Date.parse(d.recordedAt) - Date.parse(d.effectiveAt) > 86_400_000 &&
      /amended|terminated|retracted|written-down|payment|defaulted/.test(
        message.event,
      );
    dom.feed.prepend(
      h(
        'li',
        { 'data-event': message.event },
        h('b', {}, message.event),
        restated ? h('span', { class: 'tag warn' }, ' restated') : '',
        backdated ? h('span', { class: 'tag warn' }, ' backdated') : '',
        ' ',
        describe(message),
        h('span', { class: 'hint' }, ` #${message.id}`),
      ),
    );
    while (dom.feed.children.length > 200) dom.feed.lastElementChild?.remove();
    // Only views as known now change when something new is recorded.
    if (!state.knownAt && !/^scenario\./.test(message.event))
      scheduleLiveLoad();
  },
  (s) => {
    dom.liveState.className = `live ${s}`;
    dom.liveState.textContent =
      s === 'open'
        ? 'live: following'
        : s === 'connecting'
          ? 'live: connecting…'
          : 'live: reconnecting';
    dom.body.dataset.live = s;
  },
);

/* ---------- token ---------- */

const tokenInput = byId<HTMLInputElement>('token');
tokenInput.value = getToken();
byId('token-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  setToken(tokenInput.value.trim());
  (byId('token-form').closest('details') as HTMLDetailsElement).open = false;
  live.start();
  void loadView();
  if (!byId('panel-scenario').hidden) void scenarioPanel.refreshSaved();
});

/* ---------- tabs (arrow keys move between them) ---------- */

const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
function activateTab(id: string): void {
  for (const tab of tabs) {
    const on = tab.id === id;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    byId(tab.getAttribute('aria-controls')!).hidden = !on;
  }
  if (id === 'tab-scenario') void scenarioPanel.refreshSaved();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => activateTab(tab.id));
  tab.addEventListener('keydown', (ev) => {
    const i = tabs.indexOf(tab);
    const next =
      ev.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : ev.key === 'ArrowLeft'
          ? tabs[(i - 1 + tabs.length) % tabs.length]
          : null;
    if (next) {
      activateTab(next.id);
      next.focus();
    }
  });
}

// Escape lets go of the selected company (a dialog, when open, takes Escape for itself).
document.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Escape' || !state.selected) return;
  if (byId<HTMLDialogElement>('history-dialog').open) return;
  selectCompany(null);
  rerender();
});

/* ---------- the address keeps the view ---------- */

function writeHash(): void {
  const q = new URLSearchParams();
  q.set('at', state.at);
  if (state.knownAt) q.set('knownAt', state.knownAt);
  if (state.selected) q.set('company', state.selected);
  history.replaceState(null, '', `#${q.toString()}`);
}

function readHash(): void {
  const q = new URLSearchParams(location.hash.slice(1));
  const at = q.get('at');
  const knownAt = q.get('knownAt');
  const known = knownAt ? knownAtOf(knownAt.replace(/Z$/, '')) : undefined;
  if (known) {
    state.knownAt = known;
    dom.known.value = known.replace(/Z$/, '');
  }
  state.selected = q.get('company');
  setAt(at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : today, false);
}

readHash();
void loadView();
void marks.load(state.knownAt);
live.start();
