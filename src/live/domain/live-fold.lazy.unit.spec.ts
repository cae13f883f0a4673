import fc from 'fast-check';
import { toDatedEvent } from '../../exposure/domain/dated-event';
import { TemporalIndex } from '../../exposure/domain/temporal-index';
import { LiveFact, LiveFold } from './live-fact';
import { ALL, LiveFilter, messagesFor } from './live-filter';
import {
  EventLog,
  indexOfStored,
  StoredLike,
} from '../../../test/kits/sealed-events';
import { History, loan, supply } from '../../../test/kits/history.fixture';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01');
const day = (n: number) => new Date(T0 + n * DAY).toISOString();
const COMPANIES = ['a', 'b', 'c', 'd'];

type Step =
  | { kind: 'record'; deal: number; from: number; to: number; loan: boolean }
  | {
      kind: 'pay' | 'writeDown' | 'amend';
      deal: number;
      n: number;
      eff: number;
    }
  | { kind: 'terminate' | 'retract'; deal: number; eff: number }
  | { kind: 'default' | 'cure'; company: number; eff: number }
  | { kind: 'scenario'; company: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      deal: fc.integer({ min: 0, max: 5 }),
      from: fc.integer({ min: 0, max: 3 }),
      to: fc.integer({ min: 0, max: 3 }),
      loan: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'pay' as const,
        'writeDown' as const,
        'amend' as const,
      ),
      deal: fc.integer({ min: 0, max: 5 }),
      n: fc.integer({ min: 1, max: 900 }),
      // mostly moving forward; sometimes backdated before earlier events, or before the signing
      eff: fc.integer({ min: -30, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('terminate' as const, 'retract' as const),
      deal: fc.integer({ min: 0, max: 5 }),
      eff: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('default' as const, 'cure' as const),
      company: fc.integer({ min: 0, max: 3 }),
      eff: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('scenario' as const),
      company: fc.integer({ min: 0, max: 3 }),
    }),
  },
);

/**
 * The steps as stored events: the ledger's (through the history fixture, which knows their
 * shapes) in their deal's or company's stream, a scenario run in its own.
 */
function storedEvents(steps: readonly Step[]): StoredLike[] {
  const h = new History('2026-06-01T00:00:00Z');
  const log = new EventLog();
  const streams: string[] = [];
  const extra = new Map<number, { defaults: string[] }>();
  for (const c of COMPANIES.slice(0, 3)) h.company(c);
  h.deal('d0', loan('a', 'b'), { amountUsd: 1000 }, day(0));
  h.deal('d1', supply('a', 'b'), { amountUsd: 800 }, day(10));
  for (const s of steps) {
    if (s.kind === 'scenario') {
      // a non-ledger event between ledger ones: it moves the position, no entity
      extra.set(h.head, { defaults: [COMPANIES[s.company]] });
      continue;
    }
    if (s.kind === 'record') {
      const parties = s.loan
        ? loan(COMPANIES[s.from], COMPANIES[s.to])
        : supply(COMPANIES[s.from], COMPANIES[s.to]);
      h.deal(`d${s.deal}`, parties, { amountUsd: 500 + s.deal }, day(s.deal));
    } else if ('company' in s) {
      if (s.kind === 'default')
        h.defaulted(COMPANIES[s.company], day(s.eff), 0.4);
      else h.cured(COMPANIES[s.company], day(s.eff));
    } else {
      const id = `d${s.deal}`;
      if (s.kind === 'pay') h.pay(id, s.n, day(s.eff));
      else if (s.kind === 'writeDown') h.writeDown(id, s.n, day(s.eff));
      else if (s.kind === 'amend')
        h.amend(id, { amountUsd: s.n * 3 }, day(s.eff));
      else if (s.kind === 'terminate') h.terminate(id, day(s.eff));
      else h.retract(id, day(s.eff));
    }
  }
  h.company('d', '2001-01-01');
  const append = (i: number): void => {
    const scenario = extra.get(i);
    if (scenario)
      log.append(
        `scenario-s${i}`,
        'ScenarioRan',
        { scenarioId: `s${i}`, result: scenario },
        { effectiveAt: day(0) },
      );
  };
  append(0);
  h.envelopes.forEach((e, i) => {
    const data = e.event.data as unknown as StoredLike['data'];
    const streamId =
      'companyId' in e.event.data
        ? `company-${e.event.data.companyId}`
        : `deal-${e.event.data.dealId}`;
    if (!streams.includes(streamId)) streams.push(streamId);
    log.append(streamId, e.event.type, data, {
      effectiveAt: new Date(e.effectiveAtMs).toISOString(),
    });
    append(i + 1);
  });
  return log.events;
}

/** From position 1, the index growing event by event (as the hub folds the projection's feed). */
function fullFold(events: readonly StoredLike[], tipsFrom: number): LiveFact[] {
  const index = new TemporalIndex();
  const fold = new LiveFold({ tipsFrom });
  return events.map((e) => {
    const envelope = toDatedEvent(e);
    if (envelope) index.add(envelope);
    return fold.apply(e, index, envelope ?? undefined);
  });
}

/**
 * From position `after`, in chunks of `chunk` events, each chunk's streams loaded as the hub reads
 * them — their events up to the fold's start, which are those before the chunk's first of each —
 * read against an index holding everything.
 */
function lazyFold(
  events: readonly StoredLike[],
  after: number,
  chunk: number,
  tipsFrom: number,
): LiveFact[] {
  const index = indexOfStored(events);
  const fold = new LiveFold({ after, tipsFrom });
  const facts: LiveFact[] = [];
  const rest = events.filter((e) => e.position > after);
  for (let i = 0; i < rest.length; i += chunk) {
    const part = rest.slice(i, i + chunk);
    for (const { streamId, revision } of fold.unloaded(part)) {
      const earlier = events.filter(
        (e) => e.streamId === streamId && e.position <= after,
      );
      expect(earlier.map((e) => e.revision)).toEqual(
        Array.from({ length: revision }, (_, r) => r),
      );
      fold.load(streamId, earlier, index);
    }
    for (const e of part) facts.push(fold.apply(e, index));
  }
  return facts;
}

const FILTERS: LiveFilter[] = [
  ALL,
  { ...ALL, companies: ['a'] },
  { ...ALL, topics: ['exposure'] },
  { ...ALL, at: day(0) },
  { ...ALL, at: day(45) },
  { ...ALL, at: day(200) },
  { ...ALL, deals: ['d2'], at: day(420) },
  { ...ALL, companies: ['c'], at: '2026-06-01T00:00:00.000Z' },
];

/** Every fact's messages for every filter, as the text a client is sent. */
function messagesText(facts: readonly LiveFact[]): string[] {
  return facts.flatMap((f) =>
    FILTERS.map((filter) => JSON.stringify(messagesFor(f, filter))),
  );
}

/** The lazy fold from `after` makes the full fold's facts after it, with the same messages. */
function expectSameFacts(
  events: readonly StoredLike[],
  after: number,
  chunk: number,
  tipsFrom: number,
): void {
  const full = fullFold(events, tipsFrom).slice(after);
  const lazy = lazyFold(events, after, chunk, tipsFrom);
  expect(lazy.map((f) => f.position)).toEqual(full.map((f) => f.position));
  expect(messagesText(lazy)).toEqual(messagesText(full));
  // the as-of views rest on the same histories and recorded views
  const basis = (f: LiveFact) => [
    f.history.slice(0, f.priorCount + 1),
    f.recordedBefore,
    f.recordedAfter,
    f.companies,
    f.pairDeals?.slice(0, f.pairCount),
  ];
  expect(lazy.map(basis)).toEqual(full.map(basis));
}

describe('a live fold started at any position (entities loaded from their streams when first touched)', () => {
  it('property: makes every fact after its start with the same messages as the fold from position 1', () => {
    fc.assert(
      fc.property(
        fc.array(arbStep, { minLength: 1, maxLength: 45 }),
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(1, 3, 32),
        (steps, where, chunk, tipsFrom) => {
          const events = storedEvents(steps);
          expectSameFacts(events, where % (events.length + 1), chunk, tipsFrom);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists a deal recorded before its start among its pair’s deals, in recording order, from the exposure index', () => {
    const events = storedEvents([
      { kind: 'record', deal: 2, from: 1, to: 0, loan: true },
      { kind: 'record', deal: 3, from: 2, to: 3, loan: false },
      { kind: 'pay', deal: 0, n: 5, eff: 20 },
      { kind: 'record', deal: 4, from: 0, to: 1, loan: false },
      { kind: 'pay', deal: 2, n: 5, eff: 20 },
    ]);
    // d0, d1, d2 recorded before position 6; d4 after it; d3 is between c and d
    const after = events.findIndex((e) => e.streamId === 'deal-d4');
    const lazy = lazyFold(events, after, 1, 32);
    const d2 = lazy.find((f) => f.entity?.id === 'd2')!;
    expect(d2.pairDeals?.slice(0, d2.pairCount)).toEqual([
      'd0',
      'd1',
      'd2',
      'd4',
    ]);
    expect(d2.history.map((e) => e.type)).toEqual([
      'DealRecorded',
      'DealPaymentRecorded',
    ]);
  });

  it('lists a pair’s deals by their first DealRecorded, whatever a later stray one names', () => {
    // d0 recorded again between a and a, then between a and c: it stays a deal between a and b
    const events = storedEvents([
      { kind: 'record', deal: 2, from: 2, to: 0, loan: true },
      { kind: 'record', deal: 0, from: 0, to: 0, loan: false },
      { kind: 'record', deal: 0, from: 0, to: 2, loan: false },
      { kind: 'pay', deal: 1, n: 5, eff: 20 },
      { kind: 'pay', deal: 2, n: 5, eff: 20 },
    ]);
    for (let after = 0; after < events.length; after++)
      for (const chunk of [1, 3]) expectSameFacts(events, after, chunk, 1);
  });

  it('refuses an event of a stream whose earlier events it has not loaded', () => {
    const events = storedEvents([{ kind: 'pay', deal: 0, n: 5, eff: 20 }]);
    const payment = events.find((e) => e.type === 'DealPaymentRecorded')!;
    const fold = new LiveFold({ after: payment.position - 1 });
    expect(() => fold.apply(payment, indexOfStored(events))).toThrow(
      /not loaded/,
    );
  });
});
