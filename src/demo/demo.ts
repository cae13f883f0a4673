import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTAGION_MODELS } from '../contagion/model';
import { NetworkDto } from '../cli/commands/api-types';
import type { Caveat } from '../exposure/domain/valuation';
import { httpScenarios, ScenarioRunner } from './demo.scenarios';
import type { EconomicResult } from '../scenarios/domain/economics/result';
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
import { openTarget, Target } from '../cli/commands/target';
import { SeedService } from '../seed/seed.service';
import {
  CAVEAT_MEANING,
  dealsCell,
  ExplainedEdge,
  exposureBetween,
  groupCaveats,
  largestDependencies,
  readShock,
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
    'The $100B letter of intent (2025-09-22), its stall (2026-01-30), the $30B stake that replaced it (2026-02-27).\n' +
      'The letter and the 10 GW deal are `intent`, left out at the default certainty: read here with minCertainty=intent.',
  );
  const travel: (string | number)[][] = [];
  for (const at of NVIDIA_OPENAI_DATES) {
    const view = await c.get<NetworkDto>('/exposures', {
      at,
      minCertainty: 'intent',
      estimates: 'central',
      minPosition,
    });
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
                `${e.holder} has ${e.amountUsd > 0 ? usd(e.amountUsd) : '(no amount)'} at stake if ${e.counterparty} fails (loses ${usd(e.lossGivenDefaultUsd ?? e.amountUsd)}): ${dealsCell(e.deals)}`,
            )
            .join('\n'),
    ]);
  }
  io.out(table(['at', 'exposures between Nvidia and OpenAI'], travel));

  // 2. The largest single dependencies, as a share of equity.
  heading(io, `The largest single dependencies (${day(now.at)})`);
  io.out(
    "Each company's largest gross exposure to one counterparty against its equity (its latest report moved by the flows since;\n" +
      'see GET /companies/<id>/financials), and what it would lose if that counterparty failed (loss given default).',
  );
  const deps = largestDependencies(now, 10);
  io.out(
    table(
      [
        'company',
        'on',
        'exposure',
        'loss given default',
        'equity',
        'share of equity',
        'deals',
      ],
      deps.map((d) => [
        d.company,
        d.counterparty,
        usd(d.amountUsd),
        usd(
          exposureBetween(now, d.company, d.counterparty).lossGivenDefaultUsd,
        ),
        usd(d.equityUsd),
        pct(d.share),
        dealsCell(d.deals),
      ]),
      [2, 3, 4, 5],
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

  // 4. What if OpenAI slips: who fails because of it, who was failing anyway, what it rests on.
  // through the HTTP API like any client: each run is recorded and audited (in process or --url)
  const run = httpScenarios(target.client);
  await openAiSlips(target, run, options, io, now, minPosition);
  const recoveryRate = options.recoveryRate ?? 0.4;

  // 5. What if the Nvidia–OpenAI deal had never been signed: an overlay replay.
  heading(
    io,
    `What if the Nvidia–OpenAI deal had never been signed? (${AFTER_MEGA_DEALS})`,
  );
  io.out(
    `Overlay: the September 2025 letter of intent and the 10 GW supply deal suppressed (${NVIDIA_OPENAI_DEALS.join(', ')}); everything else replayed as it happened.\n` +
      'Both are `intent`: at the default certainty (binding) neither counts, so they are read here with minCertainty=intent.',
  );
  const suppress = NVIDIA_OPENAI_DEALS.map((deal) => ({
    type: 'SuppressDeal' as const,
    deal,
  }));
  const outcomes: (string | number)[][] = [];
  for (const [label, overlay] of [
    ['history as it was', undefined],
    ['never signed', suppress],
  ] as const) {
    const result = await run({
      name: `demo: openai slips, ${label}`,
      at: AFTER_MEGA_DEALS,
      model: 'debtrank',
      params: { minCertainty: 'intent' },
      shocks: [{ type: 'default', company: 'openai', recoveryRate }],
      ...(overlay ? { overlay } : {}),
    });
    const nvidia = result.companies.find((x) => x.id === 'nvidia');
    const withoutSheet = new Set(
      now.companies.filter((x) => x.equityUsd === null).map((x) => x.id),
    );
    outcomes.push([
      label,
      usd(nvidia?.lossUsd ?? 0),
      readShock(result, ['openai'], withoutSheet)
        .caused.map((x) => x.id)
        .join(', ') || 'nobody',
      usd(result.totalLossUsd),
    ]);
  }
  io.out(
    table(
      [
        'debtrank, openai slips',
        "nvidia's loss",
        'fails because of it',
        'total loss',
      ],
      outcomes,
      [1, 3],
    ),
  );
  io.out(
    'The letter of intent was money promised to OpenAI (nothing to lose if OpenAI fails); the 10 GW supply deal is\n' +
      "Nvidia's claim on OpenAI, counted at its loss given default. Neither is a binding commitment.",
  );
  io.out(
    `\nEvery figure above traces back to its deals: GET /companies/<id>/exposure?explain=true, GET /deals/<id>/history.`,
  );
}

interface FinancialsDto {
  periodEnd: string | null;
  reported: boolean;
  equityUsd: number | null;
  cashUsd: number | null;
  operatingCashFlowUsd: number | null;
  confidence?: string | null;
  source: string | null;
  flows: { count: number; cashUsd: number; equityUsd: number };
  caveats: Caveat[];
}

/**
 * "What if OpenAI slips?" with the reading of DESIGN.md: every run beside its no-shock baseline, so
 * the failures the shock causes stand apart from the companies failing anyway; Oracle's loss given
 * default beside its gross exposure; the liquidity reading for who fails without any shock, and
 * why; and the caveats the answer rests on.
 */
async function openAiSlips(
  target: Target,
  run: ScenarioRunner,
  options: DemoOptions,
  io: Io,
  now: NetworkDto,
  minPosition?: number,
): Promise<void> {
  const c = target.client;
  const at = now.at;
  const recoveryRate = options.recoveryRate ?? 0.4;
  const withoutSheet = new Set(
    now.companies.filter((x) => x.equityUsd === null).map((x) => x.id),
  );
  const shocks = [
    { type: 'default' as const, company: 'openai', recoveryRate },
  ];
  heading(
    io,
    `What if OpenAI slips? (${day(at)}, ${pct(recoveryRate)} of what it owes recovered)`,
  );
  const runs: { model: string; result: EconomicResult }[] = [];
  for (const model of CONTAGION_MODELS) {
    runs.push({
      model,
      result: await run({
        name: `demo: OpenAI slips (${model})`,
        at,
        model,
        shocks,
      }),
    });
  }
  const first = runs[0].result;
  io.out(
    `Reading: ${first.basis} (each company's reported balance sheet; a compute contract counted at its loss given default:\n` +
      `what falls due within ${String(first.params.horizonDays ?? 365)} days plus ${pct(Number(first.params.damagesRate ?? 0.25))} damages on the rest). ` +
      `Deals at or above ${String(first.params.minCertainty ?? 'binding')}, estimates at ${String(first.params.estimates ?? 'central')}.\n` +
      'Each model also runs with no shock at all: a company failing there is failing anyway, not because of OpenAI.',
  );
  io.out(
    table(
      [
        'model',
        'fails because of it',
        'creditor groups that lose (no balance sheet)',
        'failing anyway',
        'initial loss',
        'total loss',
        'amplification',
      ],
      runs.map(({ model, result }) => {
        const r = readShock(result, ['openai'], withoutSheet);
        return [
          model,
          r.caused.map((x) => `${x.id} (round ${x.round ?? '?'})`).join('\n') ||
            'nobody',
          r.groupsHit
            .slice(0, 4)
            .map((g) => `${g.id} ${usd(g.lossUsd)}`)
            .join('\n') +
            (r.groupsHit.length > 4 ? `\n+${r.groupsHit.length - 4} more` : ''),
          r.failingAnyway.join(', ') || 'nobody',
          usd(result.initialLossUsd),
          usd(result.totalLossUsd),
          times(result.amplification),
        ];
      }),
      [4, 5, 6],
    ),
  );

  // Oracle: the gross backlog beside what its equity would lose.
  const oracle = exposureBetween(now, 'oracle', 'openai');
  const sheet = await c.get<FinancialsDto>('/companies/oracle/financials', {
    at,
    minPosition,
  });
  io.out(
    `\nOracle on OpenAI: gross exposure ${usd(oracle.grossUsd)} (the unpaid backlog of ${dealsCell(oracle.deals)}), ` +
      `loss given default ${usd(oracle.lossGivenDefaultUsd)}; with ${pct(recoveryRate)} recovered it stands to lose ${usd((1 - recoveryRate) * oracle.lossGivenDefaultUsd)}, one figure in every model.\n` +
      'A compute contract is executory: beyond the near term Oracle has neither delivered nor spent, so a failing buyer owes damages, not the price.\n' +
      `Oracle's equity: ${usd(sheet.equityUsd)} (its report for the period ended ${day(sheet.periodEnd)}` +
      `${sheet.flows.count > 0 ? `, moved by ${sheet.flows.count} flows since` : ''}; GET /companies/oracle/financials).`,
  );
  io.out(
    table(
      [
        'model',
        'oracle: equity before',
        'loss on openai',
        'loss through others',
        'equity after',
        'status',
      ],
      runs.map(({ model, result }) => {
        const o = result.companies.find((x) => x.id === 'oracle');
        return [
          model,
          usd(o?.equityBeforeUsd),
          usd(o?.lossDirectUsd),
          usd(o?.lossContagionUsd),
          usd(o?.equityAfterUsd),
          o?.defaulted
            ? `${o.status}, fails in round ${o.defaultRound ?? '?'}`
            : (o?.status ?? 'not in the network'),
        ];
      }),
      [1, 2, 3, 4],
    ),
  );
  io.out(
    "Each model books a company's loss up to its equity (Furfine books the whole claim); equity after shows the whole hole.",
  );
  io.out(
    '\nCapacity at risk: what other buyers no longer get from suppliers the shock brings down (reported, not booked as a loss).',
  );
  for (const { model, result } of runs) {
    const capacity = result.companies
      .filter((x) => x.capacityAtRiskUsd > 0 && x.id !== 'openai')
      .sort((a, b) => b.capacityAtRiskUsd - a.capacityAtRiskUsd);
    io.out(
      `  ${model}: ${
        capacity
          .slice(0, 5)
          .map(
            (x) =>
              `${x.id} ${usd(x.capacityAtRiskUsd)}${x.capacityAtRiskGw ? ` (${x.capacityAtRiskGw} GW)` : ''}`,
          )
          .join(', ') || 'none'
      }`,
    );
  }

  // Who was failing anyway, and why: the liquidity reading.
  heading(io, `Who was failing anyway? The liquidity reading (${day(at)})`);
  io.out(
    'Cash on the latest report (moved by the flows since), funding and operating cash flow due within a year, against the\n' +
      'payments due within a year. Who cannot pay in full is illiquid, with no shock at all.',
  );
  const liquidity = await run({
    name: 'demo: OpenAI slips (liquidity)',
    at,
    model: 'eisenberg-noe',
    params: { basis: 'liquidity' },
    shocks,
  });
  const defaultedInRecord = new Set(
    now.companies.filter((x) => x.defaulted).map((x) => x.id),
  );
  const anyway = liquidity.companies.filter((x) => x.failingWithoutShock);
  const rows: string[][] = [];
  for (const x of anyway) {
    if (defaultedInRecord.has(x.id)) {
      rows.push([x.id, '—', '—', 'in default in the record itself']);
      continue;
    }
    const f = await c.get<FinancialsDto>(`/companies/${x.id}/financials`, {
      at,
      minPosition,
    });
    const cash =
      f.cashUsd === null
        ? 'none reported'
        : `${usd(f.cashUsd)} (report of ${day(f.periodEnd)}${f.flows.count > 0 ? `, moved by ${f.flows.count} flows` : ''})`;
    rows.push([
      x.id,
      usd(x.liquidityShortfallUsd),
      cash,
      liquidityWhy(f).join(';\n'),
    ]);
  }
  io.out(
    rows.length > 0
      ? table(
          ['failing anyway', 'shortfall', 'cash on its report', 'why'],
          rows,
          [1],
        )
      : 'Nobody fails without a shock in this reading.',
  );
  const caused = readShock(liquidity, ['openai'], withoutSheet).caused;
  io.out(
    caused.length > 0
      ? `Because OpenAI slips, in this reading: ${caused.map((x) => x.id).join(', ')} can no longer pay in full.`
      : 'In this reading OpenAI slipping leaves no one else unable to pay: its suppliers are owed little within a year.',
  );

  // What the answer rests on.
  heading(io, 'What the answer rests on (caveats)');
  io.out(
    `The ${runs[0].model} run above lists ${first.caveats.length} caveats; every answer says what it assumed, never silently.`,
  );
  io.out(
    table(
      ['caveat', 'how many', 'meaning', 'for example'],
      groupCaveats(first.caveats).map((g) => [
        g.kind,
        String(g.count),
        CAVEAT_MEANING[g.kind],
        g.examples.join(', '),
      ]),
      [1],
    ),
  );
  const estimatedSheets = [
    ...new Set(
      first.caveats
        .filter((x) => x.kind === 'low-confidence' && x.company !== undefined)
        .map((x) => x.company!),
    ),
  ];
  if (estimatedSheets.length > 0)
    io.out(
      `Balance sheets estimated, not filed: ${estimatedSheets.join(', ')} (GET /companies/<id>/financials gives what each rests on).`,
    );
}

/** Why a company cannot pay what falls due within a year, from its balance sheet's own answer. */
function liquidityWhy(f: FinancialsDto): string[] {
  const why = ['payments due within a year exceed its cash and inflows'];
  if (f.cashUsd === null)
    why.push(
      'its report gives no cash figure, so none is counted (a gap in the data)',
    );
  if (f.operatingCashFlowUsd === null)
    why.push(
      'its report gives no operating cash flow, so none is counted (a gap in the data)',
    );
  if (f.caveats.some((x) => x.kind === 'stale-financials'))
    why.push(
      `its latest report (${day(f.periodEnd)}) is more than 15 months old`,
    );
  if (f.confidence === 'low') why.push('its balance sheet is an estimate');
  return why;
}
