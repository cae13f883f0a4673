import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory';
import { ExposureProjection } from '../../src/exposure/exposure.projection';
import { IndexWarmer } from '../../src/exposure/index-warmer';

/**
 * The whole application serving a benchmark store, in its own process (`node http-server.js
 * <store> <projections file> <head position>`, forked by over-http.ts): it listens, catches its
 * exposure projection up to the head (a rebuild into the projections file when that file is new),
 * waits while the index reads its deals kept as text (`IndexWarmer`), then tells the parent its
 * port and how long that took, and stops when told.
 */
async function serve(
  store: string,
  projectionsPath: string,
  head: number,
): Promise<void> {
  const app = await createApp({
    config: {
      port: 0,
      host: '127.0.0.1',
      eventStoreUrl: `sqlite:${store}`,
      seed: 'none',
      tokens: [],
      projectionsPath,
    },
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  // the serving version is opened at start (listen has run the bootstrap): wait for its catch-up
  const projection = app.get(ExposureProjection);
  await projection.waitFor(head, 30 * 60_000);
  const caughtUp = performance.now();
  await app.get(IndexWarmer).whenWarm(projection.index());
  const warmSeconds = (performance.now() - caughtUp) / 1000;
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  process.on('message', () => {
    void app.close().then(() => process.exit(0));
  });
  process.send?.({ port, warmSeconds });
}

serve(process.argv[2], process.argv[3], Number(process.argv[4])).catch(
  (error: unknown) => {
    process.stderr.write(
      `exposure bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
