import { addMonthsUtc, parseDate, parseInstant } from './time';
import { ValidationError } from './errors';

describe('parseInstant', () => {
  it('reads a date alone as 00:00 UTC of that day', () => {
    expect(parseInstant('2025-06-01', 'at')).toBe('2025-06-01T00:00:00.000Z');
  });
  it('normalises offsets to UTC', () => {
    expect(parseInstant('2025-09-10T12:00:00+02:00', 'at')).toBe(
      '2025-09-10T10:00:00.000Z',
    );
  });
  it.each([
    '2025-13-45',
    '2025-02-30',
    '2025-06-01T25:00:00Z',
    'yesterday',
    '2025-6-1',
  ])('refuses %s naming the field', (raw) => {
    expect(() => parseInstant(raw, 'effectiveAt')).toThrow(ValidationError);
    expect(() => parseInstant(raw, 'effectiveAt')).toThrow(/^effectiveAt: /);
  });
  it('accepts 29 February only in leap years', () => {
    expect(parseDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(() => parseDate('2025-02-29', 'd')).toThrow(/d: /);
  });
});

describe('addMonthsUtc', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonthsUtc('2025-01-31T00:00:00.000Z', 1)).toBe(
      '2025-02-28T00:00:00.000Z',
    );
  });
  it('adds across years', () => {
    expect(addMonthsUtc('2025-11-15T00:00:00.000Z', 3)).toBe(
      '2026-02-15T00:00:00.000Z',
    );
  });
});

describe('years 0000-0099 (the whole ISO 8601 range)', () => {
  it('are not shifted by 1900', () => {
    expect(parseInstant('0025-06-01', 'd')).toBe('0025-06-01T00:00:00.000Z');
    expect(parseInstant('0099-12-31T23:59:00Z', 'd')).toBe(
      '0099-12-31T23:59:00.000Z',
    );
    expect(addMonthsUtc('0025-01-31T00:00:00.000Z', 1)).toBe(
      '0025-02-28T00:00:00.000Z',
    );
  });
  it('year 0 is a leap year (proleptic Gregorian), 1 and 1900 are not', () => {
    expect(parseInstant('0000-02-29', 'd')).toBe('0000-02-29T00:00:00.000Z');
    expect(parseDate('0000-02-29', 'd')).toBe('0000-02-29');
    expect(() => parseInstant('0001-02-29', 'd')).toThrow(/^d: /);
    expect(() => parseInstant('1900-02-29', 'd')).toThrow(/^d: /);
  });
});
