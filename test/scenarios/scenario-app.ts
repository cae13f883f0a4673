import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';

/**
 * The application on an in-memory store, initialised, with one token per role the scenario suites
 * use: `admin-token` (ops), `analyst-token` (quant), `reader-token` (viewer).
 */
export async function startScenarioApp(): Promise<INestApplication> {
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: 'sqlite::memory:',
    seed: 'none',
    tokens: [
      { name: 'ops', role: 'admin', token: 'admin-token' },
      { name: 'quant', role: 'analyst', token: 'analyst-token' },
      { name: 'viewer', role: 'reader', token: 'reader-token' },
    ],
    projectionsPath: ':memory:',
  };
  const app = await createApp({ config, logger: false });
  await app.init();
  return app;
}
