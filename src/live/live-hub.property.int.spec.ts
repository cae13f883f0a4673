import fc from 'fast-check';
import {
  commitPayment,
  recordingSink,
  startedHub,
  until,
  wholeFold,
} from '../../test/kits/live-hub.kit';
import { ALL } from './domain/live-filter';
import type { LiveClient } from './live-client';

const DEALS = ['a', 'b', 'c'] as const;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Step =
  /** `n` commits in a row, to deals in turn from `deal`. */
  | { readonly kind: 'commit'; readonly deal: number; readonly n: number }
  /** A client resuming `back` events before the head, or from the head (null). */
  | { readonly kind: 'connect'; readonly back: number | null }
  | { readonly kind: 'disconnect'; readonly client: number }
  /** A turn of the event loop: reads go on, an idle timer of 0 ms fires. */
  | { readonly kind: 'wait' };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('commit' as const),
      deal: fc.nat({ max: 2 }),
      n: fc.integer({ min: 1, max: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('connect' as const),
      back: fc.option(fc.integer({ min: 0, max: 24 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('disconnect' as const),
      client: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'wait' as const }) },
);

describe('live hub going idle and waking, on random histories', () => {
  it('property: every client gets, from its cursor, the messages a fold from position 1 makes — none missing, none twice — and those still connected get them all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(arbStep, { maxLength: 30 }),
        async (ringSize, steps) => {
          // the store's reads take turns of the event loop, so an idle timer may fire mid-read
          const run = startedHub(ringSize, { idleAfterMs: 0 }, nextTurn);
          const { log, index, feed, hub } = run;
          const clients: {
            client: LiveClient;
            sink: ReturnType<typeof recordingSink>;
            after: number;
            open: boolean;
          }[] = [];
          try {
            feed.next({ kind: 'caught-up', position: 12, index });
            for (const step of steps) {
              if (step.kind === 'commit')
                for (let i = 0; i < step.n; i++)
                  commitPayment(
                    run,
                    DEALS[(step.deal + i) % 3],
                    1e8,
                    '2026-03-01',
                  );
              else if (step.kind === 'connect') {
                const head = log.events.length;
                const after =
                  step.back === null ? head : Math.max(0, head - step.back);
                const sink = recordingSink();
                const client = await hub.connect(
                  ALL,
                  step.back === null ? undefined : { position: after },
                  sink,
                );
                clients.push({ client, sink, after, open: true });
              } else if (step.kind === 'disconnect') {
                const c = clients[step.client % Math.max(1, clients.length)];
                if (c?.open) {
                  hub.disconnect(c.client);
                  c.open = false;
                }
              } else await new Promise((resolve) => setTimeout(resolve, 0));
            }
            const head = log.events.length;
            await until(() =>
              clients.every(
                (c) =>
                  !c.open ||
                  c.after >= head ||
                  c.sink.messages.at(-1)?.id === String(head),
              ),
            );
            const all = wholeFold(log, index);
            for (const c of clients) {
              const last = Number(c.sink.messages.at(-1)?.id ?? c.after);
              const expected = all.filter(
                (m) => Number(m.id) > c.after && Number(m.id) <= last,
              );
              expect(JSON.stringify(c.sink.messages)).toBe(
                JSON.stringify(expected),
              );
              if (c.open) expect(Math.max(last, c.after)).toBe(head);
            }
          } finally {
            hub.beforeApplicationShutdown();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
