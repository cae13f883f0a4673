import { performance } from 'node:perf_hooks';
import {
  ContagionModelName,
  ContagionNetwork,
  ContagionShocks,
  runContagionModel,
  syntheticNetwork,
} from '../src/contagion';
import { percentile, printHeader } from './machine';

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
): { median: number; p95: number; line: string } {
  const params = { alpha: 0.5, beta: 0.8, recoveryRate: 0.4 };
  const w0 = performance.now();
  let last = runContagionModel(model, net, shocks, params);
  // A heavy cascade (seconds per run) is measured 3 times after one warm-up, the rest after 3.
  const heavy = performance.now() - w0 > 500;
  if (!heavy)
    for (let w = 0; w < 3; w++)
      last = runContagionModel(model, net, shocks, params);
  const times: number[] = [];
  for (let r = 0; r < (heavy ? 3 : runs); r++) {
    const t0 = performance.now();
    last = runContagionModel(model, net, shocks, params);
    times.push(performance.now() - t0);
  }
  const median = percentile(times, 50);
  const p95 = percentile(times, 95);
  return {
    median,
    p95,
    line: `defaults ${last.defaults.length}, rounds ${last.rounds}, amplification ${last.amplification?.toFixed(3) ?? '–'}`,
  };
}

function main(): void {
  printHeader('contagion models on synthetic networks');
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
    '| companies / obligations | model | scenario | median ms | p95 ms | target ms | baseline: eisenberg-noe median ms | ratio | outcome |\n|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const size of sizes) {
    const net = syntheticNetwork({
      companies: size.n,
      obligations: size.m,
      seed: 42,
      stakeShare: 0.1,
    });
    // Eisenberg–Noe medians by scenario: the in-run baseline of the Rogers–Veraart rows.
    const baseline = new Map<string, number>();
    for (const model of size.models) {
      for (const c of cases) {
        const r = measure(model, net, c.shocks(net), size.runs);
        if (model === 'eisenberg-noe') baseline.set(c.name, r.median);
        const base =
          model === 'rogers-veraart' ? baseline.get(c.name) : undefined;
        const compared =
          base === undefined
            ? '– | –'
            : `${base.toFixed(1)} | ${(r.median / base).toFixed(1)}×`;
        process.stdout.write(
          `| ${size.n.toLocaleString('en')} / ${size.m.toLocaleString('en')} | ${model} | ${c.name} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${size.target[model]} | ${compared} | ${r.line} |\n`,
        );
      }
    }
  }
}

main();
