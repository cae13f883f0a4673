import { toDatedEvent } from '../exposure/domain/dated-event';
import {
  commitPayment,
  recordingSink,
  resumedTo,
  startedHub,
  until,
  wholeFoldMessages,
} from '../../test/kits/live-hub.kit';
import { ALL } from './domain/live-filter';

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

      expect(JSON.stringify(early.messages)).toBe(
        wholeFoldMessages(log, index, 2),
      );
      expect(JSON.stringify(later.messages)).toBe(
        wholeFoldMessages(log, index, 5),
      );
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
      const client = await resumedTo(hub, 4, 12);
      expect(hub.stats().replays).toBe(0);
      expect(JSON.stringify(client.messages)).toBe(
        wholeFoldMessages(log, index, 4),
      );
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});

describe('live hub folding a backlog', () => {
  it('gives the event loop a turn every few milliseconds: what waits for a turn runs while the backlog is folded, not only after', async () => {
    // the fold's start reads the store a turn of the event loop at a time: the commits below
    // queue behind it, and are folded as one backlog once it has read
    const run = startedHub(
      3,
      { idleAfterMs: null },
      () => new Promise<void>((resolve) => setImmediate(resolve)),
    );
    const { feed, hub, index } = run;
    try {
      feed.next({ kind: 'caught-up', position: 12, index });
      for (let i = 0; i < 3000; i++)
        commitPayment(run, ['a', 'b', 'c'][i % 3], 1e6, '2026-03-01');
      // a request waiting for a turn, again and again: where the fold stood each time
      const seen: number[] = [];
      const sample = (): void => {
        seen.push(hub.stats().position);
        if (hub.stats().position < 3012) setImmediate(sample);
      };
      setImmediate(sample);
      await until(() => hub.stats().position === 3012);
      expect(seen.some((p) => p > 12 && p < 3012)).toBe(true);
    } finally {
      hub.beforeApplicationShutdown();
    }
  });
});
