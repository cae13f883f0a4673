import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../../event-store/event-store.errors';
import { EventStore, EVENT_STORE } from '../../event-store/event-store.port';
import { announcedAtOf } from '../domain/ledger.rules';
import { sealFacts, StreamFact } from '../domain/ledger.seal';
import { Clock, CLOCK, systemClock } from '../../shared/time';
import {
  commandHash,
  eventIds,
  IdempotencyKeyReusedError,
  nameBasedUuid,
} from './idempotency';
import { BoundedCache } from '../../shared/bounded-cache';
import { KeyedLock } from './keyed-lock';
import { WriteContext, WriteResult } from './ledger.write';
import { KeyedWrite, StreamRepository } from './stream-repository';

export interface WriteRequest<S, F extends StreamFact> {
  readonly repository: StreamRepository<S, F>;
  readonly streamId: string;
  /** The id answered to the caller (company, deal, scenario). */
  readonly id: string;
  /** The command as the caller gave it: its digest tells a retry from a reused Idempotency-Key. */
  readonly command: object;
  readonly context: WriteContext;
  /** `If-Match`: the revision the caller last saw; a mismatch answers with the current revision. */
  readonly expectedRevision?: number;
  /** The pure decision on the stream's current state. A shell may first compute what the command
   *  carries (a scenario's run), hence the promise; it runs only when no earlier answer applies. */
  decide(state: S): F[] | Promise<F[]>;
}

/**
 * The one write path of every event-sourced stream (companies, deals, scenarios): load the stream (cached, see StreamRepository) →
 * answer a retried Idempotency-Key with its first answer → check If-Match → decide → seal into the
 * stream's hash chain → append at the expected revision. A refused command appends nothing.
 * When the cached state turns out stale (another writer appended), it catches up and decides again, once.
 */
@Injectable()
export class StreamWriter {
  private readonly lock = new KeyedLock();
  /** Keys used by this process, so a key reused on another stream is recognised too. */
  private readonly keysSeen = new BoundedCache<
    string,
    { streamId: string; commandHash: string }
  >(100_000);

  private readonly clock: Clock;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async write<S, F extends StreamFact>(
    request: WriteRequest<S, F>,
  ): Promise<WriteResult> {
    const { repository, streamId, context } = request;
    const key = context.idempotencyKey;
    const hash = key === undefined ? undefined : commandHash(request.command);
    // Checked before anything is loaded or written: a refused announcedAt appends nothing.
    const announcedAt = announcedAtOf(
      (request.command as { announcedAt?: unknown }).announcedAt,
      this.clock.now().toISOString(),
    );
    return this.lock.run(streamId, async () => {
      if (key !== undefined && hash !== undefined)
        this.checkKeyScope(context.actor, key, streamId, hash);
      for (let attempt = 0; ; attempt++) {
        // Keyed writes and If-Match always catch up first: a key another writer already used must be
        // seen before deciding (the store would otherwise answer our same-id append as its replay).
        const fresh =
          attempt > 0 ||
          key !== undefined ||
          request.expectedRevision !== undefined;
        // A cached stream is taken as it is, without a turn through a promise.
        const entry =
          (fresh ? undefined : repository.cached(streamId)) ??
          (await repository.load(streamId, fresh));
        if (key !== undefined && hash !== undefined) {
          const first = this.firstAnswer(entry.keyed, context.actor, key, hash);
          if (first) return { id: request.id, ...first };
        }
        // An unknown stream is the decider's to refuse (404), not a revision conflict.
        if (
          request.expectedRevision !== undefined &&
          entry.revision !== undefined &&
          request.expectedRevision !== entry.revision
        ) {
          throw new WrongExpectedRevisionError(
            streamId,
            String(request.expectedRevision),
            entry.revision ?? 'no_stream',
          );
        }
        // The ledger's deciders answer at once; only a shell that computes first (a scenario's run) waits.
        const decided = request.decide(entry.state);
        const facts = Array.isArray(decided) ? decided : await decided;
        const sealed = sealFacts(
          facts,
          eventIds(facts.length, context.actor, key),
          entry.lastHash,
          {
            actor: context.actor,
            correlationId:
              context.correlationId ??
              (key === undefined
                ? randomUUID()
                : nameBasedUuid('correlation', context.actor, key)),
            causationId: context.causationId ?? null,
            commandHash: hash,
            announcedAt,
          },
          repository.codec.schemaVersion,
        );
        try {
          const result = await this.store.append(
            streamId,
            sealed,
            entry.revision ?? 'no_stream',
          );
          repository.appended(streamId, entry, facts, sealed, result);
          if (key !== undefined && hash !== undefined)
            this.rememberKey(context.actor, key, streamId, hash);
          return {
            id: request.id,
            revision: result.nextExpectedRevision,
            position: result.position,
          };
        } catch (error) {
          // A stale cache (another writer appended): catch up and decide again, once. A caller's If-Match never retries.
          if (
            error instanceof WrongExpectedRevisionError &&
            attempt === 0 &&
            request.expectedRevision === undefined
          )
            continue;
          throw error;
        }
      }
    });
  }

  /** The answer of the keyed write whose first event this key derives, if the stream holds it. */
  private firstAnswer(
    keyed: ReadonlyMap<string, KeyedWrite>,
    actor: string,
    key: string,
    hash: string,
  ) {
    let last: { revision: number; position: number } | undefined;
    for (let i = 0; ; i++) {
      const found = keyed.get(nameBasedUuid('event', actor, key, i));
      if (!found) break;
      if (found.commandHash !== hash) throw new IdempotencyKeyReusedError(key);
      last = { revision: found.revision, position: found.position };
    }
    return last;
  }

  private checkKeyScope(
    actor: string,
    key: string,
    streamId: string,
    hash: string,
  ): void {
    const seen = this.keysSeen.get(`${actor}\u0000${key}`);
    if (seen && (seen.streamId !== streamId || seen.commandHash !== hash))
      throw new IdempotencyKeyReusedError(key);
  }

  private rememberKey(
    actor: string,
    key: string,
    streamId: string,
    commandHash: string,
  ): void {
    this.keysSeen.set(`${actor}\u0000${key}`, { streamId, commandHash });
  }
}
