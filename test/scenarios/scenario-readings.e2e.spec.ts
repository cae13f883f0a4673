import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startScenarioApp } from './scenario-app';
import { randomUUID } from 'node:crypto';
import {
  EventStore,
  EVENT_STORE,
} from '../../src/event-store/event-store.port';
import { EconomicResult } from '../../src/scenarios/domain/economics/result';
import {
  earlierShape,
  resultDigest,
} from '../../src/scenarios/domain/scenario.result';

/**
 * The readings over HTTP (API.md "Scenarios"): every parameter of the second version, every field
 * of its result, and the refusals, on a small market with filed balance sheets (in billions):
 * LAB buys compute from CLOUD (120 over ten years, 1 GW), chips from CHIPS (an estimated binding
 * deal, 10–20–30) and more chips under a letter of intent (50); BANK lends LAB 10 (a low-confidence
 * source); CLOUD holds a 5 stake in LAB; CLOUD sells LAB 6 of cloud services with no end date
 * (an assumed term); GHOST defaulted in the history itself.
 */
describe('scenario readings over HTTP', () => {
  let app: INestApplication;
  let store: EventStore;
  const B = 1e9;
  const at = '2026-01-01';
  const http = () => request(app.getHttpServer() as Server);
  const analyst = { Authorization: 'Bearer analyst-token' };
  const reader = { Authorization: 'Bearer reader-token' };
  const writer = { Authorization: 'Bearer admin-token' };

  interface Row {
    id: string;
    equityBeforeUsd: number;
    lossUsd: number;
    lossDirectUsd: number;
    lossContagionUsd: number;
    equityAfterUsd: number;
    status: string;
    defaulted: boolean;
    defaultRound: number | null;
    failingWithoutShock: boolean;
    capacityAtRiskUsd: number;
    capacityAtRiskGw: number | null;
    liquidityShortfallUsd?: number;
    paymentUsd?: number;
  }
  interface Result {
    basis: string;
    params: Record<string, unknown>;
    companies: Row[];
    defaults: string[];
    baselineDefaults: string[];
    rounds: number;
    initialLossUsd: number;
    totalLossUsd: number;
    amplification: number | null;
    caveats: { kind: string; deal?: string; company?: string }[];
  }

  const post = async (path: string, body: object) => {
    const res = await http().post(path).set(writer).send(body);
    if (res.status !== 201)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const scenarioEvents = async (): Promise<number> => {
    let n = 0;
    for await (const _ of store.readAll({
      filter: { streamPrefixes: ['scenario-'] },
    }))
      n++;
    return n;
  };
  const run = async (body: object): Promise<Result> => {
    const res = await http()
      .post('/scenarios')
      .set(analyst)
      .send({ name: 'reading', at, model: 'furfine', shocks: [], ...body });
    if (res.status !== 201)
      throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body.result as Result;
  };
  /** The request is refused with 400 naming `field`, and nothing is recorded. */
  const refused = async (body: object, field: string) => {
    const before = await scenarioEvents();
    const res = await http()
      .post('/scenarios')
      .set(analyst)
      .send({ name: 'refused', at, model: 'furfine', shocks: [], ...body })
      .expect(400);
    expect(res.body.message).toContain(field);
    expect(await scenarioEvents()).toBe(before);
  };
  const row = (r: Result, id: string): Row =>
    r.companies.find((c) => c.id === id)!;
  const labFails = { shocks: [{ type: 'default', company: 'lab' }] };

  beforeAll(async () => {
    app = await startScenarioApp();
    store = app.get(EVENT_STORE);
    const company = async (
      id: string,
      sector: string,
      assets: number,
      liabilities: number,
      cash: number,
    ) => {
      await post('/companies', {
        id,
        name: id.toUpperCase(),
        sector,
        effectiveAt: '2020-01-01',
      });
      await post(`/companies/${id}/financials`, {
        effectiveAt: '2025-12-31',
        totalAssetsUsd: assets * B,
        totalLiabilitiesUsd: liabilities * B,
        equityUsd: (assets - liabilities) * B,
        cashUsd: cash * B,
        operatingCashFlowUsd: 1 * B,
        source: `https://example.org/${id}/10-k`,
      });
    };
    await company('lab', 'ai-lab', 400, 100, 60);
    await company('cloud', 'cloud', 150, 120, 10);
    await company('chips', 'chips', 60, 50, 5);
    await company('bank', 'bank', 100, 95, 20);
    await company('ghost', 'software', 2, 1, 0.5);
    await post('/companies/ghost/default', {
      effectiveAt: '2025-06-01',
      recoveryRate: 0.1,
    });
    const deal = (body: object) =>
      post('/deals', { effectiveAt: '2025-01-01', ...body });
    await deal({
      id: 'lab-cloud',
      kind: 'supply',
      buyer: 'lab',
      seller: 'cloud',
      amountUsd: 120 * B,
      startDate: '2025-01-01',
      endDate: '2034-12-31',
      category: 'compute',
      capacityGw: 1,
    });
    await deal({
      id: 'lab-chips-est',
      kind: 'supply',
      buyer: 'lab',
      seller: 'chips',
      estimateUsd: {
        low: 10 * B,
        central: 20 * B,
        high: 30 * B,
        basis: 'about $20B per GW × 1 GW (a vendor’s published unit price)',
      },
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      category: 'chips',
    });
    await deal({
      id: 'lab-chips-loi',
      kind: 'supply',
      buyer: 'lab',
      seller: 'chips',
      amountUsd: 50 * B,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      category: 'chips',
      certainty: 'intent',
    });
    await deal({
      id: 'bank-lab-loan',
      kind: 'loan',
      lender: 'bank',
      borrower: 'lab',
      amountUsd: 10 * B,
      endDate: '2030-01-01',
      confidence: 'low',
    });
    await deal({
      id: 'cloud-lab-stake',
      kind: 'investment',
      investor: 'cloud',
      investee: 'lab',
      amountUsd: 5 * B,
      startDate: '2025-01-01',
    });
    await deal({
      id: 'lab-cloud-open',
      kind: 'supply',
      buyer: 'lab',
      seller: 'cloud',
      amountUsd: 6 * B,
      startDate: '2025-01-01',
      category: 'cloud',
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('the result', () => {
    it('by default: the balance-sheet reading, every parameter used reported, and the caveats it rests on', async () => {
      const r = await run(labFails);
      expect(r.basis).toBe('balance-sheet');
      expect(r.params).toEqual({
        basis: 'balance-sheet',
        alpha: 1,
        beta: 1,
        recoveryRate: 0,
        equityRecoveryRate: 0,
        horizonDays: 365,
        damagesRate: 0.25,
        minCertainty: 'binding',
        minConfidence: 'low',
        estimates: 'central',
      });
      const said = r.caveats.map((c) => `${c.kind} ${c.deal ?? c.company}`);
      expect(said).toEqual(
        expect.arrayContaining([
          'estimated-amount lab-chips-est',
          'below-certainty lab-chips-loi',
          'low-confidence bank-lab-loan',
          'assumed-term lab-cloud-open',
        ]),
      );
      for (const c of r.companies) {
        expect(Object.keys(c)).toEqual(
          expect.arrayContaining([
            'equityBeforeUsd',
            'lossUsd',
            'lossDirectUsd',
            'lossContagionUsd',
            'equityAfterUsd',
            'status',
            'defaulted',
            'defaultRound',
            'failingWithoutShock',
            'capacityAtRiskUsd',
            'capacityAtRiskGw',
          ]),
        );
        expect(c.lossDirectUsd + c.lossContagionUsd).toBeCloseTo(c.lossUsd, -2);
      }
      // Equity before is the filed equity (no flows after the period end).
      expect(row(r, 'cloud').equityBeforeUsd).toBeCloseTo(30 * B, -3);
      expect(row(r, 'lab').status).toBe('insolvent');
      expect(r.defaults[0]).toBe('lab');
      expect(r.initialLossUsd).toBeGreaterThan(0);
      expect(r.amplification).toBeGreaterThanOrEqual(1);
    });

    it('a company in default in the history fails without the shock: baselineDefaults, never among defaults', async () => {
      const r = await run(labFails);
      expect(r.baselineDefaults).toEqual(['ghost']);
      expect(r.defaults).not.toContain('ghost');
      expect(row(r, 'ghost')).toMatchObject({
        defaulted: true,
        failingWithoutShock: true,
        lossUsd: 0,
      });
      expect(row(r, 'lab').failingWithoutShock).toBe(false);
      const none = await run({});
      expect(none.defaults).toEqual([]);
      expect(none.baselineDefaults).toEqual(['ghost']);
      expect(none.totalLossUsd).toBe(0);
    });

    it('capacity at risk: what the buyer no longer gets when its supplier fails, in dollars and GW, not booked as a loss', async () => {
      const r = await run({ shocks: [{ type: 'default', company: 'cloud' }] });
      const lab = row(r, 'lab');
      expect(lab.capacityAtRiskUsd).toBeGreaterThan(0);
      expect(lab.capacityAtRiskGw).toBe(1);
      expect(lab.lossUsd).toBeLessThan(lab.capacityAtRiskUsd);
      expect(row(r, 'chips').capacityAtRiskUsd).toBe(0);
    });
  });

  describe('basis', () => {
    it('balance-sheet, liquidity and full-commitment each answer on their reading', async () => {
      const sheet = await run({
        ...labFails,
        params: { basis: 'balance-sheet' },
      });
      const cash = await run({ ...labFails, params: { basis: 'liquidity' } });
      const full = await run({
        ...labFails,
        params: { basis: 'full-commitment' },
      });
      expect([sheet.basis, cash.basis, full.basis]).toEqual([
        'balance-sheet',
        'liquidity',
        'full-commitment',
      ]);
      for (const c of cash.companies) {
        expect(['solvent', 'illiquid']).toContain(c.status);
        expect(c.liquidityShortfallUsd).toBeGreaterThanOrEqual(0);
      }
      expect(row(cash, 'lab').status).toBe('illiquid');
      for (const c of sheet.companies)
        expect(c.liquidityShortfallUsd).toBeUndefined();
      // The stress reading counts the whole backlog; the balance sheet its loss given default.
      expect(row(full, 'cloud').lossUsd).toBeGreaterThan(
        row(sheet, 'cloud').lossUsd,
      );
    });

    it('liquidity year by year (periods: "year"): the years cleared, and each failure dated by its year', async () => {
      const r = await run({
        ...labFails,
        model: 'eisenberg-noe',
        params: { basis: 'liquidity', periods: 'year' },
      });
      expect(r.basis).toBe('liquidity');
      expect((r as Result & { years?: number }).years).toBeGreaterThanOrEqual(
        1,
      );
      const lab = row(r, 'lab') as Row & { defaultYear?: number };
      expect(lab.defaulted).toBe(true);
      expect(lab.defaultYear).toBe(1);
      for (const c of r.companies as (Row & { defaultYear?: number })[])
        if (c.defaulted) expect(c.defaultYear).toBeGreaterThanOrEqual(1);
    });

    it('full-commitment answers as the earlier version did: the seller loses the gross commitment', async () => {
      const full = await run({
        ...labFails,
        model: 'eisenberg-noe',
        params: { basis: 'full-commitment' },
      });
      const edges = (
        await http().get(`/exposures?at=${at}`).set(reader).expect(200)
      ).body.edges as {
        holder: string;
        counterparty: string;
        kind: string;
        amountUsd: number;
      }[];
      const gross = edges
        .filter((e) => e.holder === 'cloud' && e.counterparty === 'lab')
        .filter((e) => e.kind === 'supply')
        .reduce((a, e) => a + e.amountUsd, 0);
      expect(gross).toBeGreaterThan(0);
      expect(full.params.horizonDays).toBeNull();
      expect(row(full, 'lab').paymentUsd).toBe(0);
      expect(row(full, 'cloud').lossUsd).toBeGreaterThanOrEqual(gross);
    });
  });

  describe('the valuation parameters', () => {
    const cloudLoss = async (params: object) =>
      row(await run({ ...labFails, params }), 'cloud').lossUsd;

    it('horizonDays: installments due within it are lost in full, the rest at the damages rate', async () => {
      const short = await cloudLoss({ horizonDays: 30 });
      const long = await cloudLoss({ horizonDays: 1825 });
      expect(long).toBeGreaterThan(short);
    });

    it('damagesRate: 0 loses only the near term; 1 the whole backlog', async () => {
      const none = await cloudLoss({ damagesRate: 0 });
      const all = await cloudLoss({ damagesRate: 1 });
      const usual = await cloudLoss({});
      expect(none).toBeLessThan(usual);
      expect(all).toBeGreaterThan(usual);
    });

    it('equityRecoveryRate: shareholders recover that share of their stake', async () => {
      const zero = await cloudLoss({ damagesRate: 0 });
      const half = await cloudLoss({ damagesRate: 0, equityRecoveryRate: 0.5 });
      expect(zero - half).toBeCloseTo(2.5 * B, -3);
    });

    it('minCertainty: a letter of intent counts only from intent', async () => {
      const chips = async (params: object) =>
        row(await run({ ...labFails, params }), 'chips').lossUsd;
      const binding = await chips({});
      const intent = await chips({ minCertainty: 'intent' });
      expect(intent).toBeGreaterThan(binding);
      const r = await run({ ...labFails, params: { minCertainty: 'intent' } });
      expect(
        r.caveats
          .filter((c) => c.kind === 'below-certainty')
          .map((c) => c.deal),
      ).not.toContain('lab-chips-loi');
    });

    it('minConfidence: high leaves the low-confidence loan out (and says so)', async () => {
      const r = await run({ ...labFails, params: { minConfidence: 'high' } });
      expect(row(r, 'bank').lossUsd).toBe(0);
      expect(
        r.caveats.some(
          (c) => c.kind === 'low-confidence' && c.deal === 'bank-lab-loan',
        ),
      ).toBe(true);
      const low = await run(labFails);
      expect(row(low, 'bank').lossUsd).toBeGreaterThan(0);
    });

    it('estimates: omit leaves the unpriced deal out; low < central < high', async () => {
      const chips = async (estimates: string) =>
        run({ ...labFails, params: { estimates } });
      const omit = await chips('omit');
      expect(row(omit, 'chips').lossUsd).toBe(0);
      expect(
        omit.caveats.some(
          (c) => c.kind === 'omitted-unpriced' && c.deal === 'lab-chips-est',
        ),
      ).toBe(true);
      const [low, central, high] = await Promise.all(
        ['low', 'central', 'high'].map(chips),
      );
      expect(row(low, 'chips').lossUsd).toBeLessThan(
        row(central, 'chips').lossUsd,
      );
      expect(row(central, 'chips').lossUsd).toBeLessThan(
        row(high, 'chips').lossUsd,
      );
    });
  });

  describe('haircut selectors', () => {
    const lossOf = async (selector: object, holder: string) =>
      row(
        await run({
          shocks: [{ type: 'haircut', fraction: 0.5, ...selector }],
        }),
        holder,
      ).lossUsd;

    it('by category, kind, buyer, seller or a list of deals: the holders of the selected deals lose', async () => {
      expect(await lossOf({ category: 'compute' }, 'cloud')).toBeGreaterThan(0);
      expect(await lossOf({ category: 'compute' }, 'chips')).toBe(0);
      expect(await lossOf({ kind: 'loan' }, 'bank')).toBeGreaterThan(0);
      expect(await lossOf({ kind: 'loan' }, 'cloud')).toBe(0);
      expect(await lossOf({ seller: 'chips' }, 'chips')).toBeGreaterThan(0);
      expect(await lossOf({ buyer: 'lab' }, 'cloud')).toBeGreaterThan(0);
      const listed = await lossOf(
        { deals: ['lab-cloud', 'lab-cloud-open'] },
        'cloud',
      );
      expect(listed).toBeCloseTo(await lossOf({ buyer: 'lab' }, 'cloud'), -3);
    });

    it.each([
      [{ category: 'energy' }, 'shocks[0].category'],
      [{ seller: 'nobody' }, 'shocks[0].seller'],
      [{ buyer: 'bank' }, 'shocks[0].buyer'],
      [{ deals: ['lab-cloud', 'no-such-deal'] }, 'shocks[0].deals[1]'],
      [{ deal: 'no-such-deal' }, 'shocks[0].deal'],
      [{ kind: 'lease' }, 'shocks[0].kind'],
    ])(
      'an unknown selector value %j is a 400 naming %s, nothing recorded',
      async (selector, field) => {
        await refused(
          { shocks: [{ type: 'haircut', fraction: 0.5, ...selector }] },
          field,
        );
      },
    );
  });

  describe('a run recorded before the readings', () => {
    it('still reads as recorded, and re-runs on full-commitment reproducing it on the fields it recorded', async () => {
      // The earlier write path recorded the definition (no basis) and the earlier result shape.
      const now = await run({
        ...labFails,
        model: 'eisenberg-noe',
        params: { basis: 'full-commitment' },
      });
      const earlier = earlierShape(now as unknown as EconomicResult);
      const id = 'earlier-shape';
      const meta = {
        effectiveAt: new Date().toISOString(),
        actor: 'quant',
        schemaVersion: 1,
      };
      await store.append(
        `scenario-${id}`,
        [
          {
            id: randomUUID(),
            type: 'ScenarioDefined',
            data: {
              scenarioId: id,
              definition: {
                name: 'earlier',
                at,
                model: 'eisenberg-noe',
                params: {},
                shocks: [{ type: 'default', company: 'lab' }],
                overlay: [],
              },
            },
            metadata: { ...meta, reason: 'earlier' },
          },
          {
            id: randomUUID(),
            type: 'ScenarioRan',
            data: {
              scenarioId: id,
              at,
              knownAt: new Date().toISOString(),
              knownPosition: 1_000_000,
              digest: resultDigest(earlier),
              result: JSON.parse(JSON.stringify(earlier)),
            },
            metadata: { ...meta, reason: 'earlier' },
          },
        ],
        'no_stream',
      );
      const got = await http().get(`/scenarios/${id}`).set(reader).expect(200);
      expect(got.body.result.basis).toBeUndefined();
      expect(got.body.result.totalLossUsd).toBe(now.totalLossUsd);
      expect(got.body.params).toEqual({ basis: 'full-commitment' });
      const list = await http().get('/scenarios').set(reader).expect(200);
      const rows = list.body as { id: string }[];
      expect(rows.map((r) => r.id)).toContain(id);
      const again = await http()
        .post(`/scenarios/${id}/rerun`)
        .set(analyst)
        .expect(201);
      expect(again.body.result.basis).toBe('full-commitment');
      expect(again.body.reproduced).toBe(true);
    });
  });

  describe('refusals, with nothing recorded', () => {
    it.each([
      [{ basis: 'mark-to-market' }, 'params.basis'],
      [{ horizonDays: 0 }, 'params.horizonDays'],
      [{ horizonDays: 1.5 }, 'params.horizonDays'],
      [{ damagesRate: 1.5 }, 'params.damagesRate'],
      [{ equityRecoveryRate: -0.1 }, 'params.equityRecoveryRate'],
      [{ minCertainty: 'rumour' }, 'params.minCertainty'],
      [{ minConfidence: 'none' }, 'params.minConfidence'],
      [{ estimates: 'median' }, 'params.estimates'],
      // only the clearing models clear year by year, and only the liquidity reading has years
      [{ basis: 'liquidity', periods: 'year' }, 'params.periods'],
      [{ basis: 'balance-sheet', periods: 'year' }, 'params.periods'],
    ])('params %j → 400 naming %s', async (params, field) => {
      await refused({ params }, field);
    });
  });

  describe('the analyses on the readings', () => {
    it('GET /analysis/systemic takes the reading and its parameters; who fails anyway is never counted as caused', async () => {
      const res = await http()
        .get(
          `/analysis/systemic?at=${at}&model=furfine&basis=balance-sheet&horizonDays=730&damagesRate=0.5&equityRecoveryRate=0.2&minCertainty=intent&minConfidence=low&estimates=high`,
        )
        .set(reader)
        .expect(200);
      expect(res.body.basis).toBe('balance-sheet');
      expect(res.body.params).toMatchObject({
        horizonDays: 730,
        damagesRate: 0.5,
        equityRecoveryRate: 0.2,
        minCertainty: 'intent',
        estimates: 'high',
      });
      expect(res.body.baselineDefaults).toEqual(['ghost']);
      const ranking = res.body.ranking as {
        company: string;
        totalLossUsd: number;
        defaults: string[];
      }[];
      expect(ranking.map((r) => r.company)).not.toContain('ghost');
      for (const r of ranking) expect(r.defaults).not.toContain('ghost');
      // The ranking's loss is the single scenario's, baseline first.
      const single = await run({
        knownAt: res.body.knownAt,
        params: {
          horizonDays: 730,
          damagesRate: 0.5,
          equityRecoveryRate: 0.2,
          minCertainty: 'intent',
          estimates: 'high',
        },
        ...labFails,
      });
      expect(ranking.find((r) => r.company === 'lab')!.totalLossUsd).toBe(
        single.totalLossUsd,
      );
      expect(res.body.caveats.length).toBeGreaterThan(0);
    });

    it.each(
      ['eisenberg-noe', 'rogers-veraart', 'furfine', 'debtrank'].flatMap(
        (model) => [
          [model, 'balance-sheet'],
          [model, 'liquidity'],
        ],
      ),
    )(
      'GET /analysis/systemic (%s, %s): each row is the scenario "this company fails", loss and amplification alike',
      async (model, basis) => {
        const res = await http()
          .get(`/analysis/systemic?at=${at}&model=${model}&basis=${basis}`)
          .set(reader)
          .expect(200);
        const rows = res.body.ranking as {
          company: string;
          totalLossUsd: number;
          amplification: number | null;
        }[];
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          const single = (await run({
            knownAt: res.body.knownAt,
            model,
            params: { basis },
            shocks: [
              { type: 'default', company: row.company, recoveryRate: 0 },
            ],
          })) as Result & { amplification: number | null };
          expect({ company: row.company, loss: row.totalLossUsd }).toEqual({
            company: row.company,
            loss: single.totalLossUsd,
          });
          if (single.amplification === null)
            expect({
              company: row.company,
              amplification: row.amplification,
            }).toEqual({
              company: row.company,
              amplification: null,
            });
          else expect(row.amplification).toBeCloseTo(single.amplification, 9);
        }
      },
    );

    it.each([
      ['basis=cash', 'basis'],
      ['horizonDays=-3', 'horizonDays'],
      ['damagesRate=2', 'damagesRate'],
      ['minCertainty=rumour', 'minCertainty'],
      ['estimates=median', 'estimates'],
    ])('GET /analysis/systemic?%s → 400 naming %s', async (query, field) => {
      const res = await http()
        .get(`/analysis/systemic?at=${at}&${query}`)
        .set(reader)
        .expect(400);
      expect(res.body.message).toContain(field);
    });

    it('POST /scenarios/sweep on a reading: the failures that happen anyway are not counted', async () => {
      const res = await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send({
          at,
          model: 'furfine',
          params: { basis: 'liquidity', horizonDays: 180 },
          probability: 0,
          seed: 7,
          runs: 20,
        })
        .expect(200);
      expect(res.body.basis).toBe('liquidity');
      expect(res.body.params).toMatchObject({ horizonDays: 180 });
      expect(res.body.baselineDefaults).toContain('ghost');
      // No draws: nothing beyond the baseline is lost, nobody is counted as failing.
      expect(res.body.meanDefaults).toBe(0);
      expect(res.body.maxLossUsd).toBe(0);
      await http()
        .post('/scenarios/sweep')
        .set(analyst)
        .send({
          at,
          model: 'furfine',
          params: { basis: 'cash' },
          probability: 0,
          seed: 7,
          runs: 20,
        })
        .expect(400)
        .expect((r) => expect(r.body.message).toContain('params.basis'));
    });
  });
});
