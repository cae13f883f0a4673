import { performance } from 'node:perf_hooks';
import { ContagionModelName, syntheticNetwork } from '../src/contagion';
import { runSlices } from '../src/scenarios/analysis.pool';
import {
  AnalysisInput,
  rankSystemic,
  summariseSweep,
} from '../src/scenarios/domain/analysis';
import { printHeader } from './machine';

/**
 * Systemic ranking and Monte Carlo sweeps as GET /analysis/systemic and POST /scenarios/sweep run
 * them (two slices on two worker threads), on a synthetic market of 1,000 companies and 20,000
 * obligations (src/contagion/synthetic.ts, seed 42). Targets: the ranking ≤ 10 s, a 10,000-run
 * sweep ≤ 30 s.
 */
async function main(): Promise<void> {
  printHeader(
    'scenarios: systemic ranking and Monte Carlo sweep (2 worker threads)',
  );
  const network = syntheticNetwork({
    companies: 1000,
    obligations: 20_000,
    seed: 42,
    stakeShare: 0.2,
  });
  const models: ContagionModelName[] = [
    'eisenberg-noe',
    'rogers-veraart',
    'furfine',
    'debtrank',
  ];
  const params = { alpha: 0.5, beta: 0.8, recoveryRate: 0.4 };
  process.stdout.write(
    '| analysis | model | runs | elapsed s | target s | outcome |\n|---|---|---|---|---|---|\n',
  );
  const all = Array.from({ length: network.n }, (_, i) => i);
  for (const model of models) {
    const input: AnalysisInput = { network, model, params, base: {} };
    const t0 = performance.now();
    const outcomes = await runSlices(
      [all.slice(0, 500), all.slice(500)].map((indices) => ({
        kind: 'systemic' as const,
        input,
        indices,
        recoveryRate: 0,
      })),
      () => undefined,
    );
    const rows = rankSystemic(
      outcomes.flatMap((o) => (o.kind === 'systemic' ? o.rows : [])),
    );
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(
      `| systemic ranking | ${model} | ${rows.length} | ${s.toFixed(2)} | 10 | top ${rows[0].company}: loss ${(rows[0].totalLossUsd / 1e9).toFixed(2)} bn, ${rows[0].failuresCaused} failures |\n`,
    );
  }
  for (const model of models) {
    const input: AnalysisInput = { network, model, params, base: {} };
    const probabilities = new Float64Array(network.n).fill(0.01);
    const runs = 10_000;
    const t0 = performance.now();
    const outcomes = await runSlices(
      [
        {
          kind: 'sweep' as const,
          input,
          probabilities,
          seed: 42,
          from: 0,
          to: runs / 2,
        },
        {
          kind: 'sweep' as const,
          input,
          probabilities,
          seed: 42,
          from: runs / 2,
          to: runs,
        },
      ],
      () => undefined,
    );
    const loss = new Float64Array(runs);
    const defaults = new Int32Array(runs);
    outcomes.forEach((o, k) => {
      if (o.kind !== 'sweep') return;
      loss.set(o.sample.lossUsd, k * (runs / 2));
      defaults.set(o.sample.defaults, k * (runs / 2));
    });
    const summary = summariseSweep(loss, defaults);
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(
      `| sweep, p = 1 % each | ${model} | ${runs} | ${s.toFixed(2)} | 30 | mean ${(summary.meanLossUsd / 1e9).toFixed(2)} bn, VaR99 ${(summary.var99Usd / 1e9).toFixed(2)} bn, ES99 ${(summary.es99Usd / 1e9).toFixed(2)} bn |\n`,
    );
  }
}

void main();
