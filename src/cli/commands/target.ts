import type { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig } from '../../config/app-config';
import { EventStore, EVENT_STORE } from '../../event-store/event-store.port';
import { ExposureProjection } from '../../exposure/exposure.projection';
import { TangleClient } from './client';

/** How long an in-process command waits for the projection to reach the store's head at start. */
const CATCH_UP_TIMEOUT_MS = 120_000;

/** Where a command runs: a server elsewhere (`--url`), or the application in this process. */
export interface TargetOptions {
  /** A running server (`http://localhost:3000`): the command talks to it over HTTP. */
  url?: string;
  /** The store of the in-process application (`sqlite:<path>` or `esdb://…`); default from EVENT_STORE_URL. */
  store?: string;
  /** Data set loaded into an empty store at start (in-process only); default from TANGLE_SEED. */
  seed?: AppConfig['seed'];
  /** Bearer token for `--url` (default TANGLE_TOKEN). */
  token?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Target {
  readonly client: TangleClient;
  /** True when the application runs in this process. */
  readonly inProcess: boolean;
  readonly app?: INestApplication;
  close(): Promise<void>;
}

/**
 * Opens the target of a command. In process, the whole application starts on the embedded store
 * (the same modules `npm start` serves) listening on a free loopback port, so the command goes
 * through exactly the code a server runs; a loopback caller with no tokens configured is a local writer.
 */
export async function openTarget(options: TargetOptions = {}): Promise<Target> {
  const env = options.env ?? process.env;
  if (options.url) {
    return {
      client: new TangleClient(options.url, options.token ?? env.TANGLE_TOKEN),
      inProcess: false,
      close: () => Promise.resolve(),
    };
  }
  const config = loadConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    TANGLE_TOKENS: '',
    ...(options.store
      ? { EVENT_STORE_URL: options.store, TANGLE_PROJECTIONS_PATH: '' }
      : {}),
    ...(options.seed ? { TANGLE_SEED: options.seed } : {}),
  });
  // Loaded here, not at the top: `--url` commands never pay for building the application.
  const { createApp } = await import('../../app.factory');
  const app = await createApp({ config, logger: false });
  await app.listen(0, '127.0.0.1');
  // A command asks once, right after start: let the projection catch up with the store first.
  const { headPosition } = await app.get<EventStore>(EVENT_STORE).health();
  if (headPosition !== undefined && headPosition > 0)
    await app
      .get(ExposureProjection)
      .waitFor(headPosition, CATCH_UP_TIMEOUT_MS);
  const server = app.getHttpServer() as { address(): { port: number } };
  const address = server.address();
  return {
    client: new TangleClient(`http://127.0.0.1:${address.port}`),
    inProcess: true,
    app,
    close: () => app.close(),
  };
}
