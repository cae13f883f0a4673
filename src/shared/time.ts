import { ValidationError } from './errors';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant as stored everywhere: ISO 8601, UTC, milliseconds (`2025-09-10T00:00:00.000Z`). */
export type Instant = string;

/**
 * Strict ISO 8601 parsing: a date alone means 00:00 UTC of that day; impossible dates
 * (`2025-13-45`, `2025-02-30`) are refused with a message naming `field`.
 */
export function parseInstant(value: unknown, field: string): Instant {
  if (typeof value !== 'string')
    throw new ValidationError(field, 'must be an ISO 8601 date or time');
  const ms = instantMillis(value);
  if (typeof ms === 'string') throw new ValidationError(field, ms);
  // A calendar date (checked above) is its own day at midnight: the text is known without a Date.
  if (value.length === 10) return `${value}T00:00:00.000Z`;
  return new Date(ms).toISOString();
}

/**
 * The epoch milliseconds of an ISO 8601 date or instant, or what is wrong with it (parseInstant's
 * message). Throws nothing and builds no string for a valid one: body validation asks this of
 * every date field of every write.
 */
function instantMillis(value: string): number | string {
  // The common case, a date (`2025-06-01`), read digit by digit: no match array, no substrings.
  const day = dateOnlyMillis(value);
  if (day !== undefined) return day;
  const t = DATE_TIME.exec(value);
  if (!t) return `"${value}" is not an ISO 8601 date or time`;
  if (!isCalendarDate(+t[1], +t[2], +t[3]))
    return `"${value}" is not a calendar date`;
  if (+t[4] > 23 || +t[5] > 59 || (t[6] !== undefined && +t[6] > 59))
    return `"${value}" is not a valid time of day`;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : `"${value}" is not a valid date`;
}

/**
 * `YYYY-MM-DD` as instantMillis reads it (its milliseconds, or what is wrong with it), or
 * undefined for any other text (a date with a time, or not a date at all).
 */
function dateOnlyMillis(value: string): number | string | undefined {
  if (
    value.length !== 10 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45
  )
    return undefined;
  const y = digitsAt(value, 0, 4);
  const m = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  if (y < 0 || m < 0 || day < 0) return undefined;
  if (!isCalendarDate(y, m, day)) return `"${value}" is not a calendar date`;
  return civilMillis(y, m, day);
}

/** The decimal number of value[from, to), or -1 when a character there is not an ASCII digit. */
export function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Like parseInstant, but undefined/empty stays undefined. */
export function parseOptionalInstant(
  value: unknown,
  field: string,
): Instant | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return parseInstant(value, field);
}

/** A calendar date (`YYYY-MM-DD`), checked; times are refused. */
export function parseDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) {
    throw new ValidationError(field, 'must be a date (YYYY-MM-DD)');
  }
  const d = DATE_ONLY.exec(value)!;
  checkCalendar(+d[1], +d[2], +d[3], field, value);
  return value;
}

/** True for what parseInstant accepts (a string it would not refuse). */
export function isValidInstantString(value: string): boolean {
  return typeof instantMillis(value) === 'number';
}

function checkCalendar(
  y: number,
  m: number,
  day: number,
  field: string,
  raw: string,
): void {
  if (!isCalendarDate(y, m, day))
    throw new ValidationError(field, `"${raw}" is not a calendar date`);
}

function isCalendarDate(y: number, m: number, day: number): boolean {
  return m >= 1 && m <= 12 && day >= 1 && day <= daysInMonth(y, m);
}

/** Days in month `m` (1–12) of year `y` (proleptic Gregorian). */
export function daysInMonth(y: number, m: number): number {
  if (m !== 2) return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/**
 * The day number since 1970-01-01 of a proleptic Gregorian date (month 1–12), as `Date.UTC` counts
 * it for every year, in integer arithmetic (H. Hinnant's days_from_civil): no call out of the
 * compiled code, for loops that convert a date per event or per payment.
 */
export function daysFromCivil(
  year: number,
  month: number,
  day: number,
): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy =
    Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * What `Date.UTC` answers (month 1–12), for every year: `Date.UTC` itself reads years 0–99 as
 * 1900–1999 (`0025-06-01` would become 1925), and is a call out of the compiled code.
 */
function civilMillis(
  year: number,
  month: number,
  day: number,
  hours = 0,
  minutes = 0,
  seconds = 0,
  ms = 0,
): number {
  return (
    daysFromCivil(year, month, day) * 86_400_000 +
    hours * 3_600_000 +
    minutes * 60_000 +
    seconds * 1000 +
    ms
  );
}

/**
 * Milliseconds since the epoch of a stored instant or date: `Date.parse` for any ISO 8601 text,
 * with a fast path for the canonical instant the store and the ledger write
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`, 24 characters) — the same number, about a third of the cost: a
 * rebuild reads two instants per event, and every write compares a few.
 */
export function toMillis(value: Instant): number {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  )
    return Date.parse(value);
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  const hour = digitsAt(value, 11, 13);
  const minute = digitsAt(value, 14, 16);
  const second = digitsAt(value, 17, 19);
  const ms = digitsAt(value, 20, 23);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  )
    return Date.parse(value); // out of range or not digits: Date.parse decides (NaN)
  return civilMillis(year, month, day, hour, minute, second, ms);
}

/**
 * Epoch ms of `ms` plus `months` calendar months (UTC, day clamped to the month's end). The one
 * month arithmetic of the service: payment plans, horizons and instants all step through it.
 */
export function addMonthsMs(ms: number, months: number): number {
  const d = new Date(ms);
  const m = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(m / 12);
  const monthIndex = m - Math.floor(m / 12) * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, monthIndex + 1));
  return civilMillis(
    year,
    monthIndex + 1,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** Adds whole calendar months in UTC (day clamped to the month's end). */
export function addMonthsUtc(instant: Instant, months: number): Instant {
  return new Date(addMonthsMs(Date.parse(instant), months)).toISOString();
}

/** The clock comes in from the edge; tests pin it. */
export const CLOCK = Symbol('CLOCK');
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
