import { EventStoreClosedError } from '../event-store.errors';
import { RecordedEvent } from '../event-store.port';
import { collect, events } from '../../../test/kits/event-store.contract';
import {
  SqliteEventStore,
  SqliteEventStoreOptions,
} from './sqlite-event-store';
import { STREAMS_PER_QUERY } from './stream-batch';

/** Stream `s<i>` has `i % 7` events (none: it does not exist), written round by round, interleaved. */
async function interleavedStore(
  options: SqliteEventStoreOptions,
  streams: number,
): Promise<SqliteEventStore> {
  const store = SqliteEventStore.open(':memory:', options);
  for (let round = 0; round < 6; round++)
    for (let i = 0; i < streams; i++)
      if (i % 7 > round)
        await store.append(
          `s${i}`,
          events(1, 'Tested', () => ({ i, round, pad: 'x'.repeat(i % 13) })),
          round === 0 ? 'no_stream' : round - 1,
        );
  return store;
}

/** Each stream's run of events (a stream listed twice would show up as two runs). */
function runs(read: readonly RecordedEvent[]): [string, number[]][] {
  const out: [string, number[]][] = [];
  for (const e of read) {
    const last = out[out.length - 1];
    if (last?.[0] === e.streamId) last[1].push(e.revision);
    else out.push([e.streamId, [e.revision]]);
  }
  return out;
}

describe('SQLite: reading several streams, a chunk of ids per query', () => {
  const streams = STREAMS_PER_QUERY + 3;
  const ids = Array.from({ length: streams }, (_, i) => `s${i}`);

  it.each([
    ['default pages', {}],
    ['pages of 4 rows (ending inside streams)', { pageSize: 4 }],
    ['pages cut by size after one row', { pageBytes: 1 }],
  ] as const)(
    'reads every listed stream once, in revision order, across the chunk boundary, with %s',
    async (_, options) => {
      // given: more streams than one query takes, some absent, and a position inside the writes
      const store = await interleavedStore(options, streams);
      try {
        const cut = Math.floor((await store.headPosition()) / 2);
        const listed = [...ids].reverse().concat(ids.slice(0, 10), ['s999']);
        // when
        const read = await collect(
          store.readStreams(listed, { toPosition: cut }),
        );
        // then: per stream, what readStream has up to the cut, as one run
        const expected: [string, number[]][] = [];
        for (const id of ids) {
          if ((await store.streamRevision(id)) === undefined) continue;
          const upToCut = (await collect(store.readStream(id)))
            .filter((e) => e.position <= cut)
            .map((e) => e.revision);
          if (upToCut.length > 0) expected.push([id, upToCut]);
        }
        const got = runs(read).sort(([a], [b]) => (a < b ? -1 : 1));
        expect(got).toEqual(expected.sort(([a], [b]) => (a < b ? -1 : 1)));
        expect(read.every((e) => e.position <= cut)).toBe(true);
        // listed last to first: s0–s2 come in the second chunk (s0 absent)
        expect(got.map(([id]) => id)).toEqual(
          expect.arrayContaining(['s1', 's2']),
        );
      } finally {
        await store.close();
      }
    },
  );

  it('a store closed mid-read fails the read with EventStoreClosedError', async () => {
    const store = await interleavedStore({ pageSize: 2 }, 20);
    const read = store.readStreams(ids.slice(0, 20))[Symbol.asyncIterator]();
    await read.next();
    await store.close();
    await expect(
      (async () => {
        for (let r = await read.next(); !r.done; r = await read.next());
      })(),
    ).rejects.toThrow(EventStoreClosedError);
  });
});
