import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Bar, Presets } from 'cli-progress';
import { loadConfig } from '../config/app-config';
import { ExposureProjection } from './exposure.projection';
import { ExposureStandaloneModule } from './exposure-standalone.module';

/**
 * `npm run rebuild`: rebuilds the exposure projection from position 0 into a new version of the
 * projections file (EVENT_STORE_URL, TANGLE_PROJECTIONS_PATH as for the server), with a progress
 * bar, and makes it the serving version once caught up. Run it while the server is stopped (the
 * embedded store has one process at a time); a running server rebuilds through
 * `POST /admin/projections/exposure/rebuild` instead.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(
    ExposureStandaloneModule.forRoot({ config, projection: { serve: false } }),
    {
      logger: ['error', 'warn'],
    },
  );
  await app.init();
  const projection = app.get(ExposureProjection);
  const { version, done } = await projection.rebuild();
  const bar = new Bar(
    {
      format: `exposure v${version} {bar} {percentage}% | {value}/{total} positions | {eta_formatted} left`,
    },
    Presets.shades_classic,
  );
  const first = projection.rebuildProgress();
  bar.start(Math.max(1, first?.targetPosition ?? 1), first?.position ?? 0);
  const timer = setInterval(() => {
    const p = projection.rebuildProgress();
    if (p) bar.update(Math.min(p.position, p.targetPosition));
  }, 200);
  try {
    await done;
    bar.update(bar.getTotal());
  } finally {
    clearInterval(timer);
    bar.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `exposure projection rebuilt as v${version} in ${seconds.toFixed(1)} s (${config.projectionsPath})\n`,
  );
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `tangle rebuild: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
