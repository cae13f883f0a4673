import fc from 'fast-check';
import { buildTemporalIndex, TemporalIndex } from './temporal-index';
import { NaiveReplay } from './naive-replay';
import {
  companyExposureAt,
  dealAt,
  findCycles,
  networkAt,
} from './exposure.queries';
import {
  backdatedAmendment,
  History,
  investment,
  loan,
  supply,
} from '../../../test/kits/history.fixture';
import {
  arbDay,
  arbGaps,
  arbLongDeals,
  arbStep,
  COMPANIES,
  DEALS,
  toHistory,
} from '../../../test/kits/random-histories';

const at = (iso: string) => Date.parse(iso);

describe('point in time: view(at, knownAt)', () => {
  // recorded in 2025; a backdated amendment recorded 2025-09-01, effective 2025-03-01
  const history = backdatedAmendment;

  it('a backdated amendment changes views known after it was recorded', () => {
    const index = buildTemporalIndex(history().envelopes);
    const known = index.knownPosition(at('2025-10-01'));
    expect(
      dealAt(index, 's1', { atMs: at('2025-04-01'), knownPosition: known })!
        .outstandingUsd,
    ).toBe(250);
    expect(
      dealAt(index, 's1', { atMs: at('2025-02-01'), knownPosition: known })!
        .outstandingUsd,
    ).toBe(300);
  });

  it('and leaves views known before it exactly as they were', () => {
    const h = history();
    const before = buildTemporalIndex(h.envelopes.slice(0, 3));
    const full = buildTemporalIndex(h.envelopes);
    const knownAt = at('2025-06-01');
    for (const date of ['2025-02-01', '2025-04-01', '2026-01-01']) {
      const p = { atMs: at(date), knownPosition: full.knownPosition(knownAt) };
      expect(networkAt(full, p)).toEqual(
        networkAt(before, {
          atMs: at(date),
          knownPosition: before.headPosition(),
        }),
      );
    }
    expect(
      dealAt(full, 's1', {
        atMs: at('2025-04-01'),
        knownPosition: full.knownPosition(knownAt),
      })!.outstandingUsd,
    ).toBe(300);
  });

  it('knows nothing before the first recording, and knownAt is inclusive', () => {
    const index = buildTemporalIndex(history().envelopes);
    expect(index.knownPosition(at('2024-12-31'))).toBe(0);
    expect(index.knownPosition(at('2025-01-02T00:00:00Z'))).toBe(3);
    expect(index.knownPosition(at('2025-09-01T00:00:00Z'))).toBe(4);
    expect(
      dealAt(index, 's1', { atMs: at('2025-04-01'), knownPosition: 0 }),
    ).toBeUndefined();
  });

  it('a retraction removes the deal from views known after it, not before', () => {
    const h = history().retract('s1', '2025-10-01', '2025-10-01T00:00:00Z');
    const index = buildTemporalIndex(h.envelopes);
    const p = (knownAt: string) => ({
      atMs: at('2025-04-01'),
      knownPosition: index.knownPosition(at(knownAt)),
    });
    expect(dealAt(index, 's1', p('2025-09-30'))!.outstandingUsd).toBe(250);
    expect(dealAt(index, 's1', p('2025-10-01'))).toBeUndefined();
    expect(networkAt(index, p('2025-10-01')).edges).toEqual([]);
  });

  it('an event effective before its deal’s signing takes effect at the signing', () => {
    const h = new History()
      .company('a')
      .company('b')
      .deal('l1', loan('a', 'b'), { amountUsd: 10 }, '2025-01-01')
      .amend('l1', { amountUsd: 20 }, '2024-01-01');
    const index = buildTemporalIndex(h.envelopes);
    expect(
      dealAt(index, 'l1', { atMs: at('2024-06-01'), knownPosition: h.head }),
    ).toBeUndefined();
    expect(
      dealAt(index, 'l1', { atMs: at('2025-01-01'), knownPosition: h.head })!
        .outstandingUsd,
    ).toBe(20);
  });

  describe('given a deal announced on 2025-09-10 but recorded on 2026-01-05', () => {
    const announced = () =>
      new History()
        .company('bank', '2000-01-01', {}, '2025-01-01T00:00:00Z')
        .company('acme', '2000-01-01', {}, '2025-01-01T00:00:01Z')
        .deal(
          'l1',
          loan('bank', 'acme'),
          { amountUsd: 100, endDate: '2030-01-01' },
          '2025-09-10',
          '2026-01-05T00:00:00Z',
        )
        .announced('2025-09-10')
        .retract('l1', '2025-09-10', '2026-02-01T00:00:00Z')
        .announced('2026-01-20');

    it('is known from its announcement, not only from its recording', () => {
      const index = buildTemporalIndex(announced().envelopes);
      const knownAtMs = at('2025-10-01');
      const p = {
        atMs: at('2025-10-01'),
        knownPosition: index.knownPosition(knownAtMs),
        knownAtMs,
      };
      expect(dealAt(index, 'l1', p)!.outstandingUsd).toBe(100);
      expect(networkAt(index, p).edges).toHaveLength(1);
      // by position alone (recorded time) it was not known yet
      expect(
        dealAt(index, 'l1', { atMs: p.atMs, knownPosition: p.knownPosition }),
      ).toBeUndefined();
      // before the announcement: unknown
      const early = at('2025-09-09');
      expect(
        dealAt(index, 'l1', {
          atMs: p.atMs,
          knownPosition: index.knownPosition(early),
          knownAtMs: early,
        }),
      ).toBeUndefined();
    });

    it('its retraction counts from its own announcement too', () => {
      const index = buildTemporalIndex(announced().envelopes);
      const knownAtMs = at('2026-01-25');
      expect(
        dealAt(index, 'l1', {
          atMs: at('2025-10-01'),
          knownPosition: index.knownPosition(knownAtMs),
          knownAtMs,
        }),
      ).toBeUndefined();
    });
  });

  it('the duplicate guard: adding a known position again changes nothing', () => {
    const h = history();
    const index = new TemporalIndex();
    for (const e of h.envelopes) expect(index.add(e)).toBe(true);
    for (const e of h.envelopes) expect(index.add(e)).toBe(false);
    expect(index.size).toBe(h.envelopes.length);
  });

  it('explains each amount with its deals and event positions', () => {
    const index = buildTemporalIndex(history().envelopes);
    const view = networkAt(
      index,
      { atMs: at('2025-04-01'), knownPosition: index.headPosition() },
      { explain: true },
    );
    // s1 has no endDate: its 250 is spread over an assumed 60 months from 2025-01-01, 3 due by
    // 2025-04-01 (gross 250 − 12.5); LGD: the 12 due within a year (50) + 0.25 × the 187.5 after
    expect(view.edges[0].explain).toEqual([
      {
        dealId: 's1',
        amountUsd: 237.5,
        lossGivenDefaultUsd: 96.875,
        basis: 'supply-commitment',
        positions: [3, 4],
      },
    ]);
    expect(view.caveats).toEqual([
      expect.objectContaining({ kind: 'assumed-term', deal: 's1' }),
      expect.objectContaining({ kind: 'assumed-financials', company: 'acme' }),
      expect.objectContaining({ kind: 'assumed-financials', company: 'bank' }),
    ]);
  });
});

describe('cycles', () => {
  it('finds an investor funding a company that buys from the investor, and flags vendor financing', () => {
    const h = new History()
      .company('nvidia')
      .company('openai')
      .company('oracle')
      .deal(
        'inv',
        investment('nvidia', 'openai'),
        { amountUsd: 100 },
        '2025-01-01',
      )
      .deal(
        'chips',
        supply('openai', 'nvidia'),
        { amountUsd: 80 },
        '2025-01-01',
      )
      .deal(
        'cloud',
        supply('openai', 'oracle'),
        { amountUsd: 300 },
        '2025-01-01',
      )
      .deal(
        'vf',
        loan('nvidia', 'oracle'),
        { amountUsd: 20, vendorFinancing: true },
        '2025-01-01',
      )
      .deal(
        'gpus',
        supply('oracle', 'nvidia'),
        { amountUsd: 40 },
        '2025-01-01',
      );
    const index = buildTemporalIndex(h.envelopes);
    const { worths } = networkAt(index, {
      atMs: at('2025-06-01'),
      knownPosition: h.head,
    });
    const result = findCycles(worths);
    const rings = result.cycles.map((c) => [
      c.companies.join('>'),
      c.amountUsd,
    ]);
    expect(rings).toEqual(
      expect.arrayContaining([
        ['nvidia>openai', 80],
        ['nvidia>oracle', 20],
        ['nvidia>openai>oracle', 40],
      ]),
    );
    expect(result.cycles).toHaveLength(3);
    expect(result.flagged.map((f) => [f.dealId, f.reason]).sort()).toEqual([
      ['vf', 'lender-also-sells'],
      ['vf', 'vendor-financing'],
    ]);
    expect(result.truncated).toBe(false);
  });

  describe('given a ring that runs through a letter of intent', () => {
    const h = new History()
      .company('nvidia')
      .company('openai')
      .company('oracle')
      .deal(
        'loi',
        investment('nvidia', 'openai'),
        { amountUsd: 100, certainty: 'intent' },
        '2025-01-01',
      )
      .deal(
        'chips',
        supply('openai', 'nvidia'),
        { amountUsd: 80 },
        '2025-01-01',
      )
      .deal(
        'cloud',
        supply('openai', 'oracle'),
        { amountUsd: 300, certainty: 'conditional' },
        '2025-01-01',
      )
      .deal(
        'gpus',
        supply('oracle', 'nvidia'),
        { amountUsd: 40 },
        '2025-01-01',
      );
    const { worths } = networkAt(buildTemporalIndex(h.envelopes), {
      atMs: at('2025-06-01'),
      knownPosition: h.head,
    });
    const rings = (minCertainty?: 'binding' | 'conditional' | 'intent') =>
      findCycles(worths, { minCertainty }).cycles.map((c) => [
        c.companies.join('>'),
        c.certainty,
        c.legs.map((l) => l.certainty).join(','),
      ]);

    it('says each ring and leg at its weakest certainty', () => {
      expect(rings()).toEqual([
        ['nvidia>openai', 'intent', 'intent,binding'],
        ['nvidia>openai>oracle', 'intent', 'intent,conditional,binding'],
      ]);
    });

    it('leaves out every ring through the letter at minCertainty conditional or binding', () => {
      expect(rings('conditional')).toEqual([]);
      expect(rings('binding')).toEqual([]);
    });
  });
});

// ---- property: the fast engine answers exactly as the naive replay ----

describe('property: fast engine = naive full replay', () => {
  it('for random histories at random (at, knownAt)', () => {
    fc.assert(
      fc.property(
        fc.array(arbStep, { minLength: 1, maxLength: 40 }),
        arbGaps,
        fc.array(fc.tuple(arbDay, fc.integer({ min: -10, max: 200 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.boolean(),
        fc.array(fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }), {
          minLength: 1,
          maxLength: 7,
        }),
        (steps, gaps, queries, shuffled, lags) => {
          const envelopes = toHistory(steps, gaps, lags);
          // the index accepts envelopes in any order (scenario overlays); the answer must not change
          const ordered = shuffled ? [...envelopes].reverse() : envelopes;
          // built in two steps, queried in between: snapshots taken then must not survive later adds
          const half = Math.floor(ordered.length / 2);
          const fast = buildTemporalIndex(ordered.slice(0, half));
          networkAt(fast, { atMs: Infinity, knownPosition: Infinity });
          for (const e of ordered.slice(half)) fast.add(e);
          const naive = new NaiveReplay(envelopes);
          expect(fast.headPosition()).toBe(naive.headPosition());
          for (const [atMs, knownMinutes] of queries) {
            const knownAtMs = at('2026-01-01') + knownMinutes * 60_000;
            const knownPosition = fast.knownPosition(knownAtMs);
            expect(knownPosition).toBe(naive.knownPosition(knownAtMs));
            const p = { atMs, knownPosition };
            expect(networkAt(fast, p, { explain: true })).toEqual(
              networkAt(naive, p, { explain: true }),
            );
            for (const c of COMPANIES)
              expect(companyExposureAt(fast, c, p)).toEqual(
                companyExposureAt(naive, c, p),
              );
            for (const d of DEALS)
              expect(dealAt(fast, d, p)).toEqual(dealAt(naive, d, p));
            // known at knownAt: recorded by then, or announced by then (DESIGN.md "Point in time")
            const pk = { atMs, knownPosition, knownAtMs };
            const fastView = networkAt(fast, pk, { explain: true });
            expect(fastView).toEqual(networkAt(naive, pk, { explain: true }));
            for (const c of COMPANIES)
              expect(companyExposureAt(fast, c, pk)).toEqual(
                companyExposureAt(naive, c, pk),
              );
            for (const d of DEALS) {
              expect(dealAt(fast, d, pk)).toEqual(dealAt(naive, d, pk));
              // the standing itself, payments list and plan included (balance sheets read them)
              expect(fast.deal(d, atMs, knownPosition, knownAtMs)).toEqual(
                naive.deal(d, atMs, knownPosition, knownAtMs),
              );
            }
            // …which is the literal reading: the events whose announcedAt ?? recordedAt ≤ knownAt
            const literal = new NaiveReplay(
              envelopes.filter(
                (e) => (e.announcedAtMs ?? e.recordedAtMs) <= knownAtMs,
              ),
            );
            expect(
              networkAt(literal, { atMs, knownPosition: Infinity }),
            ).toEqual(networkAt(fast, pk));
          }
          // everything known (scenario overlays query so)
          const all = { atMs: queries[0][0], knownPosition: Infinity };
          expect(networkAt(fast, all)).toEqual(networkAt(naive, all));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('property: snapshots kept up to date event by event', () => {
  it('queried after every event added, the index answers as the naive replay of the events so far', () => {
    fc.assert(
      fc.property(arbLongDeals, arbGaps, arbDay, (steps, gaps, atMs) => {
        const envelopes = toHistory(steps, gaps);
        const fast = new TemporalIndex();
        const all = { atMs: Infinity, knownPosition: Infinity };
        envelopes.forEach((e, i) => {
          fast.add(e);
          const naive = new NaiveReplay(envelopes.slice(0, i + 1));
          // everything known: the snapshots answer (the standings, payment lists included)
          for (const d of DEALS)
            expect(fast.deal(d, Infinity, Infinity)).toEqual(
              naive.deal(d, Infinity, Infinity),
            );
          expect(networkAt(fast, all)).toEqual(networkAt(naive, all));
        });
        // the folds of a prefix share what the snapshots kept: still the same answers
        const naive = new NaiveReplay(envelopes);
        for (const p of [
          { atMs, knownPosition: Infinity },
          { atMs: Infinity, knownPosition: fast.headPosition() - 2 },
        ]) {
          expect(networkAt(fast, p, { explain: true })).toEqual(
            networkAt(naive, p, { explain: true }),
          );
          for (const d of DEALS)
            expect(fast.deal(d, p.atMs, p.knownPosition)).toEqual(
              naive.deal(d, p.atMs, p.knownPosition),
            );
        }
      }),
      { numRuns: 200 },
    );
  });
});
