import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, ExitCode, Io } from '../commands/output';
import { explain } from '../commands/run';
import { openTarget, Target } from '../commands/target';
import { SeedService } from '../../seed/seed.service';
import { DemoOptions, Story } from './demo.context';
import { tourNetwork } from './demo.network';
import { httpScenarios } from './demo.scenarios';
import { neverSigned, openAiSlips } from './demo.what-if';

export type { DemoOptions } from './demo.context';

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
    await tell({ target, options, io, minPosition });
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

async function tell(story: Story): Promise<void> {
  const now = await tourNetwork(story);
  // What if OpenAI slips: who fails because of it, who was failing anyway, what it rests on; then
  // what if the Nvidia–OpenAI deal had never been signed. Through the HTTP API like any client:
  // each run is recorded and audited (in process or --url).
  const run = httpScenarios(story.target.client);
  await openAiSlips(story, run, now);
  await neverSigned(story, run, now);
  story.io.out(
    `\nEvery figure above traces back to its deals: GET /companies/<id>/exposure?explain=true, GET /deals/<id>/history.`,
  );
}
