import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { takeWhile, toArray } from 'rxjs/operators';
import {
  NewEvent,
  RecordedEvent,
  SubscriptionMessage,
} from '../event-store.port';
import { Page } from '../paged-iterable';
import {
  SqliteEventStore,
  SqliteEventStoreOptions,
} from './sqlite-event-store';
import { collect, newEvent } from '../../../test/kits/event-store.contract';

/**
 * The bound of a read's pages (readPage: at most pageSize events, ending with the event that
 * brings the page to pageBytes of data and metadata), seen from the pages the store reads.
 */
type Reader = { readPage(...args: unknown[]): Page<RecordedEvent> };

function pagesOf(spy: jest.SpyInstance): RecordedEvent[][] {
  return spy.mock.results.map((r) => (r.value as Page<RecordedEvent>).items);
}

/** What the store keeps of an event's payload: its data and metadata as JSON, in UTF-8 bytes. */
function bytesOf(e: NewEvent): number {
  return (
    Buffer.byteLength(JSON.stringify(e.data)) +
    Buffer.byteLength(JSON.stringify(e.metadata ?? {}))
  );
}

/** Every page within the bound give or take its last event; every page but the last full or at the bound. */
function expectBounded(
  pages: RecordedEvent[][],
  sizes: ReadonlyMap<string, number>,
  pageSize: number,
  pageBytes: number,
): void {
  const nonEmpty = pages.filter((p) => p.length > 0);
  nonEmpty.forEach((page, i) => {
    const bytes = page.map((e) => sizes.get(e.id)!);
    const beforeLast = bytes.slice(0, -1).reduce((a, b) => a + b, 0);
    expect(page.length).toBeLessThanOrEqual(pageSize);
    expect(beforeLast).toBeLessThan(pageBytes);
    if (i < nonEmpty.length - 1) {
      const total = beforeLast + bytes[bytes.length - 1];
      expect(page.length === pageSize || total >= pageBytes).toBe(true);
    }
  });
}

describe('SQLite store: bounded pages', () => {
  let store: SqliteEventStore;
  let spy: jest.SpyInstance;

  const open = (options: SqliteEventStoreOptions) => {
    store = SqliteEventStore.open(':memory:', options);
    return store;
  };

  beforeEach(() => {
    spy = jest.spyOn(
      SqliteEventStore.prototype as unknown as Reader,
      'readPage',
    );
  });

  afterEach(async () => {
    spy.mockRestore();
    await store?.close();
  });

  it('given events of 100 KB and a bound of 1 MB, when they are read every way, then each page stays within the bound give or take one event and every event comes once, in order', async () => {
    open({ pageSize: 1000, pageBytes: 1024 * 1024 });
    const appended: NewEvent[] = [];
    for (let i = 0; i < 40; i++) {
      // sizes vary around 100 KB, so pages end at different counts
      const e = newEvent('Large', { i, blob: 'b'.repeat(80_000 + 997 * i) });
      appended.push(e);
      await store.append('deal-large', [e], 'any');
    }
    const sizes = new Map(appended.map((e) => [e.id, bytesOf(e)]));
    const ids = appended.map((e) => e.id);

    const reads: [string, () => Promise<RecordedEvent[]>, string[]][] = [
      ['readAll', () => collect(store.readAll()), ids],
      [
        'readAll backwards',
        () => collect(store.readAll({ direction: 'backwards' })),
        [...ids].reverse(),
      ],
      ['readStream', () => collect(store.readStream('deal-large')), ids],
      [
        'subscribeAll catch-up',
        async () => {
          const messages = await firstValueFrom(
            store.subscribeAll().pipe(
              takeWhile((m: SubscriptionMessage) => m.kind === 'event'),
              toArray(),
            ),
          );
          return messages.map((m) => (m.kind === 'event' ? m.event : null!));
        },
        ids,
      ],
    ];
    for (const [, read, expected] of reads) {
      spy.mockClear();
      const events = await read();
      expect(events.map((e) => e.id)).toEqual(expected);
      const pages = pagesOf(spy);
      // 40 events of 80–120 KB: about 10 per page, never one page of all
      expect(pages.filter((p) => p.length > 0).length).toBeGreaterThan(3);
      expectBounded(pages, sizes, 1000, 1024 * 1024);
    }
  });

  it('given 2,500 small events, when they are read, then the pages are of pageSize events (1,000, 1,000, 500)', async () => {
    open({ pageSize: 1000 });
    for (let b = 0; b < 5; b++)
      await store.append(
        `deal-${b}`,
        Array.from({ length: 500 }, (_, i) => newEvent('Small', { i })),
        'no_stream',
      );
    spy.mockClear();
    const events = await collect(store.readAll());
    expect(events).toHaveLength(2500);
    expect(pagesOf(spy).map((p) => p.length)).toEqual([1000, 1000, 500]);
  });

  it('given a page cut at the bound, when the read resumes, then it starts with the event after the cut: nothing missed, nothing repeated', async () => {
    open({ pageSize: 10, pageBytes: 250 });
    const appended = Array.from({ length: 12 }, (_, i) =>
      newEvent('Sized', { i, pad: 'p'.repeat(i % 3 === 0 ? 200 : 20) }),
    );
    await store.append('deal-cut', appended, 'no_stream');
    spy.mockClear();
    const events = await collect(store.readAll());
    const pages = pagesOf(spy).filter((p) => p.length > 0);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((p) => p.length < 10)).toBe(true); // cut by bytes, not by count
    expect(pages.flat().map((e) => e.id)).toEqual(appended.map((e) => e.id));
    expect(events.map((e) => e.data.i)).toEqual(appended.map((_, i) => i));
  });

  it('given any sizes, page bounds and read options, then a read returns exactly the events it selects, in order, in pages within the bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            size: fc.oneof(fc.nat(60), fc.integer({ min: 300, max: 3_000 })),
            unicode: fc.boolean(),
            type: fc.constantFrom('A', 'B'),
            stream: fc.constantFrom('s-1', 's-2', 't-1'),
          }),
          { minLength: 0, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4_000 }),
        fc.record({
          backwards: fc.boolean(),
          maxCount: fc.option(fc.integer({ min: 1, max: 45 }), {
            nil: undefined,
          }),
          filter: fc.constantFrom('none', 'type', 'prefix'),
          from: fc.option(fc.integer({ min: 1, max: 45 }), { nil: undefined }),
        }),
        async (specs, pageSize, pageBytes, options) => {
          const s = SqliteEventStore.open(':memory:', { pageSize, pageBytes });
          try {
            const appended: (NewEvent & {
              position: number;
              stream: string;
            })[] = [];
            for (const spec of specs) {
              const e = newEvent(spec.type, {
                pad: (spec.unicode ? 'é' : 'x').repeat(spec.size),
              });
              const r = await s.append(spec.stream, [e], 'any');
              appended.push({
                ...e,
                position: r.position,
                stream: spec.stream,
              });
            }
            const sizes = new Map(appended.map((e) => [e.id, bytesOf(e)]));
            const filter =
              options.filter === 'type'
                ? { eventTypes: ['A'] }
                : options.filter === 'prefix'
                  ? { streamPrefixes: ['s-'] }
                  : undefined;
            let expected = appended.filter(
              (e) =>
                (!filter?.eventTypes || e.type === 'A') &&
                (!filter?.streamPrefixes || e.stream.startsWith('s-')) &&
                (options.from === undefined ||
                  (options.backwards
                    ? e.position <= options.from
                    : e.position >= options.from)),
            );
            if (options.backwards) expected = expected.reverse();
            if (options.maxCount !== undefined)
              expected = expected.slice(0, options.maxCount);
            spy.mockClear();
            const read = await collect(
              s.readAll({
                direction: options.backwards ? 'backwards' : 'forwards',
                maxCount: options.maxCount,
                fromPosition: options.from,
                filter,
              }),
            );
            expect(read.map((e) => e.id)).toEqual(expected.map((e) => e.id));
            expect(read.map((e) => e.data)).toEqual(
              expected.map((e) => e.data),
            );
            expectBounded(pagesOf(spy), sizes, pageSize, pageBytes);
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
