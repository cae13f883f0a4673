import fc from 'fast-check';
import type { DatedEvent } from '../../src/exposure/domain/dated-event';
import { History, investment, loan, supply } from './history.fixture';

/**
 * Random ledger histories for the temporal index's property specs: a few companies and deals,
 * recorded and amended, paid, written down, terminated, retracted, defaulted and cured, at random
 * effective days, recorded at random gaps and now and then announced before their recording.
 */

const at = (iso: string) => Date.parse(iso);

export const COMPANIES = ['a', 'b', 'c', 'd'];
export const DEALS = ['d1', 'd2', 'd3', 'd4', 'd5'];
export const T0 = at('2020-01-01');
export const DAY = 86_400_000;

export const arbDay = fc
  .integer({ min: 0, max: 6 * 365 })
  .map((d) => T0 + d * DAY);
export const arbAmount = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 1000 }),
);

export type Step = { kind: string; [k: string]: unknown };
export const arbStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('company'),
    id: fc.constantFrom(...COMPANIES),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constant('deal'),
    id: fc.constantFrom(...DEALS),
    dealKind: fc.constantFrom('supply', 'loan', 'investment'),
    from: fc.constantFrom(...COMPANIES),
    to: fc.constantFrom(...COMPANIES),
    amount: arbAmount,
    start: fc.option(arbDay, { nil: null }),
    end: fc.option(arbDay, { nil: null }),
    schedule: fc.option(
      fc.array(fc.tuple(arbDay, fc.integer({ min: 1, max: 300 })), {
        minLength: 1,
        maxLength: 3,
      }),
      { nil: null },
    ),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constant('amend'),
    id: fc.constantFrom(...DEALS),
    amount: arbAmount,
    end: fc.option(arbDay, { nil: null }),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constantFrom('pay', 'writeDown'),
    id: fc.constantFrom(...DEALS),
    amount: fc.integer({ min: 1, max: 200 }),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constantFrom('terminate', 'retract'),
    id: fc.constantFrom(...DEALS),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constantFrom('default', 'cure', 'report'),
    id: fc.constantFrom(...COMPANIES),
    eff: arbDay,
    amount: fc.integer({ min: 1, max: 1000 }),
  }),
);

/** Minutes between one event's recording and the next's, cycled by `toHistory`. */
export const arbGaps = fc.array(fc.integer({ min: 0, max: 3 }), {
  minLength: 1,
  maxLength: 5,
});

export function toHistory(
  steps: readonly Step[],
  recordedGaps: readonly number[],
  /** Minutes before its recording each event was announced (null: not announced), cycled. */
  announceLags: readonly (number | null)[] = [null],
): DatedEvent[] {
  const h = new History('2026-01-01T00:00:00Z');
  const recorded = new Set<string>();
  // The ledger registers a company once (its decider refuses a second registration), as it
  // records a deal once: a history with two registrations of one company cannot be stored.
  const registered = new Set<string>();
  let clock = at('2026-01-01');
  steps.forEach((s, i) => {
    const before = h.envelopes.length;
    apply(s, i);
    const lag = announceLags[i % announceLags.length];
    if (h.envelopes.length > before && lag !== null)
      h.announced(new Date(clock - lag * 60_000).toISOString());
  });
  return h.envelopes;

  function apply(s: Step, i: number): void {
    // recorded time mostly advances, sometimes stands still (equal recordedAt for several positions)
    clock += recordedGaps[i % recordedGaps.length] * 60_000;
    const rec = new Date(clock).toISOString();
    const eff = new Date(s.eff as number).toISOString();
    const id = s.id as string;
    switch (s.kind) {
      case 'company':
        if (registered.has(id)) return;
        registered.add(id);
        h.company(id, eff, { equityUsd: 100 }, rec);
        break;
      case 'deal': {
        if (recorded.has(id) || s.from === s.to) return;
        recorded.add(id);
        const parties =
          s.dealKind === 'supply'
            ? supply(s.from as string, s.to as string)
            : s.dealKind === 'loan'
              ? loan(s.from as string, s.to as string)
              : investment(s.from as string, s.to as string);
        const schedule = (s.schedule as [number, number][] | null)?.map(
          ([d, a]) => ({ date: new Date(d).toISOString(), amountUsd: a }),
        );
        h.deal(
          id,
          parties,
          {
            amountUsd: s.amount as number | null,
            startDate:
              s.start === null
                ? null
                : new Date(s.start as number).toISOString(),
            endDate:
              s.end === null ? null : new Date(s.end as number).toISOString(),
            schedule: schedule ?? null,
          },
          eff,
          rec,
        );
        break;
      }
      case 'amend':
        if (!recorded.has(id)) return;
        h.amend(
          id,
          {
            amountUsd: s.amount as number | null,
            ...(s.end !== null
              ? { endDate: new Date(s.end as number).toISOString() }
              : {}),
          },
          eff,
          rec,
        );
        break;
      case 'pay':
        if (recorded.has(id)) h.pay(id, s.amount as number, eff, rec);
        break;
      case 'writeDown':
        if (recorded.has(id)) h.writeDown(id, s.amount as number, eff, rec);
        break;
      case 'terminate':
        if (recorded.has(id)) h.terminate(id, eff, rec);
        break;
      case 'retract':
        if (recorded.has(id)) h.retract(id, eff, rec);
        break;
      case 'default':
        h.defaulted(id, eff, 0.5, rec);
        break;
      case 'cure':
        h.cured(id, eff, rec);
        break;
      case 'report':
        h.report(
          id,
          eff,
          {
            totalAssetsUsd: 2 * (s.amount as number),
            totalLiabilitiesUsd: s.amount as number,
          },
          rec,
        );
        break;
    }
  }
}

/**
 * Histories of a few long deals: each recorded once, then payments (mostly), amendments,
 * write-downs, a termination or a retraction, each effective some days after the deal's last
 * event (the live path: appended at the end of the deal's fold order) or, now and then, before it.
 */
export const arbLongDeals: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(
      fc.record({
        dealKind: fc.constantFrom('supply', 'loan', 'investment'),
        from: fc.nat(3),
        // another company than `from`
        to: fc.integer({ min: 1, max: 3 }),
        amount: arbAmount,
        start: fc.option(arbDay, { nil: null }),
        end: fc.option(arbDay, { nil: null }),
        eff: arbDay,
      }),
      { minLength: 1, maxLength: 3 },
    ),
    fc.array(
      fc.record({
        deal: fc.nat(2),
        kind: fc.constantFrom(
          'pay',
          'pay',
          'pay',
          'pay',
          'amend',
          'writeDown',
          'terminate',
          'retract',
        ),
        amount: fc.integer({ min: 1, max: 200 }),
        end: fc.option(arbDay, { nil: null }),
        days: fc.integer({ min: -40, max: 90 }),
      }),
      { minLength: 5, maxLength: 40 },
    ),
  )
  .map(([deals, events]) => {
    const steps: Step[] = COMPANIES.map((id) => ({
      kind: 'company',
      id,
      eff: T0,
    }));
    const lastEff = deals.map((d) => d.eff);
    deals.forEach((d, i) =>
      steps.push({
        ...d,
        kind: 'deal',
        id: DEALS[i],
        from: COMPANIES[d.from],
        to: COMPANIES[(d.from + d.to) % COMPANIES.length],
        schedule: null,
      }),
    );
    for (const e of events) {
      const i = e.deal % deals.length;
      lastEff[i] += e.days * DAY;
      // mostly retractions come last: a retracted deal takes nothing more
      if (e.kind === 'retract' && e.days % 3 !== 0) continue;
      steps.push({
        kind: e.kind,
        id: DEALS[i],
        amount: e.amount,
        end: e.end,
        eff: lastEff[i],
      });
    }
    return steps;
  });
