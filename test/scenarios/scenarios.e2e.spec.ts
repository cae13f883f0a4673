import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startScenarioApp } from './scenario-app';
import {
  EventStore,
  EVENT_STORE,
} from '../../src/event-store/event-store.port';
import {
  ScenarioProgress,
  ScenarioProgressMessage,
} from '../../src/scenarios/scenario-progress';

/**
 * Scenarios over HTTP on the whole application (in-memory store, no seed). The network is the
 * synthetic "AI giants" fixture of the contagion research (TV9, in billions): OAI owes ORCL 30 and
 * CRWV 10; ORCL owes NVDA 20 and outside creditors 10; CRWV owes NVDA 5 and outside creditors 15.
 */
describe('scenarios over HTTP', () => {
  let app: INestApplication;
  let store: EventStore;
  const B = 1e9;
  const http = () => request(app.getHttpServer() as Server);
  const analyst = { Authorization: 'Bearer analyst-token' };
  const reader = { Authorization: 'Bearer reader-token' };
  const writer = { Authorization: 'Bearer admin-token' };
  const at = '2025-01-01';
  const progress: ScenarioProgressMessage[] = [];

  const post = async (path: string, body: object) => {
    const res = await http().post(path).set(writer).send(body);
    if (res.status !== 201)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const scenarioStreams = async (): Promise<number> => {
    let n = 0;
    for await (const _ of store.readAll({
      filter: { streamPrefixes: ['scenario-'] },
    }))
      n++;
    return n;
  };

  beforeAll(async () => {
    app = await startScenarioApp();
    store = app.get(EVENT_STORE);
    app.get(ScenarioProgress).messages$.subscribe((m) => progress.push(m));
    const company = (id: string, e: number, el: number) =>
      post('/companies', {
        id,
        name: id.toUpperCase(),
        sector: id === 'nvda' ? 'chips' : 'compute',
        equityUsd: 1 * B,
        externalAssetsUsd: e * B,
        externalLiabilitiesUsd: el * B,
        effectiveAt: '2020-01-01',
      });
    await company('oai', 45, 0);
    await company('orcl', 8, 10);
    await company('crwv', 12, 15);
    await company('nvda', 50, 0);
    const loan = (
      id: string,
      borrower: string,
      lender: string,
      amount: number,
    ) =>
      post('/deals', {
        id,
        kind: 'loan',
        lender,
        borrower,
        amountUsd: amount * B,
        effectiveAt: '2024-01-01',
      });
    await loan('oai-orcl', 'oai', 'orcl', 30);
    await loan('oai-crwv', 'oai', 'crwv', 10);
    await loan('orcl-nvda', 'orcl', 'nvda', 20);
    await loan('crwv-nvda', 'crwv', 'nvda', 5);
  });

  afterAll(async () => {
    await app?.close();
  });

  const company = (result: unknown, id: string) =>
    (result as { companies: { id: string }[] }).companies.find(
      (c) => c.id === id,
    ) as unknown as Record<string, number | boolean | null>;

  describe('POST /scenarios', () => {
    it('OAI defaults with recovery 40 % under Eisenberg–Noe: payments (16, 20, 16), ORCL and CRWV fall in round 1, value conserved', async () => {
      const res = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'OAI defaults',
          at,
          model: 'eisenberg-noe',
          shocks: [{ type: 'default', company: 'oai', recoveryRate: 0.4 }],
        })
        .expect(201);
      const { id, result } = res.body;
      expect(id).toMatch(/^oai-defaults-[0-9a-f]{10}$/);
      expect(company(result, 'oai').paymentUsd).toBeCloseTo(16 * B, 0);
      expect(company(result, 'orcl').paymentUsd).toBeCloseTo(20 * B, 0);
      expect(company(result, 'crwv').paymentUsd).toBeCloseTo(16 * B, 0);
      expect(result.defaults).toEqual(['oai', 'crwv', 'orcl']);
      expect(company(result, 'orcl')).toMatchObject({
        defaulted: true,
        defaultRound: 1,
      });
      expect(company(result, 'nvda')).toMatchObject({
        defaulted: false,
        defaultRound: null,
      });
      expect(company(result, 'nvda').equityAfterUsd).toBeCloseTo(
        (202 / 3) * B,
        0,
      );
      // Value is conserved: the 24 written off OAI's debts (0.6 × 40) is what is lost in all —
      // ORCL's and CRWV's equity (8 + 2), NVDA's 75 − 202/3 = 23/3, and the outside creditors'
      // 10 − 20 × 10/30 = 10/3 and 15 − 16 × 15/20 = 3. Round 1 is the losses of those OAI's
      // default hits, capped as every loss is: ORCL's 8 of its 18 and CRWV's 2 of its 6 (OAI's own
      // equity is untouched: it pays 16 of its fixed 40), so 10; the rest spreads: 24 / 10 = 2.4.
      expect(result.initialLossUsd).toBeCloseTo(10 * B, 0);
      expect(result.totalLossUsd).toBeCloseTo(24 * B, 0);
      expect(result.amplification).toBeCloseTo(2.4, 12);
      expect(result.rounds).toBe(1);
    });

    it('Rogers–Veraart α = 0.5 destroys 10 more: total loss 34', async () => {
      const res = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'OAI defaults, costly',
          at,
          model: 'rogers-veraart',
          params: { alpha: 0.5, beta: 1 },
          shocks: [{ type: 'default', company: 'oai', recoveryRate: 0.4 }],
        })
        .expect(201);
      expect(res.body.result.totalLossUsd).toBeCloseTo(34 * B, 0);
      // The same round 1 as under Eisenberg–Noe (ORCL's 8 and CRWV's 2): 34 / 10.
      expect(res.body.result.initialLossUsd).toBeCloseTo(10 * B, 0);
      expect(res.body.result.netMultiplier).toBeCloseTo(34 / 10, 12);
    });

    it('an asset shock on a sector, Furfine and DebtRank run on the same network', async () => {
      const f = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'compute sector -50%',
          at,
          model: 'furfine',
          shocks: [{ type: 'asset-shock', fraction: 0.5, sector: 'compute' }],
        })
        .expect(201);
      // Losses of half the outside assets (22.5, 4, 6) exceed every equity of 1 → all three fail in round 1;
      // NVDA then loses its claims on ORCL and CRWV (25 > 1) in round 2.
      expect(f.body.result.defaults).toEqual(['crwv', 'oai', 'orcl', 'nvda']);
      expect(company(f.body.result, 'nvda')).toMatchObject({
        defaultRound: 2,
        lossUsd: 25 * B,
      });
      const d = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'nvda default',
          at,
          model: 'debtrank',
          shocks: [{ type: 'default', company: 'nvda' }],
        })
        .expect(201);
      // Nobody holds a claim on NVDA: the only loss is its own equity.
      expect(d.body.result.totalLossUsd).toBeCloseTo(1 * B, 0);
      expect(d.body.result.defaults).toEqual(['nvda']);
    });

    it('cancel-deal and haircut cut the holder’s claim before the model runs', async () => {
      const res = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'cancel',
          at,
          model: 'furfine',
          shocks: [
            { type: 'cancel-deal', deal: 'oai-crwv' },
            { type: 'haircut', deal: 'orcl-nvda', fraction: 0.25 },
          ],
        })
        .expect(201);
      // CRWV loses its 10 (> equity 1) and fails in round 1; NVDA loses 5 of its 20 on ORCL, then CRWV's 5.
      expect(company(res.body.result, 'crwv')).toMatchObject({
        lossUsd: 10 * B,
        defaultRound: 1,
      });
      expect(company(res.body.result, 'nvda').lossUsd).toBeCloseTo(10 * B, 0);
      expect(res.body.result.initialLossUsd).toBeCloseTo(15 * B, 0);
    });

    it('a retry with the same Idempotency-Key answers the first run and records nothing new', async () => {
      const body = {
        name: 'keyed',
        at,
        model: 'furfine',
        shocks: [{ type: 'default', company: 'orcl' }],
      };
      const first = await http()
        .post('/scenarios')
        .set({ ...analyst, 'Idempotency-Key': 'k-1' })
        .send(body)
        .expect(201);
      const before = await scenarioStreams();
      const again = await http()
        .post('/scenarios')
        .set({ ...analyst, 'Idempotency-Key': 'k-1' })
        .send(body)
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(await scenarioStreams()).toBe(before);
      const other = await http()
        .post('/scenarios')
        .set({ ...analyst, 'Idempotency-Key': 'k-1' })
        .send({ ...body, name: 'another', model: 'debtrank' });
      expect(other.status).toBe(422);
      expect(other.body.message).toContain('Idempotency-Key');
      expect(await scenarioStreams()).toBe(before);
    });

    it('needs role analyst', async () => {
      await http()
        .post('/scenarios')
        .set(reader)
        .send({ name: 'x', at, model: 'furfine', shocks: [] })
        .expect(403);
    });

    it.each([
      [
        {
          name: 'x',
          at,
          model: 'furfine',
          shocks: [{ type: 'default', company: 'nobody' }],
        },
        'shocks[0].company',
      ],
      [{ name: 'x', at: '1990-01-01', model: 'furfine', shocks: [] }, 'at'],
      [{ name: 'x', at, model: 'contagion', shocks: [] }, 'model'],
      [
        {
          name: 'x',
          at,
          model: 'rogers-veraart',
          params: { alpha: 2 },
          shocks: [],
        },
        'params.alpha',
      ],
      [
        {
          name: 'x',
          at,
          model: 'furfine',
          shocks: [{ type: 'haircut', deal: 'oai-orcl', fraction: 1.5 }],
        },
        'shocks[0].fraction',
      ],
      [
        {
          name: 'x',
          at,
          model: 'furfine',
          shocks: [{ type: 'cancel-deal', deal: 'no-such-deal' }],
        },
        'shocks[0].deal',
      ],
      [
        {
          name: 'x',
          at,
          model: 'furfine',
          shocks: [{ type: 'asset-shock', fraction: 0.1, sector: 'banks' }],
        },
        'shocks[0].sector',
      ],
      [
        {
          name: 'x',
          at,
          model: 'furfine',
          shocks: [],
          overlay: [{ type: 'SuppressDeal', deal: 'no-such-deal' }],
        },
        'overlay[0].deal',
      ],
      [
        {
          name: 'x',
          at,
          model: 'furfine',
          shocks: [],
          overlay: [
            {
              type: 'DealRecorded',
              effectiveAt: 'soon',
              data: { dealId: 'd' },
            },
          ],
        },
        'overlay[0].effectiveAt',
      ],
    ])(
      'a scenario that cannot run answers 400 naming the field and records nothing (%#)',
      async (body, field) => {
        const before = await scenarioStreams();
        const res = await http()
          .post('/scenarios')
          .set(analyst)
          .send(body)
          .expect(400);
        expect(res.body.message).toContain(field);
        expect(await scenarioStreams()).toBe(before);
      },
    );

    it.each([
      [{ at, model: 'furfine', shocks: [] }, 'name: must not be empty'],
      [{ name: 'x', at, model: 'furfine' }, 'shocks: must be an array'],
      [
        { name: 'x', at, model: 'furfine', shocks: [], overlay: {} },
        'overlay: must be an array',
      ],
    ])(
      'a missing or misshapen field is named for what it lacks (%#)',
      async (body, message) => {
        const res = await http()
          .post('/scenarios')
          .set(analyst)
          .send(body)
          .expect(400);
        expect(res.body).toMatchObject({
          statusCode: 400,
          error: 'Bad Request',
        });
        expect(res.body.message).toContain(message);
      },
    );
  });

  describe('the valuation settings and haircut selectors', () => {
    const params = {
      recoveryRate: 0.4,
      equityRecoveryRate: 0.1,
      horizonDays: 730,
      damagesRate: 0.3,
      basis: 'liquidity',
      // periods: 'year' (the year-by-year clearing) is refused until the economics offer it.
      minCertainty: 'conditional',
      minConfidence: 'medium',
      estimates: 'low',
    };

    it('records the parameters as given in the definition event and answers them', async () => {
      const res = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'settings',
          at,
          model: 'furfine',
          params,
          shocks: [{ type: 'default', company: 'oai' }],
        })
        .expect(201);
      const got = await http()
        .get(`/scenarios/${res.body.id}`)
        .set(reader)
        .expect(200);
      expect(got.body.params).toEqual(params);
      const events = [];
      for await (const e of store.readStream(`scenario-${res.body.id}`))
        events.push(e);
      expect(events[0].data).toMatchObject({ definition: { params } });
    });

    it('a haircut by kind or by a list of deals cuts the deals it selects, as deal-by-deal haircuts do', async () => {
      const run = async (shocks: object[]) =>
        (
          await http()
            .post('/scenarios')
            .set(analyst)
            .send({ name: 'cut', at, model: 'furfine', shocks })
            .expect(201)
        ).body.result as unknown;
      const each = (deals: string[]) =>
        deals.map((deal) => ({ type: 'haircut', deal, fraction: 0.5 }));
      const loans = ['oai-orcl', 'oai-crwv', 'orcl-nvda', 'crwv-nvda'];
      expect(
        await run([{ type: 'haircut', kind: 'loan', fraction: 0.5 }]),
      ).toEqual(await run(each(loans)));
      expect(
        await run([
          { type: 'haircut', deals: ['oai-orcl', 'oai-crwv'], fraction: 0.5 },
        ]),
      ).toEqual(await run(each(['oai-orcl', 'oai-crwv'])));
    });

    it.each([
      [{ horizonDays: '30' }, 'params.horizonDays: must be a number'],
      [{ horizonDays: 0 }, 'params.horizonDays: must be at least 1'],
      [{ horizonDays: 36501 }, 'params.horizonDays: must be at most 36500'],
      [{ damagesRate: 1.5 }, 'params.damagesRate'],
      [{ equityRecoveryRate: -0.1 }, 'params.equityRecoveryRate'],
      [{ basis: 'market' }, 'params.basis: must be one of'],
      [{ periods: 'month' }, 'params.periods'],
      [{ minCertainty: 'firm' }, 'params.minCertainty'],
      [{ minConfidence: 'sure' }, 'params.minConfidence'],
      [{ estimates: 'mid' }, 'params.estimates'],
    ])(
      'a bad setting answers 400 naming it and records nothing (%#)',
      async (bad, message) => {
        const before = await scenarioStreams();
        const res = await http()
          .post('/scenarios')
          .set(analyst)
          .send({ name: 'x', at, model: 'furfine', params: bad, shocks: [] })
          .expect(400);
        expect(res.body.message).toContain(message);
        expect(await scenarioStreams()).toBe(before);
      },
    );

    it.each([
      [{ type: 'haircut', fraction: 0.5 }, 'shocks[0].deal: give exactly one'],
      [
        { type: 'haircut', fraction: 0.5, deal: 'oai-orcl', kind: 'loan' },
        'shocks[0].kind: give exactly one',
      ],
      [{ type: 'haircut', fraction: 0.5, kind: 'swap' }, 'shocks[0].kind'],
      [{ type: 'haircut', fraction: 0.5, buyer: 'oai' }, 'shocks[0].buyer'],
      [
        { type: 'haircut', fraction: 0.5, category: 'chips' },
        'shocks[0].category',
      ],
      [
        { type: 'haircut', fraction: 0.5, deals: ['oai-orcl', 'ghost'] },
        'shocks[0].deals[1]',
      ],
    ])(
      'a haircut selector that is missing, doubled or matches nothing answers 400 naming it (%#)',
      async (shock, message) => {
        const before = await scenarioStreams();
        const res = await http()
          .post('/scenarios')
          .set(analyst)
          .send({ name: 'x', at, model: 'furfine', shocks: [shock] })
          .expect(400);
        expect(res.body.message).toContain(message);
        expect(await scenarioStreams()).toBe(before);
      },
    );
  });

  describe('a recorded scenario', () => {
    let id = '';
    let first: { result: unknown; digest: string; knownAt: string };
    beforeAll(async () => {
      const res = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'What if ORCL had lent to OAI instead',
          at,
          model: 'eisenberg-noe',
          shocks: [{ type: 'default', company: 'oai', recoveryRate: 0.4 }],
          overlay: [
            { type: 'SuppressDeal', deal: 'orcl-nvda' },
            {
              type: 'DealRecorded',
              effectiveAt: '2024-06-01',
              data: {
                dealId: 'hyp-nvda-orcl',
                kind: 'loan',
                lender: 'nvda',
                borrower: 'orcl',
                amountUsd: 12 * B,
              },
            },
            {
              type: 'DealAmended',
              effectiveAt: '2026-01-01',
              data: { dealId: 'oai-orcl', changes: { amountUsd: 40 * B } },
            },
          ],
        })
        .expect(201);
      id = res.body.id;
      first = res.body;
    });

    it('is kept in its own stream: GET /scenarios/:id answers the definition and the result', async () => {
      const res = await http().get(`/scenarios/${id}`).set(reader).expect(200);
      expect(res.body).toMatchObject({
        id,
        name: 'What if ORCL had lent to OAI instead',
        at: '2025-01-01T00:00:00.000Z',
        model: 'eisenberg-noe',
        knownAt: first.knownAt,
        digest: first.digest,
        actor: 'quant',
      });
      expect(res.body.result).toEqual(first.result);
      const events = [];
      for await (const e of store.readStream(`scenario-${id}`))
        events.push(e.type);
      expect(events).toEqual(['ScenarioDefined', 'ScenarioRan']);
    });

    it('the overlay replaces the real ORCL → NVDA loan (20) by the hypothetical one (12) from its date, and the amendment waits for its own', async () => {
      const now = await http()
        .get(`/scenarios/${id}/exposures`)
        .set(reader)
        .expect(200);
      // streamed as GET /exposures is: JSON text sent in chunks as written, no length ahead
      expect(now.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(now.headers['transfer-encoding']).toBe('chunked');
      expect(now.headers['content-length']).toBeUndefined();
      const edge = (body: unknown, h: string, c: string) =>
        (
          body as {
            edges: {
              holder: string;
              counterparty: string;
              amountUsd: number;
            }[];
          }
        ).edges.find((e) => e.holder === h && e.counterparty === c)?.amountUsd;
      expect(edge(now.body, 'nvda', 'orcl')).toBe(12 * B);
      expect(edge(now.body, 'orcl', 'oai')).toBe(30 * B);
      const later = await http()
        .get(`/scenarios/${id}/exposures?at=2026-06-01`)
        .set(reader)
        .expect(200);
      expect(edge(later.body, 'orcl', 'oai')).toBe(40 * B);
      const early = await http()
        .get(`/scenarios/${id}/exposures?at=2024-03-01`)
        .set(reader)
        .expect(200);
      expect(edge(early.body, 'nvda', 'orcl')).toBeUndefined();
      // The real history is untouched.
      const real = await http()
        .get(`/exposures?at=${at}`)
        .set(reader)
        .expect(200);
      expect(edge(real.body, 'nvda', 'orcl')).toBe(20 * B);
    });

    it('compare answers baseline, scenario and difference per company and per edge', async () => {
      const res = await http()
        .get(`/scenarios/${id}/compare?at=2026-06-01`)
        .set(reader)
        .expect(200);
      // streamed as GET /exposures is
      expect(res.headers['content-type']).toBe(
        'application/json; charset=utf-8',
      );
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      const body = res.body as {
        edges: { holder: string; counterparty: string; kind: string }[];
        companies: { id: string }[];
      };
      // edges of either side once each, in holder, counterparty and kind order; companies by id
      const keys = body.edges.map(
        (e) => `${e.holder}\u0000${e.counterparty}\u0000${e.kind}`,
      );
      expect(keys).toEqual([...new Set(keys)].sort());
      const ids = body.companies.map((c) => c.id);
      expect(ids).toEqual([...new Set(ids)].sort());
      const edge = (
        res.body as { edges: { holder: string; counterparty: string }[] }
      ).edges.find(
        (e: { holder: string; counterparty: string }) =>
          e.holder === 'orcl' && e.counterparty === 'oai',
      );
      expect(edge).toMatchObject({
        kind: 'loan',
        baselineUsd: 30 * B,
        scenarioUsd: 40 * B,
        differenceUsd: 10 * B,
      });
      const nvda = (res.body as { companies: { id: string }[] }).companies.find(
        (c: { id: string }) => c.id === 'nvda',
      );
      expect(nvda).toMatchObject({
        baseline: { exposureOutUsd: 25 * B },
        scenario: { exposureOutUsd: 17 * B },
        difference: { exposureOutUsd: -8 * B },
      });
    });

    it('a re-run at the recorded knownAt reproduces the result exactly, even after the real history moved on', async () => {
      await post('/deals', {
        id: 'late-loan',
        kind: 'loan',
        lender: 'nvda',
        borrower: 'oai',
        amountUsd: 7 * B,
        effectiveAt: '2024-02-01',
      });
      const res = await http()
        .post(`/scenarios/${id}/rerun`)
        .set(analyst)
        .expect(201);
      expect(res.body).toMatchObject({
        id,
        digest: first.digest,
        reproduced: true,
        knownAt: first.knownAt,
      });
      expect(res.body.result).toEqual(first.result);
    });

    it('its stream is hash-chained like every stream: the audit verifies it', async () => {
      const res = await http().get('/audit/verify').set(writer).expect(200);
      expect(res.body).toMatchObject({ ok: true });
    });

    it('GET /scenarios lists it', async () => {
      const res = await http().get('/scenarios').set(reader).expect(200);
      expect(res.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id,
            model: 'eisenberg-noe',
            runs: 2,
            digest: first.digest,
          }),
        ]),
      );
    });

    it('an unknown scenario is 404', async () => {
      await http().get('/scenarios/nothing-here').set(reader).expect(404);
    });
  });

  describe('GET /analysis/systemic', () => {
    it('runs every company alone, ranks by total loss, agrees with the single runs and reports progress', async () => {
      const res = await http()
        .get(`/analysis/systemic?at=${at}&model=eisenberg-noe&recoveryRate=0.4`)
        .set(reader)
        .expect(200);
      const ranking = res.body.ranking as {
        company: string;
        totalLossUsd: number;
        failuresCaused: number;
        defaults: string[];
      }[];
      expect(ranking.map((r) => r.company).sort()).toEqual([
        'crwv',
        'nvda',
        'oai',
        'orcl',
      ]);
      for (let k = 1; k < ranking.length; k++)
        expect(ranking[k - 1].totalLossUsd).toBeGreaterThanOrEqual(
          ranking[k].totalLossUsd,
        );
      const single = await http()
        .post('/scenarios')
        .set(analyst)
        .send({
          name: 'single',
          at,
          knownAt: res.body.knownAt,
          model: 'eisenberg-noe',
          shocks: [{ type: 'default', company: 'oai', recoveryRate: 0.4 }],
        })
        .expect(201);
      const oai = ranking.find((r) => r.company === 'oai')!;
      expect(oai.totalLossUsd).toBe(single.body.result.totalLossUsd);
      expect(oai.defaults.sort()).toEqual(['crwv', 'orcl']);
      expect(progress).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'scenario.completed',
            id: res.body.id,
            kind: 'systemic',
          }),
        ]),
      );
    });

    it('refuses an unknown model, naming it', async () => {
      const res = await http()
        .get(`/analysis/systemic?at=${at}&model=magic`)
        .set(reader)
        .expect(400);
      expect(res.body.message).toContain('model');
    });
  });

  describe('POST /scenarios/sweep', () => {
    const body = {
      at,
      model: 'furfine',
      params: { recoveryRate: 0.2 },
      probability: 0.3,
      probabilities: { oai: 0.5 },
      seed: 7,
      runs: 400,
    };

    it('is reproducible from its seed', async () => {
      const a = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send(body)
        .expect(200);
      const b = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send(body)
        .expect(200);
      const strip = (x: unknown) => ({
        ...(x as Record<string, unknown>),
        id: undefined,
        elapsedMs: undefined,
        knownAt: undefined,
      });
      expect(strip(b.body)).toEqual(strip(a.body));
      const sweep = a.body as Record<
        'runs' | 'var95Usd' | 'var99Usd' | 'es95Usd',
        number
      >;
      expect(sweep.runs).toBe(400);
      expect(sweep.var99Usd).toBeGreaterThanOrEqual(sweep.var95Usd);
      expect(sweep.es95Usd).toBeGreaterThanOrEqual(sweep.var95Usd);
      expect(
        (a.body as { histogram: { count: number }[] }).histogram.reduce(
          (s: number, h: { count: number }) => s + h.count,
          0,
        ),
      ).toBe(400);
      const c = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send({ ...body, seed: 8 })
        .expect(200);
      expect(c.body.meanLossUsd).not.toBe(a.body.meanLossUsd);
    });

    it('with probability 1 every run is the same: everyone defaults', async () => {
      const res = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send({ at, model: 'furfine', probability: 1, seed: 1, runs: 50 })
        .expect(200);
      expect(res.body.minLossUsd).toBe(res.body.maxLossUsd);
      expect(res.body.meanDefaults).toBe(4);
    });

    it('refuses a probability above 1 and an unknown company', async () => {
      const a = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send({ ...body, probability: 1.2 })
        .expect(400);
      expect(a.body.message).toContain('probability');
      const b = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send({ ...body, probabilities: { ghost: 0.1 } })
        .expect(400);
      expect(b.body.message).toContain('probabilities.ghost');
    });
  });
});
