import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import {
  EventStore,
  EVENT_STORE,
} from '../../src/event-store/event-store.port';
import { HealthRegistry } from '../../src/health/health.registry';

describe('GET /health', () => {
  let app: INestApplication;

  beforeEach(async () => {
    const config = loadConfig({
      EVENT_STORE_URL: 'sqlite::memory:',
      TANGLE_SEED: 'none',
    });
    app = await createApp({ config, logger: false });
    await app.init();
  });

  afterEach(async () => {
    await app.close();
  });

  it('reports the store kind, state and head, and is ready (200)', async () => {
    const res = await request(app.getHttpServer() as App)
      .get('/health')
      .expect(200);
    expect(res.body).toMatchObject({
      status: expect.stringMatching(/^(up|degraded)$/),
      ready: true,
      eventStore: {
        kind: 'sqlite',
        state: 'ready',
        location: ':memory:',
        headPosition: expect.any(Number),
      },
      parts: expect.any(Object),
    });
  });

  it('answers 503 and not ready when a registered part is down', async () => {
    app.get(HealthRegistry).register('test-part', () => ({
      status: 'down',
      reason: 'broken on purpose',
    }));
    const res = await request(app.getHttpServer() as App)
      .get('/health')
      .expect(503);
    expect(res.body).toMatchObject({
      status: 'down',
      ready: false,
      parts: { 'test-part': { status: 'down', reason: 'broken on purpose' } },
    });
  });

  it('answers 503 once the store is closed', async () => {
    await app.get<EventStore>(EVENT_STORE).close();
    const res = await request(app.getHttpServer() as App)
      .get('/health')
      .expect(503);
    expect(res.body).toMatchObject({
      status: 'down',
      ready: false,
      eventStore: { kind: 'sqlite', state: 'closed' },
    });
  });
});
