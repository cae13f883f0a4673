import { getToken, setToken } from './api';
import { byId, dayToIso, isoToDay } from './format';
import {
  dom,
  HISTORY_START,
  isIsoDate,
  knownAtOf,
  PANELS,
  state,
  today,
  type Panel,
} from './state';

/** What the controls ask of the page. */
export interface Actions {
  /** Moves the date shown (and loads it); `gesture` while the slider is dragged. */
  setAt(iso: string, gesture?: boolean): void;
  /** A gesture (slider drag, typing) ended. */
  gestureEnded(): void;
  /** Known-at or the date compared with changed: load again. */
  reload(): void;
  /** A filter changed: draw again, nothing to load. */
  rerender(gesture?: boolean): void;
  /** Enter in the search field: go to what the text names; false when nothing matches. */
  search(text: string): boolean;
  selectCompany(id: string | null): void;
  panelShown(panel: Panel): void;
  tokenGiven(): void;
}

/** The slider's range and the date fields' bounds: the data set's start to today. */
export function setUpTime(): void {
  dom.slider.min = String(isoToDay(HISTORY_START));
  dom.slider.max = String(isoToDay(today));
  dom.date.min = HISTORY_START;
  dom.compare.min = HISTORY_START;
}

/** Shows a date in the slider and the date field. */
export function showAt(iso: string): void {
  dom.slider.value = String(isoToDay(iso));
  dom.date.value = iso;
  dom.slider.setAttribute('aria-valuetext', iso);
}

export function bindControls(actions: Actions): void {
  dom.slider.addEventListener('input', () =>
    actions.setAt(dayToIso(Number(dom.slider.value)), true),
  );
  dom.slider.addEventListener('change', () => actions.gestureEnded());
  dom.date.addEventListener('change', () => {
    if (isIsoDate(dom.date.value)) actions.setAt(dom.date.value);
  });
  dom.known.addEventListener('change', () => {
    state.knownAt = knownAtOf(dom.known.value);
    actions.reload();
  });
  byId('known-now').addEventListener('click', () => {
    dom.known.value = '';
    state.knownAt = undefined;
    actions.reload();
  });
  dom.compare.addEventListener('change', () => {
    state.compareAt = isIsoDate(dom.compare.value)
      ? dom.compare.value
      : undefined;
    actions.reload();
  });
  byId('compare-clear').addEventListener('click', () => {
    dom.compare.value = '';
    state.compareAt = undefined;
    actions.reload();
  });
  dom.filterText.addEventListener('input', () => actions.rerender(true));
  dom.filterText.addEventListener('change', () => actions.gestureEnded());
  dom.filterText.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const found = actions.search(dom.filterText.value);
    dom.filterText.setAttribute('aria-invalid', String(!found));
  });
  dom.topN.addEventListener('change', () => actions.rerender());
  dom.group.addEventListener('change', () => actions.rerender());
  dom.certainty.addEventListener('change', () => {
    state.certainty = dom.certainty.value as typeof state.certainty;
    actions.reload();
  });
  bindPlay(actions);
  bindTabs(actions);

  const tokenInput = byId<HTMLInputElement>('token');
  tokenInput.value = getToken();
  byId('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setToken(tokenInput.value.trim());
    (byId('token-form').closest('details') as HTMLDetailsElement).open = false;
    actions.tokenGiven();
  });

  // Escape lets go of the selected company (a dialog, when open, takes Escape for itself).
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || !state.selected) return;
    if (byId<HTMLDialogElement>('history-dialog').open) return;
    actions.selectCompany(null);
  });
}

function bindPlay(actions: Actions): void {
  let playTimer: ReturnType<typeof setInterval> | undefined;
  const playButton = byId<HTMLButtonElement>('play');
  const stop = (): void => {
    clearInterval(playTimer);
    playTimer = undefined;
    playButton.textContent = '▶';
    actions.gestureEnded();
  };
  playButton.addEventListener('click', () => {
    if (playTimer) return stop();
    if (state.at >= today) actions.setAt(HISTORY_START);
    playButton.textContent = '❚❚';
    playTimer = setInterval(() => {
      const next = new Date(`${state.at}T00:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      const iso = next.toISOString().slice(0, 10);
      if (iso > today) {
        stop();
        actions.setAt(today);
        return;
      }
      // A replay is one step of the history, not one per month.
      actions.setAt(iso, true);
    }, 700);
  });
}

/* ---------- tabs (arrow keys move between them) ---------- */

const tabs = (): HTMLButtonElement[] => [
  ...document.querySelectorAll<HTMLButtonElement>('[role="tab"]'),
];

/** Shows one panel of the side bar. */
export function showPanel(panel: Panel): void {
  state.panel = panel;
  for (const tab of tabs()) {
    const on = tab.id === `tab-${panel}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    byId(tab.getAttribute('aria-controls')!).hidden = !on;
  }
}

function bindTabs(actions: Actions): void {
  const all = tabs();
  const panelOf = (tab: HTMLButtonElement): Panel =>
    PANELS.find((p) => tab.id === `tab-${p}`) ?? 'company';
  for (const tab of all) {
    tab.addEventListener('click', () => actions.panelShown(panelOf(tab)));
    tab.addEventListener('keydown', (ev) => {
      const i = all.indexOf(tab);
      const next =
        ev.key === 'ArrowRight'
          ? all[(i + 1) % all.length]
          : ev.key === 'ArrowLeft'
            ? all[(i - 1 + all.length) % all.length]
            : null;
      if (next) {
        actions.panelShown(panelOf(next));
        next.focus();
      }
    });
  }
}
