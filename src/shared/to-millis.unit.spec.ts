import fc from 'fast-check';
import { toMillis } from './time';

describe('toMillis (a rebuild reads two instants per event, a write compares a few)', () => {
  it('equals Date.parse for canonical instants', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString();
          expect(toMillis(iso)).toBe(Date.parse(iso));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers as Date.parse for every other shape, valid or not', () => {
    for (const value of [
      '2025-06-01',
      '2025-06-01T10:00:00Z',
      '2025-09-10T12:00:00.000+02:00',
      '0050-01-01T00:00:00.000Z',
      '2025-02-29T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2000-02-29T12:00:00.000Z',
      '1900-03-01T00:00:00.000Z',
      '1900-02-28T23:59:59.999Z',
      '0100-01-01T00:00:00.000Z',
      '0100-03-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2025-13-01T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z',
      '2025-06-01T24:00:00.000Z',
      '2025-06-01T10:60:00.000Z',
      '2025-06-01T10:00:60.000Z',
      '2025-06-0xT10:00:00.000Z',
      '2025-06-01T10:00:00.0a0Z',
      '2025-06-01T1x:00:00.000Z',
      '2025-06-01T10:0x:00.000Z',
      '0000-02-29T00:00:00.000Z',
      '0004-02-29T12:00:00.000Z',
      '',
      'not a date',
    ])
      expect(toMillis(value)).toEqual(Date.parse(value));
  });
});
