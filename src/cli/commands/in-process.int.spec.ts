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
import { rebuildCommand } from './rebuild.command';
import { scenarioRunCommand, systemicCommand } from './scenario.commands';
import { seedCommand } from './seed.command';
import { openTarget, Target } from './target';
import { captureIo } from '../../../test/kits/fake-server';

/**
 * The CLI in process on the embedded store with the real application: `tangle seed` loads the data
 * set once (a second run records nothing new), then the queries answer from it.
 */
describe('tangle in process on the embedded store', () => {
  let dir: string;
  let store: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-cli-store-'));
    store = `sqlite:${join(dir, 'tangle.db')}`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Each command opens the application on the same store file, as separate CLI runs would. */
  const open = (): Promise<Target> =>
    openTarget({ store, seed: 'ai-buildout', env: {} });
  const openUnseeded = (): Promise<Target> =>
    openTarget({ store, seed: 'none', env: {} });

  it('seeds the data set, then a second seed records nothing new', async () => {
    const first = captureIo();
    expect(await seedCommand({ store }, first, openUnseeded)).toBe(EXIT.ok);
    expect(first.stdout()).toMatch(
      /ai-buildout data set: (\d+) lines, \1 recorded, 0 already present, 0 refused/,
    );
    const second = captureIo();
    expect(await seedCommand({ store }, second, openUnseeded)).toBe(EXIT.ok);
    expect(second.stdout()).toMatch(
      /ai-buildout data set: (\d+) lines, 0 recorded, \1 already present, 0 refused/,
    );
  }, 30_000);

  it("answers Oracle's exposure on OpenAI after the 2025 mega-deals", async () => {
    const io = captureIo();
    expect(
      await exposureCommand(
        { company: 'oracle', at: '2025-12-31', json: true },
        io,
        open,
      ),
    ).toBe(EXIT.ok);
    const view = JSON.parse(io.stdout()) as {
      topCounterparties: { id: string; exposureUsd: number }[];
    };
    expect(view.topCounterparties[0]).toMatchObject({ id: 'openai' });
    expect(view.topCounterparties[0].exposureUsd).toBeGreaterThanOrEqual(300e9);
  }, 30_000);

  it('shows the network before ChatGPT: Google paying Apple, Microsoft in OpenAI', async () => {
    const io = captureIo();
    expect(
      await networkCommand({ at: '2022-11-01', json: true }, io, open),
    ).toBe(EXIT.ok);
    const view = JSON.parse(io.stdout()) as {
      edges: { holder: string; counterparty: string; amountUsd: number }[];
    };
    const pairs = view.edges
      .filter((e) => e.amountUsd > 0)
      .map((e) => `${e.holder}>${e.counterparty}`);
    expect(pairs).toEqual(
      expect.arrayContaining(['apple>google', 'microsoft>openai']),
    );
    expect(pairs.some((p) => p.includes('oracle'))).toBe(false);
  }, 30_000);

  it("tells a deal's history: the $38B AWS deal amended to $100B", async () => {
    const io = captureIo();
    expect(await historyCommand({ deal: 'openai-aws-38b' }, io, open)).toBe(
      EXIT.ok,
    );
    expect(io.stdout()).toContain('amountUsd: $38B → $100B');
  }, 30_000);

  it('exits 3 for an unknown deal', async () => {
    const io = captureIo();
    expect(await historyCommand({ deal: 'no-such-deal' }, io, open)).toBe(
      EXIT.notFound,
    );
  }, 30_000);

  it('runs a scenario file and ranks systemic importance on the data set', async () => {
    const file = join(dir, 'slip.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'OpenAI slips',
        at: '2026-06-01',
        model: 'furfine',
        shocks: [{ type: 'default', company: 'openai', recoveryRate: 0.4 }],
      }),
    );
    const run = captureIo();
    expect(await scenarioRunCommand(file, {}, run, open)).toBe(EXIT.ok);
    expect(run.stdout()).toMatch(/defaults: .*openai → .*oracle/);
    const ranking = captureIo();
    expect(
      await systemicCommand(
        { at: '2026-06-01', model: 'debtrank', json: true },
        ranking,
        open,
      ),
    ).toBe(EXIT.ok);
    const answer = JSON.parse(ranking.stdout()) as {
      basis: string;
      ranking: { company: string; totalLossUsd: number }[];
    };
    expect(answer.basis).toBe('balance-sheet');
    expect(answer.ranking.map((r) => r.totalLossUsd)).toEqual(
      [...answer.ranking.map((r) => r.totalLossUsd)].sort((a, b) => b - a),
    );
    // On the earlier reading (every commitment owed now) OpenAI's failure spreads furthest.
    const earlier = captureIo();
    expect(
      await systemicCommand(
        {
          at: '2026-06-01',
          model: 'debtrank',
          basis: 'full-commitment',
          json: true,
        },
        earlier,
        open,
      ),
    ).toBe(EXIT.ok);
    const full = JSON.parse(earlier.stdout()) as typeof answer;
    expect(full.basis).toBe('full-commitment');
    expect(full.ranking[0].company).toBe('openai');
  }, 30_000);

  it('verifies the audit trail of the seeded store (exit 0)', async () => {
    const io = captureIo();
    expect(await verifyCommand({}, io, open)).toBe(EXIT.ok);
    expect(io.stdout()).toMatch(/audit trail intact: \d+ events checked/);
  }, 30_000);
});

describe('tangle rebuild in process', () => {
  it('rebuilds the exposure projection into a new version and answers the same afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tangle-cli-rebuild-'));
    const store = `sqlite:${join(dir, 'tangle.db')}`;
    const open = (): Promise<Target> =>
      openTarget({ store, seed: 'ai-buildout', env: {} });
    try {
      const before = captureIo();
      expect(
        await networkCommand({ at: '2025-12-31', json: true }, before, open),
      ).toBe(EXIT.ok);
      const io = captureIo();
      expect(await rebuildCommand({ store, pollMs: 10 }, io, open)).toBe(
        EXIT.ok,
      );
      expect(io.stdout()).toMatch(
        /exposure projection rebuilt: version \d+ serves/,
      );
      const after = captureIo();
      expect(
        await networkCommand({ at: '2025-12-31', json: true }, after, open),
      ).toBe(EXIT.ok);
      const edges = (s: string): unknown =>
        (JSON.parse(s) as { edges: unknown }).edges;
      expect((edges(before.stdout()) as unknown[]).length).toBeGreaterThan(20);
      expect(edges(after.stdout())).toEqual(edges(before.stdout()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('tangle seed --url', () => {
  it('sends the data set to a server once; a second run finds it there and sends nothing', async () => {
    const server = await openTarget({
      store: 'sqlite::memory:',
      seed: 'none',
      env: {},
    });
    try {
      const url = server.client.baseUrl;
      const first = captureIo();
      expect(await seedCommand({ url, json: true }, first)).toBe(EXIT.ok);
      const summary = JSON.parse(first.stdout()) as {
        total: number;
        succeeded: number;
        failed: number;
        position: number;
      };
      expect(summary.failed).toBe(0);
      expect(summary.succeeded).toBe(summary.total);
      const second = captureIo();
      expect(await seedCommand({ url }, second)).toBe(EXIT.ok);
      expect(second.stdout()).toContain('nothing sent');
      const view = await server.client.get<{ edges: unknown[] }>('/exposures', {
        at: '2025-12-31',
        minPosition: summary.position,
      });
      expect(view.edges.length).toBeGreaterThan(20);
    } finally {
      await server.close();
    }
  }, 30_000);
});
