import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  HttpWriter,
  NV_OAI_INVESTMENT,
  OAI_ORCL_SUPPLY,
  startInMemoryApp,
} from './http-app';

interface DatesAnswer {
  knownAt: string;
  position: number;
  dates: {
    date: string;
    kinds: string[];
    restatement: boolean;
    count: number;
    changes: {
      kind: string;
      entity: string;
      id: string;
      restatement: boolean;
    }[];
  }[];
}

/** GET /exposures/dates: the effective dates where the history moves, as known at a time. */
describe('GET /exposures/dates', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer() as Server);
  let writer: HttpWriter;
  const send = (method: 'post' | 'patch', path: string, body: object) =>
    writer.send(method, path, body);
  let knownBeforeAmendment = '';

  beforeAll(async () => {
    app = await startInMemoryApp();
    writer = new HttpWriter(app);
    for (const id of ['nvidia', 'openai', 'oracle'])
      await send('post', '/companies', {
        id,
        name: id,
        equityUsd: 100e9,
        effectiveAt: '2015-01-01',
      });
    await send('post', '/deals', OAI_ORCL_SUPPLY);
    await send('post', '/deals', NV_OAI_INVESTMENT);
    await send('patch', '/deals/nv-oai', {
      effectiveAt: '2026-01-15',
      amountUsd: 90e9,
      reason: 'tranche resized',
    });
    // wait for the projection, then take a known-at strictly before the backdated amendment
    await http().get(`/exposures?minPosition=${writer.head}`).expect(200);
    await new Promise<void>((r) => setImmediate(r));
    knownBeforeAmendment = new Date().toISOString();
    while (new Date().toISOString() === knownBeforeAmendment)
      await new Promise<void>((r) => setImmediate(r));
    await send('patch', '/deals/oai-orcl', {
      effectiveAt: '2025-10-01',
      amountUsd: 250e9,
      reason: 'price restated',
    });
    await send('post', '/companies/openai/default', {
      effectiveAt: '2026-03-01',
      recoveryRate: 0.4,
    });
    await http().get(`/exposures?minPosition=${writer.head}`).expect(200);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers the sorted distinct dates with what changed on each', async () => {
    const res = await http().get('/exposures/dates').expect(200);
    const body = res.body as DatesAnswer;
    const days = body.dates.map((d) => d.date);
    expect(days).toEqual([...new Set(days)].sort());
    const on = (date: string) => body.dates.find((d) => d.date === date);
    expect(on('2025-09-10')?.kinds).toEqual(['signed']);
    expect(on('2025-09-10')?.changes[0]).toMatchObject({
      entity: 'deal',
      id: 'oai-orcl',
      restatement: false,
    });
    expect(on('2025-09-22')?.kinds).toEqual(['signed']);
    expect(on('2026-01-15')).toMatchObject({
      kinds: ['amended'],
      restatement: false,
    });
    // backdated (recorded long after its date), yet nothing later of oai-orcl was recorded before
    // it: new, not rewritten history
    expect(on('2025-10-01')).toMatchObject({
      kinds: ['amended'],
      restatement: false,
    });
    expect(on('2026-03-01')?.changes).toEqual([
      expect.objectContaining({
        kind: 'defaulted',
        entity: 'company',
        id: 'openai',
      }),
    ]);
    // company registrations are not marks
    expect(on('2015-01-01')).toBeUndefined();
  });

  it('marks a change dated before an already recorded later event of its deal as a restatement', async () => {
    await send('patch', '/deals/nv-oai', {
      effectiveAt: '2025-12-01',
      amountUsd: 95e9,
      reason: 'earlier tranche restated',
    });
    await http().get(`/exposures?minPosition=${writer.head}`).expect(200);
    const body = (await http().get('/exposures/dates').expect(200))
      .body as DatesAnswer;
    const day = body.dates.find((d) => d.date === '2025-12-01');
    expect(day).toMatchObject({ kinds: ['amended'], restatement: true });
    expect(day?.changes[0]).toMatchObject({ id: 'nv-oai', restatement: true });
    expect(body.dates.find((d) => d.date === '2026-01-15')?.restatement).toBe(
      false,
    );
  });

  it('answers as known at a past time: later recorded changes are not there', async () => {
    const body = (
      await http()
        .get(`/exposures/dates?knownAt=${knownBeforeAmendment}`)
        .expect(200)
    ).body as DatesAnswer;
    expect(body.knownAt).toBe(knownBeforeAmendment);
    expect(body.dates.map((d) => d.date)).toEqual([
      '2025-09-10',
      '2025-09-22',
      '2026-01-15',
    ]);
  });

  it('counts every change of a busy date but lists at most 20, restatements first', async () => {
    for (let i = 0; i < 22; i++)
      await send('post', '/deals', {
        id: `busy-${i}`,
        kind: 'loan',
        lender: 'nvidia',
        borrower: 'oracle',
        amountUsd: 1e9,
        effectiveAt: '2024-02-02',
        startDate: '2024-02-02',
      });
    await send('patch', '/deals/busy-21', {
      effectiveAt: '2024-02-05',
      amountUsd: 3e9,
      reason: 'resized',
    });
    // dated before the resize already on record: a restatement, listed first
    await send('patch', '/deals/busy-21', {
      effectiveAt: '2024-02-02',
      amountUsd: 2e9,
      reason: 'same-day correction',
    });
    await http().get(`/exposures?minPosition=${writer.head}`).expect(200);
    const body = (await http().get('/exposures/dates').expect(200))
      .body as DatesAnswer;
    const busy = body.dates.find((d) => d.date === '2024-02-02');
    expect(busy?.count).toBe(23);
    expect(busy?.changes).toHaveLength(20);
    expect(busy?.kinds).toEqual(['signed', 'amended']);
    expect(busy?.restatement).toBe(true);
    expect(busy?.changes[0]).toMatchObject({
      kind: 'amended',
      id: 'busy-21',
      restatement: true,
    });
  });

  it('refuses a knownAt that is not a time, naming the field', async () => {
    const res = await http().get('/exposures/dates?knownAt=yesterday');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/knownAt/);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await http().get('/docs-json').expect(200);
    expect(Object.keys((doc.body as { paths: object }).paths)).toContain(
      '/exposures/dates',
    );
  });
});
