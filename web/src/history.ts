import { api, type DealHistoryEntry } from './api';
import { byId, errorText, h } from './format';

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

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
      h('td', {}, e.type),
      h('td', {}, e.effectiveAt?.slice(0, 10) ?? ''),
      h(
        'td',
        {},
        e.recordedAt ? e.recordedAt.replace('T', ' ').slice(0, 19) : '',
      ),
      h('td', {}, e.actor ?? ''),
      h('td', {}, e.reason ?? ''),
      h(
        'td',
        {},
        ...(e.changes ?? []).map((c) =>
          h(
            'div',
            { class: 'change' },
            `${c.field}: `,
            c.from === null || c.from === undefined
              ? ''
              : h('del', {}, show(c.from)),
            c.from === null || c.from === undefined ? '' : ' → ',
            h('ins', {}, show(c.to)),
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
          {},
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
