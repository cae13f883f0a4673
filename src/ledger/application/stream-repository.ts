import { StreamNotFoundError } from '../../event-store/event-store.errors';
import {
  AppendResult,
  EventStore,
  RecordedEvent,
} from '../../event-store/event-store.port';
import {
  GENESIS_HASH,
  ledgerSchemaVersion,
  SealedEvent,
  StreamFact,
} from '../domain/ledger.seal';
import { toLedgerEvent } from '../domain/ledger.upcasters';
import { BoundedCache } from '../../shared/bounded-cache';

/** How a stream family reads and is sealed: stored event → fact, and each type's schema version. */
export interface StreamCodec<F extends StreamFact> {
  /** The family's one read path (its upcasters): the fact its evolve folds. */
  readonly read: (recorded: RecordedEvent) => F;
  readonly schemaVersion: (type: string) => number;
}

/** Ledger streams read through toLedgerEvent; the envelope is a LedgerFact with more fields. */
export const LEDGER_CODEC: StreamCodec<StreamFact> = {
  read: toLedgerEvent,
  schemaVersion: ledgerSchemaVersion,
};

/** A keyed write already in the stream: enough to give a retry the first answer. */
export interface KeyedWrite {
  readonly commandHash: string;
  readonly revision: number;
  readonly position: number;
}

/** A stream folded to its current state, with what the next append needs. */
export interface LoadedStream<S> {
  state: S;
  /** Revision of the last event; undefined while the stream does not exist. */
  revision: number | undefined;
  /** The last event's hash (the next event's prevHash). */
  lastHash: string;
  /** Events written under an Idempotency-Key, by event id. */
  readonly keyed: Map<string, KeyedWrite>;
}

/**
 * Loads and folds streams through their family's read path (`codec`; the ledger's by default), keeping the folded state per
 * stream so a command on a long stream does not re-read it: a cached stream is trusted until an
 * append at its revision fails, then brought up to date from its next revision (never re-read whole).
 * Bounded: beyond `maxStreams`, the streams unused for longest are dropped (see BoundedCache).
 */
export class StreamRepository<S, F extends StreamFact> {
  private readonly cache: BoundedCache<string, LoadedStream<S>>;

  constructor(
    private readonly store: EventStore,
    private readonly evolve: (state: S, fact: F) => S,
    private readonly initialState: S,
    maxStreams = 20_000,
    // The ledger's codec reads every ledger fact type; another family passes its own.
    readonly codec: StreamCodec<F> = LEDGER_CODEC as StreamCodec<F>,
  ) {
    this.cache = new BoundedCache(maxStreams);
  }

  /**
   * The stream as cached, without asking the store (undefined when not cached): what `load`
   * answers when not `fresh`, without a promise — a write on a cached stream reads nothing.
   */
  cached(streamId: string): LoadedStream<S> | undefined {
    return this.cache.get(streamId);
  }

  /** The stream as cached, or (when `fresh`, or not cached) caught up with the store. */
  async load(streamId: string, fresh = false): Promise<LoadedStream<S>> {
    const cached = this.cache.get(streamId);
    // Fresh: a cached stream whose revision the store confirms needs no read at all.
    if (
      cached &&
      (!fresh ||
        (cached.revision !== undefined &&
          (await this.store.streamRevision(streamId)) === cached.revision))
    )
      return cached;
    const entry: LoadedStream<S> = cached
      ? {
          state: cached.state,
          revision: cached.revision,
          lastHash: cached.lastHash,
          keyed: new Map(cached.keyed),
        }
      : {
          state: this.initialState,
          revision: undefined,
          lastHash: GENESIS_HASH,
          keyed: new Map(),
        };
    // A stream never seen: ask for its revision first (cheap), so a new stream costs no failed read.
    if (
      entry.revision === undefined &&
      (await this.store.streamRevision(streamId)) === undefined
    ) {
      this.remember(streamId, entry);
      return entry;
    }
    try {
      const fromRevision =
        entry.revision === undefined ? 0 : entry.revision + 1;
      for await (const recorded of this.store.readStream(streamId, {
        fromRevision,
      })) {
        entry.state = this.evolve(entry.state, this.codec.read(recorded));
        entry.revision = recorded.revision;
        entry.lastHash = recorded.metadata.hash as string;
        const hash = (recorded.metadata as { commandHash?: unknown })
          .commandHash;
        if (typeof hash === 'string')
          entry.keyed.set(recorded.id, {
            commandHash: hash,
            revision: recorded.revision,
            position: recorded.position,
          });
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    this.remember(streamId, entry);
    return entry;
  }

  /** After a successful append of `sealed` (the facts' stored form) at the entry's revision. */
  appended(
    streamId: string,
    entry: LoadedStream<S>,
    facts: readonly F[],
    sealed: readonly SealedEvent[],
    result: AppendResult,
  ): void {
    const expectedNext = (entry.revision ?? -1) + sealed.length;
    if (result.nextExpectedRevision !== expectedNext) {
      // The store answered an idempotent replay of events we did not have in the cache: re-read later.
      this.cache.delete(streamId);
      return;
    }
    const next: LoadedStream<S> = {
      state: entry.state,
      revision: result.nextExpectedRevision,
      lastHash: entry.lastHash,
      keyed: entry.keyed,
    };
    for (const fact of facts) next.state = this.evolve(next.state, fact);
    sealed.forEach((event, i) => {
      const revision = result.nextExpectedRevision - (sealed.length - 1 - i);
      const hash = event.metadata.commandHash;
      if (typeof hash === 'string')
        next.keyed.set(event.id, {
          commandHash: hash,
          revision,
          position: result.position,
        });
    });
    next.lastHash = sealed[sealed.length - 1].metadata.hash as string;
    this.remember(streamId, next);
  }

  forget(streamId: string): void {
    this.cache.delete(streamId);
  }

  private remember(streamId: string, entry: LoadedStream<S>): void {
    this.cache.set(streamId, entry);
  }
}
