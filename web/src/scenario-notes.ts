import type { CaveatKind } from '../../src/contracts';
import type { Basis, Caveat, ModelName } from './api';
import { h } from './format';

/** One sentence per contagion model: what it assumes about how a failure spreads. */
export const MODEL_NOTES: Record<ModelName, string> = {
  furfine:
    'Furfine: failures go round by round — each failed company writes off (1 − recovery) of what others hold on it, and whoever then loses more than its equity fails in the next round.',
  'eisenberg-noe':
    'Eisenberg–Noe: everyone pays what it owes or all it has, whichever is less, with the payments of the whole network cleared at once.',
  'rogers-veraart':
    'Rogers–Veraart: Eisenberg–Noe with the cost of failing — a failed company realises only α of its outside assets and β of its claims, so each failure destroys value.',
  debtrank:
    'DebtRank: distress spreads before anyone fails — a company that loses part of its equity passes the same share of the loss on to those who hold claims on it, once.',
};

/** One sentence per basis: which obligations count and when a company fails. */
export const BASIS_NOTES: Record<Basis, string> = {
  'balance-sheet':
    'Balance sheet: a failure costs each counterparty its loss given default (a supply contract’s damages and what is already due, not its whole remaining value); a company fails when its losses exceed its equity.',
  liquidity:
    'Liquidity: a company also fails when what it must pay within the horizon exceeds its cash and what it is paid in that time — illiquid, though maybe solvent on paper.',
  'full-commitment':
    'Full commitment: every remaining commitment counts as owed now, as in the earlier version — the harshest reading, kept for comparison.',
};

/** What each kind of caveat means, in plain words (the answer's own `detail` follows it). */
export const CAVEAT_WORDS: Readonly<Record<string, string>> = {
  'estimated-amount': 'Counted at an estimate: no amount was published',
  'omitted-unpriced': 'Left out: no published amount and no estimate',
  'below-certainty': 'Left out: less certain than the filter asks',
  'low-confidence': 'Counted on a source of low confidence',
  'assumed-term': 'No end date or schedule: spread over an assumed term',
  'stale-financials': 'Financials old: the latest report predates the date',
  'assumed-financials': 'Financials assumed: nothing reported',
} satisfies Record<CaveatKind, string>;

/** The caveats grouped by kind, each kind a sentence and a list of what it concerns. */
export function caveatList(
  caveats: readonly Caveat[],
  id: string,
  names?: Map<string, string>,
): HTMLElement {
  if (caveats.length === 0)
    return h(
      'p',
      { id, class: 'hint caveats' },
      'No caveats: every amount counted was published and every deal passes the filters.',
    );
  const byKind = new Map<string, Caveat[]>();
  for (const c of caveats)
    byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  return h(
    'ul',
    { id, class: 'caveats' },
    ...[...byKind].map(([kind, list]) =>
      h(
        'li',
        { 'data-kind': kind },
        h(
          'details',
          {},
          h('summary', {}, `${CAVEAT_WORDS[kind] ?? kind} (${list.length})`),
          h(
            'ul',
            {},
            ...list.map((c) => {
              const who =
                c.deal ??
                (c.company ? (names?.get(c.company) ?? c.company) : '');
              return h('li', {}, who ? h('b', {}, `${who}: `) : '', c.detail);
            }),
          ),
        ),
      ),
    ),
  );
}
