import { Subject } from 'rxjs';
import { creditorDebtor } from '../ledger/domain/deal-kinds';
import { History, supply } from '../../test/kits/history.fixture';
import { deferredCode } from './domain/deferred-deal-events';
import { TemporalIndex } from './domain/temporal-index';
import type { CommittedFeed, ExposureProjection } from './exposure.projection';
import { IndexWarmer, indexWarmingFromEnv } from './index-warmer';

/** An index of `deals` deals, each recorded and paid twice, every deal event kept as text. */
function keptIndex(deals: number): TemporalIndex {
  const history = new History('2026-01-01T00:00:00Z')
    .company('a', '2020-01-01')
    .company('b', '2020-01-01');
  for (let d = 0; d < deals; d++)
    history
      .deal(`d${d}`, supply('a', 'b'), { amountUsd: 100 }, '2025-01-01')
      .pay(`d${d}`, 10, '2025-02-01')
      .pay(`d${d}`, 20, '2025-03-01');
  const index = new TemporalIndex();
  for (const e of history.envelopes) {
    const code = deferredCode(e.event.type);
    if (code < 0) {
      index.add(e);
      continue;
    }
    const sides =
      e.event.type === 'DealRecorded' ? creditorDebtor(e.event.data) : null;
    index.addDeferred(
      (e.event.data as { dealId: string }).dealId,
      e.position,
      e.recordedAtMs,
      e.effectiveAtMs,
      NaN,
      code,
      JSON.stringify(e.event.data),
      sides?.creditor,
      sides?.debtor,
    );
  }
  return index;
}

function given(enabled: boolean) {
  const feed = new Subject<CommittedFeed>();
  const projection = { feed$: feed } as unknown as ExposureProjection;
  const warmer = new IndexWarmer(projection, enabled);
  warmer.onApplicationBootstrap();
  const caughtUp = (index: TemporalIndex) =>
    feed.next({ kind: 'caught-up', position: index.headPosition(), index });
  return { warmer, caughtUp };
}

describe('the index warmer', () => {
  it('given the projection caught up, reads every deal kept as text in later turns of the event loop', async () => {
    const index = keptIndex(2_000);
    const { warmer, caughtUp } = given(true);
    caughtUp(index);
    // nothing read in the turn that caught up: the slices come in turns of their own
    expect(index.dealsToRead).toBe(2_000);
    await warmer.whenWarm(index);
    expect(index.dealsToRead).toBe(0);
    expect(index.keptTextBytes).toBe(0);
    expect(index.deferredSize).toBe(6_000);
    warmer.beforeApplicationShutdown();
  });

  it('given a rebuild promoted, warms the new index', async () => {
    const { warmer, caughtUp } = given(true);
    const first = keptIndex(10);
    caughtUp(first);
    await warmer.whenWarm(first);
    const promoted = keptIndex(20);
    caughtUp(promoted);
    await warmer.whenWarm(promoted);
    expect(promoted.dealsToRead).toBe(0);
    warmer.beforeApplicationShutdown();
  });

  it('given a caller that saw the catch-up first, waits for the warmer to hear of it and read every deal', async () => {
    const index = keptIndex(500);
    const { warmer, caughtUp } = given(true);
    const warm = warmer.whenWarm(index);
    caughtUp(index);
    await warm;
    expect(index.dealsToRead).toBe(0);
    warmer.beforeApplicationShutdown();
  });

  it('given a caller waiting for an index that another replaces before its catch-up, lets it go', async () => {
    const stale = keptIndex(10);
    const promoted = keptIndex(10);
    const { warmer, caughtUp } = given(true);
    const warm = warmer.whenWarm(stale);
    const warmPromoted = warmer.whenWarm(promoted);
    caughtUp(promoted);
    await warm;
    await warmPromoted;
    expect(stale.dealsToRead).toBe(10);
    expect(promoted.dealsToRead).toBe(0);
    warmer.beforeApplicationShutdown();
  });

  it('given a caller asking for an index already replaced, or one with no deal to read, answers at once', async () => {
    const { warmer, caughtUp } = given(true);
    const first = keptIndex(10);
    caughtUp(first);
    caughtUp(keptIndex(10));
    let answered = false;
    void warmer.whenWarm(first).then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(true);
    await warmer.whenWarm(new TemporalIndex());
    warmer.beforeApplicationShutdown();
  });

  it('given a caller waiting at shutdown, lets it go', async () => {
    const index = keptIndex(10);
    const { warmer } = given(true);
    const warm = warmer.whenWarm(index);
    warmer.beforeApplicationShutdown();
    await warm;
    expect(index.dealsToRead).toBe(10);
  });

  it('stops at shutdown, the deals left for the folds', async () => {
    const index = keptIndex(50);
    const { warmer, caughtUp } = given(true);
    caughtUp(index);
    warmer.beforeApplicationShutdown();
    await warmer.whenWarm(index);
    await new Promise((resolve) => setImmediate(resolve));
    expect(index.dealsToRead).toBe(50);
  });

  it('off, leaves the deals for the folds', async () => {
    const index = keptIndex(10);
    const { warmer, caughtUp } = given(false);
    caughtUp(index);
    await warmer.whenWarm(index);
    await new Promise((resolve) => setImmediate(resolve));
    expect(index.dealsToRead).toBe(10);
  });

  it('reads TANGLE_WARM_INDEX: on by default, off when asked, anything else refused, naming it', () => {
    expect(indexWarmingFromEnv({})).toBe(true);
    expect(indexWarmingFromEnv({ TANGLE_WARM_INDEX: 'on' })).toBe(true);
    expect(indexWarmingFromEnv({ TANGLE_WARM_INDEX: 'off' })).toBe(false);
    expect(() => indexWarmingFromEnv({ TANGLE_WARM_INDEX: 'yes' })).toThrow(
      /TANGLE_WARM_INDEX must be "on" or "off", got "yes"/,
    );
  });
});
