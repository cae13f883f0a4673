/** Money as analysts read it: $1.2T, $300B, $45M. */
export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    return '—';
  const sign = value < 0 ? '−' : '';
  const v = Math.abs(value);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (v >= size) {
      const n = v / size;
      return `${sign}$${n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)}${suffix}`;
    }
  }
  return `${sign}$${v.toFixed(0)}`;
}

export function pct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    return '—';
  return value.toFixed(digits);
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01, UTC). */
export function dayToIso(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

export function isoToDay(iso: string): number {
  return Math.floor(
    Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 86400000,
  );
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A stable, readable colour per sector. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#edc948',
  '#76b7b2',
  '#ff9da7',
  '#9c755f',
  '#e15759',
  '#8cd17d',
  '#499894',
  '#d37295',
  '#a0cbe8',
  '#bab0ac',
];
const assigned = new Map<string, string>();

export function sectorColour(sector: string | null | undefined): string {
  const key = sector && sector.trim() ? sector : 'other';
  let colour = assigned.get(key);
  if (!colour) {
    let h = 0;
    for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    // Prefer an unused palette slot so the legend stays distinguishable.
    const used = new Set(assigned.values());
    colour = PALETTE[h % PALETTE.length];
    for (let i = 0; used.has(colour) && i < PALETTE.length; i++)
      colour = PALETTE[(h + i) % PALETTE.length];
    assigned.set(key, colour);
  }
  return colour;
}

/** Builds an element with attributes and children, keeping the DOM code short and escape-safe. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<
    string,
    string | number | boolean | ((ev: Event) => void) | undefined
  > = {},
  ...children: (Node | string | number | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function')
      el.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'class') el.className = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
