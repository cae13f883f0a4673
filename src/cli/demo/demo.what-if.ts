import { CONTAGION_MODELS } from '../../contracts';
import type { ExposureQueries } from '../../exposure/exposure.query-service';
import type { EconomicResult } from '../../scenarios/domain/economics/result';
import { NetworkDto } from '../commands/api-types';
import { day, pct, table, times, usd } from '../commands/output';
import { AFTER_MEGA_DEALS, heading, recoveryOf, Story } from './demo.context';
import { ScenarioRunner } from './demo.scenarios';
import {
  CAVEAT_MEANING,
  dealsCell,
  exposureBetween,
  groupCaveats,
  readShock,
  withoutBalanceSheet,
} from './demo.story';

const NVIDIA_OPENAI_DEALS = ['nvidia-openai-loi-100b', 'openai-nvidia-10gw'];

/** GET /companies/{id}/financials' answer, as the server's queries build it (the document does not describe it). */
type FinancialsDto = Awaited<ReturnType<ExposureQueries['financials']>>;

/**
 * "What if OpenAI slips?" with the reading of DESIGN.md: every run beside its no-shock baseline, so
 * the failures the shock causes stand apart from the companies failing anyway; Oracle's loss given
 * default beside its gross exposure; the liquidity reading for who fails without any shock, and
 * why; and the caveats the answer rests on.
 */
export async function openAiSlips(
  story: Story,
  run: ScenarioRunner,
  now: NetworkDto,
): Promise<void> {
  const { target, options, io, minPosition } = story;
  const c = target.client;
  const at = now.at;
  const recoveryRate = recoveryOf(options);
  const withoutSheet = withoutBalanceSheet(now);
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

/** What if the Nvidia–OpenAI deal had never been signed: an overlay replay. */
export async function neverSigned(
  story: Story,
  run: ScenarioRunner,
  now: NetworkDto,
): Promise<void> {
  const { options, io } = story;
  const recoveryRate = recoveryOf(options);
  const withoutSheet = withoutBalanceSheet(now);
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
