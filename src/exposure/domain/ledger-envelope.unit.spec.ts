import fc from 'fast-check';
import { LedgerEnvelope, toDatedEvent } from './dated-event';
import type { RecordedEvent } from '../../event-store/event-store.port';

const envelopeAt = (
  recordedAtMs: number,
  effectiveAtMs: number,
): LedgerEnvelope =>
  new LedgerEnvelope(
    7,
    recordedAtMs,
    effectiveAtMs,
    'DealPaymentRecorded',
    { dealId: 'd1', amountUsd: 100 },
    undefined,
  );

describe('LedgerEnvelope (one object per indexed event)', () => {
  it('gives back every instant it was given, exactly', () => {
    fc.assert(
      fc.property(
        fc.double(),
        fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
        (a, b) => {
          const e = envelopeAt(a, b);
          expect(Object.is(e.recordedAtMs, a)).toBe(true);
          expect(Object.is(e.effectiveAtMs, b)).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
    for (const ms of [
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      1.5,
      -1,
      2 ** 30,
      2 ** 30 - 1,
      -(2 ** 30),
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      2 ** 60,
      Date.parse('2026-12-06T23:59:59.999Z'),
      Date.parse('1900-01-01T00:00:00.000Z'),
    ]) {
      const e = envelopeAt(ms, ms);
      expect(Object.is(e.recordedAtMs, ms)).toBe(true);
      expect(Object.is(e.effectiveAtMs, ms)).toBe(true);
    }
  });

  it('is its own event: the type and data as the store read them', () => {
    const recorded: RecordedEvent = {
      id: 'e1',
      streamId: 'deal-d1',
      revision: 1,
      position: 12,
      recordedAt: '2026-03-01T10:00:00.000Z',
      type: 'DealPaymentRecorded',
      data: { dealId: 'd1', amountUsd: 250 },
      metadata: {
        effectiveAt: '2026-02-28T00:00:00.000Z',
        announcedAt: '2026-03-01T09:00:00.000Z',
        schemaVersion: 1,
      },
    };
    const e = toDatedEvent(recorded)!;
    expect(e.event).toBe(e);
    expect(e.event).toMatchObject({
      type: 'DealPaymentRecorded',
      data: { dealId: 'd1', amountUsd: 250 },
    });
    expect(e.data).toBe(recorded.data); // not upcast: the store's own object
    expect([
      e.position,
      e.recordedAtMs,
      e.effectiveAtMs,
      e.announcedAtMs,
    ]).toEqual([
      12,
      Date.parse('2026-03-01T10:00:00.000Z'),
      Date.parse('2026-02-28T00:00:00.000Z'),
      Date.parse('2026-03-01T09:00:00.000Z'),
    ]);
    const unannounced = toDatedEvent({ ...recorded, metadata: {} })!;
    // no valid time: effective when recorded
    expect(unannounced.effectiveAtMs).toBe(unannounced.recordedAtMs);
    expect(unannounced.announcedAtMs).toBeUndefined();
    expect(toDatedEvent({ ...recorded, type: 'ScenarioRan' })).toBeNull();
  });
});
