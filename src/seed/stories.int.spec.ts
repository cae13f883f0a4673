import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../app.factory';
import { AppConfig } from '../config/app-config';
import { CONTAGION_MODELS } from '../contagion/model';

/**
 * The stories the AI build-out data set (data/ai-buildout, second edition) must tell, on the real
 * seed loaded into an embedded store today: the answers rest on the history as the market knew it
 * (announcedAt), on the balance-sheet reading and on the estimates, each said in caveats.
 */
describe('the AI build-out stories, on the real seed', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer() as Server);
  const analyst = { Authorization: 'Bearer analyst-token' };
  const B = 1e9;

  interface Company {
    id: string;
    equityBeforeUsd: number;
    lossUsd: number;
    defaulted: boolean;
    failingWithoutShock: boolean;
    status: string;
  }
  interface Result {
    basis: string;
    companies: Company[];
    defaults: string[];
    baselineDefaults: string[];
    caveats: {
      kind: string;
      deal?: string;
      company?: string;
      detail: string;
    }[];
  }
  interface Edge {
    holder: string;
    counterparty: string;
    amountUsd: number;
    lossGivenDefaultUsd: number;
    deals: string[];
  }

  const scenario = async (body: object): Promise<Result> => {
    const res = await http()
      .post('/scenarios')
      .set(analyst)
      .send({ name: 'story', ...body });
    if (res.status !== 201)
      throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body.result as Result;
  };
  const edges = async (query: string): Promise<Edge[]> => {
    const res = await http()
      .get(`/exposures?${query}`)
      .set(analyst)
      .expect(200);
    return res.body.edges as Edge[];
  };
  const company = (r: Result, id: string): Company =>
    r.companies.find((c) => c.id === id)!;

  beforeAll(async () => {
    const config: AppConfig = {
      port: 0,
      host: '127.0.0.1',
      eventStoreUrl: 'sqlite::memory:',
      seed: 'ai-buildout',
      tokens: [{ name: 'quant', role: 'analyst', token: 'analyst-token' }],
      projectionsPath: ':memory:',
    };
    app = await createApp({ config, logger: false });
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  describe('with no shock, at the default settings (balance-sheet)', () => {
    // Every model starts from each company's reported (or stated) equity: nobody with a positive one
    // fails without a shock, whatever the model.
    for (const model of CONTAGION_MODELS)
      for (const at of ['2024-06-01', '2025-10-01', '2026-06-01'])
        it(`${model} at ${at}: no company with positive equity fails; only recorded defaults fail anyway`, async () => {
          const r = await scenario({ at, model, shocks: [] });
          expect(r.basis).toBe('balance-sheet');
          expect(r.defaults).toEqual([]);
          const failing = r.companies.filter(
            (c) => c.defaulted && c.equityBeforeUsd > 0,
          );
          // Builder.ai is bankrupt in the history itself: failing without the shock, never a victim.
          expect(failing.map((c) => c.id)).toEqual(
            at < '2025-05-20' ? [] : ['builder-ai'],
          );
          for (const c of failing) expect(c.failingWithoutShock).toBe(true);
        });

    it('every model starts from the same equity (one reading, one balance sheet)', async () => {
      const at = '2024-06-01';
      const runs = await Promise.all(
        CONTAGION_MODELS.map((model) => scenario({ at, model, shocks: [] })),
      );
      for (const r of runs) expect(r.baselineDefaults).toEqual([]);
      const nvidia = runs.map((r) => company(r, 'nvidia').equityBeforeUsd);
      for (const e of nvidia) expect(e).toBeCloseTo(nvidia[0], -3);
    });
  });

  describe('what if OpenAI slips (2026-06-01, recovery 0.4)', () => {
    const slip = {
      at: '2026-06-01',
      params: { recoveryRate: 0.4 },
      shocks: [{ type: 'default', company: 'openai' }],
    };

    it.each(['furfine', 'eisenberg-noe'])(
      '%s: the caveats name what is estimated, and Oracle loses (1 − R) of its loss given default, far below its gross exposure',
      async (model) => {
        const r = await scenario({ ...slip, model });
        const estimated = r.caveats
          .filter((c) => c.kind === 'estimated-amount')
          .map((c) => c.deal);
        // The AMD 6 GW deal is binding and priced by an estimate; the letters of intent are not counted.
        expect(estimated).toEqual(expect.arrayContaining(['openai-amd-6gw']));
        expect(estimated).not.toContain('openai-nvidia-10gw');
        expect(r.caveats.map((c) => c.kind)).toEqual(
          expect.arrayContaining(['estimated-amount', 'assumed-financials']),
        );
        const [edge] = (await edges('at=2026-06-01')).filter(
          (e) => e.holder === 'oracle' && e.counterparty === 'openai',
        );
        expect(edge.deals).toEqual(['openai-oracle-300b']);
        expect(edge.amountUsd).toBe(300 * B);
        expect(edge.lossGivenDefaultUsd).toBeLessThan(edge.amountUsd / 3);
        const oracle = company(r, 'oracle');
        // Never more than (1 − R) of its loss given default: the backlog is not a receivable.
        expect(oracle.lossUsd).toBeLessThanOrEqual(
          0.6 * edge.lossGivenDefaultUsd + 1,
        );
        if (model === 'furfine')
          expect(oracle.lossUsd).toBeCloseTo(
            0.6 * edge.lossGivenDefaultUsd,
            -3,
          );
        // Whoever fails anyway is reported so, and never among the shock's failures.
        for (const c of r.companies)
          if (c.failingWithoutShock) expect(r.defaults).not.toContain(c.id);
        expect(r.baselineDefaults).toContain('builder-ai');
        expect(company(r, 'openai').defaulted).toBe(true);
      },
    );
  });

  it('as known on 2025-10-01: the Oracle contract, not yet the AWS deal', async () => {
    const known = await edges('at=2025-10-01&knownAt=2025-10-01');
    const deals = new Set(known.flatMap((e) => e.deals));
    expect(deals.has('openai-oracle-300b')).toBe(true);
    expect(deals.has('openai-aws-38b')).toBe(false);
    // Known today, the same date's view does show it once signed (2025-11-03).
    const later = await edges('at=2025-12-01');
    expect(later.flatMap((e) => e.deals)).toContain('openai-aws-38b');
  });

  it('a scenario as known on 2025-10-01 counts only what was announced by then', async () => {
    const r = await scenario({
      at: '2025-10-01',
      knownAt: '2025-10-01',
      model: 'furfine',
      shocks: [{ type: 'cancel-deal', deal: 'openai-oracle-300b' }],
    });
    expect(company(r, 'oracle').lossUsd).toBeGreaterThan(0);
    const refused = await http()
      .post('/scenarios')
      .set(analyst)
      .send({
        name: 'story',
        at: '2025-10-01',
        knownAt: '2025-10-01',
        model: 'furfine',
        shocks: [{ type: 'cancel-deal', deal: 'openai-aws-38b' }],
      })
      .expect(400);
    expect(refused.body.message).toContain('shocks[0].deal');
  });

  describe('the chip makers exposed to OpenAI under estimates=central', () => {
    const toOpenAi = async (query: string) => {
      const found = (await edges(`at=2026-06-01&${query}`)).filter(
        (e) => e.counterparty === 'openai',
      );
      return (holder: string) => found.find((e) => e.holder === holder);
    };

    it('AMD (6 GW, binding) at the default certainty; Nvidia (10 GW) and Broadcom (10 GW), letters of intent, with minCertainty=intent', async () => {
      const binding = await toOpenAi('estimates=central');
      expect(binding('amd')?.deals).toContain('openai-amd-6gw');
      expect(binding('amd')!.amountUsd).toBeGreaterThan(50 * B);
      for (const holder of ['nvidia', 'broadcom'])
        expect(binding(holder)?.deals ?? []).not.toContain(
          holder === 'nvidia' ? 'openai-nvidia-10gw' : 'openai-broadcom-10gw',
        );
      const intent = await toOpenAi('estimates=central&minCertainty=intent');
      expect(intent('nvidia')?.deals).toContain('openai-nvidia-10gw');
      expect(intent('broadcom')?.deals).toContain('openai-broadcom-10gw');
      expect(intent('nvidia')!.amountUsd).toBeGreaterThan(100 * B);
      expect(intent('broadcom')!.amountUsd).toBeGreaterThan(100 * B);
      const omitted = await toOpenAi('estimates=omit&minCertainty=intent');
      expect(omitted('broadcom')?.deals ?? []).not.toContain(
        'openai-broadcom-10gw',
      );
    });
  });
});
