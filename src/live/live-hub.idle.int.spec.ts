import {
  commitPayment,
  recordingSink,
  resumedTo,
  startedHub,
  until,
  wholeFoldMessages,
} from '../../test/kits/live-hub.kit';
import { Logger } from '@nestjs/common';
import { ALL } from './domain/live-filter';
import type { LiveMessage } from './domain/live-message';
import type { LiveSink } from './live-client';

/** A read of the store that waits for a timer before each event, so timers fire while it reads. */
const slowRead = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** A connection whose buffer holds 1,000 bytes a message until it drains, 5 ms after the last. */
function drainingSink(): LiveSink & {
  messages: LiveMessage[];
  resynced: boolean;
} {
  let buffered = 0;
  let timer: NodeJS.Timeout | undefined;
  const sink = {
    messages: [] as LiveMessage[],
    resynced: false,
    started: () => undefined,
    send: (m: LiveMessage) => {
      sink.messages.push(m);
      buffered += 1000;
      clearTimeout(timer);
      timer = setTimeout(() => (buffered = 0), 5);
    },
    resync: () => {
      sink.resynced = true;
    },
    bufferedBytes: () => buffered,
    drained: () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          buffered = 0;
          resolve();
        }, 1),
      ),
    close: () => undefined,
  };
  return sink;
}

describe('live hub folding only while someone watches', () => {
  it('given no client, follows the feed without reading the store or folding; the first client starts the fold ringSize events back and gets what a fold from position 1 makes', async () => {
    const run = startedHub(3);
    const { log, reads, index, feed, hub } = run;
    try {
      // when: the projection is caught up at 12, then commits 13, and nobody is connected
      feed.next({ kind: 'caught-up', position: 12, index });
      commitPayment(run, 'b', 3e9, '2026-03-01');
      // then: the hub knows where the feed is, has read nothing and folded nothing
      expect(hub.stats()).toMatchObject({
        idle: true,
        caughtUp: true,
        position: 13,
      });
      expect(reads.all).toEqual([]);
      expect(reads.streams).toEqual([]);

      // when: a client resumes after 11
      const client = await resumedTo(hub, 11, 13);
      // then: the fold started after 10 (13 − 3), read the store from 11, and serves from its ring
      expect(hub.stats()).toMatchObject({ idle: false, replays: 0 });
      expect(Math.min(...reads.all)).toBe(11);
      commitPayment(run, 'c', 1e9, '2026-03-15');
      await until(() => client.messages.at(-1)?.id === '14');
      expect(JSON.stringify(client.messages)).toBe(
        wholeFoldMessages(log, index, 11),
      );
    } finally {
      hub.beforeApplicationShutdown();
    }
  });

  it('goes idle idleAfterMs after its last client has gone, drops its ring, and a client after that gets the same messages as before', async () => {
    const run = startedHub(3, { idleAfterMs: 0 });
    const { log, reads, index, feed, hub } = run;
    try {
      const first = recordingSink();
      const firstClient = await hub.connect(ALL, { position: 9 }, first);
      feed.next({ kind: 'caught-up', position: 12, index });
      await until(() => first.messages.at(-1)?.id === '12');
      expect(JSON.stringify(first.messages)).toBe(
        wholeFoldMessages(log, index, 9),
      );
      hub.disconnect(firstClient);
      await until(() => hub.stats().idle);
      const readsWhenIdle = reads.all.length;

      // idle: commits are followed, not folded
      commitPayment(run, 'a', 8e9, '2026-03-01');
      commitPayment(run, 'b', 3e9, '2026-03-02');
      commitPayment(run, 'c', 2e9, '2026-03-03');
      commitPayment(run, 'a', 9e9, '2026-03-04');
      expect(hub.stats()).toMatchObject({ idle: true, position: 16 });
      expect(reads.all.length).toBe(readsWhenIdle);

      // a client resuming after 11, inside the old ring (10–12): the fold starts again after 13
      // (16 − 3), so 12 and 13 are replayed from the store and the rest comes from the new ring
      const second = await resumedTo(hub, 11, 16);
      expect(hub.stats().replays).toBe(1);
      expect(JSON.stringify(second.messages)).toBe(
        wholeFoldMessages(log, index, 11),
      );
    } finally {
      hub.beforeApplicationShutdown();
    }
  });

  it('keeps folding while a client comes back within idleAfterMs: no second read of the store', async () => {
    const run = startedHub(3, { idleAfterMs: 60_000 });
    const { log, reads, index, feed, hub } = run;
    try {
      const first = await hub.connect(ALL, undefined, recordingSink());
      feed.next({ kind: 'caught-up', position: 12, index });
      await until(() => hub.stats().position === 12 && !hub.stats().idle);
      hub.disconnect(first);
      commitPayment(run, 'a', 8e9, '2026-03-01');
      const readsBefore = reads.all.length;
      const back = await resumedTo(hub, 11, 13);
      expect(hub.stats()).toMatchObject({ idle: false, position: 13 });
      expect(reads.all.length).toBe(readsBefore);
      expect(JSON.stringify(back.messages)).toBe(
        wholeFoldMessages(log, index, 11),
      );
    } finally {
      hub.beforeApplicationShutdown();
    }
  });

  it('with idleAfterMs null, folds from the start with no client, as at a restart', async () => {
    const { reads, index, feed, hub } = startedHub(3, { idleAfterMs: null });
    try {
      expect(hub.stats().idle).toBe(false);
      feed.next({ kind: 'caught-up', position: 12, index });
      await until(() => hub.stats().position === 12);
      expect(hub.stats().idle).toBe(false);
      expect(reads.all).toContain(10);
    } finally {
      hub.beforeApplicationShutdown();
    }
  });

  it('going idle while the fold reads the store, takes the step up afresh: a later client gets the same messages', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    const run = startedHub(3, { idleAfterMs: 0 }, slowRead);
    const { log, index, feed, hub } = run;
    try {
      // a client comes and goes: the fold is wanted, and will go idle at the next timer
      hub.disconnect(await hub.connect(ALL, undefined, recordingSink()));
      // when: the first step starts the fold, whose read of the store waits on timers
      feed.next({ kind: 'caught-up', position: 12, index });
      await until(() => hub.stats().idle && hub.stats().position === 12);
      // it went idle before the fold had folded anything (its start, 12 − 3, is where it stood)
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual(
        expect.arrayContaining([
          'folding from position 10 (checkpoint 12)',
          'idle at position 9: no client for 0 ms',
        ]),
      );
      // then: a client resuming after 9 gets every message after it, and the live ones
      const client = recordingSink();
      await hub.connect(ALL, { position: 9 }, client);
      commitPayment(run, 'b', 3e9, '2026-03-01');
      await until(() => client.messages.at(-1)?.id === '13');
      expect(JSON.stringify(client.messages)).toBe(
        wholeFoldMessages(log, index, 9),
      );
    } finally {
      hub.beforeApplicationShutdown();
      logged.mockRestore();
    }
  });

  it('a client that connects as the fold starts again waits until it has read the ring back, then gets its backlog at its own pace: no resync', async () => {
    const run = startedHub(3, { maxBufferBytes: 1500 }, slowRead);
    const { log, index, feed, hub } = run;
    try {
      feed.next({ kind: 'caught-up', position: 12, index });
      // when: a client resumes after 9, where the fold starts again (it reads 10–12 back)
      const client = drainingSink();
      await hub.connect(ALL, { position: 9 }, client);
      // then: it was let in once the fold had read the store up to 12, and is served 10–12 paced
      // (let in at once, it would be live while the fold pushes it 10–12 faster than it drains)
      expect(hub.stats().position).toBe(12);
      await until(() => client.messages.at(-1)?.id === '12');
      await new Promise((resolve) => setTimeout(resolve, 10));
      commitPayment(run, 'b', 3e9, '2026-03-01');
      await until(() => client.messages.at(-1)?.id === '13');
      expect(client.resynced).toBe(false);
      expect(JSON.stringify(client.messages)).toBe(
        wholeFoldMessages(log, index, 9),
      );
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});
