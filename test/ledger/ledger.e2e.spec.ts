import { randomUUID } from 'node:crypto';
import { toLedgerEvent } from '../../src/ledger/domain/ledger.upcasters';
import {
  GENESIS_HASH,
  sealMetadata,
  verifyLink,
} from '../../src/shared/event-metadata';
import { JsonObject } from '../../src/shared/json';
import { LedgerTestApp, startLedgerApp } from './ledger-test-app';

// The application starts per suite; on a loaded machine that takes longer than jest's default.
jest.setTimeout(30_000);

const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('ledger HTTP (companies, deals)', () => {
  let t: LedgerTestApp;
  let n = 0;
  /** A fresh id per test: tests share one app and are isolated by their streams. */
  const fresh = (prefix: string): string => `${prefix}-${++n}`;

  beforeAll(async () => {
    t = await startLedgerApp({ clock: { now: () => NOW } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function company(
    id = fresh('co'),
    effectiveAt = '2000-01-01',
  ): Promise<string> {
    await t
      .http()
      .post('/companies')
      .send({ id, name: id.toUpperCase(), effectiveAt })
      .expect(201);
    return id;
  }

  async function supplyDeal(
    over: Record<string, unknown> = {},
  ): Promise<{ id: string; buyer: string; seller: string }> {
    const buyer = await company();
    const seller = await company();
    const id = fresh('deal');
    await t
      .http()
      .post('/deals')
      .send({
        id,
        kind: 'supply',
        buyer,
        seller,
        amountUsd: 100e9,
        effectiveAt: '2025-01-01',
        startDate: '2025-01-01',
        endDate: '2030-01-01',
        ...over,
      })
      .expect(201);
    return { id, buyer, seller };
  }

  /** Runs a refused request and checks that the store's head did not move. */
  async function refused(
    send: () => Promise<{ status: number; body: Record<string, unknown> }>,
    status: number,
    message: RegExp,
  ) {
    const before = await t.store.headPosition();
    const res = await send();
    expect({ status: res.status, message: res.body.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
    expect(res.body).toMatchObject({
      statusCode: status,
      error: expect.any(String),
    });
    expect(await t.store.headPosition()).toBe(before);
    return res;
  }

  describe('POST /companies', () => {
    it('answers 201 { id, revision, position } and records who, when and the hash chain', async () => {
      const res = await t
        .http()
        .post('/companies')
        .send({
          id: 'openai',
          name: 'OpenAI',
          sector: 'ai-lab',
          equityUsd: 60e9,
          effectiveAt: '2015-12-11',
        })
        .expect(201);
      expect(res.body).toEqual({
        id: 'openai',
        revision: 0,
        position: await t.store.headPosition(),
      });
      expect(res.headers.etag).toBe('"0"');
      const [event] = await t.streamEvents('company-openai');
      expect(event).toMatchObject({
        type: 'CompanyRegistered',
        data: {
          companyId: 'openai',
          name: 'OpenAI',
          sector: 'ai-lab',
          equityUsd: 60e9,
          externalAssetsUsd: null,
          externalLiabilitiesUsd: null,
        },
        metadata: {
          effectiveAt: '2015-12-11T00:00:00.000Z',
          actor: 'local',
          reason: null,
          schemaVersion: 1,
          prevHash: GENESIS_HASH,
        },
      });
      expect(
        verifyLink(event.type, event.data, event.metadata, GENESIS_HASH),
      ).toBe(true);
    });

    it('registers effective now (the app clock) when effectiveAt is absent', async () => {
      const id = fresh('co');
      await t.http().post('/companies').send({ id, name: 'X' }).expect(201);
      const [event] = await t.streamEvents(`company-${id}`);
      expect(event.metadata.effectiveAt).toBe(NOW.toISOString());
    });

    it('answers 409 when the id exists, appending nothing', async () => {
      const id = await company();
      await refused(
        () => t.http().post('/companies').send({ id, name: 'again' }),
        409,
        new RegExp(`company ${id} already exists`),
      );
    });
  });

  describe('a stream holding an older schema version', () => {
    it('reads a stored CompanyFinancialsReported v1 as v2 and chains the next event onto it', async () => {
      const id = await company();
      const [registered] = await t.streamEvents(`company-${id}`);
      const v1Data = { equityUsd: 7e9, externalAssetsUsd: null };
      const v1Meta = sealMetadata(
        'CompanyFinancialsReported',
        v1Data,
        {
          effectiveAt: '2024-12-31T00:00:00.000Z',
          actor: 'legacy',
          reason: null,
          correlationId: 'legacy',
          causationId: null,
          schemaVersion: 1,
        },
        registered.metadata.hash as string,
      );
      await t.store.append(
        `company-${id}`,
        [
          {
            id: randomUUID(),
            type: 'CompanyFinancialsReported',
            data: v1Data,
            metadata: v1Meta as unknown as JsonObject,
          },
        ],
        0,
      );
      await t
        .http()
        .post(`/companies/${id}/default`)
        .send({ effectiveAt: '2025-01-01' })
        .expect(201);
      const events = await t.streamEvents(`company-${id}`);
      expect(toLedgerEvent(events[1]).event).toEqual({
        type: 'CompanyFinancialsReported',
        data: { companyId: id, equityUsd: 7e9 },
      });
      expect(events[2].metadata.prevHash).toBe(v1Meta.hash);
      expect(
        verifyLink(
          events[2].type,
          events[2].data,
          events[2].metadata,
          v1Meta.hash,
        ),
      ).toBe(true);
    });
  });

  describe('POST /companies/:id/financials, /default, /cure', () => {
    it('records financials (201, revision 1), a default and its cure, chained', async () => {
      const id = await company();
      const fin = await t
        .http()
        .post(`/companies/${id}/financials`)
        .send({ externalLiabilitiesUsd: 5e9, effectiveAt: '2025-06-30' })
        .expect(201);
      expect(fin.body).toMatchObject({ id, revision: 1 });
      await t
        .http()
        .post(`/companies/${id}/default`)
        .send({
          effectiveAt: '2026-01-01',
          recoveryRate: 0.3,
          reason: 'missed a coupon',
        })
        .expect(201);
      const cure = await t
        .http()
        .post(`/companies/${id}/cure`)
        .send({ effectiveAt: '2026-02-01', reason: 'refinanced' })
        .expect(201);
      expect(cure.body).toMatchObject({ id, revision: 3 });
      const events = await t.streamEvents(`company-${id}`);
      expect(events.map((e) => e.type)).toEqual([
        'CompanyRegistered',
        'CompanyFinancialsReported',
        'CompanyDefaulted',
        'CompanyDefaultCured',
      ]);
      expect(events[2]).toMatchObject({
        data: { recoveryRate: 0.3 },
        metadata: { reason: 'missed a coupon' },
      });
      let prev = GENESIS_HASH;
      for (const e of events) {
        expect(verifyLink(e.type, e.data, e.metadata, prev)).toBe(true);
        prev = e.metadata.hash as string;
      }
    });

    it.each([
      ['financials', { equityUsd: 1, effectiveAt: '2025-01-01' }],
      ['default', { effectiveAt: '2025-01-01' }],
      ['cure', { effectiveAt: '2025-01-01', reason: 'r' }],
    ])('POST /companies/ghost/%s answers 404', async (path, body) => {
      await refused(
        () => t.http().post(`/companies/ghost/${path}`).send(body),
        404,
        /company ghost not found/,
      );
    });

    it('refuses financials without a figure (400 naming a field)', async () => {
      const id = await company();
      await refused(
        () =>
          t
            .http()
            .post(`/companies/${id}/financials`)
            .send({ effectiveAt: '2025-01-01' }),
        400,
        /^equityUsd: at least one/,
      );
    });

    it('refuses a cure when there is no default, and a second default', async () => {
      const id = await company();
      await refused(
        () =>
          t
            .http()
            .post(`/companies/${id}/cure`)
            .send({ effectiveAt: '2025-01-01', reason: 'r' }),
        400,
        /^id: .*not in default/,
      );
      await t
        .http()
        .post(`/companies/${id}/default`)
        .send({ effectiveAt: '2025-01-01' })
        .expect(201);
      await refused(
        () =>
          t
            .http()
            .post(`/companies/${id}/default`)
            .send({ effectiveAt: '2025-02-01' }),
        400,
        /^id: .*already in default/,
      );
    });
  });

  describe('POST /deals', () => {
    it('answers 201 and stores the deal with instants and its parties', async () => {
      const { id, buyer, seller } = await supplyDeal({
        schedule: [
          { date: '2026-01-01', amountUsd: 40e9 },
          { date: '2027-01-01', amountUsd: 60e9 },
        ],
      });
      const [event] = await t.streamEvents(`deal-${id}`);
      expect(event).toMatchObject({
        type: 'DealRecorded',
        revision: 0,
        data: {
          dealId: id,
          kind: 'supply',
          buyer,
          seller,
          amountUsd: 100e9,
          endDate: '2030-01-01T00:00:00.000Z',
          schedule: [
            { date: '2026-01-01T00:00:00.000Z', amountUsd: 40e9 },
            { date: '2027-01-01T00:00:00.000Z', amountUsd: 60e9 },
          ],
        },
        metadata: { effectiveAt: '2025-01-01T00:00:00.000Z', actor: 'local' },
      });
    });

    it('records a deal without a published amount, and a loan by maturityDate', async () => {
      const { id } = await supplyDeal({ amountUsd: undefined });
      expect((await t.streamEvents(`deal-${id}`))[0].data.amountUsd).toBeNull();
      const lender = await company();
      const borrower = await company();
      const res = await t
        .http()
        .post('/deals')
        .send({
          kind: 'loan',
          lender,
          borrower,
          amountUsd: 1e9,
          effectiveAt: '2025-01-01',
          maturityDate: '2028-01-01',
        })
        .expect(201);
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        (await t.streamEvents(`deal-${res.body.id}`))[0].data,
      ).toMatchObject({
        kind: 'loan',
        lender,
        borrower,
        endDate: '2028-01-01T00:00:00.000Z',
      });
    });

    it('answers 404 naming the role when a party is unknown', async () => {
      const buyer = await company();
      await refused(
        () =>
          t.http().post('/deals').send({
            kind: 'supply',
            buyer,
            seller: 'ghost',
            amountUsd: 1,
            effectiveAt: '2025-01-01',
          }),
        404,
        /^seller: company ghost not found/,
      );
    });

    it('refuses a deal signed before a party existed, or with the same company twice', async () => {
      const buyer = await company(fresh('co'), '2024-01-01');
      const seller = await company();
      await refused(
        () =>
          t.http().post('/deals').send({
            kind: 'supply',
            buyer,
            seller,
            amountUsd: 1,
            effectiveAt: '2023-01-01',
          }),
        400,
        /^effectiveAt: must not be before the registration of buyer/,
      );
      await refused(
        () =>
          t.http().post('/deals').send({
            kind: 'supply',
            buyer,
            seller: buyer,
            amountUsd: 1,
            effectiveAt: '2025-01-01',
          }),
        400,
        /^seller: must differ from buyer/,
      );
    });

    it('answers 409 when the deal id exists', async () => {
      const { id, buyer, seller } = await supplyDeal();
      await refused(
        () =>
          t.http().post('/deals').send({
            id,
            kind: 'supply',
            buyer,
            seller,
            amountUsd: 1,
            effectiveAt: '2025-01-01',
          }),
        409,
        /already exists/,
      );
    });

    it('refuses a schedule that does not sum to the amount, or a term that runs backwards', async () => {
      const buyer = await company();
      const seller = await company();
      const base = {
        kind: 'supply',
        buyer,
        seller,
        amountUsd: 10,
        effectiveAt: '2025-01-01',
        startDate: '2025-01-01',
        endDate: '2026-01-01',
      };
      await refused(
        () =>
          t
            .http()
            .post('/deals')
            .send({
              ...base,
              schedule: [{ date: '2025-06-01', amountUsd: 9 }],
            }),
        400,
        /^schedule: installments sum to 9/,
      );
      await refused(
        () =>
          t
            .http()
            .post('/deals')
            .send({ ...base, endDate: '2024-01-01' }),
        400,
        /^endDate: must be after startDate/,
      );
    });
  });

  describe('PATCH /deals/:id', () => {
    it('amends the changed fields with the reason (200), If-Match current', async () => {
      const { id } = await supplyDeal();
      const res = await t
        .http()
        .patch(`/deals/${id}`)
        .set('If-Match', '0')
        .send({
          effectiveAt: '2026-01-01',
          reason: 'scaled back',
          amountUsd: 80e9,
          notes: 'phase 1',
        })
        .expect(200);
      expect(res.body).toMatchObject({ id, revision: 1 });
      const events = await t.streamEvents(`deal-${id}`);
      expect(events[1]).toMatchObject({
        type: 'DealAmended',
        data: { dealId: id, changes: { amountUsd: 80e9, notes: 'phase 1' } },
        metadata: { reason: 'scaled back' },
      });
    });

    it('answers 409 with the current revision when If-Match is stale, appending nothing', async () => {
      const { id } = await supplyDeal();
      await t
        .http()
        .patch(`/deals/${id}`)
        .send({ effectiveAt: '2026-01-01', reason: 'r', notes: 'a' })
        .expect(200);
      const res = await refused(
        () =>
          t
            .http()
            .patch(`/deals/${id}`)
            .set('If-Match', '"0"')
            .send({ effectiveAt: '2026-01-01', reason: 'r', notes: 'b' }),
        409,
        /expected revision 0, actual 1/,
      );
      expect(res.body.currentRevision).toBe(1);
    });

    it('answers 404, not 409, for If-Match on an unknown deal', async () => {
      await refused(
        () =>
          t
            .http()
            .patch('/deals/ghost')
            .set('If-Match', '0')
            .send({ effectiveAt: '2026-01-01', reason: 'r', notes: 'x' }),
        404,
        /deal ghost not found/,
      );
    });

    it('refuses a malformed If-Match, a missing reason, a field that is not amendable', async () => {
      const { id } = await supplyDeal();
      await refused(
        () =>
          t
            .http()
            .patch(`/deals/${id}`)
            .set('If-Match', 'abc')
            .send({ effectiveAt: '2026-01-01', reason: 'r', notes: 'x' }),
        400,
        /^If-Match: /,
      );
      await refused(
        () =>
          t
            .http()
            .patch(`/deals/${id}`)
            .send({ effectiveAt: '2026-01-01', notes: 'x' }),
        400,
        /^reason: /,
      );
      await refused(
        () =>
          t
            .http()
            .patch(`/deals/${id}`)
            .send({ effectiveAt: '2026-01-01', reason: 'r', buyer: 'someone' }),
        400,
        /^buyer: is not a known field/,
      );
      await refused(
        () =>
          t
            .http()
            .patch(`/deals/${id}`)
            .send({ effectiveAt: '2026-01-01', reason: 'r' }),
        400,
        /^changes: nothing to amend/,
      );
    });

    it("moves a loan's maturity by maturityDate, its endDate alias; refuses it on other kinds or against endDate", async () => {
      const lender = await company();
      const borrower = await company();
      const id = fresh('loan');
      await t
        .http()
        .post('/deals')
        .send({
          id,
          kind: 'loan',
          lender,
          borrower,
          amountUsd: 1e9,
          effectiveAt: '2025-01-01',
          maturityDate: '2028-01-01',
        })
        .expect(201);
      await refused(
        () =>
          t.http().patch(`/deals/${id}`).send({
            effectiveAt: '2026-01-01',
            reason: 'r',
            endDate: '2029-01-01',
            maturityDate: '2030-01-01',
          }),
        400,
        /^maturityDate: is the alias of endDate/,
      );
      await t
        .http()
        .patch(`/deals/${id}`)
        .send({
          effectiveAt: '2026-01-01',
          reason: 'extended',
          maturityDate: '2030-01-01',
        })
        .expect(200);
      const events = await t.streamEvents(`deal-${id}`);
      expect(events[1]).toMatchObject({
        type: 'DealAmended',
        data: { changes: { endDate: '2030-01-01T00:00:00.000Z' } },
      });
      expect(events[1].data.changes).not.toHaveProperty('maturityDate');
      const supply = await supplyDeal();
      await refused(
        () =>
          t.http().patch(`/deals/${supply.id}`).send({
            effectiveAt: '2026-01-01',
            reason: 'r',
            maturityDate: '2031-01-01',
          }),
        400,
        /^maturityDate: only loans have a maturityDate/,
      );
    });
  });

  describe('terminate, payments, write-downs, retract', () => {
    it('pays (201), writes down (201), terminates (200), then refuses payments and amendments', async () => {
      const { id } = await supplyDeal();
      const pay = await t
        .http()
        .post(`/deals/${id}/payments`)
        .send({ amountUsd: 10e9, effectiveAt: '2025-06-01' })
        .expect(201);
      expect(pay.body).toMatchObject({ id, revision: 1 });
      await t
        .http()
        .post(`/deals/${id}/write-downs`)
        .send({ amountUsd: 5e9, effectiveAt: '2025-07-01', reason: 'impaired' })
        .expect(201);
      const term = await t
        .http()
        .post(`/deals/${id}/terminate`)
        .send({ effectiveAt: '2025-08-01', reason: 'cancelled' })
        .expect(200);
      expect(term.body).toMatchObject({ id, revision: 3 });
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${id}/payments`)
            .send({ amountUsd: 1, effectiveAt: '2025-09-01' }),
        400,
        /^id: deal .* is terminated: it cannot be paid/,
      );
      await refused(
        () =>
          t
            .http()
            .patch(`/deals/${id}`)
            .send({ effectiveAt: '2025-09-01', reason: 'r', notes: 'n' }),
        400,
        /is terminated: it cannot be amended/,
      );
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${id}/terminate`)
            .send({ effectiveAt: '2025-09-01', reason: 'r' }),
        400,
        /is terminated: it cannot be terminated/,
      );
    });

    it('refuses a payment beyond the amount', async () => {
      const { id } = await supplyDeal();
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${id}/payments`)
            .send({ amountUsd: 101e9, effectiveAt: '2025-06-01' }),
        400,
        /^amountUsd: would bring payments to/,
      );
    });

    it('retracts (200): the deal accepts nothing more, and the history keeps it', async () => {
      const { id } = await supplyDeal();
      const res = await t
        .http()
        .post(`/deals/${id}/retract`)
        .send({ reason: 'recorded in error' })
        .expect(200);
      expect(res.body).toMatchObject({ id, revision: 1 });
      const events = await t.streamEvents(`deal-${id}`);
      expect(events.map((e) => e.type)).toEqual([
        'DealRecorded',
        'DealRetracted',
      ]);
      expect(events[1].metadata).toMatchObject({
        effectiveAt: '2025-01-01T00:00:00.000Z',
        reason: 'recorded in error',
      });
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${id}/payments`)
            .send({ amountUsd: 1, effectiveAt: '2025-09-01' }),
        400,
        /is retracted/,
      );
      await refused(
        () => t.http().post(`/deals/${id}/retract`).send({ reason: 'again' }),
        400,
        /is retracted/,
      );
    });

    it.each([
      [
        'patch',
        '/deals/ghost',
        { effectiveAt: '2026-01-01', reason: 'r', notes: 'x' },
      ],
      [
        'post',
        '/deals/ghost/terminate',
        { effectiveAt: '2026-01-01', reason: 'r' },
      ],
      [
        'post',
        '/deals/ghost/payments',
        { amountUsd: 1, effectiveAt: '2026-01-01' },
      ],
      [
        'post',
        '/deals/ghost/write-downs',
        { amountUsd: 1, effectiveAt: '2026-01-01', reason: 'r' },
      ],
      ['post', '/deals/ghost/retract', { reason: 'r' }],
    ] as const)('%s %s answers 404', async (method, path, body) => {
      await refused(
        () => t.http()[method](path).send(body),
        404,
        /deal ghost not found/,
      );
    });

    it('serialises concurrent writes on one deal: every payment gets its own revision', async () => {
      const { id } = await supplyDeal();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          t
            .http()
            .post(`/deals/${id}/payments`)
            .send({ amountUsd: 1e9, effectiveAt: '2025-06-01' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      expect(
        answers.map((a) => a.body.revision as number).sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await t.store.streamRevision(`deal-${id}`)).toBe(20);
    });
  });

  describe('bad input: 400 naming the field, nothing appended', () => {
    let deal: { id: string; buyer: string; seller: string };
    beforeAll(async () => {
      deal = await supplyDeal();
    });
    const valid = () => ({
      kind: 'supply',
      buyer: deal.buyer,
      seller: deal.seller,
      amountUsd: 1e9,
      effectiveAt: '2025-01-01',
    });

    it.each([
      [
        'a string amount',
        { amountUsd: '300' },
        /^amountUsd: must be a positive finite number/,
      ],
      [
        'a negative amount',
        { amountUsd: -1 },
        /^amountUsd: must be a positive finite number/,
      ],
      [
        'zero',
        { amountUsd: 0 },
        /^amountUsd: must be a positive finite number/,
      ],
      [
        'an unknown kind',
        { kind: 'swap' },
        /^kind: must be one of supply, investment, loan/,
      ],
      [
        'an impossible date',
        { effectiveAt: '2025-13-45' },
        /^effectiveAt: "2025-13-45" is not a calendar date/,
      ],
      ['a 30 February', { startDate: '2025-02-30' }, /^startDate: /],
      ['a missing effectiveAt', { effectiveAt: undefined }, /^effectiveAt: /],
      ['an unknown field', { colour: 'red' }, /^colour: is not a known field/],
      [
        'a boolean as a string',
        { vendorFinancing: 'yes' },
        /^vendorFinancing: must be true or false/,
      ],
      ['a bad id', { id: 'Not A Slug' }, /^id: must be a slug/],
      [
        'a role of another kind',
        { lender: 'someone' },
        /^lender: is not a role of a supply deal/,
      ],
      [
        'a bad installment',
        { schedule: [{ date: '2025-06-01', amountUsd: 'x' }] },
        /^schedule\[0\]\.amountUsd: must be a positive finite number/,
      ],
      [
        'an unknown installment field',
        { schedule: [{ date: '2025-06-01', amountUsd: 1e9, note: 1 }] },
        /^schedule\[0\]\.note: is not a known field/,
      ],
    ])('POST /deals with %s', async (_label, change, message) => {
      await refused(
        () =>
          t
            .http()
            .post('/deals')
            .send({ ...valid(), ...change }),
        400,
        message,
      );
    });

    it('refuses a non-finite number (1e999 parses to Infinity)', async () => {
      const raw = JSON.stringify(valid()).replace(
        '"amountUsd":1000000000',
        '"amountUsd":1e999',
      );
      await refused(
        () =>
          t
            .http()
            .post('/deals')
            .set('content-type', 'application/json')
            .send(raw),
        400,
        /^amountUsd: must be a positive finite number/,
      );
    });

    it('refuses malformed JSON', async () => {
      await refused(
        () =>
          t
            .http()
            .post('/deals')
            .set('content-type', 'application/json')
            .send('{"kind":'),
        400,
        /^body: malformed JSON/,
      );
    });

    it('refuses a body that is not an object', async () => {
      await refused(
        () => t.http().post('/deals').send([valid()]),
        400,
        /^body: must be a JSON object/,
      );
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${deal.id}/payments`)
            .set('content-type', 'text/plain')
            .send('1'),
        400,
        /^(body|amountUsd): /,
      );
    });

    it('refuses an oversize body (400, naming the body)', async () => {
      await refused(
        () =>
          t
            .http()
            .post('/deals')
            .send({ ...valid(), notes: 'x'.repeat(3 * 1024 * 1024) }),
        400,
        /^body: request entity too large \(at most 2097152 bytes/,
      );
    });

    it('refuses a payment with a wrong type or impossible date', async () => {
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${deal.id}/payments`)
            .send({ amountUsd: true, effectiveAt: '2025-06-01' }),
        400,
        /^amountUsd: /,
      );
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${deal.id}/payments`)
            .send({ amountUsd: 1, effectiveAt: '2025-06-01T25:00:00Z' }),
        400,
        /^effectiveAt: /,
      );
    });

    it('refuses a company with a wrong type, or a bad recovery rate', async () => {
      await refused(
        () =>
          t
            .http()
            .post('/companies')
            .send({ id: fresh('co'), name: 5 }),
        400,
        /^name: must be a string/,
      );
      await refused(
        () =>
          t
            .http()
            .post(`/companies/${deal.buyer}/default`)
            .send({ effectiveAt: '2026-01-01', recoveryRate: 2 }),
        400,
        /^recoveryRate: must be a number between 0 and 1/,
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer and records nothing new', async () => {
      const buyer = await company();
      const seller = await company();
      const body = {
        kind: 'supply',
        buyer,
        seller,
        amountUsd: 5e9,
        effectiveAt: '2025-01-01',
      };
      const first = await t
        .http()
        .post('/deals')
        .set('Idempotency-Key', 'deal-once')
        .send(body)
        .expect(201);
      const head = await t.store.headPosition();
      const retry = await t
        .http()
        .post('/deals')
        .set('Idempotency-Key', 'deal-once')
        .send(body)
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await t.store.headPosition()).toBe(head);
    });

    it('still gives the first answer after later writes on the stream', async () => {
      const { id } = await supplyDeal();
      const body = { amountUsd: 1e9, effectiveAt: '2025-06-01' };
      const first = await t
        .http()
        .post(`/deals/${id}/payments`)
        .set('Idempotency-Key', `pay-${id}`)
        .send(body)
        .expect(201);
      await t.http().post(`/deals/${id}/payments`).send(body).expect(201);
      const head = await t.store.headPosition();
      const retry = await t
        .http()
        .post(`/deals/${id}/payments`)
        .set('Idempotency-Key', `pay-${id}`)
        .send(body)
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await t.store.headPosition()).toBe(head);
      expect(await t.store.streamRevision(`deal-${id}`)).toBe(2);
    });

    it('answers 422 naming Idempotency-Key when the key comes back with another body, appending nothing', async () => {
      const { id } = await supplyDeal();
      await t
        .http()
        .post(`/deals/${id}/payments`)
        .set('Idempotency-Key', `k-${id}`)
        .send({ amountUsd: 1e9, effectiveAt: '2025-06-01' })
        .expect(201);
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${id}/payments`)
            .set('Idempotency-Key', `k-${id}`)
            .send({ amountUsd: 2e9, effectiveAt: '2025-06-01' }),
        422,
        /^Idempotency-Key: /,
      );
      const other = await supplyDeal();
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${other.id}/payments`)
            .set('Idempotency-Key', `k-${id}`)
            .send({ amountUsd: 1e9, effectiveAt: '2025-06-01' }),
        422,
        /^Idempotency-Key: /,
      );
    });

    it('refuses a malformed key', async () => {
      const { id } = await supplyDeal();
      await refused(
        () =>
          t
            .http()
            .post(`/deals/${id}/payments`)
            .set('Idempotency-Key', 'has space')
            .send({ amountUsd: 1, effectiveAt: '2025-06-01' }),
        400,
        /^Idempotency-Key: /,
      );
    });

    it.each([
      [
        'the body before Idempotency-Key',
        'post',
        '/payments',
        { 'Idempotency-Key': 'has space' },
        { amountUsd: 'many', effectiveAt: '2025-06-01' },
        /^amountUsd: /,
      ],
      [
        'If-Match before Idempotency-Key',
        'patch',
        '',
        { 'If-Match': 'abc', 'Idempotency-Key': 'has space' },
        { effectiveAt: '2026-01-01', reason: 'r', notes: 'x' },
        /^If-Match: /,
      ],
      [
        'X-Correlation-Id',
        'post',
        '/terminate',
        { 'X-Correlation-Id': 'has space' },
        { effectiveAt: '2026-01-01', reason: 'r' },
        /^X-Correlation-Id: /,
      ],
    ] as const)(
      'checks %s',
      async (_what, method, suffix, headers, body, message) => {
        const { id } = await supplyDeal();
        await refused(
          () =>
            t.http()[method](`/deals/${id}${suffix}`).set(headers).send(body),
          400,
          message,
        );
      },
    );

    it('answers every write with its revision as ETag, and records the caller and correlation id', async () => {
      const { id } = await supplyDeal();
      const res = await t
        .http()
        .post(`/deals/${id}/write-downs`)
        .set('X-Correlation-Id', `corr-${id}`)
        .send({ amountUsd: 1e9, effectiveAt: '2025-06-01', reason: 'r' })
        .expect(201);
      expect(res.body).toEqual({
        id,
        revision: 1,
        position: expect.any(Number),
      });
      expect(res.headers.etag).toBe('"1"');
      const events = await t.streamEvents(`deal-${id}`);
      expect(events[1].metadata).toMatchObject({
        correlationId: `corr-${id}`,
        actor: expect.any(String),
      });
    });

    it('derives event ids from the key, so the events of a keyed write are recognisable', async () => {
      const id = fresh('co');
      await t
        .http()
        .post('/companies')
        .set('Idempotency-Key', `reg-${id}`)
        .send({ id, name: 'n' })
        .expect(201);
      const [event] = await t.streamEvents(`company-${id}`);
      expect(event.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(typeof event.metadata.commandHash).toBe('string');
    });
  });

  describe('OpenAPI', () => {
    it('serves /docs and the document generated from the DTOs', async () => {
      await t.http().get('/docs').expect(200);
      const doc = await t.http().get('/docs-json').expect(200);
      expect(Object.keys((doc.body as { paths: object }).paths)).toEqual(
        expect.arrayContaining([
          '/companies',
          '/deals',
          '/deals/{id}',
          '/deals/{id}/payments',
          '/import',
        ]),
      );
      expect(
        doc.body.components.schemas.RecordDealDto.properties,
      ).toMatchObject({
        amountUsd: { type: 'number' },
        kind: { enum: ['supply', 'investment', 'loan'] },
      });
      expect(
        doc.body.paths['/deals/{id}/payments'].post.responses,
      ).toMatchObject({
        '201': expect.any(Object),
        '400': {
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ErrorDto' },
            },
          },
        },
        '404': expect.any(Object),
        '422': expect.any(Object),
      });
    });
  });
});
