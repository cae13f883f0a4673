import type { Server } from 'node:http';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp, httpAdapter } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { DashboardModule } from '../../src/dashboard/dashboard.module';
import { HttpErrorFilter } from '../../src/common/http-exception.filter';
import { staticFiles } from '../../src/dashboard/static-files';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWebIfNeeded } = require('../../scripts/build-web.js') as {
  buildWebIfNeeded: (root: string, o?: { quiet?: boolean }) => boolean;
};

const root = resolve(__dirname, '..', '..');
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the dashboard served at /', () => {
  let app: INestApplication;
  let script: string;

  beforeAll(async () => {
    buildWebIfNeeded(root, { quiet: true });
    script = readdirSync(join(root, 'web', 'dist', 'assets')).find((f) =>
      f.endsWith('.js'),
    )!;
    const config = loadConfig({
      EVENT_STORE_URL: 'sqlite::memory:',
      TANGLE_SEED: 'none',
    });
    app = await createApp({ config, logger: false });
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('answers the page at / revalidated on every load', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/')
      .set('Accept', HTML)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<div id="graph"');
    expect(res.text).toContain(`/assets/${script}`);
  });

  it('serves hashed assets as immutable', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get(`/assets/${script}`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('serves the bundle compressed (Brotli, else gzip) with Vary and an ETag per encoding', async () => {
    // The compressed forms are made once, off the request path; wait for them.
    await (
      await staticFiles.get(join(root, 'web', 'dist', 'assets', script))
    ).compressed;
    const plain = await request(app.getHttpServer() as Server)
      .get(`/assets/${script}`)
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    const size = Buffer.byteLength(plain.text);
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      // Sent through the platform's own injector: an HTTP client would decompress the body.
      const res = await (app as NestFastifyApplication)
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'GET',
          url: `/assets/${script}`,
          headers: { 'accept-encoding': accept },
        });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers.etag).not.toBe(plain.headers.etag);
      expect(res.rawPayload.length).toBeLessThan(size / 2);
      expect(decode(res.rawPayload).toString('utf8')).toBe(plain.text);
      // A cache holding this encoding revalidates it.
      await request(app.getHttpServer() as Server)
        .get(`/assets/${script}`)
        .set('Accept-Encoding', accept)
        .set('If-None-Match', res.headers.etag as string)
        .expect(304);
    }
  });

  it('serves the icon so the browser asks for nothing that fails', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/favicon.svg')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/svg/);
  });

  it('answers a missing asset with a JSON 404, not the page', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/assets/nothing-here.js')
      .set('Accept', HTML)
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('falls back to the page for addresses a browser navigates to', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/network/openai')
      .set('Accept', HTML)
      .expect(200);
    expect(res.text).toContain('<div id="graph"');
  });

  it('keeps the API answering JSON: a client that wants JSON gets the 404', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/network/openai')
      .set('Accept', 'application/json')
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });

  it('never shadows API routes, even for a browser', async () => {
    const health = await request(app.getHttpServer() as Server)
      .get('/health')
      .set('Accept', HTML);
    expect(health.headers['content-type']).toMatch(/json/);
    expect(health.body).toHaveProperty('ready');
    const unknownApi = await request(app.getHttpServer() as Server)
      .get('/exposures/nothing/here')
      .set('Accept', HTML)
      .expect(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
  });

  it('refuses paths that climb out of the build', async () => {
    await request(app.getHttpServer() as Server)
      .get('/..%2f..%2fpackage.json')
      .set('Accept', 'application/json')
      .expect(404);
    await request(app.getHttpServer() as Server)
      .get('/assets/..%2f..%2f..%2fpackage.json')
      .set('Accept', 'application/json')
      .expect(404);
    // A browser gets the page itself, never the file.
    const res = await request(app.getHttpServer() as Server)
      .get('/assets/..%2f..%2f..%2fpackage.json')
      .set('Accept', HTML);
    expect(res.text).not.toContain('"name": "tangle"');
    expect(res.text).toContain('<div id="graph"');
  });
});

@Controller('late')
class LateController {
  @Get()
  answer(): { late: true } {
    return { late: true };
  }
}

/** A module whose routes are registered after the dashboard's catch-all. */
@Module({ controllers: [LateController] })
class LateModule {}

@Module({ imports: [DashboardModule, LateModule] })
class DashboardFirstModule {}

describe('the dashboard registered before other routes', () => {
  let app: INestApplication;

  beforeAll(async () => {
    buildWebIfNeeded(root, { quiet: true });
    const first = await NestFactory.create<NestFastifyApplication>(
      DashboardFirstModule,
      httpAdapter(),
      { logger: false },
    );
    app = first;
    app.useGlobalFilters(new HttpErrorFilter());
    await app.init();
    await first.getHttpAdapter().getInstance().ready();
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('steps aside for routes registered after it', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/late')
      .set('Accept', 'application/json')
      .expect(200);
    expect(res.body).toEqual({ late: true });
  });

  it('leaves unknown paths to the JSON 404', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/nothing/here')
      .set('Accept', 'application/json')
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });

  it('answers a malformed escape as a client error, not a server error', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/%E0%A4%A')
      .set('Accept', 'application/json');
    expect([400, 404]).toContain(res.status);
  });
});
