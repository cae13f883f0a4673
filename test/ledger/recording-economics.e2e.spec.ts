import { LedgerTestApp, startLedgerApp } from './ledger-test-app';

// The application starts per suite; on a loaded machine that takes longer than jest's default.
jest.setTimeout(30_000);

const NOW = new Date('2026-06-01T12:00:00.000Z');

/**
 * Recording what an analyst needs to value a deal (API.md "Deals", "Companies"): certainty,
 * confidence, estimates, damages rate, capacity, filings, announcedAt — and every refusal
 * names its field and appends nothing.
 */
describe('recording certainty, estimates, filings and announcements over HTTP', () => {
  let t: LedgerTestApp;
  let head = 0;
  let n = 0;
  const fresh = (prefix: string): string => `${prefix}-${++n}`;

  beforeAll(async () => {
    t = await startLedgerApp({ clock: { now: () => NOW } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function write(
    method: 'post' | 'patch',
    path: string,
    body: object,
    status = method === 'post' ? 201 : 200,
  ): Promise<void> {
    const res = await t.http()[method](path).send(body);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status,
    });
    head = Math.max(head, (res.body as { position?: number }).position ?? 0);
  }

  async function company(
    id = fresh('co'),
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    await write('post', '/companies', {
      id,
      name: id.toUpperCase(),
      effectiveAt: '2000-01-01',
      ...extra,
    });
    return id;
  }

  async function refused(
    method: 'post' | 'patch',
    path: string,
    body: object,
    message: RegExp,
  ): Promise<void> {
    const before = await t.store.headPosition();
    const res = await t.http()[method](path).send(body);
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(message),
    });
    expect(await t.store.headPosition()).toBe(before);
  }

  const letterOfIntent = (investor: string, investee: string, id: string) => ({
    id,
    kind: 'investment',
    investor,
    investee,
    effectiveAt: '2025-09-22',
    certainty: 'intent',
    confidence: 'medium',
    estimateUsd: {
      low: 60e9,
      central: 100e9,
      high: 100e9,
      basis: 'up to $100B, $10B per GW deployed',
    },
    capacityGw: 10,
  });

  describe('deals', () => {
    it('records certainty, confidence, estimateUsd, damagesRate and capacityGw; GET /deals/:id and the history show them', async () => {
      const [nv, oai] = [await company(), await company()];
      const id = fresh('loi');
      await write('post', '/deals', {
        ...letterOfIntent(nv, oai, id),
        damagesRate: 0.1,
      });
      const deal = await t
        .http()
        .get(`/deals/${id}?minPosition=${head}`)
        .expect(200);
      expect(deal.body).toMatchObject({
        amountUsd: null,
        certainty: 'intent',
        confidence: 'medium',
        estimateUsd: {
          low: 60e9,
          central: 100e9,
          high: 100e9,
          basis: 'up to $100B, $10B per GW deployed',
        },
        damagesRate: 0.1,
        capacityGw: 10,
      });
      const history = await t.http().get(`/deals/${id}/history`).expect(200);
      expect(history.body[0].changes).toEqual(
        expect.arrayContaining([
          { field: 'certainty', from: null, to: 'intent' },
          { field: 'confidence', from: null, to: 'medium' },
          { field: 'capacityGw', from: null, to: 10 },
          { field: 'damagesRate', from: null, to: 0.1 },
        ]),
      );
    });

    it('defaults to binding and high confidence', async () => {
      const [a, b] = [await company(), await company()];
      const id = fresh('loan');
      await write('post', '/deals', {
        id,
        kind: 'loan',
        lender: a,
        borrower: b,
        amountUsd: 5e9,
        effectiveAt: '2025-01-01',
      });
      const deal = await t
        .http()
        .get(`/deals/${id}?minPosition=${head}`)
        .expect(200);
      expect(deal.body).toMatchObject({
        certainty: 'binding',
        confidence: 'high',
        estimateUsd: null,
        damagesRate: null,
        capacityGw: null,
      });
    });

    it('amends them with a reason; the history diffs them, and the estimate gives way to the published amount', async () => {
      const [nv, oai] = [await company(), await company()];
      const id = fresh('loi');
      await write('post', '/deals', letterOfIntent(nv, oai, id));
      await write('patch', `/deals/${id}`, {
        effectiveAt: '2025-10-01',
        reason: 'definitive agreement',
        certainty: 'binding',
        confidence: 'high',
        amountUsd: 90e9,
        estimateUsd: null,
        capacityGw: 9,
      });
      const history = await t.http().get(`/deals/${id}/history`).expect(200);
      expect(history.body[1]).toMatchObject({
        type: 'DealAmended',
        reason: 'definitive agreement',
      });
      expect(history.body[1].changes).toEqual(
        expect.arrayContaining([
          { field: 'certainty', from: 'intent', to: 'binding' },
          { field: 'confidence', from: 'medium', to: 'high' },
          { field: 'amountUsd', from: null, to: 90e9 },
          {
            field: 'estimateUsd',
            from: expect.objectContaining({ central: 100e9 }),
            to: null,
          },
          { field: 'capacityGw', from: 10, to: 9 },
        ]),
      );
    });

    it.each([
      [
        { certainty: 'maybe' },
        /^certainty: must be one of binding, conditional, intent/,
      ],
      [
        { confidence: 'certain' },
        /^confidence: must be one of high, medium, low/,
      ],
      [{ damagesRate: 2 }, /^damagesRate: must be a number between 0 and 1/],
      [{ capacityGw: -1 }, /^capacityGw: must be a positive finite number/],
      [{ estimateUsd: 5 }, /^estimateUsd: must be an object/],
      [
        { estimateUsd: { low: 3, central: 2, high: 4, basis: 'x' } },
        /^estimateUsd: must have low ≤ central ≤ high/,
      ],
      [
        { estimateUsd: { low: 1, central: 2, high: 4, basis: '' } },
        /^estimateUsd\.basis: must not be empty/,
      ],
      [
        {
          amountUsd: 100e9,
          estimateUsd: { low: 1, central: 2, high: 4, basis: 'x' },
        },
        /^estimateUsd: is for a deal with no published amount/,
      ],
      [
        { announcedAt: '2026-06-02' },
        /^announcedAt: must not be after the time it is recorded/,
      ],
      [{ announcedAt: 'soon' }, /^announcedAt: /],
    ])(
      'refuses POST /deals with %j: 400 naming the field, nothing appended',
      async (change, message) => {
        const [nv, oai] = [await company(), await company()];
        await refused(
          'post',
          '/deals',
          { ...letterOfIntent(nv, oai, fresh('loi')), ...change },
          message,
        );
      },
    );

    it.each([
      [{ certainty: 'maybe' }, /^certainty: must be one of/],
      [{ damagesRate: -0.1 }, /^damagesRate: must be a number between 0 and 1/],
      [
        { amountUsd: 90e9 },
        /^estimateUsd: is for a deal with no published amount/,
      ],
      [{ announcedAt: '2027-01-01' }, /^announcedAt: must not be after/],
    ])(
      'refuses PATCH with %j: 400 naming the field, nothing appended',
      async (change, message) => {
        const [nv, oai] = [await company(), await company()];
        const id = fresh('loi');
        await write('post', '/deals', letterOfIntent(nv, oai, id));
        await refused(
          'patch',
          `/deals/${id}`,
          { effectiveAt: '2025-10-01', reason: 'update', ...change },
          message,
        );
      },
    );
  });

  describe('announcedAt', () => {
    it('is kept on every write and the audit shows it beside the recorded time', async () => {
      const oai = await company();
      const orcl = await company();
      const id = fresh('supply');
      await write('post', '/deals', {
        id,
        kind: 'supply',
        buyer: oai,
        seller: orcl,
        amountUsd: 300e9,
        effectiveAt: '2025-09-10',
        startDate: '2025-09-10',
        endDate: '2030-09-10',
        announcedAt: '2025-09-10',
      });
      await write('post', `/deals/${id}/payments`, {
        amountUsd: 1e9,
        effectiveAt: '2025-10-10',
        announcedAt: '2025-11-01',
      });
      await write(
        'post',
        `/deals/${id}/terminate`,
        {
          effectiveAt: '2026-01-01',
          reason: 'cancelled',
          announcedAt: '2026-01-02',
        },
        200,
      );
      const history = await t.http().get(`/deals/${id}/history`).expect(200);
      const entries = history.body as {
        announcedAt: string;
        recordedAt: string;
      }[];
      expect(entries.map((e) => [e.announcedAt, e.recordedAt])).toEqual([
        ['2025-09-10T00:00:00.000Z', NOW.toISOString()],
        ['2025-11-01T00:00:00.000Z', NOW.toISOString()],
        ['2026-01-02T00:00:00.000Z', NOW.toISOString()],
      ]);
    });

    it('a deal announced before it was recorded is known from the announcement', async () => {
      const oai = await company();
      const orcl = await company();
      const id = fresh('supply');
      await write('post', '/deals', {
        id,
        kind: 'supply',
        buyer: oai,
        seller: orcl,
        amountUsd: 300e9,
        effectiveAt: '2025-09-10',
        startDate: '2025-09-10',
        endDate: '2030-09-10',
        announcedAt: '2025-09-10',
      });
      const known = await t
        .http()
        .get(
          `/deals/${id}?at=2025-10-01&knownAt=2025-10-01&minPosition=${head}`,
        )
        .expect(200);
      expect(known.body).toMatchObject({ id, amountUsd: 300e9 });
      await t
        .http()
        .get(`/deals/${id}?at=2025-10-01&knownAt=2025-09-09`)
        .expect(404);
    });

    it('refuses it on company writes when after the recording, appending nothing', async () => {
      await refused(
        'post',
        '/companies',
        {
          id: fresh('co'),
          name: 'X',
          effectiveAt: '2000-01-01',
          announcedAt: '2026-07-01',
        },
        /^announcedAt: must not be after the time it is recorded/,
      );
      const id = await company();
      await refused(
        'post',
        `/companies/${id}/default`,
        { effectiveAt: '2026-01-01', announcedAt: '2026-06-02' },
        /^announcedAt: must not be after/,
      );
    });
  });

  describe('filings (CompanyFinancialsReported)', () => {
    it('records a filing effective at its period end; GET /companies/:id/financials answers it with the flows since', async () => {
      // registered today, public since 2020: known at any date since
      const lab = await company(fresh('co'), { announcedAt: '2020-01-01' });
      const chips = await company();
      await write('post', `/companies/${lab}/financials`, {
        effectiveAt: '2025-12-31',
        totalAssetsUsd: 1000e9,
        totalLiabilitiesUsd: 700e9,
        equityUsd: 301e9,
        cashUsd: 200e9,
        operatingCashFlowUsd: 50e9,
        source: '10-K 2025',
        announcedAt: '2026-02-15',
      });
      await write('post', '/deals', {
        id: fresh('stake'),
        kind: 'investment',
        investor: chips,
        investee: lab,
        amountUsd: 60e9,
        effectiveAt: '2026-03-01',
      });
      const res = await t
        .http()
        .get(`/companies/${lab}/financials?at=2026-04-01&minPosition=${head}`)
        .expect(200);
      expect(res.body).toMatchObject({
        companyId: lab,
        periodEnd: '2025-12-31T00:00:00.000Z',
        reported: true,
        source: '10-K 2025',
        totalAssetsUsd: 1060e9,
        totalLiabilitiesUsd: 700e9,
        equityUsd: 361e9,
        cashUsd: 260e9,
        operatingCashFlowUsd: 50e9,
        flows: { cashUsd: 60e9, equityUsd: 60e9, stakesUsd: 0, count: 1 },
        caveats: [],
      });
      // as known before the filing was announced: no report yet
      const before = await t
        .http()
        .get(`/companies/${lab}/financials?at=2026-04-01&knownAt=2026-02-01`)
        .expect(200);
      expect(before.body).toMatchObject({ reported: false, periodEnd: null });
    });

    it('keeps the older body and its meaning', async () => {
      const id = await company();
      await write('post', `/companies/${id}/financials`, {
        effectiveAt: '2025-06-30',
        equityUsd: 70e9,
        externalAssetsUsd: 40e9,
      });
      const res = await t
        .http()
        .get(`/companies/${id}/financials?minPosition=${head}`)
        .expect(200);
      expect(res.body).toMatchObject({
        reported: false,
        equityUsd: 70e9,
        externalAssetsUsd: 40e9,
        caveats: [],
      });
    });

    it.each([
      [
        { totalAssetsUsd: 100, totalLiabilitiesUsd: 60, equityUsd: 50 },
        /^equityUsd: must be within 1 % of totalAssetsUsd − totalLiabilitiesUsd/,
      ],
      [
        { totalAssetsUsd: 100 },
        /^totalLiabilitiesUsd: is required in a filing/,
      ],
      [{ cashUsd: 10 }, /^totalAssetsUsd: is required in a filing/],
      [
        { totalAssetsUsd: 100, totalLiabilitiesUsd: 60, cashUsd: 200 },
        /^cashUsd: must not exceed totalAssetsUsd/,
      ],
      [{ totalAssetsUsd: -1, totalLiabilitiesUsd: 0 }, /^totalAssetsUsd: /],
    ])(
      'refuses %j: 400 naming the field, nothing appended',
      async (body, message) => {
        const id = await company();
        await refused(
          'post',
          `/companies/${id}/financials`,
          { effectiveAt: '2025-12-31', ...body },
          message,
        );
      },
    );
  });
});
