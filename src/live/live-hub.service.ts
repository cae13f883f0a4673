import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Observable, Subscription } from 'rxjs';
import {
  EVENT_STORE,
  EventStore,
  RecordedEvent,
} from '../event-store/event-store.port';
import type { DatedEvent } from '../exposure/domain/dated-event';
import type { TemporalIndex } from '../exposure/domain/temporal-index';
import {
  CommittedFeed,
  ExposureProjection,
} from '../exposure/exposure.projection';
import { HealthRegistry } from '../health/health.registry';
import {
  ScenarioProgress,
  ScenarioProgressMessage,
} from '../scenarios/scenario-progress';
import { metadataField } from '../event-store/metadata-field';
import type { JsonValue } from '../shared/json';
import { LiveFact, LiveFold, UnloadedStream } from './domain/live-fact';
import {
  LiveFilter,
  messageMatches,
  wantsExposure,
} from './domain/live-filter';
import {
  asOfMessage,
  exposureMessages,
  LiveMessage,
  ownMessage,
} from './domain/live-message';
import { LiveClient, LiveSink } from './live-client';
import { MessageCursor } from './live.request';
import { LIVE_OPTIONS, LiveOptions } from './live.options';

/** What the hub follows: the exposure projection's feed (an ExposureProjection fits). */
export interface LiveFeedSource {
  readonly feed$: Observable<CommittedFeed>;
  /** While a client is connected: each batch as soon as it commits (see ExposureProjection). */
  followClosely?(): () => void;
}

export interface LiveStats {
  position: number;
  caughtUp: boolean;
  /** Not folding: no client, none for `idleAfterMs` (see {@link LiveHub}). */
  idle: boolean;
  subscribers: number;
  resyncs: number;
  replays: number;
}

/**
 * The live channel's heart. It follows the exposure projection's feed (the committed events, as
 * the projection commits them, with its temporal index) and folds them into facts; what an event
 * changed in exposures is read from that one index as known at the event's position. The fold
 * starts `ringSize` events before the projection's checkpoint at start-up (the feed does not carry
 * those: they are read from the store), so the ring holds the last facts again after a restart;
 * the state of an entity an event after that touches is loaded then, from its own stream — the
 * streams a stretch of the fold touches in one read of several (see {@link load} and
 * {@link LiveFold}) — never the whole store. Every client is served the facts after its cursor, in
 * position order, through its own filter. Resumes inside the in-memory ring are served from it;
 * older ones replay the store from the client's cursor through a fresh fold, loading the same way,
 * so messages and ids are the same whether a client resumes a second or a week later, before or
 * after a restart.
 *
 * A client whose connection buffer grows past the bound is sent `resync` and closed: writes
 * never wait for a client, so a slow one cannot stall the fold or anyone else.
 *
 * The fold runs only while someone watches: the hub starts idle, and goes idle again
 * `idleAfterMs` after its last client has gone. Idle, it follows the feed's steps without folding
 * them (where they have got to, and the index that holds them) and keeps nothing folded; the first
 * client to connect starts the fold again where the feed has got to, `ringSize` events back, as a
 * restart does — the same facts, so the same messages and ids.
 */
@Injectable()
export class LiveHub
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Live');
  /** Replaced by one starting where the first feed step says (see {@link begin}). */
  private fold = new LiveFold();
  private begun = false;
  /**
   * An event's valid time for the fold, read from its metadata's stored text where the store keeps
   * it: folding every committed event would otherwise parse its whole metadata (hashes, ids, actor)
   * for one field, and keep the parsed copy in the ring until a message needs it.
   */
  private readonly effectiveAtOf: (
    event: RecordedEvent,
  ) => JsonValue | undefined;
  /** Resolves once the fold's start is chosen (clients that connect before wait for it). */
  private began: Promise<void>;
  private markBegun!: () => void;
  private readonly ring: LiveFact[] = [];
  private readonly clients = new Set<LiveClient>();
  /** Sinks closed for resync whose peers have not read the rest yet. */
  private readonly closing = new Set<LiveSink>();
  private readonly messages = new WeakMap<
    LiveFact,
    Map<string, LiveMessage[]>
  >();
  private readonly waiters: { position: number; resolve: () => void }[] = [];
  private subscription?: Subscription;
  private progressSubscription?: Subscription;
  /** Releases the projection's close following (held while a client is connected). */
  private closely?: () => void;
  /** Feed steps not yet folded (while the store is read for the positions before them). */
  private readonly feedQueue: CommittedFeed[] = [];
  private pumping = false;
  /** The index of the last step folded: it holds every ledger event up to the fold's position. */
  private index?: TemporalIndex;
  private caughtUp = false;
  private nextClientId = 1;
  private resyncs = 0;
  private replays = 0;
  private failure?: string;
  private stopped = false;
  private startedAt = 0;
  /** Not folding (see the class's comment); from the start unless `idleAfterMs` is null. */
  private idle: boolean;
  /** While idle: the position the feed's steps have reached (the fold starts again from there). */
  private idleAt = 0;
  private idleTimer?: NodeJS.Timeout;
  /** When the fold last had the event loop back (see {@link breathe}). */
  private sliceStart = 0;
  /** Moves on when the fold is dropped or started again: a step in progress is taken up afresh. */
  private generation = 0;
  /**
   * Woken, the fold reads the store up to where the feed had got to (`position`): done once it
   * has (or it went idle again). Clients connecting meanwhile wait for it (see {@link connect}).
   */
  private refolding?: {
    readonly position: number;
    readonly done: Promise<void>;
    readonly resolve: () => void;
  };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LIVE_OPTIONS) readonly options: LiveOptions,
    private readonly health: HealthRegistry,
    private readonly progress: ScenarioProgress,
    @Inject(ExposureProjection) private readonly source: LiveFeedSource,
  ) {
    this.effectiveAtOf = metadataField(store, 'effectiveAt');
    this.began = new Promise((resolve) => (this.markBegun = resolve));
    this.idle = options.idleAfterMs !== null;
  }

  onApplicationBootstrap(): void {
    // While catching up (from `ringSize` events before the projection's checkpoint) /health says how far it is.
    this.health.register('live', async () => ({
      status: this.failure ? 'down' : this.caughtUp ? 'up' : 'starting',
      ...this.stats(),
      ...(this.caughtUp
        ? {}
        : { head: await this.store.headPosition().catch(() => null) }),
      ...(this.failure ? { error: this.failure } : {}),
    }));
    this.startedAt = Date.now();
    this.subscribe();
    this.progressSubscription = this.progress.messages$.subscribe((m) =>
      this.onProgress(m),
    );
  }

  /**
   * Scenario progress is not stored: forwarded as it happens to clients without a date scope,
   * with no id (not resumable). A recorded run's completion comes from its stored event instead.
   */
  private onProgress(m: ScenarioProgressMessage): void {
    if (m.type === 'scenario.completed' && m.position !== undefined) return;
    const data: LiveMessage['data'] =
      m.type === 'scenario.progress'
        ? {
            scenarioId: m.id,
            kind: m.kind,
            done: m.position,
            total: m.total,
            companies: [],
            deals: [],
          }
        : {
            scenarioId: m.id,
            kind: m.kind,
            summary: JSON.parse(
              JSON.stringify(m.summary),
            ) as LiveMessage['data'],
            companies: [],
            deals: [],
          };
    const message: LiveMessage = { event: m.type, data };
    for (const client of this.clients) {
      if (
        client.state !== 'live' ||
        client.filter.at !== undefined ||
        !messageMatches(message, client.filter)
      )
        continue;
      client.sink.send(message);
    }
  }

  /** Before the HTTP server closes: it waits for open connections, and live ones never end by themselves. */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.idleTimer);
    this.refolded();
    this.subscription?.unsubscribe();
    this.progressSubscription?.unsubscribe();
    for (const client of [...this.clients]) {
      this.disconnect(client);
      client.sink.close(true);
    }
    for (const sink of [...this.closing]) sink.close(true);
  }

  /** The last position folded (idle: the last the feed has reached). */
  get position(): number {
    return this.idle ? this.idleAt : this.fold.position;
  }

  stats(): LiveStats {
    return {
      position: this.position,
      caughtUp: this.caughtUp,
      idle: this.idle,
      subscribers: this.clients.size,
      resyncs: this.resyncs,
      replays: this.replays,
    };
  }

  /**
   * Resolves once the fold has reached `position` (and its clients have been served it). Idle, the
   * fold starts again (and, with no client, goes idle `idleAfterMs` after).
   */
  whenProcessed(position: number): Promise<void> {
    this.wake();
    this.idleLater();
    if (this.fold.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /**
   * Registers a client. Without `afterPosition` it starts from the store's head now;
   * with it, it gets every message after that position first.
   */
  async connect(
    filter: LiveFilter,
    after: MessageCursor | undefined,
    sink: LiveSink,
  ): Promise<LiveClient> {
    // Woken, the fold first reads the ring's events from the store again, thousands at a time: a
    // client joins once it has them, so they are served from the ring at the client's pace
    // rather than pushed to it as fast as they are folded (a live client would fall behind).
    this.wake();
    while (this.refolding) {
      await this.refolding.done;
      this.wake(); // gone idle meanwhile (its last client left): started again
    }
    // From now on: after every message of the head position.
    const head = after === undefined ? await this.store.headPosition() : 0;
    const client = new LiveClient(
      this.nextClientId++,
      filter,
      after ?? { position: head },
      sink,
    );
    const start = client.cursor;
    this.clients.add(client);
    this.followClosely();
    sink.started(client.lastId);
    const first = this.ring[0]?.position;
    if (!this.begun) {
      // The fold's start is not chosen yet: what it will fold comes live; what lies before it, replayed.
      void this.catchUp(client, this.beforeStart(start), 0);
      return client;
    }
    // The ring serves the client when it holds the fact right after its cursor (or the fold has not passed it yet).
    if (
      start >= this.fold.position ||
      (first !== undefined && first <= start + 1)
    ) {
      void this.catchUp(
        client,
        this.ring.filter((f) => f.position > start),
        this.fold.position,
      );
    } else {
      this.replays++;
      void this.catchUp(
        client,
        this.replayFacts(start, this.fold.position),
        this.fold.position,
      );
    }
    return client;
  }

  disconnect(client: LiveClient, closeSink = false): void {
    if (client.state === 'closed') return;
    client.state = 'closed';
    client.pending = [];
    this.clients.delete(client);
    this.followClosely();
    this.idleLater();
    if (closeSink) client.sink.close();
  }

  /** With no client left: idle after `idleAfterMs` unless one connects meanwhile. */
  private idleLater(): void {
    const after = this.options.idleAfterMs;
    if (after === null || this.idle || this.clients.size > 0 || this.stopped)
      return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.goIdle(), after);
    this.idleTimer.unref();
  }

  /** Stops folding and drops what was folded (the ring, the entities' histories). */
  private goIdle(): void {
    this.idleTimer = undefined;
    if (this.idle || this.stopped || this.clients.size > 0) return;
    // a wait for a position holds the fold until it is served
    if (this.waiters.length > 0) return this.idleLater();
    this.idle = true;
    this.generation++;
    if (this.begun) this.idleAt = Math.max(this.idleAt, this.fold.position);
    this.refolded();
    this.fold = new LiveFold();
    this.ring.length = 0;
    // a catch-up still waiting for the old start (its client gone) ends; the next fold has its own
    this.markBegun();
    this.begun = false;
    this.began = new Promise((resolve) => (this.markBegun = resolve));
    this.logger.log(
      `idle at position ${this.idleAt}: no client for ${this.options.idleAfterMs} ms`,
    );
  }

  /**
   * A client (or a wait) wants the fold: it starts again where the feed's steps have got to, as
   * at a restart (the feed carries only later events, the store is read up to there).
   */
  private wake(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.idle || this.stopped) return;
    this.idle = false;
    this.generation++;
    // Before any step came, the first one starts the fold, as it would have.
    if (!this.index) return;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.refolding = { position: this.idleAt, done, resolve };
    this.feedQueue.unshift({
      kind: 'events',
      after: this.idleAt,
      events: [],
      index: this.index,
    });
    if (!this.pumping) void this.pump();
  }

  /** The fold has read the store up to where it was woken (or will not: idle again, stopped). */
  private refolded(): void {
    this.refolding?.resolve();
    this.refolding = undefined;
  }

  /** Idle: a feed step followed, not folded — where the feed has got to, and the index now. */
  private follow(step: CommittedFeed): void {
    this.index = step.index;
    const end =
      step.kind === 'events'
        ? (step.events.at(-1)?.position ?? step.after)
        : step.position;
    if (end > this.idleAt) this.idleAt = end;
    if (step.kind === 'caught-up') this.caughtUpAt(end);
  }

  /** The projection's first `caught-up` step is past: /health says `up` from now on. */
  private caughtUpAt(position: number): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    this.logger.log(
      `caught up at position ${position} in ${Date.now() - this.startedAt} ms${this.idle ? '; idle until a client connects' : ''}`,
    );
  }

  /**
   * With a client connected, the projection hands over each live batch as soon as it commits;
   * with none, it may gather a few milliseconds of them under load (fewer read-model commits).
   */
  private followClosely(): void {
    if (this.clients.size > 0) this.closely ??= this.source.followClosely?.();
    else {
      this.closely?.();
      this.closely = undefined;
    }
  }

  private subscribe(): void {
    this.subscription = this.source.feed$.subscribe((step) => {
      this.feedQueue.push(step);
      if (!this.pumping) void this.pump();
    });
  }

  /**
   * Folds the feed's steps in order. A step that starts after the fold's position (the events
   * before the projection's checkpoint at start-up, or after a rebuild's promotion) waits while
   * the store is read up to it; otherwise a step is folded at once, in the turn it arrives.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    this.sliceStart = performance.now();
    try {
      while (this.feedQueue.length > 0 && !this.stopped) {
        const step = this.feedQueue[0];
        if (this.idle) {
          this.follow(step);
          this.feedQueue.shift();
          continue;
        }
        // the fold dropped or started again while a read awaited: the step is taken up afresh
        const generation = this.generation;
        const upTo = step.kind === 'events' ? step.after : step.position;
        if (!this.begun) this.begin(upTo, step.index);
        if (this.fold.position < upTo) await this.readStore(upTo, step.index);
        if (generation !== this.generation) continue;
        // taken off the queue once folded: after an error it is folded again from where it stopped
        if (step.kind === 'events') {
          const unloaded = this.fold.unloaded(step.events);
          if (unloaded.length > 0)
            await this.load(this.fold, unloaded, step.index);
          if (generation !== this.generation) continue;
          // the projection's envelopes, matched by position: the fold need not read them again
          const envelopes = step.envelopes ?? [];
          let e = 0;
          for (const event of step.events) {
            while (
              e < envelopes.length &&
              envelopes[e].position < event.position
            )
              e++;
            const envelope =
              envelopes[e]?.position === event.position
                ? envelopes[e]
                : undefined;
            this.onEvent(event, step.index, envelope);
          }
        }
        this.feedQueue.shift();
        if (this.refolding && this.fold.position >= this.refolding.position)
          this.refolded();
        if (step.kind === 'caught-up') this.caughtUpAt(this.fold.position);
        this.failure = undefined;
        const pause = this.breathe();
        if (pause) await pause;
      }
    } catch (error) {
      if (this.stopped) return;
      this.failure = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `folding the projection's feed failed at position ${this.fold.position + 1}: ${this.failure}; retrying`,
      );
      setTimeout(() => {
        if (!this.stopped && !this.pumping) void this.pump();
      }, 1000).unref();
    } finally {
      this.pumping = false;
    }
  }

  /**
   * The fold starts `ringSize` events before the first step's checkpoint (the projection's at
   * start-up), so that the ring holds the last facts as before a restart; nothing before is read.
   */
  private begin(checkpoint: number, index: TemporalIndex): void {
    // it holds every ledger event up to the checkpoint: a replay up to the start reads it
    this.index = index;
    this.fold = new LiveFold({
      after: Math.max(0, checkpoint - this.options.ringSize),
      effectiveAtOf: this.effectiveAtOf,
    });
    this.begun = true;
    this.markBegun();
    this.logger.log(
      `folding from position ${this.fold.startPosition + 1} (checkpoint ${checkpoint})`,
    );
  }

  /** Folds the store's events after the fold's position up to `upTo` (the feed did not carry them). */
  private async readStore(upTo: number, index: TemporalIndex): Promise<void> {
    const fold = this.fold;
    for await (const events of this.storeChunks(fold, upTo, index)) {
      for (const event of events) {
        if (this.stopped || fold !== this.fold) return;
        this.onEvent(event, index);
      }
      const pause = this.breathe();
      if (pause) await pause;
    }
  }

  /**
   * After `FOLD_SLICE_MS` of folding without a turn of the event loop (a backlog: the store read at
   * a start or a wake, the steps that queued while an entity loaded), a promise of one: the
   * requests waiting are served and the clients' sockets written out — a backlog folded in one go
   * would leave megabytes in a live client's buffer, which reads as a client not keeping up
   * (`resync`). Within the slice, nothing to wait for: a step costs no extra turn.
   */
  private breathe(): Promise<void> | undefined {
    if (performance.now() - this.sliceStart < FOLD_SLICE_MS) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.sliceStart = performance.now();
        resolve();
      }),
    );
  }

  /**
   * The store's events after `fold`'s position up to `upTo`, a chunk at a time, each chunk's
   * entity streams loaded into the fold before it is handed over (to be folded before the next).
   */
  private async *storeChunks(
    fold: LiveFold,
    upTo: number,
    index: TemporalIndex,
  ): AsyncIterable<readonly RecordedEvent[]> {
    while (fold.position < upTo && !this.stopped) {
      const events: RecordedEvent[] = [];
      for await (const event of this.store.readAll({
        fromPosition: fold.position + 1,
        maxCount: STORE_CHUNK,
      })) {
        if (event.position > upTo) break;
        events.push(event);
      }
      if (events.length === 0) return;
      const unloaded = fold.unloaded(events);
      if (unloaded.length > 0) await this.load(fold, unloaded, index);
      yield events;
      // a chunk not folded through (an error, a stop) would be read again from the same position
      if (fold.position < events[events.length - 1].position) return;
    }
  }

  /**
   * Reads the streams' events before the fold's first of each — those at or before the fold's
   * start, as an event after it would have loaded the stream — in one read of several streams,
   * and loads them into the fold.
   */
  private async load(
    fold: LiveFold,
    streams: readonly UnloadedStream[],
    index: TemporalIndex,
  ): Promise<void> {
    const earlier = new Map<string, RecordedEvent[]>();
    for (const { streamId } of streams) earlier.set(streamId, []);
    for await (const event of this.store.readStreams([...earlier.keys()], {
      toPosition: fold.startPosition,
    }))
      earlier.get(event.streamId)?.push(event);
    for (const [streamId, events] of earlier)
      fold.load(streamId, events, index);
  }

  private onEvent(
    event: RecordedEvent,
    index: TemporalIndex,
    envelope?: DatedEvent,
  ): void {
    if (event.position <= this.fold.position) return; // folded already (read from the store)
    this.index = index;
    const fact = this.fold.apply(event, index, envelope);
    this.ring.push(fact);
    // Trimmed in steps of a tenth, not one by one: shifting the array on every event would cost O(ring).
    if (this.ring.length > this.ringCapacity())
      this.ring.splice(0, this.ring.length - this.options.ringSize);
    for (const client of this.clients) {
      if (client.state === 'live') this.deliver(client, fact);
      else if (client.state === 'replaying') {
        client.pending.push(fact);
        if (client.pending.length > this.options.maxPending)
          this.resync(client);
      }
    }
    while (this.waiters.length > 0) {
      const i = this.waiters.findIndex((w) => w.position <= fact.position);
      if (i < 0) break;
      this.waiters.splice(i, 1)[0].resolve();
    }
  }

  /**
   * The messages of a fact for a client, built once per fact and scope and shared by all clients
   * alike. Exposure updates are computed only when a client's filter can pass them.
   */
  private messagesOf(
    fact: LiveFact,
    filter: LiveFilter,
  ): readonly LiveMessage[] {
    let cache = this.messages.get(fact);
    if (!cache)
      this.messages.set(fact, (cache = new Map<string, LiveMessage[]>()));
    if (filter.at !== undefined) {
      let scoped = cache.get(filter.at);
      if (!scoped) {
        const m = asOfMessage(fact, filter.at);
        cache.set(filter.at, (scoped = m ? [m] : []));
      }
      return scoped;
    }
    let own = cache.get('');
    if (!own) cache.set('', (own = [ownMessage(fact)]));
    if (!wantsExposure(filter)) return own;
    let all = cache.get('+exposure');
    if (!all)
      cache.set('+exposure', (all = [...own, ...exposureMessages(fact)]));
    return all;
  }

  /**
   * Sends one fact's messages to a client, all of them or none: they share the fact's position as
   * their id, so a client resuming after it must have had them all. They are sent in one
   * synchronous run, which the SSE sink writes out in a single write. Live, a buffer still over
   * its bound from earlier facts means the client is not keeping up: resync before any of them
   * (one large fact alone is fine). Replaying (`paced`), the caller waits for the buffer to drain
   * instead.
   */
  private deliver(client: LiveClient, fact: LiveFact, paced = false): void {
    if (fact.position <= client.cursor || client.state === 'closed') return;
    const skip =
      client.skip && client.skip.position === fact.position
        ? (client.skip.index ?? -1)
        : -1;
    const messages = this.messagesOf(fact, client.filter).filter(
      (m, i) => i > skip && messageMatches(m, client.filter),
    );
    if (
      messages.length > 0 &&
      !paced &&
      client.sink.bufferedBytes() > this.options.maxBufferBytes
    ) {
      this.resync(client);
      return;
    }
    for (const message of messages) client.sink.send(message);
    client.sent += messages.length;
    client.lastId = String(fact.position);
    client.cursor = fact.position;
    client.skip = undefined;
  }

  /** The most facts the ring holds (it is trimmed back to `ringSize` in steps of a tenth). */
  private ringCapacity(): number {
    return this.options.ringSize + Math.ceil(this.options.ringSize / 10);
  }

  private resync(client: LiveClient): void {
    if (client.state === 'closed') return;
    this.resyncs++;
    this.logger.warn(
      `client ${client.id} fell behind after message ${client.lastId}: sent resync and closed`,
    );
    this.disconnect(client);
    client.sink.resync(client.lastId);
    this.closing.add(client.sink);
    setTimeout(() => this.closing.delete(client.sink), 15_000).unref();
  }

  /**
   * Serves a resuming client its backlog at the pace it reads (waiting for its buffer to drain
   * rather than cutting it off), with live facts queued meanwhile, then hands it over to live.
   * The backlog ends at `upTo`, the fold's position when the client connected; queued facts follow.
   */
  private async catchUp(
    client: LiveClient,
    backlog: Iterable<LiveFact> | AsyncIterable<LiveFact>,
    upTo: number,
  ): Promise<void> {
    try {
      for await (const fact of backlog) {
        if (isClosed(client)) return;
        await this.deliverPaced(client, fact);
      }
      if (isClosed(client)) return;
      client.cursor = Math.max(client.cursor, upTo);
      while (client.pending.length > 0) {
        const fact = client.pending.shift()!;
        await this.deliverPaced(client, fact);
        if (isClosed(client)) return;
      }
      client.state = 'live';
    } catch (error) {
      this.logger.error(
        `catch-up for client ${client.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.disconnect(client, true);
    }
  }

  private async deliverPaced(
    client: LiveClient,
    fact: LiveFact,
  ): Promise<void> {
    while (
      client.state === 'replaying' &&
      client.sink.bufferedBytes() > this.options.maxBufferBytes
    ) {
      await client.sink.drained();
    }
    this.deliver(client, fact, true);
  }

  /**
   * The facts after `after` up to `upTo`, folded afresh from the store (the same facts the hub
   * made, by position, read against the same index) by a fold starting at `after`: the entities
   * they touch are loaded from their own streams, nothing before `after` is read otherwise.
   */
  private async *replayFacts(
    after: number,
    upTo: number,
  ): AsyncIterable<LiveFact> {
    const index = this.index;
    if (!index) return;
    const fold = new LiveFold({ after, effectiveAtOf: this.effectiveAtOf });
    for await (const events of this.storeChunks(fold, upTo, index))
      for (const event of events) yield fold.apply(event, index);
  }

  /**
   * For a client that connected before the fold's start was chosen: once it is, the facts from
   * the client's cursor up to it (the fold's own facts come to the client as they are folded).
   */
  private async *beforeStart(after: number): AsyncIterable<LiveFact> {
    await this.began;
    const start = this.fold.startPosition;
    if (after >= start) return;
    this.replays++;
    yield* this.replayFacts(after, start);
  }
}

/** Events read from the store at a time (their streams loaded before they are folded). */
const STORE_CHUNK = 1000;
/** The longest the fold keeps the event loop (see `LiveHub.breathe`). */
const FOLD_SLICE_MS = 10;

/** Read afresh: the state changes while a catch-up awaits. */
function isClosed(client: LiveClient): boolean {
  return client.state === 'closed';
}
