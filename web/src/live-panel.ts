import { h } from './format';
import type { LiveMessage } from './live';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const list = (v: unknown): string =>
  Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'string' ? v : '';

/** A live message in words: its deals and companies, the date it takes effect, who and why. */
export function describe(message: LiveMessage): string {
  const d = message.data;
  if (!isObj(d)) return String(d ?? '');
  const parts: string[] = [];
  if (list(d.deals)) parts.push(`deal ${list(d.deals)}`);
  if (list(d.companies)) parts.push(list(d.companies));
  // A scenario is dated by the day it is run on (`at`), not the day someone ran it.
  const summary = isObj(d.summary) ? d.summary : {};
  const effective = /^scenario\./.test(message.event)
    ? (d.at ?? summary.at)
    : d.effectiveAt;
  if (typeof effective === 'string')
    parts.push(
      `${/^scenario\./.test(message.event) ? 'on' : 'effective'} ${effective.slice(0, 10)}`,
    );
  if (typeof d.actor === 'string') parts.push(`by ${d.actor}`);
  if (typeof d.reason === 'string' && d.reason) parts.push(`“${d.reason}”`);
  return parts.join(' · ');
}

/** One line of the live feed, tagged when it restates or backdates history. */
export function feedItem(message: LiveMessage): HTMLLIElement {
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
  return h(
    'li',
    { 'data-event': message.event },
    h('b', {}, message.event),
    restated ? h('span', { class: 'tag warn' }, ' restated') : '',
    backdated ? h('span', { class: 'tag warn' }, ' backdated') : '',
    ' ',
    describe(message),
    h('span', { class: 'hint' }, ` #${message.id}`),
  );
}
