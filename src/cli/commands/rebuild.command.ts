import type { INestApplication } from '@nestjs/common';
import { Command } from 'commander';
import type { ExposureAdminController } from '../../exposure/exposure.controller';
import {
  ExposureProjection,
  type RebuildProgress,
} from '../../exposure/exposure.projection';
import { EXIT, ExitCode, Io, json } from './output';
import { Progress } from './progress';
import { action, addCommonOptions, CommonOptions, targetCommand } from './run';

/** POST /admin/projections/exposure/rebuild's answer, as the admin route builds it. */
type RebuildStarted = Awaited<ReturnType<ExposureAdminController['rebuild']>>;

/** GET /admin/projections/exposure: the projection's health report, the fields read here. */
interface ProjectionStatus {
  status: string;
  version: number | null;
  position: number;
  events?: number;
  rebuild?: RebuildProgress;
  lastRebuildError?: string;
}

export interface RebuildOptions extends CommonOptions {
  /** Polling interval while the rebuild runs (ms). */
  pollMs?: number;
}

/**
 * `tangle rebuild`: rebuilds the exposure projection from position 0 into a new version while the
 * old one keeps serving (POST /admin/projections/exposure/rebuild), follows its progress, and ends
 * when the new version serves. Exit 0 when it does, 1 when the rebuild failed.
 */
export const rebuildCommand = targetCommand<RebuildOptions>(
  async (target, options, io) => {
    if (target.app) return rebuildInProcess(target.app, options, io);
    const started = await target.client.post<RebuildStarted>(
      '/admin/projections/exposure/rebuild',
      {},
    );
    const progress = new Progress(io, Boolean(options.json));
    progress.start(100, `rebuild v${started.version}`);
    let status: ProjectionStatus;
    for (;;) {
      status = await target.client.get<ProjectionStatus>(
        '/admin/projections/exposure',
      );
      if (status.lastRebuildError) break;
      if (
        status.version !== null &&
        status.version >= started.version &&
        !status.rebuild
      )
        break;
      const percent = status.rebuild?.percent ?? 0;
      progress.tick(Math.max(0, Math.floor(percent) - progress.done));
      await new Promise((resolve) =>
        setTimeout(resolve, options.pollMs ?? 100),
      );
    }
    progress.stop();
    const ok = !status.lastRebuildError && status.version === started.version;
    if (options.json) io.out(json(status));
    else if (ok)
      io.out(
        `exposure projection rebuilt: version ${status.version} serves, at position ${status.position}${status.events !== undefined ? ` (${status.events} events)` : ''}`,
      );
    else
      io.err(
        `tangle: rebuild v${started.version} failed: ${status.lastRebuildError ?? `version ${status.version} serves instead`}`,
      );
    return ok ? EXIT.ok : EXIT.failure;
  },
  { seed: 'none' },
);

/** In process the projection is at hand: rebuild it directly (no admin token needed for one's own store). */
async function rebuildInProcess(
  app: INestApplication,
  options: RebuildOptions,
  io: Io,
): Promise<ExitCode> {
  const projection = app.get(ExposureProjection);
  const { version, done } = await projection.rebuild();
  const progress = new Progress(io, Boolean(options.json));
  progress.start(100, `rebuild v${version}`);
  const timer = setInterval(() => {
    const p = projection.rebuildProgress();
    if (p) progress.tick(Math.max(0, Math.floor(p.percent) - progress.done));
  }, options.pollMs ?? 100);
  try {
    const position = await done;
    progress.stop();
    const status = projection.healthReport();
    if (options.json) io.out(json(status));
    else
      io.out(
        `exposure projection rebuilt: version ${version} serves, at position ${position}`,
      );
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    io.err(
      `tangle: rebuild v${version} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.failure;
  } finally {
    clearInterval(timer);
  }
}

export function registerRebuildCommand(program: Command, io: Io): void {
  addCommonOptions(
    program
      .command('rebuild')
      .description(
        'rebuild the exposure projection from zero (the old version serves until the new one has caught up)',
      ),
  ).action(action((o: RebuildOptions) => rebuildCommand(o, io)));
}
