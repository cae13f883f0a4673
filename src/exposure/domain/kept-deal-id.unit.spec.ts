import fc from 'fast-check';
import {
  ALL_DEAL_ROLES,
  creditorDebtor,
  DEAL_KIND_TABLE,
  DEAL_KINDS,
  type DealParties,
} from '../../ledger/domain/deal-kinds';
import {
  deferredCode,
  keptDealId,
  keptSides,
  RECORDING_CODE,
} from './deferred-deal-events';

/**
 * What the index reads of a deal event it keeps as its stored text (`keptDealId`): the deal's id,
 * and a recording's two sides by its kind, without parsing the rest.
 */
describe('keptDealId', () => {
  it("reads a recording's id and its sides by its kind from the text, and a payment's id alone", () => {
    const sides = keptSides();
    const recording = (data: object) =>
      keptDealId(RECORDING_CODE, JSON.stringify(data), sides);
    expect(
      recording({ dealId: 'd1', kind: 'supply', buyer: 'b', seller: 's' }),
    ).toBe('d1');
    expect(sides).toEqual({ creditor: 's', debtor: 'b' });
    expect(
      recording({
        kind: 'loan',
        schedule: { payments: [{ lender: 'x' }] },
        borrower: 'long-borrower-company-id',
        lender: 'l',
        dealId: 'd2',
      }),
    ).toBe('d2');
    expect(sides).toEqual({
      creditor: 'l',
      debtor: 'long-borrower-company-id',
    });
    expect(
      keptDealId(
        deferredCode('DealPaymentRecorded'),
        '{"dealId":"d3","amountUsd":5}',
        sides,
      ),
    ).toBe('d3');
    expect(sides).toEqual({ creditor: null, debtor: null });
  });

  it('leaves a recording to its parse when the text does not give its kind and both sides', () => {
    const sides = keptSides();
    for (const text of [
      '{"dealId":"d1","kind":"swap","buyer":"b","seller":"s"}',
      '{"dealId":"d1","kind":"supply","buyer":"b"}',
      '{"dealId":"d1","kind":"supply","buyer":"b","seller":7}',
      '{"dealId":"d1","buyer":"b","seller":"s"}',
      '{"dealId":"d1","kind":"toString","buyer":"b","seller":"s"}',
      '{"dealId":"d1","kind":"supply","buy\\u0065r":"b","seller":"s"}',
      '{"kind":"supply","buyer":"b","seller":"s"}',
      '[]',
    ]) {
      expect(keptDealId(RECORDING_CODE, text, sides)).toBeNull();
      expect(sides).toEqual({ creditor: null, debtor: null });
    }
  });

  it('reads what creditorDebtor reads of the parsed recording, or leaves it to the parse (property)', () => {
    const sides = keptSides();
    const company = fc.oneof(
      fc.constantFrom('a', 'openai', 'a-company-id-longer-than-thirteen'),
      fc.string({ maxLength: 16 }),
    );
    const other = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })),
      fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 }))),
    );
    const field = fc.oneof(
      fc.constantFrom('dealId', 'kind', ...ALL_DEAL_ROLES),
      fc.constantFrom('amountUsd', 'schedule', 'notes', 'buy\\u0065r'),
    );
    const value = fc.oneof(
      company,
      fc.constantFrom('supply', 'investment', 'loan', 'swap'),
      other,
    );
    // a recording's fields (a kind's two roles among them), then others that may override them
    const recording = fc
      .tuple(company, fc.constantFrom(...DEAL_KINDS), company, company)
      .map(([dealId, kind, first, second]): [string, unknown][] => [
        ['dealId', dealId],
        ['kind', kind],
        [DEAL_KIND_TABLE[kind].creditor, first],
        [DEAL_KIND_TABLE[kind].debtor, second],
      ]);
    fc.assert(
      fc.property(
        fc.boolean(),
        recording,
        fc.array(fc.tuple(field, value), { maxLength: 6 }),
        (withRecording, fields, extra) => {
          const entries = withRecording ? [...fields, ...extra] : extra;
          const text = `{${entries
            .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
            .join(',')}}`;
          const data = JSON.parse(text) as Record<string, unknown>;
          const dealId = keptDealId(RECORDING_CODE, text, sides);
          let expected: { creditor: string; debtor: string } | null = null;
          try {
            if (typeof data.dealId === 'string')
              expected = creditorDebtor(data as unknown as DealParties);
          } catch {
            expected = null; // no such kind, or its role missing
          }
          const valid =
            expected !== null &&
            typeof expected.creditor === 'string' &&
            typeof expected.debtor === 'string';
          if (dealId === null) {
            // left to the parse only where the reader cannot tell — an escaped key, or a field it
            // reads holding an object or an array — or the data does not give a deal id, a known
            // kind and both sides as strings
            const nested = entries.some(
              ([k, v]) =>
                ['dealId', 'kind', ...ALL_DEAL_ROLES].includes(k) &&
                typeof v === 'object' &&
                v !== null,
            );
            if (valid && !nested) expect(text).toContain('\\');
            expect(sides).toEqual({ creditor: null, debtor: null });
          } else {
            expect(valid).toBe(true);
            expect(dealId).toBe(data.dealId);
            expect(sides).toEqual(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
