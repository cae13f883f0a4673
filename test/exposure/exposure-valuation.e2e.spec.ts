import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { HttpWriter, OAI_ORCL_SUPPLY, startInMemoryApp } from './http-app';

/**
 * The exposure calls' valuation parameters over HTTP (API.md "Exposures"): gross beside loss
 * given default, what counts (certainty, confidence, estimates), the horizon and damages rate,
 * and the caveats every answer lists.
 */
describe('exposure valuation over HTTP', () => {
  let app: INestApplication;
  let writer: HttpWriter;
  const get = (path: string) =>
    request(app.getHttpServer() as Server).get(path);

  beforeAll(async () => {
    app = await startInMemoryApp();
    writer = new HttpWriter(app);
    for (const id of ['openai', 'oracle', 'nvidia', 'amd'])
      await writer.send('post', '/companies', {
        id,
        name: id,
        effectiveAt: '2000-01-01',
      });
    // 300e9 over 60 months from 2025-09-10: 5e9 a month, the first on 2025-10-10
    await writer.send('post', '/deals', OAI_ORCL_SUPPLY);
    // a letter of intent, no published amount
    await writer.send('post', '/deals', {
      id: 'nv-oai-loi',
      kind: 'investment',
      investor: 'nvidia',
      investee: 'openai',
      effectiveAt: '2025-09-22',
      certainty: 'intent',
      estimateUsd: {
        low: 10e9,
        central: 20e9,
        high: 40e9,
        basis: 'first GW of 10 at $10B each',
      },
    });
    // chips with no published amount and no end: an estimate over an assumed term
    await writer.send('post', '/deals', {
      id: 'oai-amd',
      kind: 'supply',
      buyer: 'openai',
      seller: 'amd',
      effectiveAt: '2025-10-06',
      startDate: '2025-10-06',
      confidence: 'low',
      capacityGw: 6,
      estimateUsd: {
        low: 60e9,
        central: 90e9,
        high: 120e9,
        basis: '6 GW at $15B per GW',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const at = (query = '') =>
    `/exposures?at=2025-10-01&minPosition=${writer.head}${query}`;

  it('answers gross and loss given default per edge (H 365 days, d 0.25 by default)', async () => {
    const res = await get(at()).expect(200);
    expect(res.body.edges).toEqual([
      {
        holder: 'oracle',
        counterparty: 'openai',
        kind: 'supply',
        amountUsd: 300e9,
        lossGivenDefaultUsd: 60e9 + 0.25 * 240e9,
        deals: ['oai-orcl'],
      },
    ]);
    expect(res.body.valuation).toEqual({
      horizonDays: 365,
      damagesRate: 0.25,
      minCertainty: 'binding',
      minConfidence: 'low',
      estimates: 'central',
    });
    expect(res.body.caveats).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'below-certainty',
          deal: 'nv-oai-loi',
        }),
      ]),
    );
  });

  it('takes horizonDays and damagesRate', async () => {
    const res = await get(at('&horizonDays=730&damagesRate=0.5')).expect(200);
    // 24 installments within 730 days (120e9), 0.5 × the 180e9 after
    expect(res.body.edges[0].lossGivenDefaultUsd).toBe(120e9 + 90e9);
  });

  it('counts an estimated, low-confidence deal over an assumed term, and says each', async () => {
    const res = await get(
      `/exposures?at=2025-11-06&minPosition=${writer.head}`,
    ).expect(200);
    const body = res.body as {
      edges: { holder: string }[];
      caveats: { kind: string; deal?: string }[];
    };
    const amd = body.edges.find((e) => e.holder === 'amd');
    // 90e9 over an assumed 60 months from 2025-10-06: one installment of 1.5e9 due by 2025-11-06
    expect(amd).toMatchObject({
      amountUsd: 88.5e9,
      unpricedDeals: ['oai-amd'],
    });
    expect(
      body.caveats
        .filter((c) => c.deal === 'oai-amd')
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['assumed-term', 'estimated-amount', 'low-confidence']);
    expect(res.body.dependencies).toEqual(
      expect.arrayContaining([
        {
          buyer: 'openai',
          seller: 'amd',
          commitmentUsd: 88.5e9,
          capacityGw: 6,
          deals: ['oai-amd'],
        },
      ]),
    );
  });

  it('minCertainty=intent brings the letter of intent in; estimates=high takes its high figure', async () => {
    const res = await get(at('&minCertainty=intent&estimates=high')).expect(
      200,
    );
    expect(res.body.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          holder: 'nvidia',
          counterparty: 'openai',
          amountUsd: 40e9,
          lossGivenDefaultUsd: 40e9,
        }),
      ]),
    );
  });

  it('minConfidence=medium and estimates=omit leave deals out, and say so', async () => {
    const res = await get(
      `/exposures?at=2025-11-06&minConfidence=medium&minPosition=${writer.head}`,
    ).expect(200);
    const edges = res.body.edges as { holder: string }[];
    expect(edges.map((e) => e.holder)).not.toContain('amd');
    const omitted = await get(
      `/exposures?at=2025-11-06&estimates=omit&minPosition=${writer.head}`,
    ).expect(200);
    expect(omitted.body.caveats).toContainEqual(
      expect.objectContaining({ kind: 'omitted-unpriced', deal: 'oai-amd' }),
    );
  });

  it('the company exposure answers loss given default beside gross, with caveats', async () => {
    const res = await get(
      `/companies/oracle/exposure?at=2025-10-01&damagesRate=0&minPosition=${writer.head}`,
    ).expect(200);
    expect(res.body).toMatchObject({
      exposureOutUsd: 300e9,
      lossGivenDefaultOutUsd: 60e9,
      byKind: {
        supply: { outUsd: 300e9, lossGivenDefaultOutUsd: 60e9 },
      },
      valuation: expect.objectContaining({ damagesRate: 0 }),
      caveats: [expect.objectContaining({ kind: 'assumed-financials' })],
    });
    expect(res.body.topCounterparties[0]).toMatchObject({
      id: 'openai',
      exposureUsd: 300e9,
      lossGivenDefaultUsd: 60e9,
    });
  });

  it.each([
    ['horizonDays=abc', /^horizonDays: must be a number/],
    ['horizonDays=-1', /^horizonDays: must be between 0 and 36500/],
    ['damagesRate=1.5', /^damagesRate: must be a number between 0 and 1/],
    ['damagesRate=x', /^damagesRate: must be a number/],
    [
      'minCertainty=maybe',
      /^minCertainty: must be one of binding, conditional, intent/,
    ],
    ['minConfidence=none', /^minConfidence: must be one of high, medium, low/],
    ['estimates=mid', /^estimates: must be one of omit, low, central, high/],
  ])(
    'refuses ?%s with 400 naming the field, on both calls',
    async (query, message) => {
      for (const path of ['/exposures', '/companies/oracle/exposure']) {
        const res = await get(`${path}?${query}`).expect(400);
        expect(res.body.message).toMatch(message);
      }
    },
  );
});
