import type { EventStore } from '../event-store/event-store.port';
import { buildTemporalIndex } from '../exposure/domain/temporal-index';
import type { ExposureProjection } from '../exposure/exposure.projection';
import { History, supply } from '../../test/kits/history.fixture';
import { OverlayItem } from './domain/scenario.definition';
import { ScenarioTimelines, TIMELINE_KEPT_MS } from './scenario-timelines';

/** The service over an index of a small history, its store at that history's head. */
function given() {
  const history = new History('2026-01-01T00:00:00Z')
    .company('a', '2020-01-01')
    .company('b', '2020-01-01')
    .deal('d1', supply('a', 'b'), { amountUsd: 1000 }, '2025-01-01')
    .deal('d2', supply('b', 'a'), { amountUsd: 10 }, '2025-02-01');
  const index = buildTemporalIndex(history.envelopes);
  const store = {
    readAll: () => [{ position: history.head }].values(),
  } as unknown as EventStore;
  const projection = {
    waitFor: () => Promise.resolve(),
    index: () => index,
  } as unknown as ExposureProjection;
  return { timelines: new ScenarioTimelines(store, projection), index };
}
const suppress = (deal: string): OverlayItem => ({
  type: 'SuppressDeal',
  deal,
});
const KNOWN_AT = '2026-06-01T00:00:00.000Z';

describe('the scenario timelines', () => {
  afterEach(() => jest.useRealTimers());

  it('given no overlay, answers the real index itself and keeps nothing', async () => {
    const { timelines, index } = given();
    const { timeline } = await timelines.resolve([], KNOWN_AT);
    expect(timeline.source).toBe(index);
    expect(timelines.kept).toBe(0);
  });

  it('given an overlay, answers the same timeline to the reads that follow', async () => {
    const { timelines, index } = given();
    const first = await timelines.resolve([suppress('d1')], KNOWN_AT);
    expect(first.timeline.source).not.toBe(index);
    const again = await timelines.resolve([suppress('d1')], KNOWN_AT);
    expect(again.timeline).toBe(first.timeline);
    expect(timelines.kept).toBe(1);
  });

  it('lets the timeline go a while after the last read that used it, each read putting that off', async () => {
    jest.useFakeTimers();
    const { timelines } = given();
    await timelines.resolve([suppress('d1')], KNOWN_AT);
    jest.advanceTimersByTime(TIMELINE_KEPT_MS - 1000);
    await timelines.resolve([suppress('d1')], KNOWN_AT);
    jest.advanceTimersByTime(TIMELINE_KEPT_MS - 1000);
    expect(timelines.kept).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(timelines.kept).toBe(0);
  });

  it('checks the overlay against the ledger: a suppressed deal must exist', async () => {
    const { timelines } = given();
    await expect(
      timelines.resolve([suppress('nowhere')], KNOWN_AT),
    ).rejects.toThrow(/nowhere/);
    expect(timelines.kept).toBe(0);
  });

  it('given a timeline kept, when a bad overlay comes, then it answers the error and keeps the timeline', async () => {
    const { timelines } = given();
    const first = await timelines.resolve([suppress('d1')], KNOWN_AT);
    await expect(
      timelines.resolve([suppress('nowhere')], KNOWN_AT),
    ).rejects.toThrow(/nowhere/);
    expect(timelines.kept).toBe(1);
    const again = await timelines.resolve([suppress('d1')], KNOWN_AT);
    expect(again.timeline).toBe(first.timeline);
  });

  it('checks a hypothetical deal against the ledger: an id the ledger has is refused, naming the field', async () => {
    const { timelines } = given();
    await expect(
      timelines.resolve(
        [
          {
            type: 'DealRecorded',
            effectiveAt: '2025-06-01T00:00:00.000Z',
            data: { dealId: 'd2' },
          } as unknown as OverlayItem,
        ],
        KNOWN_AT,
      ),
    ).rejects.toThrow(/overlay\[0\]\.data\.dealId|d2 already exists/);
  });
});
