import { Subject } from 'rxjs';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamsOptions,
  RecordedEvent,
} from '../event-store/event-store.port';
import { toDatedEvent } from '../exposure/domain/dated-event';
import { TemporalIndex } from '../exposure/domain/temporal-index';
import type { CommittedFeed } from '../exposure/exposure.projection';
import { HealthRegistry } from '../health/health.registry';
import { ScenarioProgress } from '../scenarios/scenario-progress';
import { EventLog, supplyDeal } from '../../test/kits/sealed-events';
import { LiveHub } from './live-hub.service';
import { DEFAULT_LIVE_OPTIONS } from './live.options';
import type { LiveSink } from './live-client';
import { LiveFold } from './domain/live-fact';
import { ALL, messagesFor } from './domain/live-filter';
import type { LiveMessage } from './domain/live-message';

/** Items one by one, each after a turn (as a store's reads come). */
async function* asyncOf<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

/**
 * The log as a store: what the hub reads of it (and how often it reads the whole log); each read
 * of several streams as its list of ids.
 */
function storeOf(log: EventLog) {
  const reads = {
    all: [] as number[],
    streams: [] as string[],
    batches: [] as string[][],
  };
  const events = log.events as unknown as RecordedEvent[];
  const store = {
    headPosition: () => Promise.resolve(events.length),
    readAll: (options: ReadAllOptions = {}) => {
      const from = options.fromPosition ?? 1;
      reads.all.push(from);
      const out = events.filter((e) => e.position >= from);
      return asyncOf(out.slice(0, options.maxCount ?? out.length));
    },
    readStreams: (
      streamIds: readonly string[],
      options: ReadStreamsOptions = {},
    ) => {
      reads.streams.push(...streamIds);
      reads.batches.push([...streamIds]);
      const to = options.toPosition ?? Infinity;
      // stream after stream, each in revision order (the port's promise)
      return asyncOf(
        [...new Set(streamIds)].flatMap((id) =>
          events.filter((e) => e.streamId === id && e.position <= to),
        ),
      );
    },
  } as unknown as EventStore;
  return { store, reads };
}

function recordingSink(): LiveSink & { messages: LiveMessage[] } {
  const messages: LiveMessage[] = [];
  return {
    messages,
    started: () => undefined,
    send: (m) => messages.push(m),
    resync: () => undefined,
    bufferedBytes: () => 0,
    drained: () => Promise.resolve(),
    close: () => undefined,
  };
}

/** Polls a condition the hub reaches on its own (a catch-up's awaits). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++)
    await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

/** Twelve events over three deals (two between the same companies) and two companies. */
function history(): EventLog {
  const log = new EventLog();
  const company = (id: string) =>
    log.append(
      `company-${id}`,
      'CompanyRegistered',
      {
        companyId: id,
        name: id,
        sector: null,
        equityUsd: 1e9,
        externalAssetsUsd: null,
        externalLiabilitiesUsd: null,
      },
      { effectiveAt: '2020-01-01' },
    );
  const pay = (deal: string, amountUsd: number, effectiveAt: string) =>
    log.append(
      `deal-${deal}`,
      'DealPaymentRecorded',
      { dealId: deal, amountUsd },
      { effectiveAt },
    );
  company('openai');
  company('oracle');
  log.append('deal-a', 'DealRecorded', supplyDeal('a', 300e9), {
    effectiveAt: '2025-09-10',
  });
  log.append('deal-b', 'DealRecorded', supplyDeal('b', 40e9), {
    effectiveAt: '2025-10-01',
  });
  pay('a', 5e9, '2025-11-01');
  log.append(
    'deal-a',
    'DealAmended',
    { dealId: 'a', changes: { amountUsd: 250e9 } },
    { effectiveAt: '2025-10-15', reason: 'restated' },
  );
  pay('b', 1e9, '2025-12-01');
  log.append(
    'deal-c',
    'DealRecorded',
    supplyDeal('c', 10e9, 'openai', 'nvidia'),
    { effectiveAt: '2025-12-01' },
  );
  pay('a', 6e9, '2026-01-01');
  pay('c', 1e9, '2026-01-15');
  pay('b', 2e9, '2026-02-01');
  pay('a', 7e9, '2026-02-15');
  return log;
}

/** The history's log, the store over it, the index of every event, and a hub following `feed` (started). */
function startedHub(ringSize: number) {
  const log = history();
  const { store, reads } = storeOf(log);
  const index = new TemporalIndex();
  for (const e of log.events) index.add(toDatedEvent(e)!);
  const feed = new Subject<CommittedFeed>();
  const hub = new LiveHub(
    store,
    { ...DEFAULT_LIVE_OPTIONS, ringSize },
    new HealthRegistry(),
    new ScenarioProgress(),
    { feed$: feed.asObservable() },
  );
  hub.onApplicationBootstrap();
  return { log, reads, index, feed, hub };
}

describe('live hub starting near the checkpoint', () => {
  it('starts ringSize events before the first step, reads only the streams it meets, and serves a client that connected before it started every message a fold from position 1 makes', async () => {
    const { log, reads, index, feed, hub } = startedHub(3);
    try {
      const early = recordingSink();
      await hub.connect(ALL, { position: 2 }, early);
      feed.next({ kind: 'caught-up', position: 12, index });
      await hub.whenProcessed(12);
      // the fold read the store from position 10 (after 12 − 3), and the streams of the deals met there
      expect(reads.all).toContain(10);
      expect(new Set(reads.streams)).toEqual(
        new Set(['deal-a', 'deal-b', 'deal-c']),
      );
      // a client after 5: beyond the ring (10–12), a replay from its cursor
      const later = recordingSink();
      await hub.connect(ALL, { position: 5 }, later);
      const last = log.append(
        'deal-c',
        'DealPaymentRecorded',
        { dealId: 'c', amountUsd: 2e9 },
        { effectiveAt: '2026-03-01' },
      );
      index.add(toDatedEvent(last)!);
      feed.next({ kind: 'events', after: 12, events: [last], index });
      await until(() =>
        [early, later].every((s) => s.messages.at(-1)?.id === '13'),
      );
      expect(hub.stats().replays).toBe(2);

      const fold = new LiveFold();
      const whole = log.events.map((e) => fold.apply(e, index));
      const expected = (after: number) =>
        JSON.stringify(
          whole
            .filter((f) => f.position > after)
            .flatMap((f) => messagesFor(f, ALL)),
        );
      expect(JSON.stringify(early.messages)).toBe(expected(2));
      expect(JSON.stringify(later.messages)).toBe(expected(5));
      // no read of the whole store, for the fold or for the replays (the earliest from the first cursor)
      expect(Math.min(...reads.all)).toBe(3);
    } finally {
      hub.beforeApplicationShutdown();
    }
  });

  it('loads the entities a stretch of the fold meets in one read: one touched four times read once, one begun after the start not read', async () => {
    // given: the fold starts after position 4; from 5 to 12 deal-a is touched four times (from
    // revision 1), deal-b twice (from revision 1), deal-c begins at 8 (revision 0)
    const { log, reads, index, feed, hub } = startedHub(8);
    try {
      // when: the projection's first step says it is caught up at 12
      feed.next({ kind: 'caught-up', position: 12, index });
      await hub.whenProcessed(12);
      // then: one read of the two deals' streams, and the ring's messages are a whole fold's
      expect(reads.batches).toEqual([['deal-a', 'deal-b']]);
      const client = recordingSink();
      await hub.connect(ALL, { position: 4 }, client);
      await until(() => client.messages.at(-1)?.id === '12');
      expect(hub.stats().replays).toBe(0);
      const fold = new LiveFold();
      const whole = log.events.map((e) => fold.apply(e, index));
      expect(JSON.stringify(client.messages)).toBe(
        JSON.stringify(
          whole
            .filter((f) => f.position > 4)
            .flatMap((f) => messagesFor(f, ALL)),
        ),
      );
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});
