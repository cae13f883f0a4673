import type { Certainty, Company, ExposureView, ScenarioResult } from './api';
import { byId, todayIso } from './format';
import type { GraphFilter } from './graph';
import type { Panel } from './router';

export { isIsoDate, PANELS, type Panel } from './router';

/** The first date the slider offers: the data set starts in 2019. */
export const HISTORY_START = '2019-01-01';
export const today = todayIso();

export interface CascadeState {
  result: ScenarioResult;
  shocked: Set<string>;
  recovery: Map<string, number>;
  base: number;
}

/** Everything the page shows, in one place: the address is written from it and read into it. */
export const state = {
  at: today,
  knownAt: undefined as string | undefined,
  /** The second date: the network the date shown is compared with. */
  compareAt: undefined as string | undefined,
  selected: null as string | null,
  panel: 'company' as Panel,
  /** The scenario whose result is open, when one is. */
  scenario: undefined as string | undefined,
  /** The weakest certainty of a deal counted in the view. */
  certainty: 'binding' as Certainty,
  view: null as ExposureView | null,
  compareView: null as ExposureView | null,
  companies: [] as Company[],
  loadSeq: 0,
  loadAbort: null as AbortController | null,
  cascade: null as CascadeState | null,
};

export const dom = {
  body: document.body,
  slider: byId<HTMLInputElement>('at-slider'),
  date: byId<HTMLInputElement>('at-date'),
  known: byId<HTMLInputElement>('known-date'),
  compare: byId<HTMLInputElement>('compare-date'),
  filterText: byId<HTMLInputElement>('filter-text'),
  topN: byId<HTMLSelectElement>('top-n'),
  group: byId<HTMLInputElement>('group-sector'),
  certainty: byId<HTMLSelectElement>('min-certainty'),
  summary: byId('summary'),
  banner: byId('banner'),
  empty: byId('empty-note'),
  list: byId<HTMLUListElement>('company-list'),
  liveState: byId('live-state'),
  feed: byId<HTMLOListElement>('live-feed'),
  cascadeBar: byId('cascade-bar'),
  cascadeRound: byId<HTMLInputElement>('cascade-round'),
  cascadeLabel: byId<HTMLOutputElement>('cascade-round-label'),
};

export function filter(): GraphFilter {
  return {
    topN: Number(dom.topN.value) || 150,
    text: dom.filterText.value,
    group: dom.group.checked,
  };
}

export function showBanner(message: string | null): void {
  dom.banner.hidden = message === null;
  dom.banner.textContent = message ?? '';
}

/** The known-at field is UTC wall time to the second: `2026-11-29T06:40:12` → `2026-11-29T06:40:12Z`. */
export function knownAtOf(value: string): string | undefined {
  if (!value) return undefined;
  const full = /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(full)
    ? `${full}Z`
    : undefined;
}
