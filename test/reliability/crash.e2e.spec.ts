import request from 'supertest';
import {
  closeSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { startApp, tempStore, testConfig } from '../live/live-test-kit';

/**
 * What happens to the files between runs: a store deleted under its projections, a store with
 * garbage written into it, a projections file that is not one. The server never serves another
 * store's projection, never writes to a damaged store, and says which file is at fault.
 */
describe('the store and its projections damaged between runs', () => {
  let store: ReturnType<typeof tempStore>;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.remove());

  async function companies(base: string): Promise<string[]> {
    const res = await request(base).get('/companies').expect(200);
    const body = res.body as { items?: { id: string }[] } | { id: string }[];
    const items = Array.isArray(body) ? body : (body.items ?? []);
    return items.map((c) => c.id).sort();
  }

  it('a deleted store with its projections kept: the projections are rebuilt for the new store, never served', async () => {
    const first = await startApp(store.url, store.dir);
    await first.writer.registerCompany('oldco');
    await first.writer.registerCompany('olderco');
    await request(first.base)
      .get('/companies/oldco')
      .query({ minPosition: 2 })
      .expect(200);
    await first.app.close();

    rmSync(store.path);
    rmSync(`${store.path}-wal`, { force: true });
    rmSync(`${store.path}-shm`, { force: true });
    // The anchors belong to the deleted store: moved aside as an operator would (see docs).
    rmSync(join(store.dir, 'projections.audit-anchors.json'));

    const second = await startApp(store.url, store.dir);
    try {
      expect(await companies(second.base)).toEqual([]);
      await request(second.base)
        .post('/companies')
        .send({ id: 'newco', name: 'NewCo' })
        .expect(201);
      await request(second.base)
        .get('/companies/newco')
        .query({ minPosition: 1 })
        .expect(200);
      expect(await companies(second.base)).toEqual(['newco']);
      await request(second.base).get('/companies/oldco').expect(404);
    } finally {
      await second.app.close();
    }
  });

  it('garbage in the middle of the store: /health says why, writes are refused with 503 and append nothing', async () => {
    const seeded = SqliteEventStore.open(store.path);
    for (let i = 0; i < 40; i++)
      await seeded.append(
        `company-c${i}`,
        Array.from({ length: 10 }, (_, j) => ({
          id: `00000000-0000-4000-8000-${String(i * 10 + j).padStart(12, '0')}`,
          type: 'Tested',
          data: { filler: 'x'.repeat(400) },
          metadata: {},
        })),
        'no_stream',
      );
    await seeded.close();
    const size = statSync(store.path).size;
    const fd = openSync(store.path, 'r+');
    writeSync(
      fd,
      Buffer.alloc(4096, 0xa5),
      0,
      4096,
      Math.floor(size / 2 / 4096) * 4096,
    );
    closeSync(fd);

    const app = await startApp(store.url, store.dir);
    try {
      const health = await request(app.base).get('/health').expect(503);
      expect(health.body).toMatchObject({
        ready: false,
        eventStore: {
          state: 'unhealthy',
          detail: expect.stringMatching(/quick_check|corrupt|malformed/i),
        },
      });
      const refused = await request(app.base)
        .post('/companies')
        .send({ id: 'newco', name: 'NewCo' })
        .expect(503);
      expect(JSON.stringify(refused.body)).toMatch(
        /damaged.*writes are refused/,
      );
    } finally {
      await app.app.close();
    }
    const reopened = SqliteEventStore.open(store.path);
    try {
      expect(await reopened.streamRevision('company-newco')).toBeUndefined();
    } finally {
      await reopened.close();
    }
  });

  it('a projections file that is not a database: start-up fails with one message naming its path', async () => {
    const projections = join(store.dir, 'projections.db');
    writeFileSync(projections, 'this is not a database, it is '.repeat(200));
    await expect(
      createApp({ config: testConfig(store.url, store.dir), logger: false }),
    ).rejects.toThrow(`the projections file ${projections} cannot be read`);
  });
});
