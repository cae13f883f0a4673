import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from './output';
import {
  exposureCommand,
  historyCommand,
  networkCommand,
  verifyCommand,
} from './query.commands';
import { scenarioRunCommand, systemicCommand } from './scenario.commands';
import { openTarget } from './target';
import { captureIo, fakeServer, Route } from '../../../test/kits/fake-server';

/** The CLI commands against a server that answers like the API (API.md): what they ask, print and exit with. */
const NETWORK = {
  at: '2025-12-31T00:00:00.000Z',
  knownAt: '2026-11-29T00:00:00.000Z',
  companies: [
    {
      id: 'oracle',
      name: 'Oracle',
      equityUsd: 20e9,
      externalAssetsUsd: 100e9,
      exposureOutUsd: 300e9,
      exposureInUsd: 0,
      defaulted: false,
    },
    {
      id: 'openai',
      name: 'OpenAI',
      equityUsd: 40e9,
      externalAssetsUsd: 60e9,
      exposureOutUsd: 0,
      exposureInUsd: 300e9,
      defaulted: false,
    },
    {
      id: 'acme',
      name: 'Acme',
      equityUsd: 1e9,
      externalAssetsUsd: 1e9,
      exposureOutUsd: 0,
      exposureInUsd: 0,
      defaulted: false,
    },
  ],
  edges: [
    {
      holder: 'oracle',
      counterparty: 'openai',
      kind: 'supply',
      amountUsd: 300e9,
      deals: ['openai-oracle-300b'],
    },
  ],
};

const EXPOSURE = {
  id: 'oracle',
  name: 'Oracle',
  at: '2025-12-31T00:00:00.000Z',
  knownAt: '2026-11-29T00:00:00.000Z',
  equityUsd: 20e9,
  defaulted: false,
  exposureOutUsd: 300e9,
  exposureInUsd: 0,
  byKind: {
    supply: { outUsd: 300e9, inUsd: 0 },
    investment: { outUsd: 0, inUsd: 0 },
    loan: { outUsd: 0, inUsd: 0 },
  },
  topCounterparties: [
    {
      id: 'openai',
      exposureUsd: 300e9,
      share: 1,
      byKind: { supply: 300e9, investment: 0, loan: 0 },
      defaulted: false,
    },
  ],
  concentration: {
    herfindahl: 1,
    counterparties: 1,
    largestExposureUsd: 300e9,
    largestCounterparty: 'openai',
    largestShareOfEquity: 15,
  },
};

const route: Route = (r) => {
  if (r.method === 'GET' && r.path === '/exposures') return { body: NETWORK };
  if (r.method === 'GET' && r.path === '/companies/oracle/exposure')
    return { body: EXPOSURE };
  if (r.method === 'GET' && r.path === '/companies/nobody/exposure')
    return {
      status: 404,
      body: {
        statusCode: 404,
        error: 'Not Found',
        message: 'company nobody not found',
      },
    };
  if (r.method === 'GET' && r.path === '/deals/openai-aws-38b/history') {
    return {
      body: [
        {
          revision: 0,
          type: 'DealRecorded',
          effectiveAt: '2025-11-03T00:00:00.000Z',
          recordedAt: '2026-11-29T06:00:00.000Z',
          actor: 'seed',
          reason: null,
          changes: [{ field: 'amountUsd', from: null, to: 38e9 }],
        },
        {
          revision: 1,
          type: 'DealAmended',
          effectiveAt: '2026-02-27T00:00:00.000Z',
          recordedAt: '2026-11-29T06:00:01.000Z',
          actor: 'seed',
          reason: 'Expanded',
          changes: [{ field: 'amountUsd', from: 38e9, to: 100e9 }],
        },
      ],
    };
  }
  if (r.method === 'GET' && r.path === '/analysis/systemic') {
    return {
      body: {
        at: '2025-12-31T00:00:00.000Z',
        knownAt: '2026-11-29T00:00:00.000Z',
        model: r.query.model,
        recoveryRate: Number(r.query.recoveryRate ?? 0),
        companies: 2,
        ranking: [
          {
            company: 'openai',
            totalLossUsd: 60e9,
            lossCausedUsd: 20e9,
            defaults: ['oracle'],
            failuresCaused: 1,
            rounds: 2,
            amplification: 1.5,
          },
          {
            company: 'oracle',
            totalLossUsd: 1e9,
            lossCausedUsd: 0,
            defaults: [],
            failuresCaused: 0,
            rounds: 1,
            amplification: 1,
          },
        ],
      },
    };
  }
  if (r.method === 'POST' && r.path === '/scenarios') {
    const body = r.body as { shocks: { company: string }[] };
    const failing = body.shocks[0]?.company;
    return {
      status: 201,
      body: {
        id: `s-${failing ?? 'none'}`,
        result: {
          companies: [
            {
              id: 'openai',
              equityBeforeUsd: 40e9,
              lossUsd: 40e9,
              equityAfterUsd: 0,
              defaulted: failing === 'openai',
              defaultRound: failing === 'openai' ? 0 : null,
            },
            {
              id: 'oracle',
              equityBeforeUsd: 20e9,
              lossUsd: failing === 'openai' ? 20e9 : 0,
              equityAfterUsd: failing === 'openai' ? 0 : 20e9,
              defaulted: failing === 'openai',
              defaultRound: failing === 'openai' ? 1 : null,
            },
          ],
          defaults: failing === 'openai' ? ['openai', 'oracle'] : [failing],
          rounds: failing === 'openai' ? 2 : 1,
          initialLossUsd: 40e9,
          totalLossUsd: failing === 'openai' ? 60e9 : 1e9,
          amplification: failing === 'openai' ? 1.5 : 1,
        },
      },
    };
  }
  return undefined;
};

describe('tangle data commands', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  let dir: string;
  beforeAll(async () => {
    server = await fakeServer(route);
    dir = mkdtempSync(join(tmpdir(), 'tangle-cli-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => server.seen.splice(0));

  describe('exposure', () => {
    it("prints a company's counterparties with their share of its equity, asking for the given dates", async () => {
      const io = captureIo();
      const code = await exposureCommand(
        {
          company: 'oracle',
          at: '2025-12-31',
          knownAt: '2026-06-01T12:00:00Z',
        },
        io,
        server.open,
      );
      expect(code).toBe(EXIT.ok);
      expect(server.seen[0]).toMatchObject({
        path: '/companies/oracle/exposure',
        query: { at: '2025-12-31', knownAt: '2026-06-01T12:00:00Z' },
      });
      expect(io.stdout()).toContain('Oracle (oracle) at 2025-12-31');
      expect(io.stdout()).toMatch(
        /openai\s*│\s*\$300B\s*│\s*100%\s*│\s*1,500%/,
      );
    });

    it('refuses an impossible date before asking anything (exit 2, naming the flag)', async () => {
      const io = captureIo();
      expect(
        await exposureCommand(
          { company: 'oracle', at: '2025-02-30' },
          io,
          server.open,
        ),
      ).toBe(EXIT.usage);
      expect(io.stderr()).toContain(
        '--at: "2025-02-30" is not an ISO 8601 date',
      );
      expect(server.seen).toEqual([]);
    });

    it('refuses an id that is not a slug (exit 2)', async () => {
      const io = captureIo();
      expect(
        await exposureCommand({ company: 'Open AI' }, io, server.open),
      ).toBe(EXIT.usage);
      expect(io.stderr()).toContain('--company');
    });

    it('exits 3 for a company the service does not know, with its message', async () => {
      const io = captureIo();
      expect(
        await exposureCommand({ company: 'nobody' }, io, server.open),
      ).toBe(EXIT.notFound);
      expect(io.stderr()).toContain('company nobody not found (HTTP 404)');
    });

    it('prints the answer as JSON with --json', async () => {
      const io = captureIo();
      expect(
        await exposureCommand(
          { company: 'oracle', json: true },
          io,
          server.open,
        ),
      ).toBe(EXIT.ok);
      expect(JSON.parse(io.stdout())).toEqual(EXPOSURE);
    });
  });

  it('network: lists the largest edges and the companies tied by them', async () => {
    const io = captureIo();
    expect(await networkCommand({ at: '2025-12-31' }, io, server.open)).toBe(
      EXIT.ok,
    );
    const out = io.stdout();
    expect(out).toContain('Exposure network at 2025-12-31');
    expect(out).toMatch(
      /oracle\s*│\s*openai\s*│\s*supply\s*│\s*\$300B\s*│\s*openai-oracle-300b/,
    );
    expect(out).not.toMatch(/│ acme /);
  });

  it('history: shows each change of a deal with its field, old and new values', async () => {
    const io = captureIo();
    expect(
      await historyCommand({ deal: 'openai-aws-38b' }, io, server.open),
    ).toBe(EXIT.ok);
    expect(io.stdout()).toContain('History of deal openai-aws-38b: 2 changes');
    expect(io.stdout()).toContain('amountUsd: $38B → $100B');
  });

  describe('verify', () => {
    it('exits 0 on an intact chain and 4 on a broken one', async () => {
      const intact = await fakeServer((r) =>
        r.path === '/audit/verify'
          ? { body: { ok: true, checked: 9, broken: [] } }
          : undefined,
      );
      const broken = await fakeServer((r) =>
        r.path === '/audit/verify'
          ? {
              body: {
                ok: false,
                checked: 9,
                broken: [{ stream: 'deal-x', revision: 2, position: 7 }],
              },
            }
          : undefined,
      );
      try {
        const a = captureIo();
        expect(await verifyCommand({}, a, intact.open)).toBe(EXIT.ok);
        expect(a.stdout()).toContain('audit trail intact: 9 events checked');
        const b = captureIo();
        expect(await verifyCommand({}, b, broken.open)).toBe(EXIT.verifyFailed);
        expect(b.stdout()).toContain('BROKEN');
        expect(b.stdout()).toMatch(/deal-x\s*│\s*2\s*│\s*7/);
      } finally {
        await intact.close();
        await broken.close();
      }
    });
  });

  describe('scenario run', () => {
    it('sends the file as the body of POST /scenarios and prints who fails, in which round', async () => {
      const file = join(dir, 'slip.json');
      const definition = {
        name: 'OpenAI slips',
        at: '2026-06-01',
        model: 'furfine',
        shocks: [{ type: 'default', company: 'openai', recoveryRate: 0.4 }],
      };
      writeFileSync(file, JSON.stringify(definition));
      const io = captureIo();
      expect(await scenarioRunCommand(file, {}, io, server.open)).toBe(EXIT.ok);
      expect(server.seen[0]).toMatchObject({
        method: 'POST',
        path: '/scenarios',
        body: definition,
      });
      expect(io.stdout()).toContain(
        'defaults: openai → oracle · rounds 2 · initial loss $40B · total loss $60B · amplification ×1.50',
      );
      // the shock's own recovery is named beside the basis line's rate for everyone else
      expect(io.stdout()).toContain('shocks: default openai (recovery 0.4)');
      expect(io.stdout()).toMatch(
        /oracle\s*│\s*\$20B\s*│\s*\$20B\s*│\s*\$0\s*│\s*yes\s*│\s*1/,
      );
    });

    it('names every shock in the header: a haircut by its selector, an asset shock by whom it hits', async () => {
      const file = join(dir, 'shocks.json');
      writeFileSync(
        file,
        JSON.stringify({
          name: 'Several',
          at: '2026-06-01',
          model: 'furfine',
          shocks: [
            { type: 'haircut', fraction: 0.3, category: 'cloud-compute' },
            { type: 'asset-shock', fraction: 0.1, sector: 'neocloud' },
            { type: 'cancel-deal', deal: 'd1' },
            { type: 'default', company: 'openai' },
          ],
        }),
      );
      const io = captureIo();
      expect(await scenarioRunCommand(file, {}, io, server.open)).toBe(EXIT.ok);
      expect(io.stdout()).toContain(
        'shocks: haircut 0.3 on category cloud-compute · asset shock 0.1 on sector neocloud · cancel d1 · default openai\n',
      );
    });

    it('exits 2 for a missing file, a file that is not JSON, or an unknown model, sending nothing', async () => {
      const notJson = join(dir, 'bad.json');
      writeFileSync(notJson, '{ nope');
      const badModel = join(dir, 'model.json');
      writeFileSync(
        badModel,
        JSON.stringify({
          name: 'x',
          at: '2026-01-01',
          model: 'domino',
          shocks: [],
        }),
      );
      for (const [file, expected] of [
        [join(dir, 'missing.json'), 'cannot read'],
        [notJson, 'is not JSON'],
        [
          badModel,
          'model: must be one of eisenberg-noe, rogers-veraart, furfine, debtrank',
        ],
      ]) {
        const io = captureIo();
        expect(await scenarioRunCommand(file, {}, io, server.open)).toBe(
          EXIT.usage,
        );
        expect(io.stderr()).toContain(expected);
      }
      expect(server.seen).toEqual([]);
    });
  });

  it('systemic: asks GET /analysis/systemic with the flags and prints the ranking', async () => {
    const io = captureIo();
    expect(
      await systemicCommand(
        { at: '2025-12-31', model: 'furfine', recoveryRate: '0.2' },
        io,
        server.open,
      ),
    ).toBe(EXIT.ok);
    expect(server.seen[0]).toMatchObject({
      method: 'GET',
      path: '/analysis/systemic',
      query: { at: '2025-12-31', model: 'furfine', recoveryRate: '0.2' },
    });
    expect(io.stdout()).toContain(
      'Systemic importance at 2025-12-31 (furfine): each of 2 companies fails alone, recovery 0.2',
    );
    expect(io.stdout()).toMatch(
      /openai\s*│\s*\$60B\s*│\s*\$20B\s*│\s*×1\.50\s*│\s*oracle/,
    );
  });

  it('systemic: refuses an unknown model (exit 2)', async () => {
    const io = captureIo();
    expect(await systemicCommand({ model: 'domino' }, io, server.open)).toBe(
      EXIT.usage,
    );
    expect(io.stderr()).toContain('--model: must be one of');
  });

  it('exits 1 when the server cannot be reached', async () => {
    const io = captureIo();
    const code = await networkCommand({}, io, () =>
      openTarget({ url: 'http://127.0.0.1:9' }),
    );
    expect(code).toBe(EXIT.failure);
    expect(io.stderr()).toContain('cannot reach http://127.0.0.1:9');
  });
});
