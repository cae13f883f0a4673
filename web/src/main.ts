import './styles.css';
import './panels.css';
import './layout.css';
import { CONTAGION_MODELS } from '../../src/contracts';
import { api, ApiError, DEFAULT_MODEL, getToken, type Company } from './api';
import { CascadePlayer } from './cascade';
import { CompanyPanel } from './company-panel';
import { renderComparison } from './compare';
import { bindControls, setUpTime, showAt, showPanel } from './controls';
import { DateMarks } from './date-marks';
import { byId, errorText, h, sectorColour, usd } from './format';
import { edgeKey, NetworkGraph, SECTOR_PREFIX, type Highlights } from './graph';
import { bindExports, fillSuggestions, search } from './find';
import { LiveFeed } from './live';
import { feedItem } from './live-panel';
import { Router, type Address } from './router';
import { ScenarioPanel } from './scenario-panel';
import {
  dom,
  filter,
  HISTORY_START,
  knownAtOf,
  showBanner,
  state,
  today,
  type Panel,
} from './state';
import { runSystemic } from './systemic-panel';
import { belowFilter, fetchTerms, showCaveats } from './valuation-view';
import { enableSorting, nameOf, renderList } from './table';
import { compareViews, cycleTag, readCycles, restatements } from './view-marks';

const graph = new NetworkGraph(byId('graph'), (id) =>
  id?.startsWith(SECTOR_PREFIX)
    ? openSector(id.slice(SECTOR_PREFIX.length))
    : selectCompany(id),
);
const companyPanel = new CompanyPanel(
  byId('company-body'),
  graph,
  (id) => selectCompany(id),
  () => selectCompany(null),
);
const cascade = new CascadePlayer(graph, () => rerender());
const router = new Router(readPage, applyAddress);
const name = (id: string): string => nameOf(graph, id);

const marks = new DateMarks(
  dom.slider,
  () => state.at,
  (iso) => setAt(iso),
  (entity, id) => (entity === 'company' ? (graph.company(id)?.name ?? id) : id),
);

/* ---------- the date shown and loading ---------- */

function setAt(iso: string, load = true, gesture = false): void {
  const moved = state.at !== iso;
  state.at = iso;
  showAt(iso);
  if (moved) {
    marks.render();
    marks.announce(iso, false);
  }
  router.write(gesture);
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
  const { at, knownAt, compareAt } = state;
  dom.body.dataset.state = 'loading';
  try {
    const valuation = { minCertainty: state.certainty };
    const [view, cycles, current, then, below] = await Promise.all([
      api.exposures(at, knownAt, abort.signal, valuation),
      api.cycles(at, knownAt, abort.signal).catch(() => null),
      knownAt
        ? api
            .exposures(at, undefined, abort.signal, valuation)
            .catch(() => null)
        : Promise.resolve(null),
      compareAt
        ? api.exposures(compareAt, knownAt, abort.signal, valuation)
        : Promise.resolve(null),
      belowFilter(at, knownAt, state.certainty, abort.signal).catch(
        () => new Set<string>(),
      ),
    ]);
    if (seq !== state.loadSeq) return;
    highlights = {
      ...readCycles(cycles),
      restated: current ? restatements(view, current) : new Map(),
      compared: then ? compareViews(then, view) : undefined,
      belowFilter: below,
    };
    state.view = view;
    state.compareView = then;
    // Companies of the date compared with may be gone by the date shown: they need names too.
    const rows = [...view.companies, ...(then?.companies ?? [])];
    if (rows.every((c) => typeof c.name === 'string')) mergeCompanies(rows);
    else if (rows.some((c) => !graph.company(c.id))) await loadCompanies();
    if (seq !== state.loadSeq) return;
    showBanner(null);
    render();
    showCaveats(view, new Map(view.companies.map((c) => [c.id, name(c.id)])));
    void fetchTerms(view, below, abort.signal);
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
      dom.body.dataset.compare = compareAt ?? '';
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

/* ---------- drawing ---------- */

function render(): void {
  const view = state.view;
  if (!view) return;
  graph.pin(state.selected);
  const summary = graph.render(view, filter(), highlights);
  graph.select(state.cascade ? null : state.selected);
  if (state.cascade) cascade.apply();
  const total = view.edges.reduce((s, e) => s + e.amountUsd, 0);
  const changes = highlights.compared;
  dom.summary.replaceChildren(
    h('strong', {}, view.at.slice(0, 10)),
    state.knownAt
      ? ` · as known at ${String(view.knownAt).replace('T', ' ').slice(0, 19)} UTC`
      : ' · as known now',
    state.compareAt && changes
      ? h(
          'span',
          { class: 'tag cmp', id: 'compare-shown' },
          ` · against ${state.compareAt}: ${changes.size} exposures changed`,
        )
      : '',
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
          ` ${cycleTag(highlights.rings)}`,
        )
      : '',
  );
  dom.empty.hidden = summary.shownCompanies > 0;
  dom.empty.textContent = emptyReason(summary.totalCompanies);
  renderList(dom.list, byId('list-heading'), view, {
    graph,
    selected: state.selected,
    highlights,
    selectCompany: (id) => selectCompany(id),
    openSector,
  });
  fillSuggestions(graph);
  const box = byId('compare-section');
  box.hidden = !(state.compareAt && changes);
  if (state.compareAt && changes)
    renderComparison(box, state.compareAt, state.at, changes, name);
}

/** Why nothing is drawn, in plain words, and what to do about it. */
function emptyReason(total: number): string {
  const text = dom.filterText.value.trim();
  if (total > 0 && text)
    return `No company matches “${text}” on ${state.at}. Clear the filter to see the whole network.`;
  if (state.knownAt)
    return `Nothing had been recorded as known at ${state.knownAt.replace('T', ' ').slice(0, 19)} UTC for ${state.at}: the ledger knew no company or deal by then. Clear “known at” (the “now” button) to see what is known today.`;
  return `No company or deal is in force on ${state.at}. Move the slider to a later date; the marks under it show where the history moves.`;
}

function rerender(gesture = false): void {
  if (!state.view) return;
  render();
  router.write(gesture);
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

/** A sector node opens onto its companies: the filter takes the sector's name. */
function openSector(sector: string): void {
  dom.filterText.value = sector;
  rerender();
}

/* ---------- the company panel ---------- */

function selectCompany(id: string | null): void {
  state.selected = id;
  graph.pin(id);
  if (id) {
    openPanel('company');
    if (state.view && !graph.nodeIds().includes(id)) render();
    void showCompany(id);
  } else {
    companyPanel.clear();
    if (state.view) render();
  }
  graph.select(id);
  for (const b of dom.list.querySelectorAll('button'))
    b.setAttribute(
      'aria-pressed',
      String(b.closest('li')?.dataset.company === id),
    );
  router.write();
}

async function showCompany(id: string): Promise<void> {
  if (!state.view) return;
  await companyPanel.show(id, {
    at: state.at,
    knownAt: state.knownAt,
    view: state.view,
    historyStart: HISTORY_START,
    valuation: { minCertainty: state.certainty },
    today,
  });
}

function openPanel(panel: Panel): void {
  showPanel(panel);
  if (panel === 'scenario') void scenarioPanel.refreshSaved(state.scenario);
  router.write();
}

/* ---------- scenarios, systemic ---------- */

const scenarioPanel = new ScenarioPanel({
  at: () => state.at,
  knownAt: () => state.knownAt,
  companies: () =>
    (state.view?.companies ?? [])
      .map((c) => ({ id: c.id, name: name(c.id) }))
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
    cascade.play(result, shocks, recoveryRate),
  shown: (id) => {
    state.scenario = id;
    router.write();
  },
});

byId<HTMLSelectElement>('sys-model').replaceChildren(
  ...CONTAGION_MODELS.map((m) =>
    h('option', { value: m, selected: m === DEFAULT_MODEL }, m),
  ),
);
byId('sys-run').addEventListener(
  'click',
  () => void runSystemic(state.at, name, (id) => selectCompany(id)),
);

/* ---------- live ---------- */

const live = new LiveFeed(
  (message) => {
    if (message.event === 'heartbeat' || message.event === 'resync') return;
    dom.feed.prepend(feedItem(message));
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

/* ---------- the address ---------- */

function readPage(): Address {
  return {
    at: state.at,
    knownAt: state.knownAt,
    compare: state.compareAt,
    q: dom.filterText.value.trim() || undefined,
    top: dom.topN.value,
    group: dom.group.checked,
    company: state.selected ?? undefined,
    panel: state.panel,
    scenario: state.scenario,
    certainty: state.certainty,
  };
}

/** Brings the page to the view an address names, loading only what changed. */
function applyAddress(a: Address): void {
  const known = a.knownAt ? knownAtOf(a.knownAt.replace(/Z$/, '')) : undefined;
  const reload =
    !state.view ||
    known !== state.knownAt ||
    a.compare !== state.compareAt ||
    (a.certainty ?? 'binding') !== state.certainty ||
    (a.at ?? today) !== state.at;
  state.knownAt = known;
  dom.known.value = known ? known.replace(/Z$/, '') : '';
  state.compareAt = a.compare;
  dom.compare.value = a.compare ?? '';
  state.certainty = a.certainty ?? 'binding';
  dom.certainty.value = state.certainty;
  dom.filterText.value = a.q ?? '';
  dom.topN.value = a.top ?? '150';
  if (!dom.topN.value) dom.topN.value = '150';
  dom.group.checked = Boolean(a.group);
  const knownChanged = known !== marksKnownAt;
  setAt(a.at ?? today, false);
  if (knownChanged) {
    marksKnownAt = known;
    void marks.load(known);
  }
  const panel = a.panel ?? 'company';
  if (a.scenario && a.scenario !== state.scenario) {
    state.scenario = a.scenario;
    void scenarioPanel.open(a.scenario);
  } else if (!a.scenario && state.scenario) {
    state.scenario = undefined;
    if (state.cascade) cascade.clear();
  }
  showPanel(panel);
  if (panel === 'scenario') void scenarioPanel.refreshSaved(state.scenario);
  const company = a.company ?? null;
  if (company !== state.selected) {
    state.selected = company;
    if (company) void showCompany(company);
    else companyPanel.clear();
  }
  if (reload) scheduleLoad(0);
  else render();
}
let marksKnownAt: string | undefined = '\u0000';

/* ---------- start ---------- */

setUpTime();
enableSorting();
bindExports(graph);
bindControls({
  setAt: (iso, gesture) => setAt(iso, true, gesture),
  gestureEnded: () => router.endGesture(),
  reload: () => {
    router.write();
    scheduleLoad();
    if (state.knownAt !== marksKnownAt) {
      marksKnownAt = state.knownAt;
      void marks.load(state.knownAt);
    }
  },
  rerender,
  search: (text) => {
    const found = search(text, graph, selectCompany);
    if (!found)
      showBanner(
        `Nothing named “${text.trim()}” on ${state.at}: try a company’s id or name, or a deal id.`,
      );
    else showBanner(null);
    return found;
  },
  selectCompany,
  panelShown: (panel) => openPanel(panel),
  tokenGiven: () => {
    live.start();
    void loadView();
    if (state.panel === 'scenario') void scenarioPanel.refreshSaved();
  },
});
// Narrow screens start with the legend folded: it would cover most of a phone's graph.
if (window.matchMedia('(max-width: 760px)').matches)
  byId('legend').removeAttribute('open');
router.start();
live.start();
