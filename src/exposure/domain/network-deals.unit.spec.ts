import { buildTemporalIndex } from './temporal-index';
import { NaiveReplay } from './naive-replay';
import { networkAt, networkPartsAt } from './exposure.queries';
import {
  backdatedAmendment,
  History,
  loan,
  supply,
} from '../../../test/kits/history.fixture';
import { CHUNK } from '../../shared/chunked-list';
import { jsonPieces } from '../../shared/json-pieces';

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

// A whole network of more edges than a chunk holds, made a chunk at a time (NetworkParts) and
// written as text in pieces, is the answer made at once: same edges, same order, same text.
describe('given more edges than a chunk holds', () => {
  const companies = 100;
  const h = new History('2025-01-01T00:00:00Z');
  for (let c = 0; c < companies; c++) h.company(`c${c}`);
  // one loan per ordered pair of distinct companies (9,900 edges), and a supply on some pairs
  for (let a = 0; a < companies; a++)
    for (let b = 0; b < companies; b++) {
      if (a === b) continue;
      h.deal(
        `l${a}-${b}`,
        loan(`c${a}`, `c${b}`),
        { amountUsd: 1 + a + b / 100 },
        '2024-06-01',
      );
      if ((a + b) % 37 === 0)
        h.deal(
          `s${a}-${b}`,
          supply(`c${a}`, `c${b}`),
          { amountUsd: 50, capacityGw: 0.1 },
          '2024-07-01',
        );
    }
  const index = buildTemporalIndex(h.envelopes);
  const p = { atMs: at('2025-06-01'), knownPosition: index.headPosition() };

  it('answers in pieces the text of the answer made at once', () => {
    const whole = networkAt(index, p);
    expect(whole.edges.length).toBeGreaterThan(CHUNK);
    const {
      companies: rows,
      edges,
      dependencies,
      caveats,
    } = networkPartsAt(index, p);
    const pieces = [
      ...jsonPieces({ companies: rows, edges, dependencies, caveats }),
    ];
    // a piece per chunk of edges and of dependencies, and the rest
    expect(pieces.length).toBe(
      Math.ceil(whole.edges.length / CHUNK) +
        Math.ceil(whole.dependencies.length / CHUNK) +
        1,
    );
    expect(pieces.join('') === JSON.stringify(whole)).toBe(true);
  });

  it('reads its rows after another whole network was made from the same index', () => {
    const earlier = networkPartsAt(index, p);
    const later = networkAt(index, { ...p, atMs: at('2024-06-15') });
    expect(later.dependencies).toEqual([]);
    // the earlier answer's rows are still its own
    expect([...earlier.edges.chunks()].flat()).toEqual(
      networkAt(index, p).edges,
    );
    expect([...earlier.dependencies.chunks()].flat()).toEqual(
      networkAt(index, p).dependencies,
    );
  });

  it('is the naive replay’s answer', () => {
    expect(networkAt(index, p)).toEqual(
      networkAt(new NaiveReplay(h.envelopes), p),
    );
  });
});
