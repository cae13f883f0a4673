import { isIsoDate, PANELS, type Panel } from './state';

/** A view as the address keeps it: `#at=2026-03-01&compare=2026-02-01&company=openai&panel=company`. */
export interface Address {
  at?: string;
  knownAt?: string;
  compare?: string;
  q?: string;
  top?: string;
  group?: boolean;
  company?: string;
  panel?: Panel;
  scenario?: string;
}

const KEYS = [
  'at',
  'knownAt',
  'compare',
  'q',
  'top',
  'group',
  'company',
  'panel',
  'scenario',
] as const;

/** The address of a view: keys in a fixed order, defaults left out, so one view has one address. */
export function formatAddress(a: Address): string {
  const q = new URLSearchParams();
  for (const key of KEYS) {
    const v = a[key];
    if (v === undefined || v === '' || v === false) continue;
    if (key === 'panel' && v === 'company') continue;
    if (key === 'top' && v === '150') continue;
    q.set(key, v === true ? '1' : String(v));
  }
  return `#${q.toString()}`;
}

/** Reads an address, dropping what it cannot use (a bad date is as good as none). */
export function parseAddress(hash: string): Address {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const text = (k: string): string | undefined => q.get(k) || undefined;
  const panel = q.get('panel');
  return {
    at: isIsoDate(q.get('at')) ? q.get('at')! : undefined,
    knownAt: text('knownAt'),
    compare: isIsoDate(q.get('compare')) ? q.get('compare')! : undefined,
    q: text('q'),
    top: /^\d+$/.test(q.get('top') ?? '') ? q.get('top')! : undefined,
    group: q.get('group') === '1',
    company: text('company'),
    panel: (PANELS as readonly string[]).includes(panel ?? '')
      ? (panel as Panel)
      : undefined,
    scenario: text('scenario'),
  };
}

/**
 * The address follows the page and the page follows the address. Each change is a step of the
 * history, except inside a gesture (a slider dragged, a word typed): its first change is a new
 * step and the rest update that step, so Back goes to the view before the gesture.
 */
export class Router {
  private applying = false;
  private current = location.hash;
  private inGesture = false;

  constructor(
    private readonly read: () => Address,
    private readonly apply: (a: Address) => void,
  ) {}

  /** Writes the page's view into the address; `gesture` when more changes of the same kind follow. */
  write(gesture = false): void {
    if (this.applying) return;
    const next = formatAddress(this.read());
    if (next === this.current) return;
    if (this.inGesture && gesture) history.replaceState(null, '', next);
    else history.pushState(null, '', next);
    this.inGesture = gesture;
    this.current = next;
  }

  /** The gesture is over (the slider let go, the field left): the next change is a new step. */
  endGesture(): void {
    this.inGesture = false;
  }

  /** Applies the address to the page now, and whenever it changes (Back, Forward, a pasted link). */
  start(): void {
    const follow = (): void => {
      if (location.hash === this.current) return;
      this.current = location.hash;
      this.run();
    };
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    this.run();
  }

  private run(): void {
    this.applying = true;
    try {
      this.apply(parseAddress(location.hash));
    } finally {
      this.applying = false;
    }
    // What the address lacked the page filled in: say so in the address without a new entry.
    const settled = formatAddress(this.read());
    if (settled !== location.hash) history.replaceState(null, '', settled);
    this.current = settled;
  }
}
