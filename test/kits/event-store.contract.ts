import { randomUUID } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Subscription } from 'rxjs';
import {
  EventStore,
  NewEvent,
  RecordedEvent,
  SubscriptionMessage,
} from '../../src/event-store/event-store.port';
import {
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors';
import { ValidationError } from '../../src/shared/errors';
import { JsonObject } from '../../src/shared/json';

/**
 * The one contract both adapters pass. Stores may be shared and non-empty (EventStoreDB), so
 * every test works in its own namespace of stream names and reads `$all` filtered by it.
 */
export interface ContractTarget {
  /** The store under test; opened once per suite. */
  open(): Promise<EventStore>;
}

export function newEvent(
  type = 'Tested',
  data: JsonObject = {},
  metadata: JsonObject = {},
): NewEvent {
  return { id: randomUUID(), type, data, metadata };
}

export function events(
  count: number,
  type = 'Tested',
  data: (i: number) => JsonObject = (i) => ({ i }),
): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, data(i)));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A unique stream-name namespace per test: `c<random>-`. */
export function namespace(): string {
  return `c${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
}

/** Resolves once `predicate` holds for the messages received so far (no fixed sleeps). */
class Recorder {
  readonly messages: SubscriptionMessage[] = [];
  private waiters: {
    predicate: () => boolean;
    resolve: () => void;
    reject: (e: Error) => void;
  }[] = [];
  error: Error | undefined;
  subscription?: Subscription;

  next(message: SubscriptionMessage): void {
    this.messages.push(message);
    this.check();
  }

  fail(error: unknown): void {
    this.error = error instanceof Error ? error : new Error(String(error));
    for (const w of this.waiters) w.reject(this.error);
    this.waiters = [];
  }

  get events(): RecordedEvent[] {
    return this.messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }

  until(
    predicate: () => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<void> {
    if (predicate()) return Promise.resolve();
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${what}; got ${this.messages.length} messages`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  private check(): void {
    const ready = this.waiters.filter((w) => w.predicate());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

function record(
  store: EventStore,
  options: Parameters<EventStore['subscribeAll']>[0],
): Recorder {
  const recorder = new Recorder();
  recorder.subscription = store.subscribeAll(options).subscribe({
    next: (m) => recorder.next(m),
    error: (e) => recorder.fail(e),
  });
  return recorder;
}

function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export function eventStoreContract(target: ContractTarget): void {
  let store: EventStore;
  let ns: string;

  beforeAll(async () => {
    store = await target.open();
  });

  afterAll(async () => {
    await store?.close();
  });

  beforeEach(() => {
    ns = namespace();
  });

  describe('identity', () => {
    it('names itself with a store id that does not change as events are appended', async () => {
      await store.append(`${ns}id`, events(1), 'no_stream');
      const id = await store.storeId();
      expect(typeof id).toBe('string');
      expect(id).not.toBe('');
      await store.append(`${ns}id`, events(2), 'any');
      expect(await store.storeId()).toBe(id);
    });
  });

  describe('append and expected revisions', () => {
    it('appends to a new stream with no_stream: revisions from 0, positions strictly increasing', async () => {
      const result = await store.append(`${ns}deal-a`, events(3), 'no_stream');
      expect(result.streamId).toBe(`${ns}deal-a`);
      expect(result.nextExpectedRevision).toBe(2);
      const read = await collect(store.readStream(`${ns}deal-a`));
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(read[2].position).toBe(result.position);
      expect(read[0].position).toBeGreaterThanOrEqual(1);
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(read[2].position).toBeGreaterThan(read[1].position);
      expect(await store.streamRevision(`${ns}deal-a`)).toBe(2);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(
        result.position,
      );
    });

    it('refuses no_stream when the stream exists, carrying the actual revision', async () => {
      await store.append(`${ns}s`, events(2), 'no_stream');
      const attempt = store.append(`${ns}s`, events(1), 'no_stream');
      await expect(attempt).rejects.toThrow(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({
        actual: 1,
        code: 'wrong_expected_revision',
      });
    });

    it('appends at the right numeric revision and refuses a stale or future one with the actual revision', async () => {
      await store.append(`${ns}s`, events(1), 'no_stream');
      const second = await store.append(`${ns}s`, events(2), 0);
      expect(second.nextExpectedRevision).toBe(2);
      await expect(store.append(`${ns}s`, events(1), 0)).rejects.toMatchObject({
        actual: 2,
      });
      await expect(store.append(`${ns}s`, events(1), 7)).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      await expect(store.append(`${ns}s`, events(1), 7)).rejects.toMatchObject({
        actual: 2,
      });
      expect(await store.streamRevision(`${ns}s`)).toBe(2);
    });

    it('refuses a numeric revision on a stream that does not exist (actual no_stream)', async () => {
      await expect(
        store.append(`${ns}missing`, events(1), 0),
      ).rejects.toMatchObject({ actual: 'no_stream' });
      expect(await store.streamRevision(`${ns}missing`)).toBeUndefined();
    });

    it('stream_exists: refused on a missing stream, accepted on an existing one', async () => {
      await expect(
        store.append(`${ns}s`, events(1), 'stream_exists'),
      ).rejects.toMatchObject({ actual: 'no_stream' });
      await store.append(`${ns}s`, events(1), 'any');
      const result = await store.append(`${ns}s`, events(1), 'stream_exists');
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('any: appends whatever the stream state', async () => {
      expect(
        (await store.append(`${ns}s`, events(1), 'any')).nextExpectedRevision,
      ).toBe(0);
      expect(
        (await store.append(`${ns}s`, events(2), 'any')).nextExpectedRevision,
      ).toBe(2);
    });

    it('refuses bad input with a ValidationError naming the field, writing nothing', async () => {
      const bad: [string, unknown, unknown, string][] = [
        ['empty events', [], 'any', 'events'],
        ['not a uuid', [{ ...newEvent(), id: 'nope' }], 'any', 'events[0].id'],
        ['duplicate ids', ((e) => [e, e])(newEvent()), 'any', 'events[1].id'],
        ['no type', [{ ...newEvent(), type: '' }], 'any', 'events[0].type'],
        ['array data', [{ ...newEvent(), data: [] }], 'any', 'events[0].data'],
        ['negative revision', events(1), -1, 'expectedRevision'],
        ['fractional revision', events(1), 1.5, 'expectedRevision'],
        ['unknown form', events(1), 'latest', 'expectedRevision'],
      ];
      for (const [, evs, expected, field] of bad) {
        const attempt = store.append(
          `${ns}s`,
          evs as NewEvent[],
          expected as 0,
        );
        await expect(attempt).rejects.toThrow(ValidationError);
        await expect(attempt).rejects.toMatchObject({ field });
      }
      await expect(store.append('', events(1), 'any')).rejects.toMatchObject({
        field: 'streamId',
      });
      expect(await store.streamRevision(`${ns}s`)).toBeUndefined();
    });
  });

  describe('idempotent re-append', () => {
    it('re-appending the same ids at the same expected revision returns the first result and writes nothing', async () => {
      const first = events(3);
      const original = await store.append(`${ns}s`, first, 'no_stream');
      expect(await store.append(`${ns}s`, first, 'no_stream')).toEqual(
        original,
      );

      const next = events(2);
      const second = await store.append(`${ns}s`, next, 2);
      expect(await store.append(`${ns}s`, next, 2)).toEqual(second);
      expect(await store.append(`${ns}s`, next, 'any')).toEqual(second);

      const read = await collect(store.readStream(`${ns}s`));
      expect(read.map((e) => e.id)).toEqual(
        [...first, ...next].map((e) => e.id),
      );
    });

    it('the same ids at a different expected revision are a conflict, not a duplicate', async () => {
      const first = events(2);
      await store.append(`${ns}s`, first, 'no_stream');
      await store.append(`${ns}s`, events(1), 1);
      await expect(store.append(`${ns}s`, first, 1)).rejects.toThrow(
        WrongExpectedRevisionError,
      );
    });
  });

  describe('concurrent appenders', () => {
    it('exactly one of several appenders at the same revision wins; the others get the typed error', async () => {
      await store.append(`${ns}s`, events(1), 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.append(`${ns}s`, events(2), 0)),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter(
        (o): o is PromiseRejectedResult => o.status === 'rejected',
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(l.reason.actual).toBe(2);
      }
      expect(await store.streamRevision(`${ns}s`)).toBe(2);
    });
  });

  describe('reads', () => {
    it('reads a stream forwards and backwards, from a revision (inclusive), up to a count', async () => {
      const appended = events(10);
      await store.append(`${ns}s`, appended, 'no_stream');
      const ids = appended.map((e) => e.id);
      expect(
        (await collect(store.readStream(`${ns}s`))).map((e) => e.id),
      ).toEqual(ids);
      expect(
        (
          await collect(store.readStream(`${ns}s`, { direction: 'backwards' }))
        ).map((e) => e.id),
      ).toEqual([...ids].reverse());
      expect(
        (await collect(store.readStream(`${ns}s`, { fromRevision: 7 }))).map(
          (e) => e.revision,
        ),
      ).toEqual([7, 8, 9]);
      expect(
        (
          await collect(
            store.readStream(`${ns}s`, {
              direction: 'backwards',
              fromRevision: 2,
            }),
          )
        ).map((e) => e.revision),
      ).toEqual([2, 1, 0]);
      expect(
        (
          await collect(
            store.readStream(`${ns}s`, { fromRevision: 3, maxCount: 2 }),
          )
        ).map((e) => e.revision),
      ).toEqual([3, 4]);
      expect(
        await collect(store.readStream(`${ns}s`, { fromRevision: 10 })),
      ).toEqual([]);
    });

    it('reading a stream that does not exist throws StreamNotFoundError', async () => {
      await expect(collect(store.readStream(`${ns}nothing`))).rejects.toThrow(
        StreamNotFoundError,
      );
    });

    it('reads several streams at once: each listed stream once, stream after stream, in revision order, up to a position; an absent one yields nothing', async () => {
      // given: a and b written interleaved, c only after the cut, none never
      await store.append(`${ns}a`, events(2), 'no_stream');
      await store.append(`${ns}b`, events(1), 'no_stream');
      const cut = await store.append(`${ns}a`, events(1), 1);
      await store.append(`${ns}b`, events(2), 0);
      await store.append(`${ns}c`, events(1), 'no_stream');
      const ids = [`${ns}b`, `${ns}a`, `${ns}none`, `${ns}a`, `${ns}c`];
      // when: read up to the cut, and without a bound
      const upToCut = await collect(
        store.readStreams(ids, { toPosition: cut.position }),
      );
      const whole = await collect(store.readStreams(ids));
      // then: a stream's events are one run, as readStream has them
      const shape = (read: RecordedEvent[]) => {
        const runs = read
          .map((e) => e.streamId.slice(ns.length))
          .filter((s, i, all) => i === 0 || all[i - 1] !== s);
        return Object.fromEntries(
          [...runs]
            .sort()
            .map((s) => [
              s,
              read
                .filter((e) => e.streamId === `${ns}${s}`)
                .map((e) => e.revision),
            ]),
        );
      };
      expect(shape(upToCut)).toEqual({ a: [0, 1, 2], b: [0] });
      expect(shape(whole)).toEqual({ a: [0, 1, 2], b: [0, 1, 2], c: [0] });
      const fields = (e: RecordedEvent) => [
        e.id,
        e.streamId,
        e.revision,
        e.position,
        e.recordedAt,
        e.type,
        e.data,
        e.metadata,
      ];
      for (const id of [`${ns}a`, `${ns}b`, `${ns}c`])
        expect(whole.filter((e) => e.streamId === id).map(fields)).toEqual(
          (await collect(store.readStream(id))).map(fields),
        );
      // nothing listed, nothing read; nothing before the first event, nothing read
      expect(await collect(store.readStreams([]))).toEqual([]);
      const firstOfA = whole.find((e) => e.streamId === `${ns}a`)!;
      expect(
        await collect(
          store.readStreams([`${ns}a`], { toPosition: firstOfA.position - 1 }),
        ),
      ).toEqual([]);
    });

    it('returns what was appended: ids, types, data, metadata, recordedAt as ISO ms UTC, never decreasing', async () => {
      const e = newEvent(
        'DealRecorded',
        { amount: 12.5, nested: { list: [1, 'two', null, true] } },
        { actor: 'ana', reason: 'test' },
      );
      await store.append(`${ns}s`, [e], 'no_stream');
      await store.append(`${ns}s`, events(1), 0);
      const [read, later] = await collect(store.readStream(`${ns}s`));
      expect(read).toMatchObject({
        id: e.id,
        streamId: `${ns}s`,
        revision: 0,
        type: 'DealRecorded',
        data: e.data,
        metadata: e.metadata,
      });
      expect(read.recordedAt).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      );
      expect(Date.parse(later.recordedAt)).toBeGreaterThanOrEqual(
        Date.parse(read.recordedAt),
      );
    });

    it('reads $all in global order, both directions, from a position (inclusive), filtered by stream prefix and type', async () => {
      await store.append(
        `${ns}deal-1`,
        [newEvent('A'), newEvent('B')],
        'no_stream',
      );
      await store.append(`${ns}company-1`, [newEvent('A')], 'no_stream');
      await store.append(`${ns}deal-2`, [newEvent('C')], 'no_stream');
      const mine = { streamPrefixes: [ns] };
      const all = await collect(store.readAll({ filter: mine }));
      expect(
        all.map((e) => `${e.streamId.slice(ns.length)}:${e.type}`),
      ).toEqual(['deal-1:A', 'deal-1:B', 'company-1:A', 'deal-2:C']);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(4);

      const back = await collect(
        store.readAll({
          filter: mine,
          direction: 'backwards',
          fromPosition: positions[3],
        }),
      );
      expect(back.map((e) => e.position)).toEqual([...positions].reverse());
      expect(
        (
          await collect(
            store.readAll({ filter: mine, fromPosition: positions[2] }),
          )
        ).map((e) => e.position),
      ).toEqual(positions.slice(2));
      expect(
        (
          await collect(
            store.readAll({
              filter: mine,
              direction: 'backwards',
              fromPosition: positions[1],
            }),
          )
        ).map((e) => e.position),
      ).toEqual([positions[1], positions[0]]);
      expect(
        (await collect(store.readAll({ filter: mine, maxCount: 2 }))).map(
          (e) => e.position,
        ),
      ).toEqual(positions.slice(0, 2));

      const deals = await collect(
        store.readAll({ filter: { streamPrefixes: [`${ns}deal-`] } }),
      );
      expect(deals.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      const two = await collect(
        store.readAll({
          filter: { streamPrefixes: [`${ns}deal-2`, `${ns}company-`] },
        }),
      );
      expect(two.map((e) => e.streamId)).toEqual([
        `${ns}company-1`,
        `${ns}deal-2`,
      ]);
      const typed = await collect(
        store.readAll({
          filter: { streamPrefixes: [ns], eventTypes: ['A', 'C'] },
        }),
      );
      expect(typed.map((e) => e.type)).toEqual(['A', 'A', 'C']);
    });

    it('refuses malformed read options with a ValidationError naming the field', () => {
      expect(() => store.readAll({ fromPosition: -1 })).toThrow(
        ValidationError,
      );
      expect(() => store.readAll({ filter: { streamPrefixes: [] } })).toThrow(
        ValidationError,
      );
      expect(() => store.readAll({ filter: { eventTypes: [''] } })).toThrow(
        ValidationError,
      );
      expect(() => store.readStream(`${ns}s`, { fromRevision: 1.5 })).toThrow(
        ValidationError,
      );
      for (const [streamIds, options, field] of [
        ['not a list', {}, 'streamIds'],
        [[`${ns}s`, ''], {}, 'streamIds[1]'],
        [['$all'], {}, 'streamIds[0]'],
        [[`${ns}s`], { toPosition: -1 }, 'toPosition'],
      ] as const) {
        const read = () =>
          store.readStreams(streamIds as unknown as string[], options);
        expect(read).toThrow(ValidationError);
        // the message starts with the field it names
        expect(read).toThrow(`${field}: `);
      }
    });

    it('stores unicode and 1 MB payloads exactly', async () => {
      const text =
        'Ünïcödé ✓ 日本語 עברית العربية 🚀👩🏽‍💻 e\u0301 \u2028 "quotes" \\ back';
      // 1 MB (10^6 characters): fits EventStoreDB's default 1 MiB append limit with its JSON and metadata.
      const big = 'x'.repeat(1_000_000);
      const e1 = newEvent(
        'Unicode ✓',
        { text, [text]: [text] },
        { actor: text },
      );
      const e2 = newEvent('Big', { big });
      await store.append(`${ns}ü-stream-🚀`, [e1], 'no_stream');
      await store.append(`${ns}ü-stream-🚀`, [e2], 0);
      const [r1, r2] = await collect(store.readStream(`${ns}ü-stream-🚀`));
      expect(r1.data).toEqual(e1.data);
      expect(r1.metadata).toEqual(e1.metadata);
      expect(r1.type).toBe('Unicode ✓');
      expect((r2.data.big as string).length).toBe(big.length);
      expect(r2.data.big === big).toBe(true);
      const viaAll = await collect(
        store.readAll({ filter: { streamPrefixes: [`${ns}ü-`] } }),
      );
      expect(viaAll.map((e) => e.id)).toEqual([e1.id, e2.id]);
    });

    it('reads 100,000 events lazily with bounded memory', async () => {
      const total = 100_000;
      const payload = 'p'.repeat(400);
      for (let b = 0; b < total / 1000; b++) {
        await store.append(
          `${ns}bulk-${b % 10}`,
          events(1000, 'Bulk', (i) => ({ i, payload })),
          'any',
        );
      }
      const gc = gcFunction();
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peak = 0;
      let count = 0;
      let last = 0;
      let ordered = true;
      for await (const e of store.readAll({
        filter: { streamPrefixes: [ns] },
      })) {
        ordered &&= e.position > last;
        last = e.position;
        if (++count % 10_000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
      }
      expect(count).toBe(total);
      expect(ordered).toBe(true);
      // Holding the 100,000 events (~45 MB of payload alone) would blow well past this.
      expect(peak).toBeLessThan(24 * 1024 * 1024);
    }, 120_000);
  });

  describe('subscribeAll', () => {
    it('catches up, reports caught-up at the head, then delivers live appends', async () => {
      await store.append(`${ns}s`, events(3), 'no_stream');
      const rec = record(store, { filter: { streamPrefixes: [ns] } });
      try {
        await rec.until(
          () => rec.messages.some((m) => m.kind === 'caught-up'),
          'caught-up',
        );
        const caughtUp = rec.messages.find((m) => m.kind === 'caught-up')!;
        expect(rec.events).toHaveLength(3);
        expect(rec.messages.indexOf(caughtUp)).toBe(3);
        expect(caughtUp.position).toBeGreaterThanOrEqual(
          rec.events[2].position,
        );
        const live = await store.append(`${ns}t`, events(2), 'no_stream');
        await rec.until(() => rec.events.length === 5, 'two live events');
        expect(rec.events[4].position).toBe(live.position);
        expect(rec.events.slice(3).map((e) => e.streamId)).toEqual([
          `${ns}t`,
          `${ns}t`,
        ]);
      } finally {
        rec.subscription?.unsubscribe();
      }
    });

    it('applies the filter live too', async () => {
      const rec = record(store, {
        filter: { streamPrefixes: [`${ns}deal-`], eventTypes: ['Kept'] },
      });
      try {
        await rec.until(
          () => rec.messages.some((m) => m.kind === 'caught-up'),
          'caught-up',
        );
        await store.append(`${ns}company-1`, [newEvent('Kept')], 'any');
        await store.append(
          `${ns}deal-1`,
          [newEvent('Dropped'), newEvent('Kept')],
          'any',
        );
        await rec.until(() => rec.events.length >= 1, 'the kept event');
        const marker = await store.append(
          `${ns}deal-2`,
          [newEvent('Kept')],
          'any',
        );
        await rec.until(
          () => rec.events.some((e) => e.position === marker.position),
          'the marker',
        );
        expect(
          rec.events.map((e) => `${e.streamId.slice(ns.length)}:${e.type}`),
        ).toEqual(['deal-1:Kept', 'deal-2:Kept']);
      } finally {
        rec.subscription?.unsubscribe();
      }
    });

    it('resumes from a checkpoint with no gap and no repeat while appends continue', async () => {
      const filter = { streamPrefixes: [ns] };
      const batches = 40;
      const perBatch = 25;
      const written: string[] = [];
      let lastPosition = 0;
      const writer = (async () => {
        for (let b = 0; b < batches; b++) {
          const batch = events(perBatch);
          const r = await store.append(`${ns}w-${b % 4}`, batch, 'any');
          written.push(...batch.map((e) => e.id));
          lastPosition = r.position;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();

      const first = record(store, { filter });
      let checkpoint: number;
      try {
        await first.until(
          () => first.events.length >= 300,
          '300 events on the first subscription',
        );
        checkpoint = first.events[first.events.length - 1].position;
      } finally {
        first.subscription?.unsubscribe();
      }
      const beforeCheckpoint = first.events.filter(
        (e) => e.position <= checkpoint,
      );

      const second = record(store, { filter, afterPosition: checkpoint });
      try {
        await writer;
        await second.until(
          () => second.events.some((e) => e.position === lastPosition),
          'the last written event',
        );
      } finally {
        second.subscription?.unsubscribe();
      }
      const together = [...beforeCheckpoint, ...second.events];
      // Writes are sequential, so the order written is the global order: nothing missing, nothing twice.
      expect(together.map((e) => e.id)).toEqual(written);
      const positions = together.map((e) => e.position);
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(
        true,
      );
      expect(second.events[0].position).toBeGreaterThan(checkpoint);
    }, 60_000);

    it('stops delivering after unsubscribe', async () => {
      const rec = record(store, { filter: { streamPrefixes: [ns] } });
      await rec.until(
        () => rec.messages.some((m) => m.kind === 'caught-up'),
        'caught-up',
      );
      rec.subscription?.unsubscribe();
      await store.append(`${ns}s`, events(2), 'no_stream');
      const after = record(store, { filter: { streamPrefixes: [ns] } });
      try {
        await after.until(
          () => after.events.length === 2,
          'the two events on a new subscription',
        );
      } finally {
        after.subscription?.unsubscribe();
      }
      expect(rec.events).toHaveLength(0);
    });
  });
}
