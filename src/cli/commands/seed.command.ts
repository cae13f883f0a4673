import { Command } from 'commander';
import { datasetText, readDataset } from '../../seed/ai-buildout.dataset';
import type { ImportSummary } from '../../ledger/application/import.service';
import { SeedReport, SeedService } from '../../seed/seed.service';
import { refusedLines } from '../import.command';
import { ApiError } from './client';
import { EXIT, Io, json, table } from './output';
import { Target } from './target';
import { Progress } from './progress';
import { action, addCommonOptions, CommonOptions, targetCommand } from './run';

/**
 * `tangle seed`: loads the AI build-out data set. Idempotent: every line has its idempotency key,
 * so a second run records nothing new. In process it goes through the seed service; with `--url`
 * it sends the files to the server's `POST /import`. Exit 0 when every line went in (or was there), 1 otherwise.
 */
export const seedCommand = targetCommand<CommonOptions>(
  async (target, options, io) => {
    if (target.inProcess && target.app) {
      const progress = new Progress(io, Boolean(options.json));
      progress.start(readDataset().length, 'seed');
      const report = await target.app
        .get(SeedService)
        .load(undefined, () => progress.tick());
      progress.stop();
      io.out(options.json ? json(report) : renderSeedReport(report));
      return report.failed.length === 0 ? EXIT.ok : EXIT.failure;
    }
    // Idempotency keys are scoped to the writer: over HTTP the writer is the caller's token, not the
    // start-up loader. A server that already holds the set (its last deal exists) is left alone.
    const lastDeal = [...readDataset()]
      .reverse()
      .find((l) => l.command.command === 'record-deal')!.command.id as string;
    if (await exists(target, `/deals/${lastDeal}`)) {
      io.out(
        `ai-buildout data set already on ${target.client.baseUrl} (deal ${lastDeal} exists): nothing sent`,
      );
      return EXIT.ok;
    }
    const answer = await target.client.request<ImportSummary>(
      'POST',
      '/import',
      {
        rawBody: datasetText(),
        contentType: 'application/x-ndjson',
      },
    );
    if (options.json) io.out(json(answer));
    else {
      io.out(
        `ai-buildout data set sent to ${target.client.baseUrl}: ${answer.total} lines, ${answer.succeeded} applied (new or already present), ${answer.failed} refused`,
      );
      const refused = refusedLines(answer);
      if (refused !== undefined) io.out(refused);
    }
    return answer.failed === 0 ? EXIT.ok : EXIT.failure;
  },
  { seed: 'none' },
);

async function exists(target: Target, path: string): Promise<boolean> {
  try {
    await target.client.get(path);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

export function renderSeedReport(r: SeedReport): string {
  const lines = [
    `ai-buildout data set: ${r.lines} lines, ${r.recorded} recorded, ${r.alreadyPresent} already present, ${r.failed.length} refused (store head position ${r.position})`,
  ];
  if (r.failed.length > 0) {
    lines.push(
      table(
        ['where', 'command', 'id', 'refused because'],
        r.failed.map((f) => [
          `${f.file}:${f.line}`,
          f.command,
          f.id ?? '',
          f.message,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

export function registerSeedCommand(program: Command, io: Io): void {
  addCommonOptions(
    program
      .command('seed')
      .description(
        'load the AI build-out data set (idempotent: a re-run records nothing new)',
      ),
  ).action(action((o: CommonOptions) => seedCommand(o, io)));
}
