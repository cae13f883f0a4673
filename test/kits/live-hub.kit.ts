// A live hub over a log standing in for the store, as its specs drive it.
import { Subject } from 'rxjs';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamsOptions,
  RecordedEvent,
} from '../../src/event-store/event-store.port';
import { toDatedEvent } from '../../src/exposure/domain/dated-event';
import { TemporalIndex } from '../../src/exposure/domain/temporal-index';
import type { CommittedFeed } from '../../src/exposure/exposure.projection';
import { HealthRegistry } from '../../src/health/health.registry';
import { ScenarioProgress } from '../../src/scenarios/scenario-progress';
import { LiveHub } from '../../src/live/live-hub.service';
import { DEFAULT_LIVE_OPTIONS, LiveOptions } from '../../src/live/live.options';
import type { LiveSink } from '../../src/live/live-client';
import { LiveFold } from '../../src/live/domain/live-fact';
import { ALL, messagesFor } from '../../src/live/domain/live-filter';
import type { LiveMessage } from '../../src/live/domain/live-message';
import { EventLog, supplyDeal } from './sealed-events';

/** What a read waits for before each item: a turn of the microtask queue, unless told. */
export type Turn = () => Promise<void>;
const microtask: Turn = () => Promise.resolve();

/** Items one by one, each after a turn (as a store's reads come). */
async function* asyncOf<T>(items: readonly T[], turn: Turn): AsyncIterable<T> {
  for (const item of items) {
    await turn();
    yield item;
  }
}

/**
 * The log as a store: what the hub reads of it (and how often it reads the whole log); each read
 * of several streams as its list of ids.
 */
export function storeOf(log: EventLog, turn: Turn = microtask) {
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
      return asyncOf(out.slice(0, options.maxCount ?? out.length), turn);
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
        turn,
      );
    },
  } as unknown as EventStore;
  return { store, reads };
}

export function recordingSink(): LiveSink & { messages: LiveMessage[] } {
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
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++)
    await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

/** Twelve events over three deals (two between the same companies) and two companies. */
export function history(): EventLog {
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
export function startedHub(
  ringSize: number,
  options: Partial<LiveOptions> = {},
  turn: Turn = microtask,
) {
  const log = history();
  const { store, reads } = storeOf(log, turn);
  const index = new TemporalIndex();
  for (const e of log.events) index.add(toDatedEvent(e)!);
  const feed = new Subject<CommittedFeed>();
  const hub = new LiveHub(
    store,
    { ...DEFAULT_LIVE_OPTIONS, ringSize, ...options },
    new HealthRegistry(),
    new ScenarioProgress(),
    { feed$: feed.asObservable() },
  );
  hub.onApplicationBootstrap();
  return { log, reads, index, feed, hub };
}

/** Every message a fold from position 1 makes of the whole log, in order. */
export function wholeFold(log: EventLog, index: TemporalIndex): LiveMessage[] {
  const fold = new LiveFold();
  return log.events.flatMap((e) => messagesFor(fold.apply(e, index), ALL));
}

/** The messages a fold from position 1 makes of the whole log, after `after`, as text. */
export function wholeFoldMessages(
  log: EventLog,
  index: TemporalIndex,
  after: number,
): string {
  return JSON.stringify(
    wholeFold(log, index).filter((m) => Number(m.id) > after),
  );
}

/** One more payment committed: appended to the log, added to the index, and its feed step sent. */
export function commitPayment(
  run: ReturnType<typeof startedHub>,
  deal: string,
  amountUsd: number,
  effectiveAt: string,
): void {
  const { log, index, feed } = run;
  const after = log.events.length;
  const event = log.append(
    `deal-${deal}`,
    'DealPaymentRecorded',
    { dealId: deal, amountUsd },
    { effectiveAt },
  );
  index.add(toDatedEvent(event)!);
  feed.next({ kind: 'events', after, events: [event], index });
}

/** A client resuming after `after` (its sink), once it has been sent the messages of `last`. */
export async function resumedTo(
  hub: LiveHub,
  after: number,
  last: number,
  sink: LiveSink & { messages: LiveMessage[] } = recordingSink(),
): Promise<LiveSink & { messages: LiveMessage[] }> {
  await hub.connect(ALL, { position: after }, sink);
  await until(() => sink.messages.at(-1)?.id === String(last));
  return sink;
}
