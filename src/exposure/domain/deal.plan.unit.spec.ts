import fc from 'fast-check';
import { addMonthsMs } from '../../shared/time';
import { DealTerms, termsOfRecorded } from '../../ledger/domain/ledger.events';
import { History, loan } from '../../../test/kits/history.fixture';
import {
  dueBy,
  planEndMs,
  planMadeFor,
  planOf,
  planTotal,
  wholeMonthsBetween,
} from './deal.plan';

/** The definition: the largest k ≥ 0 with addMonthsMs(startMs, k) ≤ t, -1 before the start. */
function reference(startMs: number, t: number): number {
  if (t < startMs) return -1;
  let k = 0;
  while (addMonthsMs(startMs, k + 1) <= t) k++;
  return k;
}

const DAY = 86_400_000;
// years 1600–2400 (the calendar's leap-century rules both ways), and the years 0–99 Date.UTC misreads
const arbInstant = fc.oneof(
  fc.integer({ min: -11_676_096_000_000, max: 13_569_465_600_000 }),
  fc.integer({ min: -62_167_219_200_000, max: -59_011_459_200_000 }),
);

describe('wholeMonthsBetween (calendar by day numbers)', () => {
  it('answers as the definition by addMonthsMs', () => {
    fc.assert(
      fc.property(
        arbInstant,
        fc.integer({ min: -40 * DAY, max: 400 * 31 * DAY }),
        (startMs, span) =>
          expect(wholeMonthsBetween(startMs, startMs + span)).toBe(
            reference(startMs, startMs + span),
          ),
      ),
      { numRuns: 3000 },
    );
  });

  it('at month ends: the 31st runs to the last day of shorter months', () => {
    const jan31 = Date.parse('2024-01-31T12:00:00.000Z');
    for (const [iso, k] of [
      ['2024-02-29T11:59:59.999Z', 0],
      ['2024-02-29T12:00:00.000Z', 1],
      ['2024-03-31T12:00:00.000Z', 2],
      ['2025-02-28T12:00:00.000Z', 13],
      ['2024-01-31T11:00:00.000Z', -1],
    ] as const)
      expect(wholeMonthsBetween(jan31, Date.parse(iso))).toBe(k);
  });
});

/** The terms a recording of 1,200 with `over` gives (the history kit's defaults for the rest). */
function terms(over: Partial<DealTerms>): DealTerms {
  const { event } = new History().deal(
    'd',
    loan('bank', 'acme'),
    { amountUsd: 1_200, ...over },
    '2025-01-01',
  ).envelopes[0];
  if (event.type !== 'DealRecorded') throw new Error('not a recording');
  return termsOfRecorded(event.data);
}
const ms = (iso: string) => Date.parse(iso);
const SIGNED = ms('2025-01-01');

describe('a deal’s plan (a row of numbers read through dueBy, planTotal, planEndMs)', () => {
  it('a loan without a schedule is a bullet at its endDate', () => {
    // given a loan of 1,200 ending 2027-01-01
    const plan = planOf('loan', terms({ endDate: '2027-01-01' }), SIGNED);
    // then nothing is due before the end, all of it from the end on
    expect(dueBy(plan, ms('2026-12-31'))).toBe(0);
    expect(dueBy(plan, ms('2027-01-01'))).toBe(1_200);
    expect(planTotal(plan)).toBe(1_200);
    expect(planEndMs(plan)).toBe(ms('2027-01-01'));
  });

  it('a loan without an end has nothing ever due, and no end', () => {
    const plan = planOf('loan', terms({}), SIGNED);
    expect(dueBy(plan, ms('2100-01-01'))).toBe(0);
    expect(planTotal(plan)).toBe(1_200);
    expect(planEndMs(plan)).toBeNull();
  });

  it('a supply falls due in equal monthly installments from a month after its start to its end', () => {
    // given a supply of 1,200 over twelve months
    const plan = planOf(
      'supply',
      terms({ startDate: '2025-01-01', endDate: '2026-01-01' }),
      SIGNED,
    );
    // then a twelfth is due a month in, half after six months, all at the end
    expect(dueBy(plan, ms('2025-01-31'))).toBe(0);
    expect(dueBy(plan, ms('2025-02-01'))).toBe(100);
    expect(dueBy(plan, ms('2025-07-01'))).toBe(600);
    expect(dueBy(plan, ms('2025-12-31'))).toBe(1_100);
    expect(dueBy(plan, ms('2026-01-01'))).toBe(1_200);
  });

  it('an investment without a schedule is funded at once, at its start or else its signing', () => {
    const atStart = planOf(
      'investment',
      terms({ startDate: '2025-06-01' }),
      SIGNED,
    );
    expect(dueBy(atStart, ms('2025-05-31'))).toBe(0);
    expect(dueBy(atStart, ms('2025-06-01'))).toBe(1_200);
    const atSigning = planOf('investment', terms({}), SIGNED);
    expect(dueBy(atSigning, SIGNED - 1)).toBe(0);
    expect(dueBy(atSigning, SIGNED)).toBe(1_200);
  });

  it('a schedule gives its installments in date order, whatever order it was written in, and their sum as the total', () => {
    const plan = planOf(
      'loan',
      terms({
        amountUsd: null,
        endDate: '2027-01-01',
        schedule: [
          { date: '2026-01-01', amountUsd: 500 },
          { date: '2025-07-01', amountUsd: 200 },
          { date: '2026-07-01', amountUsd: 300 },
        ],
      }),
      SIGNED,
    );
    expect(dueBy(plan, ms('2025-06-30'))).toBe(0);
    expect(dueBy(plan, ms('2025-07-01'))).toBe(200);
    expect(dueBy(plan, ms('2026-03-01'))).toBe(700);
    expect(dueBy(plan, ms('2026-07-01'))).toBe(1_000);
    expect(planTotal(plan)).toBe(1_000);
    expect(planEndMs(plan)).toBe(ms('2027-01-01'));
  });

  it('a schedule of one installment is that one amount at its date', () => {
    const plan = planOf(
      'investment',
      terms({ schedule: [{ date: '2025-03-01', amountUsd: 70 }] }),
      SIGNED,
    );
    expect(dueBy(plan, ms('2025-02-28'))).toBe(0);
    expect(dueBy(plan, ms('2025-03-01'))).toBe(70);
    expect(planTotal(plan)).toBe(70);
  });

  it('says the kind and signing it was made for (what a memo of plans keyed by terms checks)', () => {
    const plan = planOf('loan', terms({ endDate: '2027-01-01' }), SIGNED);
    expect(planMadeFor(plan, 'loan', SIGNED)).toBe(true);
    expect(planMadeFor(plan, 'supply', SIGNED)).toBe(false);
    expect(planMadeFor(plan, 'loan', SIGNED + 1)).toBe(false);
  });
});
