import fc from 'fast-check';
import { LedgerCommands } from '../../src/ledger/application/ledger-commands.service';
import { LedgerWriter } from '../../src/ledger/application/ledger-writer';
import { StreamRepository } from '../../src/ledger/application/stream-repository';
import {
  DealCommand,
  evolveDeal,
  initialDealState,
} from '../../src/ledger/domain/deal.decider';
import { TangleError } from '../../src/shared/errors';
import { GENESIS_HASH, verifyLink } from '../../src/shared/event-metadata';
import { SLUG } from '../../src/shared/ids';
import { LedgerTestApp, startLedgerApp } from './ledger-test-app';

// The application starts per suite; on a loaded machine that takes longer than jest's default.
jest.setTimeout(30_000);

type Kind =
  | 'amount'
  | 'nonNegative'
  | 'finite'
  | 'date'
  | 'text'
  | 'optionalText'
  | 'slug'
  | 'bool'
  | 'kind';

interface Endpoint {
  method: 'post' | 'patch';
  path: string;
  valid: Record<string, unknown>;
  fields: Record<string, Kind>;
  required: readonly string[];
}

const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant({}),
);
const WRONG: Record<Kind, fc.Arbitrary<unknown>> = {
  amount: fc.oneof(
    fc.double({ max: 0, noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 5 }),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant({}),
  ),
  // Zero is a valid non-negative amount (a company with no assets outside the network).
  nonNegative: fc.oneof(
    fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 5 }),
    fc.boolean(),
    fc.constant({}),
  ),
  finite: fc.oneof(
    fc.string({ maxLength: 5 }),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant({}),
  ),
  date: fc.oneof(
    fc.constantFrom(
      '2025-13-45',
      '2025-02-30',
      '2025-06-01T24:00:00Z',
      'yesterday',
      '2025-6-1',
      '',
      '2025-06-01T12:00:00',
    ),
    fc.integer(),
    fc.boolean(),
  ),
  text: fc.oneof(notAString, fc.constant('')),
  optionalText: notAString,
  slug: fc.oneof(
    fc.string({ maxLength: 70 }).filter((s) => !SLUG.test(s)),
    fc.integer(),
  ),
  bool: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
  kind: fc
    .string({ maxLength: 8 })
    .filter((s) => !['supply', 'investment', 'loan'].includes(s)),
};

/** One malformed body: a valid one with exactly one thing wrong, and the field that is wrong. */
function malformed(
  endpoint: Endpoint,
): fc.Arbitrary<{ body: Record<string, unknown>; field: string }> {
  const known = Object.keys(endpoint.fields);
  const wrongValue = fc.constantFrom(...known).chain((field) =>
    WRONG[endpoint.fields[field]].map((value) => ({
      body: { ...endpoint.valid, [field]: value },
      field,
    })),
  );
  const unknownField = fc
    .tuple(
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,11}$/),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .filter(
      ([key]) =>
        !known.includes(key) && !(key in Object.prototype) && key !== 'id',
    )
    .map(([key, value]) => ({
      body: { ...endpoint.valid, [key]: value },
      field: key,
    }));
  const missing = fc.constantFrom(...endpoint.required).map((field) => {
    const body = { ...endpoint.valid };
    delete body[field];
    return { body, field };
  });
  return fc.oneof(wrongValue, unknownField, missing);
}

describe('ledger HTTP properties', () => {
  let t: LedgerTestApp;
  const endpoints: Endpoint[] = [];

  beforeAll(async () => {
    t = await startLedgerApp();
    for (const id of ['pa', 'pb'])
      await t
        .http()
        .post('/companies')
        .send({ id, name: id, effectiveAt: '2020-01-01' })
        .expect(201);
    await t
      .http()
      .post('/deals')
      .send({
        id: 'pd',
        kind: 'supply',
        buyer: 'pa',
        seller: 'pb',
        amountUsd: 1e12,
        effectiveAt: '2021-01-01',
      })
      .expect(201);
    endpoints.push(
      {
        method: 'post',
        path: '/deals',
        valid: {
          kind: 'supply',
          buyer: 'pa',
          seller: 'pb',
          amountUsd: 1e9,
          effectiveAt: '2025-01-01',
          startDate: '2025-01-01',
          endDate: '2026-01-01',
          notes: 'n',
          category: 'compute',
          vendorFinancing: false,
        },
        fields: {
          kind: 'kind',
          buyer: 'slug',
          seller: 'slug',
          amountUsd: 'amount',
          effectiveAt: 'date',
          startDate: 'date',
          endDate: 'date',
          notes: 'optionalText',
          category: 'optionalText',
          vendorFinancing: 'bool',
        },
        required: ['kind', 'effectiveAt'],
      },
      {
        method: 'patch',
        path: '/deals/pd',
        valid: {
          effectiveAt: '2025-01-01',
          reason: 'r',
          notes: 'changed',
          amountUsd: 2e11,
        },
        fields: {
          effectiveAt: 'date',
          reason: 'text',
          notes: 'optionalText',
          amountUsd: 'amount',
        },
        required: ['effectiveAt', 'reason'],
      },
      {
        method: 'post',
        path: '/deals/pd/payments',
        valid: { amountUsd: 1, effectiveAt: '2025-01-01' },
        fields: { amountUsd: 'amount', effectiveAt: 'date' },
        required: ['amountUsd', 'effectiveAt'],
      },
      {
        method: 'post',
        path: '/deals/pd/write-downs',
        valid: { amountUsd: 1, effectiveAt: '2025-01-01', reason: 'r' },
        fields: { amountUsd: 'amount', effectiveAt: 'date', reason: 'text' },
        required: ['amountUsd', 'effectiveAt', 'reason'],
      },
      {
        method: 'post',
        path: '/deals/pd/terminate',
        valid: { effectiveAt: '2025-01-01', reason: 'r' },
        fields: { effectiveAt: 'date', reason: 'text' },
        required: ['effectiveAt', 'reason'],
      },
      {
        method: 'post',
        path: '/companies',
        valid: {
          id: 'newco',
          name: 'New',
          sector: 's',
          equityUsd: -1,
          externalAssetsUsd: 1,
          effectiveAt: '2025-01-01',
        },
        fields: {
          id: 'slug',
          name: 'text',
          sector: 'optionalText',
          equityUsd: 'finite',
          externalAssetsUsd: 'nonNegative',
          effectiveAt: 'date',
        },
        required: ['id', 'name'],
      },
      {
        method: 'post',
        path: '/companies/pa/financials',
        valid: { equityUsd: 5, effectiveAt: '2025-01-01' },
        fields: { equityUsd: 'finite', effectiveAt: 'date' },
        required: ['effectiveAt'],
      },
      {
        method: 'post',
        path: '/companies/pa/default',
        valid: { effectiveAt: '2025-01-01', reason: 'r' },
        fields: { effectiveAt: 'date', reason: 'optionalText' },
        required: ['effectiveAt'],
      },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('random malformed bodies answer 400 naming the field and never append', async () => {
    const head = await t.store.headPosition();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: endpoints.length - 1 }).chain((i) =>
          malformed(endpoints[i]).map((m) => ({
            endpoint: endpoints[i],
            ...m,
          })),
        ),
        async ({ endpoint, body, field }) => {
          const res = await t.http()[endpoint.method](endpoint.path).send(body);
          expect({
            status: res.status,
            message: res.body.message as string,
          }).toEqual({
            status: 400,
            // The field itself, or a path inside it: an unknown field whose value holds a
            // reserved name (`{ "A": { "valueOf": "" } }`) is refused at that name, `A.valueOf`.
            message: expect.stringMatching(
              new RegExp(`^${field.replace(/[$]/g, '\\$')}(: |\\.|\\[)`),
            ),
          });
          expect(await t.store.headPosition()).toBe(head);
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('random command sequences through the handlers keep the cache equal to the stored stream, the chain intact and retries silent', async () => {
    const commands = t.app.get(LedgerCommands);
    const writer = t.app.get(LedgerWriter);
    let run = 0;
    const step = fc.record({
      op: fc.constantFrom('amend', 'pay', 'write-down', 'terminate', 'retract'),
      amountUsd: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(-1)),
      effectiveAt: fc.constantFrom(
        '2020-06-01',
        '2022-01-01',
        '2023-01-01',
        '2024-01-01',
      ),
      key: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
      retry: fc.boolean(),
    });
    let silentRetries = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 1000 }),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        async (amountUsd, steps) => {
          const id = `seq-${++run}`;
          await commands.execute(
            {
              command: 'record-deal',
              id,
              kind: 'loan',
              lender: 'pa',
              borrower: 'pb',
              amountUsd,
              effectiveAt: '2021-01-01',
            },
            { actor: 'prop' },
          );
          const answers = new Map<string, unknown>();
          for (const s of steps) {
            const command: DealCommand =
              s.op === 'amend'
                ? {
                    command: 'amend-deal',
                    id,
                    effectiveAt: s.effectiveAt,
                    reason: 'r',
                    amountUsd: s.amountUsd,
                  }
                : s.op === 'pay'
                  ? {
                      command: 'record-payment',
                      id,
                      effectiveAt: s.effectiveAt,
                      amountUsd: s.amountUsd,
                    }
                  : s.op === 'write-down'
                    ? {
                        command: 'write-down-deal',
                        id,
                        effectiveAt: s.effectiveAt,
                        amountUsd: s.amountUsd,
                        reason: 'r',
                      }
                    : s.op === 'terminate'
                      ? {
                          command: 'terminate-deal',
                          id,
                          effectiveAt: s.effectiveAt,
                          reason: 'r',
                        }
                      : { command: 'retract-deal', id, reason: 'r' };
            const key = s.key === undefined ? undefined : `${id}-${s.key}`;
            const before = await t.store.headPosition();
            let accepted = false;
            try {
              const answer = await commands.execute(command, {
                actor: 'prop',
                ...(key ? { idempotencyKey: key } : {}),
              });
              if (key && answers.has(key)) {
                // A retry of the same key and body: the first answer, nothing new.
                expect(answer).toEqual(answers.get(key));
                expect(await t.store.headPosition()).toBe(before);
              } else if (key) answers.set(key, answer);
              accepted = true;
            } catch (error) {
              expect(error).toBeInstanceOf(TangleError);
              expect(await t.store.headPosition()).toBe(before);
            }
            if (key && s.retry) {
              // The same command sent again at once: answered as the first time, nothing new recorded.
              const after = await t.store.headPosition();
              const again = commands.execute(command, {
                actor: 'prop',
                idempotencyKey: key,
              });
              if (accepted) {
                expect(await again).toEqual(answers.get(key));
                silentRetries++;
              } else await expect(again).rejects.toThrow(TangleError);
              expect(await t.store.headPosition()).toBe(after);
            }
          }
          // The cached state equals a fold of the stored stream from scratch, and the hash chain holds.
          const fromScratch = await new StreamRepository(
            t.store,
            evolveDeal,
            initialDealState,
          ).load(`deal-${id}`);
          const cached = await writer.deals.load(`deal-${id}`);
          expect(cached.state).toEqual(fromScratch.state);
          expect(cached.revision).toBe(fromScratch.revision);
          let prev = GENESIS_HASH;
          for (const e of await t.streamEvents(`deal-${id}`)) {
            expect(verifyLink(e.type, e.data, e.metadata, prev)).toBe(true);
            prev = e.metadata.hash as string;
          }
          const state = fromScratch.state;
          if (state.status !== 'none' && state.terms.amountUsd !== null) {
            expect(state.paidUsd).toBeLessThanOrEqual(state.terms.amountUsd);
            expect(state.writtenDownUsd).toBeLessThanOrEqual(
              state.terms.amountUsd,
            );
          }
        },
      ),
      { numRuns: 40 },
    );
    // The retry checks above ran on accepted writes (the property is not vacuous).
    expect(silentRetries).toBeGreaterThan(0);
  }, 60_000);
});
