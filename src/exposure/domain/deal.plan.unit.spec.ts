import fc from 'fast-check';
import { addMonthsMs } from '../../shared/time';
import { wholeMonthsBetween } from './deal.plan';

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
