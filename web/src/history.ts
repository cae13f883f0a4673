import { api, type DealHistoryEntry } from './api';
import { byId, errorText, h, usd } from './format';

const URL_RE = /https?:\/\/[^\s;,)]+/g;

/** Text with its web addresses as links (sources are given as URLs, often several in a line). */
export function linked(text: string): (string | HTMLAnchorElement)[] {
  const out: (string | HTMLAnchorElement)[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    out.push(text.slice(last, m.index));
    const href = m[0].replace(/[.]$/, '');
    let label = href;
    try {
      label = new URL(href).hostname.replace(/^www\./, '');
    } catch {
      // not a URL after all: shown as written
    }
    out.push(
      h(
        'a',
        { href, target: '_blank', rel: 'noopener noreferrer', title: href },
        label,
      ),
    );
    last = (m.index ?? 0) + href.length;
  }
  out.push(text.slice(last));
  return out.filter((p) => p !== '');
}

/** A field's value as a reader wants it: money as $38.0B (exact on hover), dates as dates. */
function show(field: string, value: unknown): (string | Node)[] {
  if (value === null || value === undefined) return ['∅'];
  if (typeof value === 'number' && /usd$|amount/i.test(field))
    return [
      h('span', { title: `$${value.toLocaleString('en-US')}` }, usd(value)),
    ];
  if (typeof value === 'number' && /rate|fraction|share/i.test(field))
    return [`${(value * 100).toFixed(1)}%`];
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value)
  )
    return [value.slice(0, 10)];
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value))
    return [`${value.replace('T', ' ').slice(0, 19)} UTC`];
  if (typeof value === 'string') return linked(value);
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/** A field name in words: `amountUsd` → "amount", `endDate` → "end date". */
const fieldName = (field: string): string =>
  field
    .replace(/Usd$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** Opens the audit history of a deal: each change with its diffs, actor and reason. */
export async function openDealHistory(dealId: string): Promise<void> {
  const dialog = byId<HTMLDialogElement>('history-dialog');
  const body = byId('history-body');
  byId('history-title').textContent = `Deal ${dealId}: history`;
  body.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  let entries: DealHistoryEntry[];
  try {
    entries = await api.dealHistory(dealId);
  } catch (error) {
    body.replaceChildren(
      h(
        'p',
        { class: 'error' },
        `Could not load the history: ${errorText(error)}`,
      ),
    );
    return;
  }
  const rows = entries.map((e) =>
    h(
      'tr',
      {},
      h('td', { class: 'n' }, e.revision),
      h('td', { class: 'date' }, e.type),
      h('td', { class: 'date' }, e.effectiveAt?.slice(0, 10) ?? ''),
      h(
        'td',
        { class: 'date', title: e.recordedAt ?? '' },
        e.recordedAt
          ? `${e.recordedAt.replace('T', ' ').slice(0, 16)} UTC`
          : '',
      ),
      h('td', {}, e.actor ?? ''),
      h('td', { class: 'reason' }, ...linked(e.reason ?? '')),
      h(
        'td',
        { class: 'what' },
        ...(e.changes ?? []).map((c) =>
          h(
            'div',
            { class: 'change', 'data-field': c.field },
            h('span', { class: 'field' }, `${fieldName(c.field)}: `),
            c.from === null || c.from === undefined
              ? ''
              : h('del', {}, ...show(c.field, c.from)),
            c.from === null || c.from === undefined ? '' : ' → ',
            h('ins', {}, ...show(c.field, c.to)),
          ),
        ),
      ),
    ),
  );
  body.replaceChildren(
    entries.length === 0
      ? h('p', { class: 'hint' }, 'No recorded changes.')
      : h(
          'table',
          { class: 'history' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { class: 'n' }, 'rev'),
              h('th', {}, 'change'),
              h('th', {}, 'effective'),
              h('th', {}, 'recorded'),
              h('th', {}, 'actor'),
              h('th', {}, 'reason'),
              h('th', {}, 'what changed'),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
  );
}

/** A button that opens a deal's history, for tables that list deals. */
export function dealLink(dealId: string): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'linkish',
      title: `Audit history of ${dealId}`,
      onclick: () => void openDealHistory(dealId),
    },
    dealId,
  );
}
