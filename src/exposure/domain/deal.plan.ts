import {
  assertNever,
  DealKind,
  DealTerms,
  Installment,
} from '../../ledger/domain/ledger.events';
import { addMonthsMs, daysFromCivil, daysInMonth } from '../../shared/time';
import { KIND_NUMBER } from './edge-table';

/**
 * A deal's calendar: when its amounts fall due (or are funded), derived from its terms. Pure.
 */

/**
 * When amounts fall due (loan repayments, supply installments) or are funded (investment tranches):
 * a row of numbers, read through `dueBy`, `planTotal` and `planEndMs`. Not an object of fields: V8
 * boxes each field that holds an instant or an amount, an object per number, and a full collection
 * marks every one of them for every plan a deal keeps (200,000 in a whole network). An array of
 * numbers keeps them inline, in one store the collector does not look into (a `Float64Array` per
 * plan would be two and a half times the bytes, and three times the marking). The kind and
 * signing it was made for are in it too, so a memo of plans keyed by terms needs no wrapper to
 * check a hit.
 *
 * Layout: [shape, total, termEndMs (NaN without an endDate), kind, signedAtMs, …shape's fields]:
 * - `NONE`: nothing ever falls due (a supply without an end, a loan without maturity);
 * - `SINGLE` [atMs]: one amount at one date (a bullet loan, an investment funded at once);
 * - `MONTHLY` [startMs, endMs, count]: equal monthly installments, the k-th at startMs + k
 *   months (k < count), the last at endMs;
 * - `DATED` [dates…, cumulative…]: dates ascending, cumulative[i] the sum of the amounts of
 *   dates[0..i].
 */
export type Plan = readonly number[] & { readonly __plan: true };
/** A plan while it is made. */
type NewPlan = number[] & { readonly __plan: true };

const SHAPE = 0;
const TOTAL = 1;
const TERM_END = 2;
const KIND = 3;
const SIGNED_AT = 4;
const FIELDS = 5;
const NONE = 0;
const SINGLE = 1;
const MONTHLY = 2;
const DATED = 3;

/** The plan's whole amount. */
export function planTotal(plan: Plan): number {
  return plan[TOTAL];
}

/** The terms' endDate (epoch ms), null without one. */
export function planEndMs(plan: Plan): number | null {
  const end = plan[TERM_END];
  return Number.isNaN(end) ? null : end;
}

/** Whether `plan` was made for a deal of `kind` signed at `signedAtMs`. */
export function planMadeFor(
  plan: Plan,
  kind: DealKind,
  signedAtMs: number,
): boolean {
  return plan[KIND] === KIND_NUMBER[kind] && plan[SIGNED_AT] === signedAtMs;
}

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
  const endMs = terms.endDate !== null ? Date.parse(terms.endDate) : NaN;
  const plan = shapeOf(kind, terms, signedAtMs, endMs);
  plan[TERM_END] = endMs;
  plan[KIND] = KIND_NUMBER[kind];
  plan[SIGNED_AT] = signedAtMs;
  return plan;
}

/** A plan of `shape` with `fields` numbers after the common ones, `total` set. */
function planWith(shape: number, total: number, fields: number): NewPlan {
  // every place is set before the plan is read: no hole stays
  const plan = new Array<number>(FIELDS + fields) as NewPlan;
  plan[SHAPE] = shape;
  plan[TOTAL] = total;
  return plan;
}

function shapeOf(
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
  endMs: number,
): NewPlan {
  if (terms.schedule && terms.schedule.length > 0)
    return datedPlan(terms.schedule);
  const amount = terms.amountUsd ?? 0;
  const startMs =
    terms.startDate !== null ? Date.parse(terms.startDate) : signedAtMs;
  switch (kind) {
    case 'loan':
      // Without a schedule: a bullet repaid at endDate.
      return Number.isNaN(endMs)
        ? planWith(NONE, amount, 0)
        : single(endMs, amount);
    case 'supply': {
      if (Number.isNaN(endMs)) return planWith(NONE, amount, 0);
      if (endMs <= startMs) return single(endMs, amount);
      // first due one month after startDate; the last falls on endDate.
      const whole = wholeMonthsBetween(startMs, endMs);
      const count = addMonthsMs(startMs, whole) === endMs ? whole : whole + 1;
      const plan = planWith(MONTHLY, amount, 3);
      plan[FIELDS] = startMs;
      plan[FIELDS + 1] = endMs;
      plan[FIELDS + 2] = Math.max(1, count);
      return plan;
    }
    case 'investment':
      // Without a schedule: the whole amount funded at startDate (else the signing).
      return single(startMs, amount);
    default:
      return assertNever(kind);
  }
}

function single(atMs: number, amount: number): NewPlan {
  const plan = planWith(SINGLE, amount, 1);
  plan[FIELDS] = atMs;
  return plan;
}

function datedPlan(schedule: readonly Installment[]): NewPlan {
  if (schedule.length === 1)
    return single(Date.parse(schedule[0].date), schedule[0].amountUsd);
  const items = schedule
    .map((i) => ({ at: Date.parse(i.date), amount: i.amountUsd }))
    .sort((a, b) => a.at - b.at);
  const n = items.length;
  const plan = planWith(DATED, 0, 2 * n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += items[i].amount;
    plan[FIELDS + i] = items[i].at;
    plan[FIELDS + n + i] = sum;
  }
  plan[TOTAL] = sum;
  return plan;
}

/** The amount of the plan due (or funded) on or before `t`. */
export function dueBy(plan: Plan, t: number): number {
  switch (plan[SHAPE]) {
    case NONE:
      return 0;
    case DATED: {
      // last index with dates[i] <= t
      const n = (plan.length - FIELDS) >> 1;
      let lo = 0;
      let hi = n - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (plan[FIELDS + mid] <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? 0 : plan[FIELDS + n + found];
    }
    case SINGLE:
      return t >= plan[FIELDS] ? plan[TOTAL] : 0;
    case MONTHLY: {
      const total = plan[TOTAL];
      if (t >= plan[FIELDS + 1]) return total;
      const count = plan[FIELDS + 2];
      const k = Math.min(wholeMonthsBetween(plan[FIELDS], t), count - 1);
      return k <= 0 ? 0 : (total * k) / count;
    }
    default:
      throw new Error(`not a plan: shape ${plan[SHAPE]}`);
  }
}
