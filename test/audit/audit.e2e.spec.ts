import request from 'supertest';
import Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { Running, startApp, tempStore } from '../live/live-test-kit';

/** Writes through the ledger's HTTP surface, as clients do. */
async function givenLedger(base: string): Promise<void> {
  const ok = async (
    res: Promise<request.Response>,
    status: number,
  ): Promise<void> => {
    const r = await res;
    if (r.status !== status)
      throw new Error(
        `expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`,
      );
  };
  for (const id of ['openai', 'oracle', 'nvidia']) {
    await ok(
      request(base).post('/companies').send({
        id,
        name: id.toUpperCase(),
        equityUsd: 10e9,
        effectiveAt: '2020-01-01',
      }),
      201,
    );
  }
  await ok(
    request(base).post('/deals').send({
      id: 'stargate',
      kind: 'supply',
      buyer: 'openai',
      seller: 'oracle',
      amountUsd: 300e9,
      effectiveAt: '2025-09-10',
      startDate: '2025-09-10',
      endDate: '2030-09-10',
    }),
    201,
  );
  await ok(
    request(base).patch('/deals/stargate').send({
      effectiveAt: '2026-01-01',
      reason: 'scaled back',
      amountUsd: 250e9,
    }),
    200,
  );
  await ok(
    request(base)
      .post('/deals/stargate/payments')
      .send({ amountUsd: 5e9, effectiveAt: '2026-02-01' }),
    201,
  );
  await ok(
    request(base).post('/deals').send({
      id: 'chips',
      kind: 'supply',
      buyer: 'oracle',
      seller: 'nvidia',
      amountUsd: 40e9,
      effectiveAt: '2025-10-01',
    }),
    201,
  );
  await ok(
    request(base)
      .post('/deals/chips/terminate')
      .send({ effectiveAt: '2026-03-01', reason: 'cancelled' }),
    200,
  );
  await ok(
    request(base)
      .post('/companies/oracle/financials')
      .send({ equityUsd: 12e9, effectiveAt: '2026-01-15' }),
    201,
  );
  await ok(
    request(base).post('/companies/openai/default').send({
      effectiveAt: '2026-06-01',
      recoveryRate: 0.4,
      reason: 'missed payments',
    }),
    201,
  );
}

describe('audit over HTTP', () => {
  const store = tempStore();
  let running: Running;

  beforeAll(async () => {
    running = await startApp(store.url, store.dir);
    await givenLedger(running.base);
  });

  afterAll(async () => {
    await running?.app.close();
    store.remove();
  });

  it('GET /deals/:id/history: the recording from null, then only what each change changed', async () => {
    const res = await request(running.base)
      .get('/deals/stargate/history')
      .expect(200);
    const history = res.body as {
      revision: number;
      type: string;
      actor: string;
      reason: string | null;
      effectiveAt: string;
      recordedAt: string;
      changes: { field: string; from: unknown; to: unknown }[];
    }[];
    expect(history.map((h) => [h.revision, h.type])).toEqual([
      [0, 'DealRecorded'],
      [1, 'DealAmended'],
      [2, 'DealPaymentRecorded'],
    ]);
    expect(history[0].changes.every((c) => c.from === null)).toBe(true);
    expect(history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'amountUsd', from: null, to: 300e9 },
        { field: 'buyer', from: null, to: 'openai' },
      ]),
    );
    expect(history[1]).toMatchObject({
      reason: 'scaled back',
      effectiveAt: '2026-01-01T00:00:00.000Z',
      changes: [{ field: 'amountUsd', from: 300e9, to: 250e9 }],
    });
    expect(typeof history[1].actor).toBe('string');
    expect(Date.parse(history[1].recordedAt)).toBeGreaterThan(0);
    expect(history[2].changes).toEqual([
      { field: 'paidUsd', from: 0, to: 5e9 },
    ]);
    const chips = (
      await request(running.base).get('/deals/chips/history').expect(200)
    ).body as { changes: unknown[]; reason: string }[];
    expect(chips[1]).toMatchObject({
      reason: 'cancelled',
      changes: [{ field: 'status', from: 'active', to: 'terminated' }],
    });
  });

  it('GET /companies/:id/history: financials and default', async () => {
    const oracle = (
      await request(running.base).get('/companies/oracle/history').expect(200)
    ).body as { changes: unknown[] }[];
    expect(oracle[1].changes).toEqual([
      { field: 'equityUsd', from: 10e9, to: 12e9 },
    ]);
    const openai = (
      await request(running.base).get('/companies/openai/history').expect(200)
    ).body as { changes: unknown[]; reason: string }[];
    expect(openai[1]).toMatchObject({
      reason: 'missed payments',
      changes: [
        { field: 'defaulted', from: false, to: true },
        { field: 'recoveryRate', from: null, to: 0.4 },
      ],
    });
  });

  it('answers 404 for an unknown deal and 400 for a bad id', async () => {
    const missing = await request(running.base)
      .get('/deals/no-such-deal/history')
      .expect(404);
    expect(missing.body.message).toMatch(/no-such-deal/);
    const bad = await request(running.base)
      .get('/deals/Bad_Id/history')
      .expect(400);
    expect(bad.body.message).toMatch(/^id:/);
  });

  it('GET /audit: newest first, filtered, paginated by cursor', async () => {
    const all = (
      await request(running.base).get('/audit?limit=500').expect(200)
    ).body as {
      items: { position: number; stream: string }[];
      nextCursor: string | null;
    };
    const positions = all.items.map((i) => i.position);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(all.nextCursor).toBeNull();

    const page1 = (
      await request(running.base).get('/audit?limit=4').expect(200)
    ).body as { items: { position: number }[]; nextCursor: string };
    const page2 = (
      await request(running.base)
        .get(`/audit?limit=4&cursor=${page1.nextCursor}`)
        .expect(200)
    ).body as { items: { position: number }[] };
    expect([...page1.items, ...page2.items].map((i) => i.position)).toEqual(
      positions.slice(0, 8),
    );

    const oracle = (
      await request(running.base).get('/audit?company=oracle').expect(200)
    ).body as { items: { stream: string }[] };
    expect(new Set(oracle.items.map((i) => i.stream))).toEqual(
      new Set(['company-oracle', 'deal-stargate', 'deal-chips']),
    );
    const chips = (
      await request(running.base).get('/audit?deal=chips').expect(200)
    ).body as { items: { type: string; dealId: string }[] };
    expect(chips.items.map((i) => i.type)).toEqual([
      'DealTerminated',
      'DealRecorded',
    ]);

    const nobody = (
      await request(running.base).get('/audit?actor=nobody').expect(200)
    ).body as { items: unknown[] };
    expect(nobody.items).toEqual([]);
    const future = (
      await request(running.base).get('/audit?from=2999-01-01').expect(200)
    ).body as { items: unknown[] };
    expect(future.items).toEqual([]);
    const past = (
      await request(running.base).get('/audit?to=2000-01-01').expect(200)
    ).body as { items: unknown[] };
    expect(past.items).toEqual([]);
    const bad = await request(running.base).get('/audit?limit=0').expect(400);
    expect(bad.body.message).toMatch(/^limit:/);
  });

  it('GET /audit/verify: an untouched store verifies, scenario streams included', async () => {
    await request(running.base)
      .post('/scenarios')
      .send({
        name: 'openai slips',
        at: '2026-01-15',
        model: 'furfine',
        shocks: [{ type: 'default', company: 'openai' }],
      })
      .expect(201);
    const report = (
      await request(running.base).get('/audit/verify').expect(200)
    ).body as { ok: boolean; checked: number; broken: unknown[] };
    expect(report).toMatchObject({ ok: true, broken: [] });
    expect(report.checked).toBe(await running.store.headPosition());
    const log = (await request(running.base).get('/audit?limit=2').expect(200))
      .body as { items: { stream: string; type: string }[] };
    expect(log.items.map((i) => i.type)).toEqual([
      'ScenarioRan',
      'ScenarioDefined',
    ]);
    expect(log.items[0].stream).toMatch(/^scenario-/);
  });
});

describe('GET /audit/verify after tampering with the SQLite file', () => {
  type Row = {
    position: number;
    stream_id: string;
    revision: number;
    data: string;
    metadata: string;
  };

  /** Builds a ledger, stops the app, tampers with the file, starts a new app on it, verifies. */
  async function verifyAfter(tamper: (db: Database.Database) => void): Promise<{
    ok: boolean;
    broken: {
      stream: string;
      revision: number;
      position: number;
      problems: string[];
    }[];
    firstBroken: unknown;
  }> {
    const store = tempStore();
    try {
      const first = await startApp(store.url, store.dir);
      await givenLedger(first.base);
      await first.app.close();
      const db = new Database(store.path);
      try {
        tamper(db);
      } finally {
        db.close();
      }
      const second = await startApp(store.url, store.dir);
      try {
        const res = await request(second.base).get('/audit/verify').expect(200);
        return res.body as Awaited<ReturnType<typeof verifyAfter>>;
      } finally {
        await second.app.close();
      }
    } finally {
      store.remove();
    }
  }

  const row = (db: Database.Database, stream: string, revision: number): Row =>
    db
      .prepare(
        'SELECT position, stream_id, revision, data, metadata FROM events WHERE stream_id = ? AND revision = ?',
      )
      .get(stream, revision) as Row;

  it('catches a record edited in place', async () => {
    const report = await verifyAfter((db) => {
      const amended = row(db, 'deal-stargate', 1);
      const data = JSON.parse(amended.data);
      data.changes.amountUsd = 100e9;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
        JSON.stringify(data),
        amended.position,
      );
    });
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      {
        stream: 'deal-stargate',
        revision: 1,
        position: expect.any(Number),
        problems: ['hash-mismatch'],
      },
    ]);
    expect(report.firstBroken).toEqual(report.broken[0]);
  });

  it('catches a deleted record', async () => {
    const report = await verifyAfter((db) => {
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(
        'deal-stargate',
        1,
      );
    });
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      {
        stream: 'deal-stargate',
        revision: 2,
        position: expect.any(Number),
        problems: ['revision-gap', 'prev-hash-mismatch'],
      },
    ]);
  });

  it('catches the deleted last record of a stream, through the anchors kept outside the store', async () => {
    const report = await verifyAfter((db) => {
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(
        'deal-stargate',
        2,
      );
    });
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      {
        stream: 'deal-stargate',
        revision: 2,
        position: expect.any(Number),
        problems: ['missing-tail'],
      },
    ]);
  });

  it('catches two records of a stream swapped in order', async () => {
    const report = await verifyAfter((db) => {
      const a = row(db, 'deal-stargate', 1);
      const b = row(db, 'deal-stargate', 2);
      // Swap their places in the log: each row takes the other's position.
      const swap = db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(
          a.position,
        );
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(
          a.position,
          b.position,
        );
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(
          b.position,
        );
      });
      swap();
    });
    expect(report.ok).toBe(false);
    expect(report.broken.map((b) => [b.stream, b.revision])).toEqual([
      ['deal-stargate', 2],
      ['deal-stargate', 1],
    ]);
    expect(report.broken[1].problems).toContain('out-of-order');
  });

  it('sets the anchors of a store aside when a new store is created in its place', async () => {
    const store = tempStore();
    try {
      const first = await startApp(store.url, store.dir);
      await givenLedger(first.base);
      await first.app.close();
      rmSync(store.path);
      const second = await startApp(store.url, store.dir);
      try {
        await request(second.base)
          .post('/companies')
          .send({ id: 'fresh', name: 'Fresh' })
          .expect(201);
        const report = (
          await request(second.base).get('/audit/verify').expect(200)
        ).body as { ok: boolean; anchoredStreams: number };
        expect(report).toMatchObject({ ok: true, anchoredStreams: 1 });
        expect(
          readdirSync(store.dir).some((f) => f.endsWith('.previous')),
        ).toBe(true);
      } finally {
        await second.app.close();
      }
    } finally {
      store.remove();
    }
  });
});
