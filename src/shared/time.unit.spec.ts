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
