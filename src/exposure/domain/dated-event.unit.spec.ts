import { datedEvent, toDatedEvent } from './dated-event';
import type { RecordedEvent } from '../../event-store/event-store.port';

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

describe('the envelope a stored event becomes (one object per indexed event)', () => {
  it('is its own event: the type and data as the store read them, with its instants', () => {
    const e = toDatedEvent(recorded)!;
    expect(e.event).toBe(e);
    expect(e.event).toMatchObject({
      type: 'DealPaymentRecorded',
      data: { dealId: 'd1', amountUsd: 250 },
    });
    expect(e.event.data).toBe(recorded.data); // not upcast: the store's own object
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
  });

  it('takes an event without a valid time as effective when recorded, and has one shape for all', () => {
    const unannounced = toDatedEvent({ ...recorded, metadata: {} })!;
    expect(unannounced.effectiveAtMs).toBe(unannounced.recordedAtMs);
    expect(unannounced.announcedAtMs).toBeUndefined();
    expect(Object.keys(unannounced)).toEqual(
      Object.keys(toDatedEvent(recorded)!),
    );
    expect(toDatedEvent({ ...recorded, type: 'ScenarioRan' })).toBeNull();
  });

  it('answers its event when copied by spreading', () => {
    const e = datedEvent(
      3,
      1000,
      900,
      'DealTerminated',
      { dealId: 'd9' },
      undefined,
    );
    const moved = { ...e, position: 4 };
    expect(moved.event).toMatchObject({
      type: 'DealTerminated',
      data: { dealId: 'd9' },
    });
  });
});
