import type { ChangeKind } from '../../src/contracts';
import { api, type EffectiveDate } from './api';
import { byId, dayToIso, h, isoToDay } from './format';

const KIND_WORDS: Record<ChangeKind, string> = {
  signed: 'signed',
  amended: 'amended',
  terminated: 'terminated',
  'written-down': 'written down',
  retracted: 'retracted',
  defaulted: 'defaulted',
  cured: 'default cured',
};

/** "signed: a, b; amended: c (restated)" — what happened on a marked date, in words. */
export function describeDate(
  d: EffectiveDate,
  nameOf: (entity: 'deal' | 'company', id: string) => string = (_e, id) => id,
): string {
  const byKind = new Map<string, string[]>();
  for (const c of d.changes) {
    const words = `${KIND_WORDS[c.kind] ?? c.kind}${c.restatement ? ' (restated)' : ''}`;
    const list = byKind.get(words) ?? [];
    const name = nameOf(c.entity, c.id);
    if (!list.includes(name)) list.push(name);
    byKind.set(words, list);
  }
  const parts = [...byKind].map(([words, names]) => {
    const shown = names.slice(0, 6).join(', ');
    return `${words}: ${shown}${names.length > 6 ? ` and ${names.length - 6} more` : ''}`;
  });
  const more = d.count > d.changes.length ? ` (${d.count} changes in all)` : '';
  return `${d.date} · ${parts.join('; ')}${more}`;
}

/** The first marked date after `at` (`dir` 1) or before it (`dir` -1), if any. */
export function neighbourDate(
  dates: readonly EffectiveDate[],
  at: string,
  dir: 1 | -1,
): EffectiveDate | undefined {
  if (dir > 0) return dates.find((d) => d.date > at);
  for (let i = dates.length - 1; i >= 0; i--)
    if (dates[i].date < at) return dates[i];
  return undefined;
}

/**
 * Tick marks under the time slider at the effective dates where the history moves (from
 * `GET /exposures/dates`), a title on each naming what happened, restatements in their own colour,
 * and PageUp/PageDown (on the slider) or [ and ] (anywhere but a text field) to jump between them.
 */
export class DateMarks {
  private dates: EffectiveDate[] = [];
  private seq = 0;
  private readonly box = byId('at-marks');
  private readonly status = byId('mark-status');

  constructor(
    private readonly slider: HTMLInputElement,
    private readonly getAt: () => string,
    private readonly go: (iso: string) => void,
    private readonly nameOf: (entity: 'deal' | 'company', id: string) => string,
  ) {
    slider.addEventListener('keydown', (ev) => {
      if (ev.key === 'PageDown' || ev.key === 'PageUp') {
        ev.preventDefault();
        this.jump(ev.key === 'PageUp' ? 1 : -1);
      }
    });
    document.addEventListener('keydown', (ev) => {
      if (ev.key !== '[' && ev.key !== ']') return;
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const t = ev.target as HTMLElement | null;
      if (
        t &&
        (t.isContentEditable ||
          t.tagName === 'TEXTAREA' ||
          t.tagName === 'SELECT' ||
          (t.tagName === 'INPUT' &&
            !['range', 'checkbox', 'button'].includes(
              (t as HTMLInputElement).type,
            )))
      )
        return;
      if (document.querySelector('dialog[open]')) return;
      ev.preventDefault();
      this.jump(ev.key === ']' ? 1 : -1);
    });
    new ResizeObserver(() => this.render()).observe(this.box);
  }

  /** Loads the marks as known at `knownAt`; a newer call wins over an older one. */
  async load(knownAt: string | undefined): Promise<void> {
    const seq = ++this.seq;
    try {
      const answer = await api.dates(knownAt);
      if (seq !== this.seq) return;
      this.dates = answer.dates;
    } catch {
      if (seq !== this.seq) return;
      this.dates = [];
    }
    this.render();
    this.announce(this.getAt(), false);
  }

  /** Moves to the next (1) or previous (-1) marked date and says what happened on it. */
  jump(dir: 1 | -1): void {
    // Only the dates the slider can show: a deal dated before its start is no place to jump to.
    const first = dayToIso(Number(this.slider.min));
    const last = dayToIso(Number(this.slider.max));
    const target = neighbourDate(
      this.dates.filter((d) => d.date >= first && d.date <= last),
      this.getAt(),
      dir,
    );
    if (!target) {
      this.status.textContent =
        dir > 0 ? 'No later marked date.' : 'No earlier marked date.';
      return;
    }
    this.go(target.date);
    this.announce(target.date, true);
  }

  /** The status line under the slider: what happened on `at`, when it is a marked date. */
  announce(at: string, jumped: boolean): void {
    const d = this.dates.find((x) => x.date === at);
    if (d) this.status.textContent = describeDate(d, this.nameOf);
    else if (jumped || this.status.textContent)
      this.status.textContent = this.dates.length
        ? `${this.dates.length} marked dates: [ ] or PgUp/PgDn jump between them`
        : '';
  }

  render(): void {
    const min = Number(this.slider.min);
    const max = Number(this.slider.max);
    const span = Math.max(1, max - min);
    const at = this.getAt();
    const marks = this.dates
      .map((d) => ({ d, day: isoToDay(d.date) }))
      .filter(({ day }) => day >= min && day <= max)
      .map(({ d, day }) => {
        const mark = h('span', {
          class: `mark${d.restatement ? ' restated' : ''}${d.kinds.some((k) => k === 'defaulted') ? ' default' : ''}${d.date === at ? ' current' : ''}`,
          title: describeDate(d, this.nameOf),
          'data-date': d.date,
          'data-kinds': d.kinds.join(' '),
          onclick: () => {
            this.go(d.date);
            this.announce(d.date, true);
          },
        });
        mark.style.left = `calc(8px + (100% - 16px) * ${((day - min) / span).toFixed(5)})`;
        return mark;
      });
    this.box.replaceChildren(...marks);
    document.body.dataset.marks = String(marks.length);
  }
}
