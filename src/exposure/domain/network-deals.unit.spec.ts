import { buildTemporalIndex } from './temporal-index';
import { NaiveReplay } from './naive-replay';
import { networkAt } from './exposure.queries';
import { backdatedAmendment, supply } from '../../../test/kits/history.fixture';

const at = (iso: string) => Date.parse(iso);

// The whole-network fold (network-deals.ts) visits deals in the order of their recordings'
// positions, kept as they come; the answers must be the naive replay's whatever the order of adds.
describe('given deals whose recordings the index takes out of order, and one recorded twice', () => {
  // s2 recorded after s1 (both with caveats, said in recording order), then a payment
  const h = backdatedAmendment()
    .deal(
      's2',
      supply('bank', 'acme'),
      { amountUsd: 90 },
      '2025-02-01',
      '2025-09-02T00:00:00Z',
    )
    .pay('s2', 10, '2025-05-01', '2025-09-03T00:00:00Z');
  const stray = h.envelopes[2];

  it('answers the whole network in recording order, as the naive replay does', () => {
    const index = buildTemporalIndex([...h.envelopes].reverse());
    const naive = new NaiveReplay(h.envelopes);
    for (const date of ['2025-03-01', '2025-06-01', '2026-06-01']) {
      const p = { atMs: at(date), knownPosition: index.headPosition() };
      expect(networkAt(index, p, { explain: true })).toEqual(
        networkAt(naive, p, { explain: true }),
      );
    }
  });

  it('and with s1 recorded a second time (the fold ignores the stray one)', () => {
    const twice = [
      ...h.envelopes,
      {
        ...stray,
        position: h.envelopes.length + 1,
        recordedAtMs: at('2025-09-04'),
      },
    ];
    const index = buildTemporalIndex(twice);
    const naive = new NaiveReplay(twice);
    for (const date of ['2025-03-01', '2026-06-01']) {
      const p = { atMs: at(date), knownPosition: index.headPosition() };
      expect(networkAt(index, p)).toEqual(networkAt(naive, p));
      expect(networkAt(index, p).edges).toHaveLength(2);
    }
  });
});
