import { Subject } from 'rxjs';
import type {
  EventStore,
  SubscriptionMessage,
} from '../../src/event-store/event-store.port';
import { HealthRegistry } from '../../src/health/health.registry';
import { LiveHub } from '../../src/live/live-hub.service';
import { DEFAULT_LIVE_OPTIONS } from '../../src/live/live.options';
import { ScenarioProgress } from '../../src/scenarios/scenario-progress';
import { EventLog, supplyDeal } from '../audit/sealed-events';

/** A store whose subscription the test drives: catching up until it says `caught-up`. */
function drivenStore(head: number) {
  const feed = new Subject<SubscriptionMessage>();
  const store = {
    subscribeAll: () => feed.asObservable(),
    headPosition: () => Promise.resolve(head),
  } as unknown as EventStore;
  return { store, feed };
}

describe('live hub in /health while it catches up', () => {
  it('reports starting with its position and the store head, then up once caught up', async () => {
    const log = new EventLog();
    log.append('deal-x', 'DealRecorded', supplyDeal('x', 10e9), {
      effectiveAt: '2025-01-01',
    });
    log.append(
      'deal-x',
      'DealPaymentRecorded',
      { dealId: 'x', amountUsd: 1e9 },
      { effectiveAt: '2025-02-01' },
    );
    const { store, feed } = drivenStore(log.events.length);
    const health = new HealthRegistry();
    const hub = new LiveHub(
      store,
      DEFAULT_LIVE_OPTIONS,
      health,
      new ScenarioProgress(),
    );
    hub.onApplicationBootstrap();
    try {
      expect((await health.collect()).live).toMatchObject({
        status: 'starting',
        position: 0,
        head: 2,
        caughtUp: false,
      });
      feed.next({ kind: 'event', event: log.events[0] });
      expect((await health.collect()).live).toMatchObject({
        status: 'starting',
        position: 1,
        head: 2,
      });
      feed.next({ kind: 'event', event: log.events[1] });
      feed.next({ kind: 'caught-up', position: 2 });
      const live = (await health.collect()).live;
      expect(live).toMatchObject({ status: 'up', position: 2, caughtUp: true });
      expect(live).not.toHaveProperty('head');
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});
