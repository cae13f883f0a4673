import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { ExposureQueries } from '../../src/exposure/exposure.query-service';
import {
  HttpWriter,
  NV_OAI_INVESTMENT,
  OAI_ORCL_SUPPLY,
  startInMemoryApp,
} from './http-app';

/** The exposure reads of API.md over HTTP, on the whole application with an in-memory store. */
describe('exposure HTTP reads', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer() as Server);
  let writer: HttpWriter;

  beforeAll(async () => {
    app = await startInMemoryApp([
      { name: 'ops', role: 'admin', token: 'admin-token' },
      { name: 'viewer', role: 'reader', token: 'reader-token' },
    ]);
    writer = new HttpWriter(app, { Authorization: 'Bearer admin-token' });
    const send = (method: 'post' | 'patch', path: string, body: object) =>
      writer.send(method, path, body);
    await send('post', '/companies', {
      id: 'nvidia',
      name: 'Nvidia',
      equityUsd: 1000e9,
      effectiveAt: '2000-01-01',
    });
    await send('post', '/companies', {
      id: 'openai',
      name: 'OpenAI',
      equityUsd: 50e9,
      effectiveAt: '2015-12-11',
    });
    await send('post', '/companies', {
      id: 'oracle',
      name: 'Oracle',
      equityUsd: 300e9,
      effectiveAt: '2000-01-01',
    });
    await send('post', '/deals', OAI_ORCL_SUPPLY);
    await send('post', '/deals', NV_OAI_INVESTMENT);
    await send('post', '/deals', {
      id: 'oai-nv',
      kind: 'supply',
      buyer: 'openai',
      seller: 'nvidia',
      amountUsd: 40e9,
      effectiveAt: '2025-09-22',
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string) =>
    http().get(path).set({ Authorization: 'Bearer reader-token' });

  it('write answers carry a position that ?minPosition= waits for', async () => {
    expect(writer.head).toBeGreaterThan(0);
    const res = await get(`/exposures?minPosition=${writer.head}`).expect(200);
    expect(res.body.position).toBe(writer.head);
  });

  it('GET /exposures answers the API.md shape', async () => {
    const res = await get(
      `/exposures?at=2025-10-01&minPosition=${writer.head}`,
    ).expect(200);
    expect(res.body).toMatchObject({
      at: '2025-10-01T00:00:00.000Z',
      knownAt: expect.any(String),
    });
    expect(res.body.companies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'openai',
          equityUsd: 50e9,
          exposureOutUsd: 0,
          exposureInUsd: 440e9,
          defaulted: false,
        }),
      ]),
    );
    expect(res.body.edges).toEqual(
      expect.arrayContaining([
        {
          holder: 'nvidia',
          counterparty: 'openai',
          kind: 'investment',
          amountUsd: 100e9,
          lossGivenDefaultUsd: 100e9,
          deals: ['nv-oai'],
        },
        {
          holder: 'oracle',
          counterparty: 'openai',
          kind: 'supply',
          amountUsd: 300e9,
          // 12 monthly installments of 5e9 within a year, 0.25 × the 240e9 after
          lossGivenDefaultUsd: 120e9,
          deals: ['oai-orcl'],
        },
      ]),
    );
  });

  it('GET /exposures streams the JSON text of the whole answer', async () => {
    // the answer goes out in pieces as it is written; joined, it is the service's answer as JSON
    const query = {
      at: '2025-10-01',
      knownAt: new Date().toISOString(),
      minPosition: String(writer.head),
    };
    const res = await get(
      `/exposures?${new URLSearchParams(query).toString()}`,
    ).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // streamed: sent in chunks as written, its length not known ahead (a serialized answer has it)
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.text).toBe(
      JSON.stringify(await app.get(ExposureQueries).network(query)),
    );
  });

  it('GET /exposures is compressed as a client on another machine accepts: Brotli, gzip or none', async () => {
    const path = `/exposures?at=2025-10-01&knownAt=${encodeURIComponent(
      new Date().toISOString(),
    )}&minPosition=${writer.head}`;
    // the bytes as sent (supertest would undo the compression): Fastify's own injection
    const fastify = app.getHttpAdapter().getInstance() as {
      inject(o: object): Promise<{
        statusCode: number;
        headers: Record<string, string | undefined>;
        rawPayload: Buffer;
      }>;
    };
    const raw = async (encoding: string, remoteAddress = '203.0.113.7') => {
      const res = await fastify.inject({
        method: 'GET',
        url: path,
        remoteAddress,
        headers: {
          authorization: 'Bearer reader-token',
          'accept-encoding': encoding,
        },
      });
      expect(res.statusCode).toBe(200);
      return { headers: res.headers, body: res.rawPayload };
    };
    const plain = await raw('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const text = plain.body.toString('utf8');
    const br = await raw('gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(text);
    const gz = await raw('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(text);
    expect(JSON.parse(text)).toMatchObject({ at: '2025-10-01T00:00:00.000Z' });
    // a client on this machine gets the text as it is, whatever it accepts
    for (const loopback of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const local = await raw('gzip, br', loopback);
      expect(local.headers['content-encoding']).toBeUndefined();
      expect(local.body.toString('utf8')).toBe(text);
    }
  });

  it('as known before the deals were recorded, there is nothing', async () => {
    const res = await get(
      `/exposures?at=2025-10-01&knownAt=2001-01-01&minPosition=${writer.head}`,
    ).expect(200);
    expect(res.body.edges).toEqual([]);
    expect(res.body.companies).toEqual([]);
  });

  it('GET /companies/:id/exposure with explain lists the deals and event positions', async () => {
    const res = await get(
      `/companies/nvidia/exposure?at=2025-10-01&explain=true&minPosition=${writer.head}`,
    ).expect(200);
    expect(res.body).toMatchObject({
      id: 'nvidia',
      exposureOutUsd: 140e9,
      concentration: {
        counterparties: 1,
        largestCounterparty: 'openai',
        herfindahl: 1,
      },
    });
    expect(res.body.edges[0].explain[0]).toMatchObject({
      dealId: expect.any(String),
      positions: [expect.any(Number)],
    });
  });

  it('GET /companies/:id/exposure/timeline gives one point per step', async () => {
    const res = await get(
      `/companies/oracle/exposure/timeline?from=2025-09-01&to=2025-12-01&step=month&minPosition=${writer.head}`,
    ).expect(200);
    expect(
      (
        res.body as { points: { at: string; exposureOutUsd: number }[] }
      ).points.map((p) => [p.at.slice(0, 10), p.exposureOutUsd]),
    ).toEqual([
      ['2025-09-01', 0],
      ['2025-10-01', 300e9],
      ['2025-11-01', 295e9],
      ['2025-12-01', 290e9],
    ]);
  });

  it('GET /exposures/cycles finds the ring nvidia → openai → nvidia', async () => {
    const res = await get(
      `/exposures/cycles?at=2025-10-01&minPosition=${writer.head}`,
    ).expect(200);
    expect(res.body.cycles).toEqual([
      expect.objectContaining({
        companies: ['nvidia', 'openai'],
        amountUsd: 40e9,
        certainty: 'binding',
      }),
    ]);
    expect(res.body.minCertainty).toBe('intent');
  });

  it('GET /companies and /companies/:id answer the company as of then; 404 when unknown then', async () => {
    const list = await get(
      `/companies?at=2010-01-01&minPosition=${writer.head}`,
    ).expect(200);
    expect((list.body as { id: string }[]).map((c) => c.id)).toEqual([
      'nvidia',
      'oracle',
    ]);
    const one = await get(`/companies/openai?at=2020-01-01`).expect(200);
    expect(one.body).toMatchObject({
      id: 'openai',
      name: 'OpenAI',
      equityUsd: 50e9,
      defaulted: false,
    });
    const missing = await get('/companies/openai?at=2010-01-01').expect(404);
    expect(missing.body.message).toMatch(/openai/);
  });

  it('GET /deals/:id answers the deal with outstandingUsd and status', async () => {
    const res = await get('/deals/oai-orcl?at=2025-11-01').expect(200);
    expect(res.body).toMatchObject({
      id: 'oai-orcl',
      kind: 'supply',
      buyer: 'openai',
      seller: 'oracle',
      outstandingUsd: 295e9,
      status: 'active',
    });
    await get('/deals/oai-orcl?at=2025-01-01').expect(404);
  });

  it('bad query parameters are refused with 400 naming the field', async () => {
    expect(
      (await get('/exposures?at=2025-13-45').expect(400)).body.message,
    ).toMatch(/^at/);
    expect(
      (await get('/exposures?knownAt=yesterday').expect(400)).body.message,
    ).toMatch(/^knownAt/);
    expect(
      (await get('/exposures?minPosition=-1').expect(400)).body.message,
    ).toMatch(/^minPosition/);
    expect(
      (
        await get('/companies/oracle/exposure/timeline?step=fortnight').expect(
          400,
        )
      ).body.message,
    ).toMatch(/^step/);
    expect(
      (await get('/exposures/cycles?minCertainty=maybe').expect(400)).body
        .message,
    ).toMatch(/^minCertainty/);
  });

  it('?minPosition= beyond the head answers 504 naming minPosition', async () => {
    const res = await get(
      `/exposures?minPosition=${writer.head + 1000}`,
    ).expect(504);
    expect(res.body.message).toMatch(/minPosition/);
  }, 10_000);

  it('the rebuild endpoint needs an admin and reports progress', async () => {
    await http()
      .post('/admin/projections/exposure/rebuild')
      .set({ Authorization: 'Bearer reader-token' })
      .expect(403);
    const res = await http()
      .post('/admin/projections/exposure/rebuild')
      .set({ Authorization: 'Bearer admin-token' })
      .expect(202);
    expect(res.body.version).toBe(2);
    const health = await http()
      .get('/health')
      .expect((r) => expect([200, 503]).toContain(r.status));
    expect(health.body.parts['projections.exposure']).toMatchObject({
      version: expect.any(Number),
    });
  });
});
