import fc from 'fast-check';
import { BODY_LIMITS } from '../../src/common/validation';
import { LedgerTestApp, startLedgerApp } from '../ledger/ledger-test-app';

// The application starts once per suite; on a loaded machine that takes longer than jest's default.
jest.setTimeout(60_000);

interface Endpoint {
  method: 'post' | 'patch';
  path: string;
  /** A body the endpoint accepts; `fresh` makes it unique when the write creates something. */
  valid: (fresh: string) => Record<string, unknown>;
}

/** Every write endpoint, with a body it accepts. */
const ENDPOINTS: readonly Endpoint[] = [
  {
    method: 'post',
    path: '/companies',
    valid: (fresh) => ({ id: fresh, name: 'New', effectiveAt: '2025-01-01' }),
  },
  {
    method: 'post',
    path: '/companies/ha/financials',
    valid: () => ({ equityUsd: 5e9, effectiveAt: '2025-01-01' }),
  },
  {
    method: 'post',
    path: '/companies/hb/default',
    valid: () => ({ effectiveAt: '2025-01-01', reason: 'r' }),
  },
  {
    method: 'post',
    path: '/companies/hb/cure',
    valid: () => ({ effectiveAt: '2025-02-01', reason: 'r' }),
  },
  {
    method: 'post',
    path: '/deals',
    valid: (fresh) => ({
      id: fresh,
      kind: 'supply',
      buyer: 'ha',
      seller: 'hb',
      amountUsd: 1e9,
      effectiveAt: '2025-01-01',
      notes: 'n',
    }),
  },
  {
    method: 'patch',
    path: '/deals/hd',
    valid: () => ({ effectiveAt: '2025-01-01', reason: 'r', notes: 'x' }),
  },
  {
    method: 'post',
    path: '/deals/hd/payments',
    valid: () => ({ amountUsd: 1, effectiveAt: '2025-01-01' }),
  },
  {
    method: 'post',
    path: '/deals/hd/write-downs',
    valid: () => ({ amountUsd: 1, effectiveAt: '2025-01-01', reason: 'r' }),
  },
  {
    method: 'post',
    path: '/scenarios',
    valid: () => ({
      name: 's',
      at: '2026-01-01',
      model: 'eisenberg-noe',
      shocks: [{ type: 'default', company: 'ha' }],
    }),
  },
];

/** A body nested `depth` levels deep under `field`. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const REFUSED = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

describe('hostile bodies on every write endpoint', () => {
  let t: LedgerTestApp;
  let n = 0;
  const fresh = () => `h${++n}`;

  beforeAll(async () => {
    t = await startLedgerApp();
    for (const id of ['ha', 'hb'])
      await t
        .http()
        .post('/companies')
        .send({ id, name: id, effectiveAt: '2020-01-01' })
        .expect(201);
    await t
      .http()
      .post('/deals')
      .send({
        id: 'hd',
        kind: 'loan',
        lender: 'ha',
        borrower: 'hb',
        amountUsd: 1e12,
        effectiveAt: '2021-01-01',
      })
      .expect(201);
  });
  afterAll(() => t.close());

  /** Sends raw JSON (so `__proto__` stays a key) and checks the answer and that nothing was appended. */
  async function refused(
    e: Endpoint,
    raw: string,
    message: RegExp,
  ): Promise<void> {
    const head = await t.store.headPosition();
    const res = await t
      .http()
      [e.method](e.path)
      .set('content-type', 'application/json')
      .send(raw);
    expect({
      path: e.path,
      status: res.status,
      message: res.body.message,
    }).toEqual({
      path: e.path,
      status: 400,
      message: expect.stringMatching(message),
    });
    expect(await t.store.headPosition()).toBe(head);
  }

  it('a body nested 5,000 deep: 400 naming body, before validation', async () => {
    for (const e of ENDPOINTS)
      await refused(
        e,
        // Written out, not stringified: the test's own JSON.stringify would overflow first.
        JSON.stringify(e.valid(fresh())).replace(
          /\}$/,
          `,"deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
        ),
        /^body: is nested more than 32 levels deep/,
      );
  });

  it('object machinery as field names is refused like any unknown field, at any depth', async () => {
    for (const e of ENDPOINTS)
      for (const key of REFUSED) {
        const raw = JSON.stringify(e.valid(fresh())).replace(
          /^\{/,
          `{"${key}":{"x":1},`,
        );
        await refused(e, raw, new RegExp(`^${key}: is not a known field`));
      }
    await refused(
      ENDPOINTS[8],
      JSON.stringify(ENDPOINTS[8].valid('')).replace(
        '"type":"default"',
        '"type":"default","__proto__":{"polluted":true}',
      ),
      /^shocks\[0\]\.__proto__: is not a known field/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('money beyond $1e15 is refused naming the field; $1e15 itself is taken', async () => {
    await refused(
      ENDPOINTS[4],
      JSON.stringify({
        ...ENDPOINTS[4].valid(fresh()),
        amountUsd: 1.7976931348623157e308,
      }),
      /^amountUsd: must be at most 1e15/,
    );
    await refused(
      ENDPOINTS[1],
      JSON.stringify({ equityUsd: -2e15, effectiveAt: '2025-01-01' }),
      /^equityUsd: must be at most 1e15/,
    );
    await t
      .http()
      .post('/deals')
      .send({ ...ENDPOINTS[4].valid(fresh()), amountUsd: BODY_LIMITS.maxUsd })
      .expect(201);
  });

  it('the OpenAPI page states the limits on every field', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      info: { description: string };
      components: {
        schemas: Record<
          string,
          { properties?: Record<string, Record<string, unknown>> }
        >;
      };
    };
    expect(doc.info.description).toContain('at most 1e15');
    const props = Object.values(doc.components.schemas).flatMap((s) =>
      Object.entries(s.properties ?? {}),
    );
    const amounts = props.filter(([name]) => name === 'amountUsd');
    expect(amounts.length).toBeGreaterThan(0);
    for (const [, p] of amounts) expect(p.maximum).toBe(1e15);
    for (const [, p] of props.filter(([, p]) => p.type === 'string'))
      expect(p.maxLength).toBeLessThanOrEqual(BODY_LIMITS.stringLength);
  });

  it('strings and arrays beyond their limits are refused naming the field', async () => {
    await refused(
      ENDPOINTS[4],
      JSON.stringify({
        ...ENDPOINTS[4].valid(fresh()),
        notes: 'x'.repeat(BODY_LIMITS.stringLength + 1),
      }),
      /^notes: must be at most 5000 characters/,
    );
    await refused(
      ENDPOINTS[8],
      JSON.stringify({
        ...ENDPOINTS[8].valid(''),
        shocks: Array.from({ length: BODY_LIMITS.arrayItems + 1 }, () => ({
          type: 'default',
          company: 'ha',
        })),
      }),
      /^shocks: must have at most 1000 items/,
    );
  });

  it('a number sent as a string is told it must be a number, not a bound it misses', async () => {
    await refused(
      ENDPOINTS[8],
      JSON.stringify({
        ...ENDPOINTS[8].valid(''),
        params: { horizonDays: '30' },
      }),
      /^params\.horizonDays: must be a number/,
    );
  });

  it('an undecodable id in the path names id', async () => {
    const res = await t
      .http()
      .patch('/deals/%FF')
      .send({ effectiveAt: '2025-01-01', reason: 'r' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^id: /);
  });

  it('years 0000-0099 are stored as sent, not shifted by 1900', async () => {
    const id = fresh();
    await t
      .http()
      .post('/companies')
      .send({ id, name: 'Old', effectiveAt: '0025-06-01' })
      .expect(201);
    const [event] = await t.streamEvents(`company-${id}`);
    expect(event.metadata.effectiveAt).toBe('0025-06-01T00:00:00.000Z');
  });

  /** Values a careless or hostile client sends. */
  const HOSTILE = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      1.7976931348623157e308,
      -1e16,
      1e15,
      0,
      -0,
      '',
      '0000-02-29',
      '0025-06-01',
      '1900-02-29',
      '30',
      'x'.repeat(BODY_LIMITS.stringLength + 1),
      null,
    ),
    fc.array(fc.constant(1), {
      minLength: BODY_LIMITS.arrayItems + 1,
      maxLength: BODY_LIMITS.arrayItems + 1,
    }),
    fc.constant(nested(40)),
  );

  it('property: any field set to any value is 4xx naming a field, or accepted and stored as sent; never 5xx; nothing appended on refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: ENDPOINTS.length - 1 }),
        fc.oneof(
          fc.constantFrom(
            ...REFUSED,
            'amountUsd',
            'equityUsd',
            'effectiveAt',
            'notes',
            'reason',
            'name',
            'id',
            'shocks',
            'params',
            'at',
          ),
          fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,8}$/),
        ),
        HOSTILE,
        async (i, field, value) => {
          const e = ENDPOINTS[i];
          const base = e.valid(fresh());
          const body = field in base ? { ...base } : base;
          // Built with defineProperty so that `__proto__` is an own key, as JSON.parse makes it.
          Object.defineProperty(body, field, {
            value,
            enumerable: true,
            configurable: true,
            writable: true,
          });
          const head = await t.store.headPosition();
          const res = await t
            .http()
            [e.method](e.path)
            .set('content-type', 'application/json')
            .send(JSON.stringify(body));
          const where = `${e.method} ${e.path} ${field}=${JSON.stringify(value)?.slice(0, 60)}`;
          expect({ where, server: res.status >= 500 }).toEqual({
            where,
            server: false,
          });
          if (res.status >= 400) {
            // The field sent (or a path inside it), the body, or another field of the request.
            const message = String(res.body.message);
            expect({
              where,
              named:
                message.startsWith(`${field}`) ||
                /^(body|[A-Za-z_$][\w$]*(\[\d+\])*(\.[\w$]+(\[\d+\])*)*): /.test(
                  message,
                ),
            }).toEqual({ where, named: true });
            expect(await t.store.headPosition()).toBe(head);
          } else if (
            typeof value === 'string' &&
            value !== '' &&
            e.path !== '/scenarios'
          ) {
            // Accepted: what was sent is what was stored (dates as the same day, never shifted).
            const appended = [];
            for await (const ev of t.store.readAll({ fromPosition: head + 1 }))
              appended.push(ev);
            expect(appended.length).toBeGreaterThan(0);
            const stored = JSON.stringify(
              appended.map((ev) => [ev.data, ev.metadata]),
            );
            expect({
              where,
              stored: stored.includes(JSON.stringify(value).slice(0, -1)),
            }).toEqual({ where, stored: true });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
