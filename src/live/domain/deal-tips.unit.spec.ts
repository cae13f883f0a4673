import fc from 'fast-check';
import { entityOf, DatedEvent } from '../../exposure/domain/dated-event';
import {
  ExposureUpdate,
  updatesAt,
} from '../../exposure/domain/exposure.updates';
import type { DealEvent } from '../../ledger/domain/ledger.events';
import { TemporalIndex } from '../../exposure/domain/temporal-index';
import { DealTip, DealTips, tipLookup } from './deal-tips';
import { History, loan, supply } from '../../../test/kits/history.fixture';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01');
const day = (n: number) => new Date(T0 + n * DAY).toISOString();

type Step =
  | { kind: 'pay' | 'writeDown'; deal: number; amount: number; eff: number }
  | { kind: 'amend'; deal: number; amount: number; eff: number }
  | { kind: 'terminate' | 'retract'; deal: number; eff: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom('pay' as const, 'writeDown' as const),
      deal: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 1, max: 50 }),
      // mostly moving forward; sometimes backdated before earlier events, or before the signing
      eff: fc.integer({ min: -30, max: 400 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      deal: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 100, max: 2000 }),
      eff: fc.integer({ min: -30, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('terminate' as const, 'retract' as const),
      deal: fc.integer({ min: 0, max: 2 }),
      eff: fc.integer({ min: 0, max: 400 }),
    }),
  },
);

/**
 * Adds every envelope to the index and folds it into the tips; after each, asks the index read
 * through the tips what the live channel asks, and the index alone. Then, with every event
 * indexed, asks again for each event (a client resuming long after).
 */
function compare(h: History, minEvents = 1): void {
  const index = new TemporalIndex();
  const tips = new DealTips(minEvents);
  const counts = new Map<string, number>();
  const pairDeals = ['d0', 'd1', 'd2'].filter((id) =>
    h.envelopes.some(
      (e) => e.event.type === 'DealRecorded' && e.event.data.dealId === id,
    ),
  );
  const asked: {
    envelope: DatedEvent;
    tips: DealTip[];
    updates: ExposureUpdate[];
  }[] = [];
  for (const envelope of h.envelopes) {
    index.add(envelope);
    const entity = entityOf(envelope.event);
    const dealTips =
      entity.kind === 'deal'
        ? tips.advance(
            index,
            entity.id,
            envelope as DatedEvent & { event: DealEvent },
            counts
              .set(entity.id, (counts.get(entity.id) ?? 0) + 1)
              .get(entity.id)!,
          )
        : [];
    const p = envelope.position;
    const lookup = tipLookup(index, dealTips, undefined);
    for (const id of ['d0', 'd1', 'd2'])
      for (const [atMs, known] of [
        [envelope.effectiveAtMs, p],
        [envelope.effectiveAtMs, p - 1],
        [envelope.recordedAtMs, p],
        [envelope.recordedAtMs, p - 1],
        [Infinity, p],
        [Infinity, p - 1],
        [T0 + 100 * DAY, p],
      ])
        expect(lookup.deal(id, atMs, known)).toEqual(
          index.deal(id, atMs, known),
        );
    const updates = updatesAt(index, envelope, lookup);
    expect(updates).toEqual(updatesAt(index, envelope));
    asked.push({ envelope, tips: dealTips, updates });
  }
  for (const { envelope, tips: dealTips, updates } of asked) {
    // the deals between a and b listed by the caller, in the order recorded (as the live fold does)
    const recordedBy = pairDeals.filter((id) =>
      h.envelopes.some(
        (e) =>
          e.position <= envelope.position &&
          e.event.type === 'DealRecorded' &&
          e.event.data.dealId === id,
      ),
    );
    const later = tipLookup(index, dealTips, recordedBy);
    expect(updatesAt(index, envelope, later)).toEqual(updates);
  }
}

describe('deal tips (a deal kept folded event by event) read with the exposure index', () => {
  it('answer as the temporal index for a long deal paid in order', () => {
    const h = new History('2026-01-01T00:00:00Z');
    h.company('a').company('b');
    h.deal('d0', loan('a', 'b'), { amountUsd: 1e6 }, day(0));
    for (let i = 1; i <= 200; i++) h.pay('d0', 10, day(i));
    compare(h);
  });

  it('property: answer as the temporal index, at once and long after, for payments, amendments, backdated events, terminations and retractions', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 40 }), (steps) => {
        const h = new History('2026-06-01T00:00:00Z');
        h.company('a').company('b').company('c');
        h.deal('d0', loan('a', 'b'), { amountUsd: 1000 }, day(0));
        h.deal('d1', supply('a', 'b'), { amountUsd: 800 }, day(10));
        h.deal('d2', loan('c', 'a'), { amountUsd: 500 }, day(5));
        for (const s of steps) {
          const id = `d${s.deal}`;
          if (s.kind === 'pay') h.pay(id, s.amount, day(s.eff));
          else if (s.kind === 'writeDown')
            h.writeDown(id, s.amount, day(s.eff));
          else if (s.kind === 'amend')
            h.amend(id, { amountUsd: s.amount }, day(s.eff));
          else if (s.kind === 'terminate') h.terminate(id, day(s.eff));
          else h.retract(id, day(s.eff));
        }
        compare(h);
        // followed only from a deal's fifth event: taken from the index then
        compare(h, 5);
      }),
      { numRuns: 60 },
    );
  });

  it('a deal whose events come before its DealRecorded is left to the index until it is recorded', () => {
    const h = new History('2026-01-01T00:00:00Z');
    h.company('a').company('b');
    h.pay('d0', 5, day(3));
    h.deal('d0', loan('a', 'b'), { amountUsd: 100 }, day(1));
    h.pay('d0', 7, day(4));
    compare(h);
  });
});
