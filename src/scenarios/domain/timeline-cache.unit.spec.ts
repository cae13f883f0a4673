import { datedEvent } from '../../exposure/domain/dated-event';
import {
  buildTemporalIndex,
  TemporalIndex,
} from '../../exposure/domain/temporal-index';
import { ScenarioTimeline } from './overlay';
import { OverlayItem } from './scenario.definition';
import { TimelineCache } from './timeline-cache';

const T = Date.parse('2025-01-01T00:00:00.000Z');
const registered = (position: number, companyId: string) =>
  datedEvent(
    position,
    T,
    T,
    'CompanyRegistered',
    { companyId, name: companyId },
    undefined,
  );
const suppress = (deal: string): OverlayItem => ({
  type: 'SuppressDeal',
  deal,
});

/** A cache and a counter of the timelines it had made. */
function given() {
  const cache = new TimelineCache();
  let made = 0;
  const timelineOf = (
    real: TemporalIndex,
    overlay: readonly OverlayItem[],
    knownPosition = 1,
    knownAtMs = T,
  ): ScenarioTimeline =>
    cache.timeline(real, knownPosition, overlay, knownAtMs, () => {
      made++;
      return { source: buildTemporalIndex([]), knownPosition, knownAtMs };
    });
  return { cache, timelineOf, made: () => made };
}

describe('the cache of scenario timelines', () => {
  it('given a timeline made, when the same overlay is asked for again, it answers the same one without making another', () => {
    const real = buildTemporalIndex([registered(1, 'a')]);
    const { timelineOf, made } = given();
    const first = timelineOf(real, [suppress('d1')]);
    expect(timelineOf(real, [suppress('d1')])).toBe(first);
    expect(made()).toBe(1);
  });

  it('compares overlays as canonical JSON: the order of an item’s keys does not matter', () => {
    const real = buildTemporalIndex([registered(1, 'a')]);
    const { timelineOf, made } = given();
    const one: OverlayItem = {
      type: 'CompanyRegistered',
      effectiveAt: '2025-02-01T00:00:00.000Z',
      data: { companyId: 'newco', name: 'Newco' },
    };
    const two = {
      data: { name: 'Newco', companyId: 'newco' },
      effectiveAt: '2025-02-01T00:00:00.000Z',
      type: 'CompanyRegistered',
    } as OverlayItem;
    expect(timelineOf(real, [two])).toBe(timelineOf(real, [one]));
    expect(made()).toBe(1);
  });

  it('when another overlay, known position or known time is asked for, it makes another and keeps that one instead', () => {
    const real = buildTemporalIndex([registered(1, 'a')]);
    const { cache, timelineOf, made } = given();
    const first = timelineOf(real, [suppress('d1')]);
    expect(timelineOf(real, [suppress('d2')])).not.toBe(first);
    expect(timelineOf(real, [suppress('d1')], 2)).not.toBe(first);
    const last = timelineOf(real, [suppress('d1')], 1, T + 1);
    expect(last).not.toBe(first);
    expect(made()).toBe(4);
    expect(cache.size).toBe(1);
    expect(timelineOf(real, [suppress('d1')], 1, T + 1)).toBe(last);
    expect(timelineOf(real, [suppress('d1')])).not.toBe(first);
    expect(made()).toBe(5);
  });

  it('when the real index has taken an event since, it makes the timeline again and lets the stale ones go', () => {
    const real = buildTemporalIndex([registered(1, 'a')]);
    const { cache, timelineOf, made } = given();
    const first = timelineOf(real, [suppress('d1')]);
    timelineOf(real, [suppress('d2')]);
    // an import may announce history known at knownAt: the timeline may change
    real.add(registered(2, 'b'));
    expect(timelineOf(real, [suppress('d1')])).not.toBe(first);
    expect(made()).toBe(3);
    expect(cache.size).toBe(1);
  });

  it('a rebuilt projection is another index: its timelines are made anew', () => {
    const { timelineOf, made } = given();
    const first = timelineOf(buildTemporalIndex([registered(1, 'a')]), []);
    timelineOf(buildTemporalIndex([registered(1, 'a')]), []);
    expect(made()).toBe(2);
    expect(first).toBeDefined();
  });

  it('lets the timeline it kept go before it makes another: two are never kept at once', () => {
    const real = buildTemporalIndex([registered(1, 'a')]);
    const cache = new TimelineCache();
    cache.timeline(real, 1, [suppress('d1')], T, () => ({
      source: real,
      knownPosition: 1,
      knownAtMs: T,
    }));
    cache.timeline(real, 1, [suppress('d2')], T, () => {
      expect(cache.size).toBe(0);
      return { source: real, knownPosition: 1, knownAtMs: T };
    });
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
