import fc from 'fast-check';
import { buildTemporalIndex, TemporalIndex } from './temporal-index';
import { NaiveReplay } from './naive-replay';
import {
  companyExposureAt,
  dealAt,
  findCycles,
  networkAt,
} from './exposure.queries';
import { DatedEvent } from './dated-event';
import {
  backdatedAmendment,
  History,
  investment,
  loan,
  supply,
} from '../../../test/kits/history.fixture';

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

const COMPANIES = ['a', 'b', 'c', 'd'];
const DEALS = ['d1', 'd2', 'd3', 'd4', 'd5'];
const T0 = at('2020-01-01');
const DAY = 86_400_000;

const arbDay = fc.integer({ min: 0, max: 6 * 365 }).map((d) => T0 + d * DAY);
const arbAmount = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 1000 }),
);

type Step = { kind: string; [k: string]: unknown };
const arbStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('company'),
    id: fc.constantFrom(...COMPANIES),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constant('deal'),
    id: fc.constantFrom(...DEALS),
    dealKind: fc.constantFrom('supply', 'loan', 'investment'),
    from: fc.constantFrom(...COMPANIES),
    to: fc.constantFrom(...COMPANIES),
    amount: arbAmount,
    start: fc.option(arbDay, { nil: null }),
    end: fc.option(arbDay, { nil: null }),
    schedule: fc.option(
      fc.array(fc.tuple(arbDay, fc.integer({ min: 1, max: 300 })), {
        minLength: 1,
        maxLength: 3,
      }),
      { nil: null },
    ),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constant('amend'),
    id: fc.constantFrom(...DEALS),
    amount: arbAmount,
    end: fc.option(arbDay, { nil: null }),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constantFrom('pay', 'writeDown'),
    id: fc.constantFrom(...DEALS),
    amount: fc.integer({ min: 1, max: 200 }),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constantFrom('terminate', 'retract'),
    id: fc.constantFrom(...DEALS),
    eff: arbDay,
  }),
  fc.record({
    kind: fc.constantFrom('default', 'cure'),
    id: fc.constantFrom(...COMPANIES),
    eff: arbDay,
  }),
);

function toHistory(
  steps: readonly Step[],
  recordedGaps: readonly number[],
  /** Minutes before its recording each event was announced (null: not announced), cycled. */
  announceLags: readonly (number | null)[] = [null],
): DatedEvent[] {
  const h = new History('2026-01-01T00:00:00Z');
  const recorded = new Set<string>();
  // The ledger registers a company once (its decider refuses a second registration), as it
  // records a deal once: a history with two registrations of one company cannot be stored.
  const registered = new Set<string>();
  let clock = at('2026-01-01');
  steps.forEach((s, i) => {
    const before = h.envelopes.length;
    apply(s, i);
    const lag = announceLags[i % announceLags.length];
    if (h.envelopes.length > before && lag !== null)
      h.announced(new Date(clock - lag * 60_000).toISOString());
  });
  return h.envelopes;

  function apply(s: Step, i: number): void {
    // recorded time mostly advances, sometimes stands still (equal recordedAt for several positions)
    clock += recordedGaps[i % recordedGaps.length] * 60_000;
    const rec = new Date(clock).toISOString();
    const eff = new Date(s.eff as number).toISOString();
    const id = s.id as string;
    switch (s.kind) {
      case 'company':
        if (registered.has(id)) return;
        registered.add(id);
        h.company(id, eff, { equityUsd: 100 }, rec);
        break;
      case 'deal': {
        if (recorded.has(id) || s.from === s.to) return;
        recorded.add(id);
        const parties =
          s.dealKind === 'supply'
            ? supply(s.from as string, s.to as string)
            : s.dealKind === 'loan'
              ? loan(s.from as string, s.to as string)
              : investment(s.from as string, s.to as string);
        const schedule = (s.schedule as [number, number][] | null)?.map(
          ([d, a]) => ({ date: new Date(d).toISOString(), amountUsd: a }),
        );
        h.deal(
          id,
          parties,
          {
            amountUsd: s.amount as number | null,
            startDate:
              s.start === null
                ? null
                : new Date(s.start as number).toISOString(),
            endDate:
              s.end === null ? null : new Date(s.end as number).toISOString(),
            schedule: schedule ?? null,
          },
          eff,
          rec,
        );
        break;
      }
      case 'amend':
        if (!recorded.has(id)) return;
        h.amend(
          id,
          {
            amountUsd: s.amount as number | null,
            ...(s.end !== null
              ? { endDate: new Date(s.end as number).toISOString() }
              : {}),
          },
          eff,
          rec,
        );
        break;
      case 'pay':
        if (recorded.has(id)) h.pay(id, s.amount as number, eff, rec);
        break;
      case 'writeDown':
        if (recorded.has(id)) h.writeDown(id, s.amount as number, eff, rec);
        break;
      case 'terminate':
        if (recorded.has(id)) h.terminate(id, eff, rec);
        break;
      case 'retract':
        if (recorded.has(id)) h.retract(id, eff, rec);
        break;
      case 'default':
        h.defaulted(id, eff, 0.5, rec);
        break;
      case 'cure':
        h.cured(id, eff, rec);
        break;
    }
  }
}

describe('property: fast engine = naive full replay', () => {
  it('for random histories at random (at, knownAt)', () => {
    fc.assert(
      fc.property(
        fc.array(arbStep, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 3 }), {
          minLength: 1,
          maxLength: 5,
        }),
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

/**
 * Histories of a few long deals: each recorded once, then payments (mostly), amendments,
 * write-downs, a termination or a retraction, each effective some days after the deal's last
 * event (the live path: appended at the end of the deal's fold order) or, now and then, before it.
 */
const arbLongDeals: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(
      fc.record({
        dealKind: fc.constantFrom('supply', 'loan', 'investment'),
        from: fc.nat(3),
        // another company than `from`
        to: fc.integer({ min: 1, max: 3 }),
        amount: arbAmount,
        start: fc.option(arbDay, { nil: null }),
        end: fc.option(arbDay, { nil: null }),
        eff: arbDay,
      }),
      { minLength: 1, maxLength: 3 },
    ),
    fc.array(
      fc.record({
        deal: fc.nat(2),
        kind: fc.constantFrom(
          'pay',
          'pay',
          'pay',
          'pay',
          'amend',
          'writeDown',
          'terminate',
          'retract',
        ),
        amount: fc.integer({ min: 1, max: 200 }),
        end: fc.option(arbDay, { nil: null }),
        days: fc.integer({ min: -40, max: 90 }),
      }),
      { minLength: 5, maxLength: 40 },
    ),
  )
  .map(([deals, events]) => {
    const steps: Step[] = COMPANIES.map((id) => ({
      kind: 'company',
      id,
      eff: T0,
    }));
    const lastEff = deals.map((d) => d.eff);
    deals.forEach((d, i) =>
      steps.push({
        ...d,
        kind: 'deal',
        id: DEALS[i],
        from: COMPANIES[d.from],
        to: COMPANIES[(d.from + d.to) % COMPANIES.length],
        schedule: null,
      }),
    );
    for (const e of events) {
      const i = e.deal % deals.length;
      lastEff[i] += e.days * DAY;
      // mostly retractions come last: a retracted deal takes nothing more
      if (e.kind === 'retract' && e.days % 3 !== 0) continue;
      steps.push({
        kind: e.kind,
        id: DEALS[i],
        amount: e.amount,
        end: e.end,
        eff: lastEff[i],
      });
    }
    return steps;
  });

describe('property: snapshots kept up to date event by event', () => {
  it('queried after every event added, the index answers as the naive replay of the events so far', () => {
    fc.assert(
      fc.property(
        arbLongDeals,
        fc.array(fc.integer({ min: 0, max: 3 }), {
          minLength: 1,
          maxLength: 5,
        }),
        arbDay,
        (steps, gaps, atMs) => {
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
        },
      ),
      { numRuns: 200 },
    );
  });
});
