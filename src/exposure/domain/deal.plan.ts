import {
  assertNever,
  DealKind,
  DealTerms,
  Installment,
} from '../../ledger/domain/ledger.events';
import { addMonthsMs, daysFromCivil, daysInMonth } from '../../shared/time';

/**
 * A deal's calendar: when its amounts fall due (or are funded), derived from its terms. Pure.
 */

/**
 * When amounts fall due (loan repayments, supply installments) or are funded (investment tranches).
 * `dates` ascending, `cumulative[i]` = sum of the amounts of `dates[0..i]`.
 */
export type Plan = PlanShape & {
  /** The terms' endDate (epoch ms), null without one. */
  readonly termEndMs: number | null;
};
type PlanShape =
  | {
      readonly type: 'dated';
      readonly dates: readonly number[];
      readonly cumulative: readonly number[];
      readonly total: number;
    }
  /** One amount at one date (a bullet loan, an investment funded at once): no arrays to keep per deal. */
  | {
      readonly type: 'single';
      readonly atMs: number;
      readonly total: number;
    }
  /** Equal monthly installments: `count` of them, the k-th at startMs + k months (k < count), the last at endMs. */
  | {
      readonly type: 'monthly';
      readonly startMs: number;
      readonly endMs: number;
      readonly count: number;
      readonly total: number;
    }
  /** Nothing ever falls due (a supply without an end, a loan without maturity). */
  | { readonly type: 'none'; readonly total: number };

/**
 * The largest k ≥ 0 with addMonthsMs(startMs, k) ≤ t (-1 when t is before startMs). Read for
 * each monthly plan twice per deal and date (a whole-network answer asks it 200,000 times): the
 * calendar worked out by integer arithmetic on day numbers, without a Date object; the same
 * answer as by addMonthsMs (a property spec compares the two).
 */
export function wholeMonthsBetween(startMs: number, t: number): number {
  if (t < startMs) return -1;
  if (!Number.isFinite(startMs) || !Number.isFinite(t))
    return wholeMonthsByDate(startMs, t);
  const startDays = Math.floor(startMs / DAY_MS);
  const startTime = startMs - startDays * DAY_MS;
  civilFromDays(startDays);
  const startYear = civilYear;
  const startMonth = civilMonth;
  const startDay = civilDay;
  civilFromDays(Math.floor(t / DAY_MS));
  let k = (civilYear - startYear) * 12 + (civilMonth - startMonth);
  while (k > 0) {
    // addMonthsMs(startMs, k): the same day of the month k months on (clamped to its end), same time
    const m = startMonth - 1 + k;
    const year = startYear + Math.floor(m / 12);
    const month = m - Math.floor(m / 12) * 12 + 1;
    const day = Math.min(startDay, daysInMonth(year, month));
    if (daysFromCivil(year, month, day) * DAY_MS + startTime <= t) break;
    k--;
  }
  return k;
}

/** The same by Date objects (an instant outside the calendar's range: Date decides). */
function wholeMonthsByDate(startMs: number, t: number): number {
  const s = new Date(startMs);
  const e = new Date(t);
  let k =
    (e.getUTCFullYear() - s.getUTCFullYear()) * 12 +
    (e.getUTCMonth() - s.getUTCMonth());
  while (k > 0 && addMonthsMs(startMs, k) > t) k--;
  return k;
}

const DAY_MS = 86_400_000;

// the last date `civilFromDays` worked out (module state: no object per call)
let civilYear = 0;
let civilMonth = 0;
let civilDay = 0;

/**
 * The proleptic Gregorian date (as Date reads it) of day number `z` since 1970-01-01, into
 * civilYear / civilMonth (1–12) / civilDay (H. Hinnant's days-to-civil algorithm).
 */
function civilFromDays(z: number): void {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor(
    (doe -
      Math.floor(doe / 1460) +
      Math.floor(doe / 36_524) -
      Math.floor(doe / 146_096)) /
      365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  civilDay = doy - Math.floor((153 * mp + 2) / 5) + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}

export function planOf(
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
): Plan {
  const termEndMs = terms.endDate !== null ? Date.parse(terms.endDate) : null;
  return { ...shapeOf(kind, terms, signedAtMs, termEndMs), termEndMs };
}

function shapeOf(
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
  endMs: number | null,
): PlanShape {
  if (terms.schedule && terms.schedule.length > 0)
    return datedPlan(terms.schedule);
  const amount = terms.amountUsd ?? 0;
  const startMs =
    terms.startDate !== null ? Date.parse(terms.startDate) : signedAtMs;
  switch (kind) {
    case 'loan':
      // Without a schedule: a bullet repaid at endDate.
      return endMs === null
        ? { type: 'none', total: amount }
        : single(endMs, amount);
    case 'supply': {
      if (endMs === null) return { type: 'none', total: amount };
      if (endMs <= startMs) return single(endMs, amount);
      // first due one month after startDate; the last falls on endDate.
      const whole = wholeMonthsBetween(startMs, endMs);
      const count = addMonthsMs(startMs, whole) === endMs ? whole : whole + 1;
      return {
        type: 'monthly',
        startMs,
        endMs,
        count: Math.max(1, count),
        total: amount,
      };
    }
    case 'investment':
      // Without a schedule: the whole amount funded at startDate (else the signing).
      return single(startMs, amount);
    default:
      return assertNever(kind);
  }
}

function single(atMs: number, amount: number): PlanShape {
  return { type: 'single', atMs, total: amount };
}

function datedPlan(schedule: readonly Installment[]): PlanShape {
  if (schedule.length === 1)
    return single(Date.parse(schedule[0].date), schedule[0].amountUsd);
  const items = schedule
    .map((i) => ({ at: Date.parse(i.date), amount: i.amountUsd }))
    .sort((a, b) => a.at - b.at);
  const dates: number[] = [];
  const cumulative: number[] = [];
  let sum = 0;
  for (const i of items) {
    sum += i.amount;
    dates.push(i.at);
    cumulative.push(sum);
  }
  return { type: 'dated', dates, cumulative, total: sum };
}

/** The amount of the plan due (or funded) on or before `t`. */
export function dueBy(plan: PlanShape, t: number): number {
  switch (plan.type) {
    case 'none':
      return 0;
    case 'dated': {
      // last index with dates[i] <= t
      let lo = 0;
      let hi = plan.dates.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (plan.dates[mid] <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? 0 : plan.cumulative[found];
    }
    case 'single':
      return t >= plan.atMs ? plan.total : 0;
    case 'monthly': {
      if (t >= plan.endMs) return plan.total;
      const k = Math.min(wholeMonthsBetween(plan.startMs, t), plan.count - 1);
      return k <= 0 ? 0 : (plan.total * k) / plan.count;
    }
    default:
      return assertNever(plan);
  }
}
