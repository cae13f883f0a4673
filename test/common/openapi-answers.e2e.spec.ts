import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import Ajv from 'ajv';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { buildOpenApiDocument, ROUTES } from '../../src/common/openapi';
import { EVENT_STORE, type EventStore } from '../../src/event-store';

/**
 * The answers the document describes, checked against it on the ai-buildout data set: a schema
 * that drifts from what the service answers (a field renamed, a caveat kind added) fails here.
 */
describe('the answers the OpenAPI document describes, against the service', () => {
  let app: INestApplication;
  let validate: (route: string, body: unknown) => string[];
  let head = 0;
  const http = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    app = await createApp({
      config: {
        port: 0,
        host: '127.0.0.1',
        eventStoreUrl: 'sqlite::memory:',
        seed: 'ai-buildout',
        tokens: [],
        projectionsPath: ':memory:',
      },
      logger: false,
    });
    await app.init();
    head = await app.get<EventStore>(EVENT_STORE).headPosition();
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(
      JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as object,
      'tangle',
    );
    validate = (route, body) => {
      const name = ROUTES[route]?.answer;
      if (!name) return [`${route}: the document names no answer schema`];
      const check = ajv.getSchema(`tangle#/components/schemas/${name}`);
      if (!check) return [`${route}: no schema ${name}`];
      return check(body)
        ? []
        : (check.errors ?? []).map(
            (e) => `${route}: ${e.instancePath || '/'} ${e.message ?? ''}`,
          );
    };
  }, 60_000);
  afterAll(() => app.close());

  const read = async (url: string): Promise<unknown> => {
    const sep = url.includes('?') ? '&' : '?';
    const res = await http().get(`${url}${sep}minPosition=${head}`);
    expect({ url, status: res.status }).toEqual({ url, status: 200 });
    return res.body as unknown;
  };

  it('the data set is loaded (every check below reads it)', () => {
    expect(head).toBeGreaterThan(100);
  });

  it.each([
    ['GET /exposures', '/exposures?at=2026-06-01'],
    [
      'GET /companies/{id}/exposure',
      '/companies/openai/exposure?at=2026-06-01',
    ],
    ['GET /companies/{id}/history', '/companies/openai/history'],
    ['GET /deals/{id}', '/deals/msft-openai-2023?at=2026-06-01'],
    // an unpriced deal: its estimate range instead of an amount
    ['GET /deals/{id}', '/deals/openai-nvidia-10gw?at=2026-06-01'],
    ['GET /deals/{id}/history', '/deals/msft-openai-2023/history'],
    ['GET /companies/{id}/financials', '/companies/oracle/financials'],
    ['GET /audit/verify', '/audit/verify'],
  ])('%s answers as its schema says', async (route, url) => {
    expect(validate(route, await read(url))).toEqual([]);
  });

  it('GET /exposures/cycles answers rings with their legs and certainties, as its schema says', async () => {
    const body = (await read('/exposures/cycles?at=2026-06-01')) as {
      cycles: unknown[];
    };
    expect(body.cycles.length).toBeGreaterThan(0);
    expect(validate('GET /exposures/cycles', body)).toEqual([]);
  });

  it('GET /analysis/systemic ranks the companies as its schema says', async () => {
    const body = (await read(
      '/analysis/systemic?at=2026-06-01&model=eisenberg-noe',
    )) as { ranking: unknown[] };
    expect(body.ranking.length).toBeGreaterThan(0);
    expect(validate('GET /analysis/systemic', body)).toEqual([]);
  }, 60_000);

  it('POST /scenarios answers a run as its schema says, caveats included', async () => {
    const res = await http()
      .post('/scenarios')
      .send({
        name: 'openai slips',
        model: 'eisenberg-noe',
        at: '2026-06-01',
        shocks: [{ type: 'default', company: 'openai' }],
      });
    expect({
      status: res.status,
      body: res.status === 201 ? null : (res.body as unknown),
    }).toEqual({ status: 201, body: null });
    const body = res.body as { result: { caveats?: unknown[] } };
    expect(body.result.caveats?.length ?? 0).toBeGreaterThan(0);
    expect(validate('POST /scenarios', body)).toEqual([]);
  });

  it('a schema check fails an answer that breaks it (the check can fail)', async () => {
    const body = (await read('/exposures/cycles?at=2026-06-01')) as {
      cycles: { certainty: string }[];
    };
    body.cycles[0].certainty = 'rumour';
    expect(validate('GET /exposures/cycles', body)).toEqual([
      'GET /exposures/cycles: /cycles/0/certainty must be equal to one of the allowed values',
    ]);
  });
});
