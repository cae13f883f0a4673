import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcess } from './ledger/in-process';
import { alternatedRounds, overHttp } from './ledger/over-http';
import { fmt } from './ledger/wiring';
import { printHeader } from './machine';

/**
 * Ledger write throughput on the embedded store (a temporary SQLite file).
 * In process: commands one at a time through LedgerCommands → CommandBus → handler → decide →
 * append (target ≥ 10,000 commands/s). Baseline in the same run: a long stream with the per-stream
 * state cache switched off (each command re-reads and re-folds the whole stream).
 * Over HTTP, each server in its own process under autocannon with 50 concurrent clients: a NestJS
 * hello-world on the Fastify adapter (the in-run baseline, before and after), the ledger's write
 * path alone and the whole application (every module, projections following live) — payments
 * spread over 500 deals, then all on one deal (its stream grows by tens of thousands), then new
 * deals. Target: payments over 500 deals at ≥ 50 % of the hello-world's rate with p99 ≤ 30 ms,
 * read in the alternated rounds (`rounds`).
 *
 * BENCH_LEDGER picks the parts (comma-separated, default all): `in-process`, `ledger` (HTTP, the
 * write path alone), `whole` (HTTP, every module) and `rounds` (the target row, payments over 500
 * deals, in alternated rounds of the hello-world, the write path and the whole application:
 * BENCH_LEDGER_ROUNDS rounds, default 3, of BENCH_ROUND_SECONDS each, default 5); the hello-world
 * baseline runs around the `ledger` and `whole` parts. E.g. `BENCH_LEDGER=ledger npm run bench --
 * ledger` for the write path's HTTP rows only.
 */
const PARTS = new Set(
  (process.env.BENCH_LEDGER ?? 'in-process,ledger,whole,rounds').split(','),
);
const KNOWN_PARTS = ['in-process', 'ledger', 'whole', 'rounds'];
for (const part of PARTS)
  if (!KNOWN_PARTS.includes(part)) {
    process.stderr.write(
      `BENCH_LEDGER: unknown part '${part}' (known: ${KNOWN_PARTS.join(', ')})\n`,
    );
    process.exit(2);
  }
const ROUNDS = Number(process.env.BENCH_LEDGER_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);

async function main(): Promise<void> {
  printHeader(
    'ledger: command throughput on the embedded store (temporary SQLite file)',
  );
  process.stdout.write(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-ledger-'));
  try {
    if (PARTS.has('in-process')) await inProcess(dir);
    if (PARTS.has('ledger') || PARTS.has('whole')) {
      const baseline = await overHttp(dir, 'hello');
      if (PARTS.has('ledger')) await overHttp(dir, 'ledger', baseline);
      if (PARTS.has('whole')) await overHttp(dir, 'whole', baseline);
      // Measured again at the end: the machine is shared, so the baseline is bracketed.
      const after = await overHttp(dir, 'hello');
      process.stdout.write(
        `\nbaseline before / after: ${fmt(baseline.rate)} / ${fmt(after.rate)} req/s, p99 ${baseline.p99} / ${after.p99} ms\n`,
      );
    }
    if (PARTS.has('rounds') && ROUNDS > 0)
      await alternatedRounds(dir, ROUNDS, ROUND_SECONDS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ledger bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
