import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTAGION_MODELS } from '../contagion/model';
import { NetworkDto, ScenarioDto } from '../cli/commands/api-types';
import {
  day,
  EXIT,
  ExitCode,
  Io,
  pct,
  table,
  times,
  usd,
} from '../cli/commands/output';
import { explain } from '../cli/commands/run';
import { ScenarioDefinition } from '../cli/commands/scenario.commands';
import { openTarget, Target } from '../cli/commands/target';
import { SeedService } from '../seed/seed.service';
import {
  dealsCell,
  diffNetworks,
  ExplainedEdge,
  largestDependencies,
  ringsThroughUnpricedDeals,
  STORY_DATES,
  summarise,
} from './demo.story';

export interface DemoOptions {
  /** A running server that holds the data set; default: a temporary embedded store, seeded here. */
  url?: string;
  token?: string;
  /** "Today" for the story (default: the API's now). */
  today?: string;
  /** Recovery on OpenAI's obligations when it slips (default 0.4). */
  recoveryRate?: number;
}

interface Cycle {
  companies: string[];
  legs: {
    from: string;
    to: string;
    kind: string;
    amountUsd: number;
    deals: string[];
  }[];
  amountUsd: number;
  vendorFinancing?: boolean;
}

const AFTER_MEGA_DEALS = '2025-12-31';
const NVIDIA_OPENAI_DEALS = ['nvidia-openai-loi-100b', 'openai-nvidia-10gw'];
const NVIDIA_OPENAI_DATES = [
  '2025-09-01',
  '2025-10-01',
  '2026-02-01',
  '2026-03-01',
];

/**
 * `npm run demo`: the AI build-out told in the terminal. Runs the application in process on a
 * temporary embedded store seeded with the data set (or talks to `--url`), and asks it the
 * questions Tangle exists for, through its HTTP API.
 */
export async function runDemo(options: DemoOptions, io: Io): Promise<ExitCode> {
  const dir = options.url
    ? undefined
    : mkdtempSync(join(tmpdir(), 'tangle-demo-'));
  let target: Target | undefined;
  try {
    target = await openTarget(
      options.url
        ? { url: options.url, token: options.token }
        : { store: `sqlite:${join(dir!, 'demo.db')}`, seed: 'none' },
    );
    let minPosition: number | undefined;
    if (target.app) {
      const report = await target.app.get(SeedService).load();
      io.out(
        `Tangle demo: the AI build-out data set, ${report.recorded} commands loaded into a temporary embedded store.`,
      );
      if (report.failed.length > 0)
        io.err(
          `${report.failed.length} lines were refused: ${report.failed.map((f) => `${f.file}:${f.line} ${f.message}`).join('; ')}`,
        );
      minPosition = report.position;
    } else {
      io.out(`Tangle demo against ${options.url}.`);
    }
    await tell(target, options, io, minPosition);
    return EXIT.ok;
  } catch (error) {
    const { code, message } = explain(error);
    io.err(`tangle demo: ${message}`);
    return code;
  } finally {
    await target?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function heading(io: Io, text: string): void {
  io.out(`\n== ${text} ${'='.repeat(Math.max(0, 76 - text.length))}`);
}

async function tell(
  target: Target,
  options: DemoOptions,
  io: Io,
  minPosition?: number,
): Promise<void> {
  const c = target.client;
  const today = options.today;
  const network = (at: string | undefined): Promise<NetworkDto> =>
    c.get<NetworkDto>('/exposures', { at, minPosition });

  // 1. The network on three dates.
  heading(io, 'The exposure network on three dates');
  io.out(
    'An edge "A loses if B fails" is what A stands to lose if B fails with nothing recovered.',
  );
  const views: NetworkDto[] = [];
  for (const d of STORY_DATES) {
    const view = await network(d.at ?? today);
    views.push(view);
    const s = summarise(view);
    io.out(
      `\n${d.label} (${day(view.at)}): ${s.companies} companies tied by ${s.edges} priced edges, ${usd(s.totalUsd)} in all`,
    );
    if (s.top.length > 0) {
      io.out(
        table(
          ['holder', 'loses if this fails', 'kind', 'amount', 'deals'],
          s.top.map((e) => [
            e.holder,
            e.counterparty,
            e.kind,
            usd(e.amountUsd),
            dealsCell(e.deals),
          ]),
          [3],
        ),
      );
    }
  }
  const now = views[views.length - 1];

  // 1b. Time travel on one relationship: what the ledger says about Nvidia and OpenAI, date by date.
  heading(io, 'Nvidia and OpenAI, date by date');
  io.out(
    'The $100B letter of intent (2025-09-22), its stall (2026-01-30), the $30B stake that replaced it (2026-02-27).',
  );
  const travel: (string | number)[][] = [];
  for (const at of NVIDIA_OPENAI_DATES) {
    const view = await network(at);
    const between = view.edges.filter(
      (e) =>
        (e.holder === 'nvidia' && e.counterparty === 'openai') ||
        (e.holder === 'openai' && e.counterparty === 'nvidia'),
    );
    travel.push([
      at,
      between.length === 0
        ? 'no deal yet'
        : between
            .map(
              (e) =>
                `${e.holder} loses ${e.amountUsd > 0 ? usd(e.amountUsd) : '(no amount)'} if ${e.counterparty} fails: ${dealsCell(e.deals)}`,
            )
            .join('\n'),
    ]);
  }
  io.out(table(['at', 'exposures between Nvidia and OpenAI'], travel));

  // 2. The largest single dependencies, as a share of equity.
  heading(io, `The largest single dependencies (${day(now.at)})`);
  io.out(
    "Each company's largest exposure to one counterparty, against its equity (equity figures: see data/ai-buildout/README.md).",
  );
  const deps = largestDependencies(now, 10);
  io.out(
    table(
      ['company', 'on', 'exposure', 'equity', 'share of equity', 'deals'],
      deps.map((d) => [
        d.company,
        d.counterparty,
        usd(d.amountUsd),
        usd(d.equityUsd),
        pct(d.share),
        dealsCell(d.deals),
      ]),
      [2, 3, 4],
    ),
  );

  // 3. Money cycles.
  heading(io, `Money that goes round in circles (${AFTER_MEGA_DEALS})`);
  const cycles = await c.get<{
    cycles: Cycle[];
    flagged?: { dealId: string; reason: string; from: string; to: string }[];
  }>('/exposures/cycles', { at: AFTER_MEGA_DEALS, minPosition });
  if (cycles.cycles.length === 0) io.out('No cycles on this date.');
  else {
    io.out(
      table(
        ['ring', 'legs', 'round trip'],
        cycles.cycles
          .slice(0, 10)
          .map((cy) => [
            [...cy.companies, cy.companies[0]].join(' → '),
            cy.legs
              .map(
                (l) =>
                  `${l.from}→${l.to} ${l.kind} ${l.amountUsd > 0 ? usd(l.amountUsd) : '(no amount)'}`,
              )
              .join('\n'),
            usd(cy.amountUsd),
          ]),
        [2],
      ),
    );
  }
  for (const f of cycles.flagged ?? [])
    io.out(`flagged: ${f.dealId} (${f.from} → ${f.to}): ${f.reason}`);
  const explained = await c.get<{
    edges: ExplainedEdge[];
    caveats?: { kind: string; deal?: string }[];
  }>('/exposures', {
    at: AFTER_MEGA_DEALS,
    explain: true,
    minPosition,
  });
  // Views leave a deal with no published amount (and no estimate) out of the edges and name it in
  // caveats: read each one's parties so the rings through it can still be shown.
  const unpriced: ExplainedEdge[] = [];
  for (const caveat of explained.caveats ?? []) {
    if (caveat.kind !== 'omitted-unpriced' || !caveat.deal) continue;
    const d = await c.get<Record<string, string>>(`/deals/${caveat.deal}`, {
      at: AFTER_MEGA_DEALS,
      minPosition,
    });
    const [holder, counterparty, basis] =
      d.kind === 'supply'
        ? [d.seller, d.buyer, 'supply-commitment']
        : d.kind === 'investment'
          ? [d.investor, d.investee, 'carrying-value']
          : [d.lender, d.borrower, 'loan-principal'];
    unpriced.push({
      holder,
      counterparty,
      kind: d.kind as ExplainedEdge['kind'],
      amountUsd: 0,
      deals: [caveat.deal],
      unpricedDeals: [caveat.deal],
      explain: [{ dealId: caveat.deal, amountUsd: 0, basis }],
    });
  }
  const rings = ringsThroughUnpricedDeals([...explained.edges, ...unpriced]);
  if (rings.length > 0) {
    io.out(
      '\nRings that close through a deal with no published amount (so the priced search above cannot count them):',
    );
    io.out(
      table(
        ['ring', 'one way', 'the other way'],
        rings.map((r) => [
          `${r.a} ⇄ ${r.b}`,
          ...r.legs.map(
            (l) =>
              `${l.from}→${l.to} ${l.amountUsd > 0 ? usd(l.amountUsd) : 'amount not published'}\n${dealsCell(l.deals)}`,
          ),
        ]),
      ),
    );
  }

  // 4. What if OpenAI slips, under each model.
  const recoveryRate = options.recoveryRate ?? 0.4;
  heading(
    io,
    `What if OpenAI slips? (${day(now.at)}, ${pct(recoveryRate)} recovered on its obligations)`,
  );
  const rows: (string | number)[][] = [];
  for (const model of CONTAGION_MODELS) {
    const run = await c.post<ScenarioDto>('/scenarios', {
      name: `demo: OpenAI slips (${model})`,
      at: now.at,
      model,
      params: { recoveryRate: 0 },
      shocks: [{ type: 'default', company: 'openai', recoveryRate }],
    } satisfies ScenarioDefinition);
    const r = run.result;
    // round 0: the shocked company and defaults already in the record (Builder.ai, 2025)
    const failed = r.companies
      .filter((x) => x.defaulted && (x.defaultRound ?? 0) > 0)
      .sort((a, b) => (a.defaultRound ?? 0) - (b.defaultRound ?? 0))
      .map((x) => `${x.id} (round ${x.defaultRound})`);
    rows.push([
      model,
      failed.join(', ') || 'nobody else',
      r.rounds,
      usd(r.initialLossUsd),
      usd(r.totalLossUsd),
      times(r.amplification),
    ]);
  }
  io.out(
    table(
      [
        'model',
        'who fails',
        'rounds',
        'initial loss',
        'total loss',
        'amplification',
      ],
      rows,
      [2, 3, 4, 5],
    ),
  );

  // 5. What if the Nvidia–OpenAI deal had never been signed: an overlay replay.
  heading(
    io,
    `What if the Nvidia–OpenAI deal had never been signed? (${AFTER_MEGA_DEALS})`,
  );
  io.out(
    `Overlay: the September 2025 letter of intent and the 10 GW supply deal suppressed (${NVIDIA_OPENAI_DEALS.join(', ')}); everything else replayed as it happened.`,
  );
  const suppress = NVIDIA_OPENAI_DEALS.map((deal) => ({
    type: 'SuppressDeal',
    deal,
  }));
  const outcomes: (string | number)[][] = [];
  let overlayId: string | undefined;
  for (const company of ['openai', 'nvidia']) {
    for (const [label, overlay] of [
      ['history as it was', undefined],
      ['never signed', suppress],
    ] as const) {
      const run = await c.post<ScenarioDto>('/scenarios', {
        name: `demo: ${company} slips, ${label}`,
        at: AFTER_MEGA_DEALS,
        model: 'debtrank',
        shocks: [{ type: 'default', company, recoveryRate }],
        ...(overlay ? { overlay } : {}),
      } satisfies ScenarioDefinition);
      if (overlay) overlayId = run.id;
      const others = run.result.companies
        .filter((x) => x.defaulted && (x.defaultRound ?? 0) > 0)
        .map((x) => x.id);
      const loss = (id: string): string =>
        usd(run.result.companies.find((x) => x.id === id)?.lossUsd ?? 0);
      outcomes.push([
        `${company} slips`,
        label,
        others.join(', ') || 'nobody else',
        loss(company === 'openai' ? 'nvidia' : 'openai'),
        usd(run.result.totalLossUsd),
        times(run.result.amplification),
      ]);
    }
  }
  const before = await network(AFTER_MEGA_DEALS);
  const after = await c.get<NetworkDto>(`/scenarios/${overlayId!}/exposures`, {
    at: AFTER_MEGA_DEALS,
  });
  const changes = diffNetworks(before, after);
  io.out(
    changes.length
      ? table(
          [
            'holder',
            'loses if this fails',
            'as it was',
            'never signed',
            'difference',
          ],
          changes.map((e) => [
            e.holder,
            e.counterparty,
            usd(e.baselineUsd),
            usd(e.scenarioUsd),
            usd(e.differenceUsd),
          ]),
          [2, 3, 4],
        )
      : 'No exposure changes on this date.',
  );
  io.out(
    table(
      [
        'debtrank',
        'timeline',
        'who else fails',
        'loss of the other',
        'total loss',
        'amplification',
      ],
      outcomes,
      [3, 4, 5],
    ),
  );
  const same = (a: number, b: number): boolean =>
    outcomes[a][4] === outcomes[b][4] && outcomes[a][2] === outcomes[b][2];
  if (same(0, 1) && same(2, 3)) {
    io.out(
      "The letter of intent was money promised, not paid: it shows as OpenAI's exposure to Nvidia, but the contagion models\n" +
        'count what is owed or held, so the cascades are the same with it or without it. What changes is the network itself.',
    );
  }
  io.out(
    `\nEvery figure above traces back to its deals: GET /companies/<id>/exposure?explain=true, GET /deals/<id>/history.`,
  );
}
