import { Subject } from 'rxjs';
import type { EventStore } from '../event-store/event-store.port';
import { toDatedEvent } from '../exposure/domain/dated-event';
import { TemporalIndex } from '../exposure/domain/temporal-index';
import type { CommittedFeed } from '../exposure/exposure.projection';
import { HealthRegistry } from '../health/health.registry';
import { LiveHub } from './live-hub.service';
import { DEFAULT_LIVE_OPTIONS } from './live.options';
import { ScenarioProgress } from '../scenarios/scenario-progress';
import { EventLog, supplyDeal } from '../../test/kits/sealed-events';
import type { LiveSink } from './live-client';
import { ALL } from './domain/live-filter';

/** A projection feed the test drives (catching up until it says `caught-up`), and a store's head. */
function drivenFeed(head: number) {
  const feed = new Subject<CommittedFeed>();
  const store = {
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
    const { store, feed } = drivenFeed(log.events.length);
    const index = new TemporalIndex();
    for (const e of log.events) index.add(toDatedEvent(e)!);
    const health = new HealthRegistry();
    const hub = new LiveHub(
      store,
      DEFAULT_LIVE_OPTIONS,
      health,
      new ScenarioProgress(),
      { feed$: feed.asObservable() },
    );
    hub.onApplicationBootstrap();
    try {
      expect((await health.collect()).live).toMatchObject({
        status: 'starting',
        position: 0,
        head: 2,
        caughtUp: false,
      });
      feed.next({ kind: 'events', after: 0, events: [log.events[0]], index });
      expect((await health.collect()).live).toMatchObject({
        status: 'starting',
        position: 1,
        head: 2,
      });
      feed.next({ kind: 'events', after: 1, events: [log.events[1]], index });
      feed.next({ kind: 'caught-up', position: 2, index });
      const live = (await health.collect()).live;
      expect(live).toMatchObject({ status: 'up', position: 2, caughtUp: true });
      expect(live).not.toHaveProperty('head');
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});

describe('live hub and the projection following', () => {
  it('asks the projection for each batch at once while a client is connected, and lets go when none is', async () => {
    const { store, feed } = drivenFeed(0);
    let close = 0;
    const hub = new LiveHub(
      store,
      DEFAULT_LIVE_OPTIONS,
      new HealthRegistry(),
      new ScenarioProgress(),
      {
        feed$: feed.asObservable(),
        followClosely: () => {
          close++;
          return () => close--;
        },
      },
    );
    hub.onApplicationBootstrap();
    const sink = (): LiveSink => ({
      started: () => undefined,
      send: () => undefined,
      resync: () => undefined,
      bufferedBytes: () => 0,
      drained: () => Promise.resolve(),
      close: () => undefined,
    });
    try {
      expect(close).toBe(0);
      const first = await hub.connect(ALL, undefined, sink());
      const second = await hub.connect(ALL, undefined, sink());
      expect(close).toBe(1);
      hub.disconnect(first);
      expect(close).toBe(1);
      hub.disconnect(second);
      expect(close).toBe(0);
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});
