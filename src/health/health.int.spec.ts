import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthService } from '../auth/auth.service';
import type { HttpReply, HttpRequest } from '../common/http-platform';
import { AppConfig } from '../config/app-config';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { events } from '../../test/kits/event-store.contract';

describe('GET /health: what it tells whom, and whether writes work', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-health-'));
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (tokens: AppConfig['tokens']): AppConfig => ({
    port: 0,
    host: '0.0.0.0',
    eventStoreUrl: 'sqlite:x',
    seed: 'none',
    tokens,
    projectionsPath: ':memory:',
  });
  const ask = async (
    controller: HealthController,
    remoteAddress: string,
    authorization?: string,
  ) => {
    let status = 0;
    const res = { status: (s: number) => (status = s) } as unknown as HttpReply;
    const req = {
      socket: { remoteAddress },
      headers: authorization ? { authorization } : {},
    } as unknown as HttpRequest;
    const body = await controller.health(req, res);
    return { status, body };
  };

  it('the store path goes to loopback and authenticated callers only; others see the file name', async () => {
    const path = join(dir, 'tangle.db');
    store = SqliteEventStore.open(path);
    const auth = new AuthService(
      config([{ name: 'ops', role: 'reader', token: 'secret-token' }]),
    );
    const controller = new HealthController(store, new HealthRegistry(), auth);
    expect((await ask(controller, '127.0.0.1')).body.eventStore.location).toBe(
      path,
    );
    expect(
      (await ask(controller, '203.0.113.5', 'Bearer secret-token')).body
        .eventStore.location,
    ).toBe(path);
    const outsider = await ask(controller, '203.0.113.5');
    expect(outsider.body.eventStore.location).toBe('tangle.db');
    expect(JSON.stringify(outsider.body)).not.toContain(dir);
  });

  it('not ready (503) after a write failed for want of space, ready again once one succeeds', async () => {
    const path = join(dir, 'tangle.db');
    store = SqliteEventStore.open(path);
    await store.append('a-1', events(1), 'no_stream');
    await store.close();
    store = SqliteEventStore.open(path, { maxPageCount: 8 });
    const controller = new HealthController(store, new HealthRegistry());
    expect((await ask(controller, '127.0.0.1')).status).toBe(200);
    await expect(
      store.append(
        'a-1',
        events(1, 'Big', () => ({ b: 'x'.repeat(200_000) })),
        'any',
      ),
    ).rejects.toThrow(/SQLITE_FULL/);
    const failing = await ask(controller, '127.0.0.1');
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({
      ready: false,
      eventStore: {
        state: 'unhealthy',
        detail: expect.stringContaining('SQLITE_FULL'),
      },
    });
    await store.append('a-1', events(1), 'any');
    expect((await ask(controller, '127.0.0.1')).status).toBe(200);
  });
});
