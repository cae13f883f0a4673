import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCommand } from '../../src/cli/import.command';
import { Io } from '../../src/cli/commands/output';
import { openTarget } from '../../src/cli/commands/target';
import { ImportService } from '../../src/ledger/application/import.service';
import { parseImportText } from '../../src/ledger/application/import.format';
import { LedgerTestApp, startLedgerApp } from './ledger-test-app';

// The application starts per suite; on a loaded machine that takes longer than jest's default.
jest.setTimeout(30_000);

const LINES = [
  {
    command: 'register-company',
    id: 'openai',
    name: 'OpenAI',
    effectiveAt: '2015-12-11',
  },
  {
    command: 'register-company',
    id: 'oracle',
    name: 'Oracle',
    effectiveAt: '1977-06-16',
  },
  {
    command: 'record-deal',
    id: 'stargate',
    kind: 'supply',
    buyer: 'openai',
    seller: 'oracle',
    amountUsd: 300e9,
    effectiveAt: '2025-09-10',
  },
  {
    command: 'record-deal',
    id: 'bad',
    kind: 'supply',
    buyer: 'openai',
    seller: 'openai',
    amountUsd: 1,
    effectiveAt: '2025-09-10',
  },
  {
    command: 'amend-deal',
    id: 'stargate',
    effectiveAt: '2026-01-01',
    reason: 'scaled back',
    amountUsd: 250e9,
    idempotencyKey: 'amend-1',
  },
  { command: 'fly-to-the-moon', id: 'x' },
  {
    command: 'record-payment',
    id: 'stargate',
    amountUsd: 1e9,
    effectiveAt: '2026-02-01',
    colour: 'red',
  },
];

describe('POST /import', () => {
  let t: LedgerTestApp;
  beforeEach(async () => {
    t = await startLedgerApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('applies a JSON array in order, reports every line, keeps the valid ones', async () => {
    const res = await t.http().post('/import').send(LINES).expect(200);
    expect(res.body).toMatchObject({
      total: 7,
      succeeded: 4,
      failed: 3,
      position: 4,
    });
    expect(res.body.results).toEqual([
      {
        line: 1,
        ok: true,
        command: 'register-company',
        id: 'openai',
        revision: 0,
        position: 1,
      },
      {
        line: 2,
        ok: true,
        command: 'register-company',
        id: 'oracle',
        revision: 0,
        position: 2,
      },
      {
        line: 3,
        ok: true,
        command: 'record-deal',
        id: 'stargate',
        revision: 0,
        position: 3,
      },
      {
        line: 4,
        ok: false,
        command: 'record-deal',
        id: 'bad',
        error: {
          code: 'rule_violated',
          message: 'seller: must differ from buyer (openai)',
        },
      },
      {
        line: 5,
        ok: true,
        command: 'amend-deal',
        id: 'stargate',
        revision: 1,
        position: 4,
      },
      {
        line: 6,
        ok: false,
        command: 'fly-to-the-moon',
        id: 'x',
        error: {
          code: 'validation_failed',
          message: expect.stringMatching(
            /^command: must be one of register-company/,
          ),
        },
      },
      {
        line: 7,
        ok: false,
        command: 'record-payment',
        id: 'stargate',
        error: {
          code: 'validation_failed',
          message: 'colour: is not a known field',
        },
      },
    ]);
    expect(await t.store.headPosition()).toBe(4);
    const [, amended] = await t.streamEvents('deal-stargate');
    expect(amended.metadata).toMatchObject({
      actor: 'local',
      reason: 'scaled back',
    });
  });

  it('reads NDJSON, numbering lines as in the file, and a second run with keys records nothing new', async () => {
    const ndjson = [
      '',
      JSON.stringify(LINES[0]),
      'not json',
      JSON.stringify({ ...LINES[1], idempotencyKey: 'reg-oracle' }),
    ].join('\n');
    const first = await t
      .http()
      .post('/import')
      .set('content-type', 'application/x-ndjson')
      .send(ndjson)
      .expect(200);
    expect(
      (first.body.results as { line: number; ok: boolean }[]).map((r) => [
        r.line,
        r.ok,
      ]),
    ).toEqual([
      [2, true],
      [3, false],
      [4, true],
    ]);
    expect(first.body.results[1].error.message).toMatch(
      /^line: malformed JSON/,
    );
    const head = await t.store.headPosition();
    const again = await t
      .http()
      .post('/import')
      .set('content-type', 'application/x-ndjson')
      .send(JSON.stringify({ ...LINES[1], idempotencyKey: 'reg-oracle' }))
      .expect(200);
    expect(again.body.results[0]).toMatchObject({
      ok: true,
      id: 'oracle',
      revision: 0,
    });
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses a body that is neither an array nor NDJSON', async () => {
    const res = await t
      .http()
      .post('/import')
      .send({ command: 'register-company' })
      .expect(400);
    expect(res.body.message).toMatch(/^body: /);
  });

  it('ImportService runs parsed lines for other callers (seed, CLI), reporting progress', async () => {
    const seen: number[] = [];
    const summary = await t.app.get(ImportService).run(
      parseImportText(
        LINES.slice(0, 3)
          .map((l) => JSON.stringify(l))
          .join('\n'),
      ),
      {
        actor: 'seed',
        onLine: (_r, done) => seen.push(done),
      },
    );
    expect(summary).toMatchObject({ total: 3, succeeded: 3, failed: 0 });
    expect(seen).toEqual([1, 2, 3]);
    expect((await t.streamEvents('company-openai'))[0].metadata.actor).toBe(
      'seed',
    );
  });
});

describe('tangle import <file>', () => {
  let dir: string;
  const captured = () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      interactive: false,
    };
    return { io, out, err };
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-import-'));
    writeFileSync(
      join(dir, 'lines.ndjson'),
      LINES.map((l) => JSON.stringify(l)).join('\n'),
    );
    writeFileSync(join(dir, 'good.json'), JSON.stringify(LINES.slice(0, 3)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports in process into the store named by --store, and exits 2 when a line was refused', async () => {
    const { io, out } = captured();
    const store = `sqlite:${join(dir, 'in-process.db')}`;
    const code = await importCommand(
      join(dir, 'lines.ndjson'),
      { store, json: true },
      io,
    );
    expect(code).toBe(2);
    const summary = JSON.parse(out.join(''));
    expect(summary).toMatchObject({ total: 7, succeeded: 4, failed: 3 });
    // The events are in the file: a second process sees them.
    const { io: io2, out: out2 } = captured();
    expect(
      await importCommand(join(dir, 'good.json'), { store, json: true }, io2),
    ).toBe(2);
    expect(JSON.parse(out2.join('')).results[0].error.message).toMatch(
      /already exists/,
    );
  });

  it('imports through a server with --url, exit 0 when every line applies', async () => {
    const server = await openTarget({ store: 'sqlite::memory:', seed: 'none' });
    try {
      const { io, out } = captured();
      const code = await importCommand(
        join(dir, 'good.json'),
        { url: server.client.baseUrl },
        io,
      );
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/3 lines, 3 applied, 0 refused/);
    } finally {
      await server.close();
    }
  });

  it('exits 2 naming the file when it cannot be read', async () => {
    const { io, err } = captured();
    expect(await importCommand(join(dir, 'missing.ndjson'), {}, io)).toBe(2);
    expect(err.join('')).toMatch(
      /<file>: cannot read .*missing\.ndjson: ENOENT/,
    );
  });
});
