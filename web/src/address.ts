/* The address of a view, read and written without the DOM (the unit tests run it in node). */
import { DEAL_CERTAINTIES, type DealCertainty } from '../../src/contracts';

/** The panels of the side bar, as the address names them. */
export const PANELS = ['company', 'scenario', 'systemic', 'live'] as const;
export type Panel = (typeof PANELS)[number];

export const isIsoDate = (v: string | null | undefined): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

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
  /** The weakest certainty of a deal counted (binding, the default, is left out). */
  certainty?: DealCertainty;
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
  'certainty',
] as const;

/** The address of a view: keys in a fixed order, defaults left out, so one view has one address. */
export function formatAddress(a: Address): string {
  const q = new URLSearchParams();
  for (const key of KEYS) {
    const v = a[key];
    if (v === undefined || v === '' || v === false) continue;
    if (key === 'panel' && v === 'company') continue;
    if (key === 'top' && v === '150') continue;
    if (key === 'certainty' && v === 'binding') continue;
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
    certainty: (DEAL_CERTAINTIES as readonly string[]).includes(
      q.get('certainty') ?? '',
    )
      ? (q.get('certainty') as DealCertainty)
      : undefined,
  };
}
