import fc from 'fast-check';
import { TangleError } from '../../shared/errors';
import { isValidInstantString } from '../../shared/time';
import {
  DEAL_ROLES,
  DealCommand,
  dealDecider,
  DealState,
} from './deal.decider';
import { DealEvent } from './ledger.events';
import { DealFact } from './ledger.fact';
import { checkTerms, sameAmount } from './ledger.rules';

/**
 * Random command sequences against one deal: whatever is accepted, the deal never reaches a state
 * the rules forbid, the event sequence stays legal, and every refusal is a typed domain error.
 */
const registered: Record<string, string> = {
  a: '2020-01-01T00:00:00.000Z',
  b: '2020-01-01T00:00:00.000Z',
  late: '2024-01-01T00:00:00.000Z',
};
const context = { companyRegisteredAt: (id: string) => registered[id] };

const date = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '2019-06-01',
      '2021-01-01',
      '2022-06-01',
      '2023-01-01',
      '2024-06-01',
      '2026-01-01',
      '2030-01-01',
    ),
    weight: 12,
  },
  { arbitrary: fc.constantFrom('2025-13-45', '2025-02-30'), weight: 1 },
);
const amount = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.constantFrom(0, -5, Number.NaN, Number.POSITIVE_INFINITY, 0.1 + 0.2),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly absent. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    { arbitrary: arb, weight: 1 },
  );
const schedule = fc.array(fc.record({ date, amountUsd: amount }), {
  minLength: 0,
  maxLength: 3,
});
const text = fc.constantFrom('', 'x', 'reason');

const command: fc.Arbitrary<DealCommand> = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom(
        'supply' as const,
        'investment' as const,
        'loan' as const,
      ),
      first: fc.constantFrom('a', 'a', 'late', 'ghost'),
      second: fc.constantFrom('b', 'b', 'a'),
      foreignRole: rarely(fc.constantFrom('buyer', 'investor', 'lender')),
      amountUsd: maybe(amount),
      effectiveAt: date,
      startDate: maybe(date),
      endDate: maybe(date),
      schedule: rarely(schedule),
    })
    .map(({ kind, first, second, foreignRole, ...rest }): DealCommand => {
      const [r1, r2] = DEAL_ROLES[kind];
      return {
        command: 'record-deal',
        id: 'd',
        kind,
        [r1]: first,
        [r2]: second,
        ...(foreignRole !== undefined && foreignRole !== r1
          ? { [foreignRole]: 'a' }
          : {}),
        ...rest,
      };
    }),
  fc.record({
    command: fc.constant('amend-deal' as const),
    id: fc.constant('d'),
    effectiveAt: date,
    reason: text,
    amountUsd: rarely(fc.option(amount, { nil: null })),
    startDate: rarely(fc.option(date, { nil: null })),
    endDate: rarely(fc.option(date, { nil: null })),
    schedule: rarely(fc.option(schedule, { nil: null })),
    notes: rarely(fc.option(text, { nil: null })),
  }),
  fc.record({
    command: fc.constant('terminate-deal' as const),
    id: fc.constant('d'),
    effectiveAt: date,
    reason: text,
  }),
  fc.record({
    command: fc.constant('record-payment' as const),
    id: fc.constant('d'),
    amountUsd: amount,
    effectiveAt: date,
  }),
  fc.record({
    command: fc.constant('write-down-deal' as const),
    id: fc.constant('d'),
    amountUsd: amount,
    effectiveAt: date,
    reason: text,
  }),
  fc.record({
    command: fc.constant('retract-deal' as const),
    id: fc.constant('d'),
    reason: text,
    effectiveAt: maybe(date),
  }),
);

/** Most sequences open with a plausible recording, so the later commands meet a live deal. */
const opening: fc.Arbitrary<DealCommand[]> = fc.oneof(
  { arbitrary: fc.constant<DealCommand[]>([]), weight: 1 },
  {
    arbitrary: fc
      .record({
        amountUsd: maybe(fc.integer({ min: 1, max: 1000 })),
        effectiveAt: fc.constantFrom('2021-01-01', '2022-06-01'),
        endDate: maybe(fc.constantFrom('2026-01-01', '2030-01-01')),
      })
      .map((terms): DealCommand[] => [
        {
          command: 'record-deal',
          id: 'd',
          kind: 'loan',
          lender: 'a',
          borrower: 'b',
          ...terms,
        },
      ]),
    weight: 3,
  },
);
const sequence = fc
  .tuple(opening, fc.array(command, { minLength: 1, maxLength: 25 }))
  .map(([first, rest]) => [...first, ...rest]);

function checkState(state: DealState): void {
  if (state.status === 'none') return;
  const { terms } = state;
  expect(() => checkTerms(terms, state.effectiveAt)).not.toThrow();
  if (terms.amountUsd !== null) {
    expect(Number.isFinite(terms.amountUsd) && terms.amountUsd > 0).toBe(true);
  }
  const { parties } = state;
  const [x, y] =
    parties.kind === 'supply'
      ? [parties.buyer, parties.seller]
      : parties.kind === 'investment'
        ? [parties.investor, parties.investee]
        : [parties.lender, parties.borrower];
  expect(x).not.toBe(y);
  expect(Object.keys(registered)).toEqual(expect.arrayContaining([x, y]));
  if (terms.amountUsd !== null) {
    expect(
      state.paidUsd <= terms.amountUsd ||
        sameAmount(state.paidUsd, terms.amountUsd),
    ).toBe(true);
    expect(
      state.writtenDownUsd <= terms.amountUsd ||
        sameAmount(state.writtenDownUsd, terms.amountUsd),
    ).toBe(true);
  }
}

function checkSequence(events: readonly DealEvent['type'][]): void {
  expect(events.filter((e) => e === 'DealRecorded')).toHaveLength(
    events.length > 0 ? 1 : 0,
  );
  if (events.length > 0) expect(events[0]).toBe('DealRecorded');
  const retracted = events.indexOf('DealRetracted');
  if (retracted >= 0) expect(retracted).toBe(events.length - 1);
  const terminated = events.indexOf('DealTerminated');
  if (terminated >= 0) {
    expect(
      events
        .slice(terminated + 1)
        .every((e) => e === 'DealWrittenDown' || e === 'DealRetracted'),
    ).toBe(true);
  }
}

describe('deal decider properties', () => {
  it('random command sequences never leave a deal in a forbidden state', () => {
    const accepted = new Set<string>();
    fc.assert(
      fc.property(sequence, (commands) => {
        let state = dealDecider.initialState;
        const types: DealEvent['type'][] = [];
        for (const cmd of commands) {
          let facts: DealFact[];
          try {
            facts = dealDecider.decide(cmd, state, context);
          } catch (error) {
            // Refusals are typed domain errors naming a field, never a crash.
            expect(error).toBeInstanceOf(TangleError);
            expect((error as TangleError).message).toMatch(
              /^[\w[\].]+: |not found|already exists/,
            );
            continue;
          }
          for (const fact of facts) {
            expect(isValidInstantString(fact.effectiveAt)).toBe(true);
            state = dealDecider.evolve(state, fact);
            types.push(fact.event.type);
            accepted.add(fact.event.type);
          }
          checkState(state);
          checkSequence(types);
        }
      }),
      { numRuns: 300 },
    );
    // The generator reaches every kind of event (the property is not vacuous).
    expect([...accepted].sort()).toEqual([
      'DealAmended',
      'DealPaymentRecorded',
      'DealRecorded',
      'DealRetracted',
      'DealTerminated',
      'DealWrittenDown',
    ]);
  });
});
