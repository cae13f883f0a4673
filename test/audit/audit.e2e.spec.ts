import request from 'supertest';
import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Running, startApp, tempStore } from '../live/live-test-kit';
import { genesisSeal, sealOf } from '../../src/event-store/sqlite/seal';
import { verifyCommand } from '../../src/cli/commands/query.commands';
import { TangleClient } from '../../src/cli/commands/client';
import { EXIT } from '../../src/cli/commands/output';

/** The anchors file folded as the service reads it: each line over the ones before. */
function anchorsIn(path: string): {
  lines: number;
  store: { position: number };
  streams: Record<string, { revision: number }>;
} {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const folded = { lines: lines.length, store: { position: 0 }, streams: {} };
  for (const line of lines) {
    const parsed = JSON.parse(line) as {
      store: { position: number } | null;
      streams: Record<string, { revision: number }>;
    };
    if (parsed.store) folded.store = parsed.store;
    Object.assign(folded.streams, parsed.streams);
  }
  return folded;
}

/** Writes through the ledger's HTTP surface, as clients do. */
type Report = {
  ok: boolean;
  checked: number;
  broken: Break[];
  firstBroken: Break | null;
  store: { storeId: string; anchor: { position: number } | null };
};
type Break = {
  stream: string;
  revision: number;
  position: number;
  problems: string[];
};

/** GET /audit/verify's report (200). */
async function verify(base: string): Promise<Report> {
  return (await request(base).get('/audit/verify').expect(200)).body as Report;
}

/** The anchors file of a test store (beside its projections file). */
const anchorsFileIn = (dir: string): string =>
  join(dir, 'projections.audit-anchors.json');

/** Runs `body` on a fresh temporary store (and its anchors file's path), removed afterwards. */
async function withTempStore(
  body: (
    store: ReturnType<typeof tempStore>,
    anchorsFile: string,
  ) => Promise<void>,
): Promise<void> {
  const store = tempStore();
  try {
    await body(store, anchorsFileIn(store.dir));
  } finally {
    store.remove();
  }
}

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
    const report = await verify(running.base);
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
    event_id: string;
    type: string;
    data: string;
    metadata: string;
    recorded_at: string;
  };

  /**
   * Builds a ledger, stops the app, tampers with the file behind its back (the running server
   * holds it locked), starts a new app on it, verifies over HTTP and with `tangle verify`.
   */
  async function verifyAfter(
    tamper: (db: Database.Database, store: { dir: string }) => void,
  ): Promise<Report & { exitCode: number; printed: string }> {
    const store = tempStore();
    try {
      const first = await startApp(store.url, store.dir);
      await givenLedger(first.base);
      await first.app.close();
      const db = new Database(store.path);
      try {
        tamper(db, store);
      } finally {
        db.close();
      }
      const second = await startApp(store.url, store.dir);
      try {
        const res = await request(second.base).get('/audit/verify').expect(200);
        const lines: string[] = [];
        const io = {
          out: (s: string) => void lines.push(s),
          err: (s: string) => void lines.push(s),
          interactive: false,
        };
        const exitCode = await verifyCommand({}, io, () =>
          Promise.resolve({
            client: new TangleClient(second.base),
            inProcess: false,
            close: () => Promise.resolve(),
          }),
        );
        return { ...(res.body as Report), exitCode, printed: lines.join('\n') };
      } finally {
        await second.app.close();
      }
    } finally {
      store.remove();
    }
  }

  const row = (db: Database.Database, stream: string, revision: number): Row =>
    db
      .prepare('SELECT * FROM events WHERE stream_id = ? AND revision = ?')
      .get(stream, revision) as Row;
  const at = (db: Database.Database, position: number): Row =>
    db.prepare('SELECT * FROM events WHERE position = ?').get(position) as Row;

  /** The break for one record; fails the test when there is none. */
  const breakAt = (report: Report, position: number): Break => {
    const found = report.broken.find((b) => b.position === position);
    if (!found)
      throw new Error(
        `no break at ${position}: ${JSON.stringify(report.broken)}`,
      );
    return found;
  };

  /** A broken report names its first break and `tangle verify` prints it and exits 4. */
  const expectBrokenAt = (
    report: Awaited<ReturnType<typeof verifyAfter>>,
    position: number,
  ): void => {
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual(report.broken[0]);
    expect(report.firstBroken?.position).toBe(position);
    expect(report.exitCode).toBe(EXIT.verifyFailed);
    expect(report.printed).toContain(`first broken at position ${position}`);
  };

  it('an untouched store verifies on restart, and the CLI exits 0', async () => {
    const report = await verifyAfter(() => undefined);
    expect(report).toMatchObject({ ok: true, broken: [], exitCode: EXIT.ok });
    expect(report.store.anchor?.position).toBeGreaterThan(0);
  });

  it('catches a record edited in place', async () => {
    let position = 0;
    const report = await verifyAfter((db) => {
      const amended = row(db, 'deal-stargate', 1);
      position = amended.position;
      const data = JSON.parse(amended.data);
      data.changes.amountUsd = 100e9;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
        JSON.stringify(data),
        amended.position,
      );
    });
    expect(report.broken).toEqual([
      {
        stream: 'deal-stargate',
        revision: 1,
        position,
        problems: ['hash-mismatch', 'seal-mismatch'],
      },
    ]);
    expectBrokenAt(report, position);
  });

  it('catches a deleted record', async () => {
    let position = 0;
    const report = await verifyAfter((db) => {
      position = row(db, 'deal-stargate', 1).position;
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(
        'deal-stargate',
        1,
      );
    });
    // The stream's chain and the log (which skips a position where the row was) both see it.
    expect(report.broken).toEqual([
      {
        stream: 'deal-stargate',
        revision: 2,
        position: position + 1,
        problems: ['revision-gap', 'prev-hash-mismatch', 'position-gap'],
      },
    ]);
    expectBrokenAt(report, position + 1);
  });

  it('catches the deleted last record of a stream, through the anchors kept outside the store', async () => {
    const report = await verifyAfter((db) => {
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(
        'deal-stargate',
        2,
      );
    });
    expect(report.ok).toBe(false);
    expect(report.broken).toContainEqual({
      stream: 'deal-stargate',
      revision: 2,
      position: expect.any(Number),
      problems: ['missing-tail'],
    });
  });

  it('catches the deleted last event of the whole store (the chain left is valid: the anchor is not)', async () => {
    let head = 0;
    const report = await verifyAfter((db) => {
      head = db
        .prepare('SELECT MAX(position) FROM events')
        .pluck()
        .get() as number;
      db.prepare('DELETE FROM events WHERE position = ?').run(head);
    });
    expect(breakAt(report, head)).toEqual({
      stream: '$all',
      revision: head,
      position: head,
      problems: ['missing-tail'],
    });
    // The stream that lost its last event is named too, at the last event it still has.
    expectBrokenAt(report, report.broken[0].position);
  });

  it('catches an edited event id (outside every stream hash, inside the seal)', async () => {
    const report = await verifyAfter((db) => {
      db.prepare('UPDATE events SET event_id = ? WHERE position = 1').run(
        '00000000-0000-4000-8000-000000000001',
      );
    });
    expect(breakAt(report, 1).problems).toEqual(['seal-mismatch']);
    expectBrokenAt(report, 1);
  });

  it('catches a moved recorded time (what "as known at" views rest on)', async () => {
    let position = 0;
    const report = await verifyAfter((db) => {
      const e = row(db, 'deal-stargate', 0);
      position = e.position;
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(
        '2020-01-01T00:00:00.000Z',
        position,
      );
    });
    expect(breakAt(report, position).problems).toEqual(['seal-mismatch']);
    expectBrokenAt(report, position);
  });

  it('catches two events of different streams swapped in the global order', async () => {
    const report = await verifyAfter((db) => {
      const a = at(db, 1);
      const b = at(db, 2);
      expect(a.stream_id).not.toBe(b.stream_id);
      db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = 1').run();
        db.prepare('UPDATE events SET position = 1 WHERE position = 2').run();
        db.prepare('UPDATE events SET position = 2 WHERE position = -1').run();
      })();
    });
    // Each stream's own chain still holds: only the seal over the global order sees it.
    expect(
      report.broken.every((b) =>
        b.problems.every((p) => p === 'seal-mismatch'),
      ),
    ).toBe(true);
    expectBrokenAt(report, 1);
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

  it('catches a log rewritten with every seal recomputed (the anchored seal differs)', async () => {
    let anchored = 0;
    const report = await verifyAfter((db, store) => {
      // An attacker who knows the algorithm edits an event and reseals everything after it.
      anchored = anchorsIn(anchorsFileIn(store.dir)).store.position;
      const storeId = db
        .prepare("SELECT value FROM tangle_meta WHERE key = 'store_id'")
        .pluck()
        .get() as string;
      const edit = row(db, 'company-nvidia', 0);
      db.prepare('UPDATE events SET type = ? WHERE position = ?').run(
        'CompanyRenamed',
        edit.position,
      );
      let seal = genesisSeal(storeId);
      const rows = db
        .prepare('SELECT * FROM events ORDER BY position')
        .all() as Row[];
      for (const r of rows) {
        seal = sealOf(seal, [
          r.position,
          r.stream_id,
          r.revision,
          r.event_id,
          r.type,
          r.data,
          r.metadata,
          r.recorded_at,
        ]);
        db.prepare('UPDATE events SET seal = ? WHERE position = ?').run(
          seal,
          r.position,
        );
      }
    });
    expect(breakAt(report, anchored)).toMatchObject({
      stream: '$all',
      problems: ['anchor-mismatch'],
    });
    expect(report.ok).toBe(false);
    expect(report.exitCode).toBe(EXIT.verifyFailed);
  });

  it('refuses anchors taken from another store: a store created in its place fails verification, and the anchors are kept as they were', async () => {
    await withTempStore(async (store, anchorsFile) => {
      const first = await startApp(store.url, store.dir);
      await givenLedger(first.base);
      await first.app.close();
      const before = readFileSync(anchorsFile, 'utf8');
      rmSync(store.path);
      const second = await startApp(store.url, store.dir);
      try {
        await request(second.base)
          .post('/companies')
          .send({ id: 'fresh', name: 'Fresh' })
          .expect(201);
        const report = await verify(second.base);
        expect(report.ok).toBe(false);
        expect(report.broken).toContainEqual(
          expect.objectContaining({
            stream: '$all',
            problems: ['store-mismatch'],
          }),
        );
      } finally {
        await second.app.close();
      }
      expect(readFileSync(anchorsFile, 'utf8')).toBe(before);
      // The operator who recreated the store on purpose moves the old anchors away by hand.
      renameSync(anchorsFile, `${anchorsFile}.old`);
      const third = await startApp(store.url, store.dir);
      try {
        const report = await verify(third.base);
        expect(report).toMatchObject({ ok: true, broken: [] });
      } finally {
        await third.app.close();
      }
    });
  });

  it('catches the anchors file replaced behind a running server', async () => {
    await withTempStore(async (store, anchorsFile) => {
      const running = await startApp(store.url, store.dir);
      try {
        await givenLedger(running.base);
        expect(await verify(running.base)).toMatchObject({ ok: true });
        writeFileSync(
          anchorsFile,
          JSON.stringify({
            format: 'tangle-audit-anchors',
            version: 2,
            store: null,
            streams: {},
          }),
        );
        const report = await verify(running.base);
        expect(report.ok).toBe(false);
        expect(report.firstBroken?.problems).toEqual(['anchors-replaced']);
      } finally {
        await running.app.close();
      }
    });
  });
  it('appends what moved to the anchors file, reads every line back at start, and leaves out a last line a crash cut off', async () => {
    await withTempStore(async (store, anchorsFile) => {
      const first = await startApp(store.url, store.dir);
      try {
        await givenLedger(first.base);
        await verify(first.base);
        await request(first.base)
          .post('/companies')
          .send({ id: 'later', name: 'Later' })
          .expect(201);
        // a verification writes the anchors up to what it saw
        expect(await verify(first.base)).toMatchObject({ ok: true });
      } finally {
        await first.app.close();
      }
      const written = anchorsIn(anchorsFile);
      // the first write is the whole file, the later ones a line each of what moved
      expect(written.lines).toBeGreaterThan(1);
      const lastLine = readFileSync(anchorsFile, 'utf8')
        .trimEnd()
        .split('\n')
        .pop()!;
      const appended = JSON.parse(lastLine) as { streams: object };
      expect(Object.keys(appended.streams)).not.toContain('company-nvidia');
      expect(written.streams['company-later']).toMatchObject({ revision: 0 });
      // a crash in the middle of an append: half a line at the end
      writeFileSync(
        anchorsFile,
        readFileSync(anchorsFile, 'utf8') + '{"store":{"storeId":"x","posi',
      );
      const second = await startApp(store.url, store.dir);
      try {
        expect(await verify(second.base)).toMatchObject({
          ok: true,
          broken: [],
        });
        await request(second.base)
          .post('/companies')
          .send({ id: 'after-crash', name: 'After' })
          .expect(201);
        await verify(second.base);
      } finally {
        await second.app.close();
      }
      // the torn file was written afresh (every anchor in its first line, nothing of the torn
      // half left: each line parses), then appended to
      const rewritten = anchorsIn(anchorsFile);
      const snapshot = JSON.parse(
        readFileSync(anchorsFile, 'utf8').split('\n')[0],
      ) as { version: number; streams: Record<string, unknown> };
      expect(snapshot.version).toBe(3);
      expect(Object.keys(snapshot.streams)).toContain('company-later');
      expect(Object.keys(rewritten.streams)).toEqual(
        expect.arrayContaining([
          'company-nvidia',
          'company-later',
          'company-after-crash',
        ]),
      );
    });
  });

  it('reads a torn line anywhere but at the end as an unreadable anchors file', async () => {
    await withTempStore(async (store, anchorsFile) => {
      const first = await startApp(store.url, store.dir);
      await givenLedger(first.base);
      await first.app.close();
      writeFileSync(
        anchorsFile,
        readFileSync(anchorsFile, 'utf8') + '{"store":nul\n{"streams":{}}\n',
      );
      const second = await startApp(store.url, store.dir);
      try {
        const report = await verify(second.base);
        expect(report.ok).toBe(false);
        expect(report.firstBroken?.problems).toEqual(['anchors-unreadable']);
      } finally {
        await second.app.close();
      }
    });
  });
});
