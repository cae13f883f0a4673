import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  ContagionModelName,
  ContagionNetwork,
  ContagionShocks,
  runContagionModel,
  syntheticNetwork,
} from '../src/contagion';
import { basisNetwork } from '../src/scenarios/domain/economics/basis';
import { Basis, paramsUsed } from '../src/scenarios/domain/economics/market';
import { runEconomics } from '../src/scenarios/domain/economics/run';
import { EconomicShock } from '../src/scenarios/domain/economics/shocks';
import { percentile, printHeader } from './machine';
import { marketOf } from './readings-market';

/**
 * Contagion models on synthetic networks (src/contagion/synthetic.ts, seeded): each model, each
 * scenario, median and p95 of repeated runs after warm-up. Targets: Eisenberg–Noe ≤ 15 ms at
 * 10,000 companies / 200,000 obligations and ≤ 150 ms at 100,000 / 2,000,000; Rogers–Veraart
 * (whose default costs can bring down most of the market over dozens of waves) ≤ 30 ms and ≤ 1 s;
 * Furfine ≤ 15 ms and DebtRank ≤ 30 ms at 10,000 / 200,000. Rogers–Veraart rows also print their
 * in-run baseline, Eisenberg–Noe on the same network and shock, and the ratio to it.
 */
interface Case {
  readonly name: string;
  readonly shocks: (net: ContagionNetwork) => ContagionShocks;
}

const largestDebtors = (net: ContagionNetwork, k: number): number[] =>
  Array.from({ length: net.n }, (_, i) => i)
    .sort((a, b) => net.totalObligations[b] - net.totalObligations[a])
    .slice(0, k);

const cases: Case[] = [
  {
    name: '10 largest debtors default (R = 0)',
    shocks: (net) => ({
      defaults: new Map(largestDebtors(net, 10).map((i) => [i, 0])),
    }),
  },
  {
    name: 'outside assets −5 % for all',
    shocks: (net) => ({
      assetLossUsd: Float64Array.from(net.externalAssets, (e) => 0.05 * e),
    }),
  },
];

function measure(
  model: ContagionModelName,
  net: ContagionNetwork,
  shocks: ContagionShocks,
  runs: number,
): { median: number; p95: number; cpu: number; line: string } {
  const params = { alpha: 0.5, beta: 0.8, recoveryRate: 0.4 };
  const w0 = performance.now();
  let last = runContagionModel(model, net, shocks, params);
  // A heavy cascade (seconds per run) is measured 3 times after one warm-up, the rest after 3.
  const heavy = performance.now() - w0 > 500;
  if (!heavy)
    for (let w = 0; w < 3; w++)
      last = runContagionModel(model, net, shocks, params);
  const times: number[] = [];
  // CPU time beside the wall clock: on a shared machine the wall clock also counts the waits.
  const cpu: number[] = [];
  for (let r = 0; r < (heavy ? 3 : runs); r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = runContagionModel(model, net, shocks, params);
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = percentile(times, 50);
  const p95 = percentile(times, 95);
  return {
    median,
    p95,
    cpu: percentile(cpu, 50),
    line: `defaults ${last.defaults.length}, rounds ${last.rounds}, amplification ${last.amplification?.toFixed(3) ?? '–'}`,
  };
}

/**
 * Median wall time and median CPU time of the process (all its threads, the collector's helpers
 * included) over `runs` calls after one warm-up: on a loaded shared machine the CPU time moves far
 * less than the wall time.
 */
const median = (runs: number, f: () => void): { wall: number; cpu: number } => {
  f();
  const times: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { wall: percentile(times, 50), cpu: percentile(cpus, 50) };
};
const cell = (m: { wall: number; cpu: number }): string =>
  `${m.wall.toFixed(1)} · ${m.cpu.toFixed(1)}`;

/**
 * The readings on the same synthetic markets: the model alone on each reading's network (the
 * Eisenberg–Noe targets apply), and a whole scenario (both networks, baseline and shocked run,
 * result) against a single run (network, shocked run, no baseline); target ≤ 2.2×.
 */
function readings(
  size: {
    n: number;
    m: number;
    runs: number;
    target: number;
    periods?: boolean;
  },
  net: ContagionNetwork,
): void {
  const market = marketOf(net);
  const shocks: EconomicShock[] = largestDebtors(net, 10).map((i) => ({
    type: 'default',
    company: net.ids[i],
    recoveryRate: 0,
  }));
  const periodsOnly = process.env.CONTAGION_BENCH === 'periods';
  for (const basis of (periodsOnly
    ? []
    : ['balance-sheet', 'liquidity']) as Basis[]) {
    const params = { basis, recoveryRate: 0.4 };
    const used = paramsUsed(params);
    const built = basisNetwork(market, used, new Map());
    const defaults = new Map(
      shocks.map((s) => [
        built.network.indexOf.get((s as { company: string }).company)!,
        0,
      ]),
    );
    const modelOnly = median(size.runs, () => {
      runContagionModel('eisenberg-noe', built.network, { defaults }, params);
    });
    const network = median(size.runs, () => {
      basisNetwork(market, used, new Map());
    });
    let last = runEconomics('eisenberg-noe', market, shocks, params);
    const single = median(size.runs, () => {
      const b = basisNetwork(market, used, new Map());
      runContagionModel('eisenberg-noe', b.network, { defaults }, params);
    });
    const whole = median(size.runs, () => {
      last = runEconomics('eisenberg-noe', market, shocks, params);
    });
    process.stdout.write(
      `| ${size.n.toLocaleString('en')} / ${size.m.toLocaleString('en')} | ${basis} | ${cell(modelOnly)} | ${size.target} | ${cell(network)} | ${cell(single)} | ${cell(whole)} | ${(whole.wall / single.wall).toFixed(2)} · ${(whole.cpu / single.cpu).toFixed(2)} | ${last.defaults.length} caused, ${last.baselineDefaults.length} anyway |\n`,
    );
  }
  if (!size.periods) return;
  // The year-by-year clearing: every year cleared (to the loans' last maturity), baseline first.
  const params = {
    basis: 'liquidity' as const,
    periods: 'year' as const,
    recoveryRate: 0.4,
  };
  let last = runEconomics('eisenberg-noe', market, shocks, params);
  const whole = median(size.runs, () => {
    last = runEconomics('eisenberg-noe', market, shocks, params);
  });
  const byYear = new Map<number, number>();
  for (const c of last.companies)
    if (c.defaultYear)
      byYear.set(c.defaultYear, (byYear.get(c.defaultYear) ?? 0) + 1);
  const years = [...byYear]
    .sort((a, b) => a[0] - b[0])
    .map(([y, k]) => `${k.toLocaleString('en')} in year ${y}`);
  process.stdout.write(
    `| ${size.n.toLocaleString('en')} / ${size.m.toLocaleString('en')} | liquidity, periods: year (${last.years} years) | – | – | – | – | ${cell(whole)} | – | ${last.defaults.length} caused, ${last.baselineDefaults.length} anyway; ${years.join(', ') || 'no failure'} |\n`,
  );
}

function main(): void {
  printHeader('contagion models on synthetic networks');
  // `CONTAGION_BENCH=rogers-veraart`: Rogers–Veraart and its in-run baseline (Eisenberg–Noe) alone.
  const only =
    process.env.CONTAGION_BENCH === 'rogers-veraart'
      ? (model: ContagionModelName): boolean =>
          model === 'eisenberg-noe' || model === 'rogers-veraart'
      : (): boolean => true;
  const sizes = [
    {
      n: 10_000,
      m: 200_000,
      runs: 25,
      models: [
        'eisenberg-noe',
        'rogers-veraart',
        'furfine',
        'debtrank',
      ] as ContagionModelName[],
      target: {
        'eisenberg-noe': 15,
        'rogers-veraart': 30,
        furfine: 15,
        debtrank: 30,
      } as Record<string, number>,
    },
    {
      n: 100_000,
      m: 2_000_000,
      runs: 6,
      models: ['eisenberg-noe', 'rogers-veraart'] as ContagionModelName[],
      target: { 'eisenberg-noe': 150, 'rogers-veraart': 1000 } as Record<
        string,
        number
      >,
    },
  ];
  process.stdout.write(
    '| companies / obligations | model | scenario | median ms | p95 ms | target ms | baseline: eisenberg-noe median ms | ratio | CPU median ms (ratio) | outcome |\n|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const size of sizes) {
    const net = syntheticNetwork({
      companies: size.n,
      obligations: size.m,
      seed: 42,
      stakeShare: 0.1,
    });
    // Eisenberg–Noe medians by scenario: the in-run baseline of the Rogers–Veraart rows.
    const baseline = new Map<string, { median: number; cpu: number }>();
    for (const model of size.models.filter(only)) {
      for (const c of cases) {
        const r = measure(model, net, c.shocks(net), size.runs);
        if (model === 'eisenberg-noe') baseline.set(c.name, r);
        const base =
          model === 'rogers-veraart' ? baseline.get(c.name) : undefined;
        const compared =
          base === undefined
            ? `– | – | ${r.cpu.toFixed(1)}`
            : `${base.median.toFixed(1)} | ${(r.median / base.median).toFixed(1)}× | ${r.cpu.toFixed(1)} (${(r.cpu / base.cpu).toFixed(1)}×)`;
        process.stdout.write(
          `| ${size.n.toLocaleString('en')} / ${size.m.toLocaleString('en')} | ${model} | ${c.name} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${size.target[model]} | ${compared} | ${r.line} |\n`,
        );
      }
    }
  }
}

/** The readings' table (see `readings`), both sizes (the year-by-year row at 10,000 companies). */
function readingsTable(): void {
  process.stdout.write(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  process.stdout.write(
    '\nreadings (eisenberg-noe, the 10 largest debtors default with nothing recovered); each time is wall ms · CPU ms (median)\n\n| companies / obligations | basis | model | target ms | network | single run | with baseline | ratio (≤ 2.2) | outcome |\n|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const size of [
    { n: 10_000, m: 200_000, runs: 15, target: 15, periods: true },
    { n: 100_000, m: 2_000_000, runs: 3, target: 150 },
  ]) {
    if (process.env.CONTAGION_BENCH === 'periods' && !size.periods) continue;
    readings(
      size,
      syntheticNetwork({
        companies: size.n,
        obligations: size.m,
        seed: 42,
        stakeShare: 0.1,
      }),
    );
  }
}

// `CONTAGION_BENCH=readings` runs the readings alone (the models' table takes minutes under load);
// `CONTAGION_BENCH=periods` the year-by-year row alone; `CONTAGION_BENCH=rogers-veraart` the
// Rogers–Veraart rows and their Eisenberg–Noe baseline alone (no readings).
const selected = process.env.CONTAGION_BENCH ?? '';
if (!['readings', 'periods'].includes(selected)) main();
else printHeader('contagion readings on synthetic markets');
if (selected !== 'rogers-veraart') readingsTable();
