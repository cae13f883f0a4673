import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import {
  buildOpenApiDocument,
  openApiProblems,
} from '../../src/common/openapi';
import { DOCUMENT, SCHEMA, lint, typesOf } from '../../scripts/openapi';

const REGENERATE = 'out of date: run `npm run openapi` and commit the result';

function config(overrides: Partial<AppConfig> = {}): AppConfig {
  const { host, port } = loadConfig({});
  return {
    port,
    host,
    eventStoreUrl: 'sqlite::memory:',
    seed: 'none',
    tokens: [],
    projectionsPath: ':memory:',
    ...overrides,
  };
}

describe('the OpenAPI document and the client generated from it', () => {
  it('the committed document is the one the application generates', async () => {
    const app = await createApp({ config: config(), logger: false });
    try {
      const committed: unknown = JSON.parse(readFileSync(DOCUMENT, 'utf8'));
      const document = buildOpenApiDocument(app);
      expect(openApiProblems(document)).toEqual([]);
      expect({
        document: JSON.parse(JSON.stringify(document)) as unknown,
      }).toEqual({
        document: committed,
      });
    } finally {
      await app.close();
    }
  });

  it('the committed client types are what openapi-typescript makes of the document', () => {
    const committed = readFileSync(SCHEMA, 'utf8');
    const fresh = typesOf(DOCUMENT);
    expect(fresh === committed ? 'up to date' : REGENERATE).toBe('up to date');
  });

  it('passes Redocly’s recommended rules, warnings included', () => {
    const { ok, output } = lint(DOCUMENT, 'pipe');
    expect({ ok, output }).toMatchObject({ ok: true });
  });
});

describe('what the document says about tokens, against the service', () => {
  let app: INestApplication;
  let document: ReturnType<typeof buildOpenApiDocument>;

  beforeAll(async () => {
    app = await createApp({
      config: config({
        host: '0.0.0.0',
        port: 8080,
        tokens: [{ name: 'ana', role: 'reader', token: 'secret-reader' }],
      }),
      logger: false,
    });
    await app.init();
    document = buildOpenApiDocument(app);
  });
  afterAll(() => app.close());

  it('names the configured server (a wildcard address as localhost)', () => {
    expect(document.servers).toEqual([
      expect.objectContaining({ url: 'http://localhost:8080' }),
    ]);
  });

  it('every operation is answered 401 without a token exactly when it declares the bearer scheme', async () => {
    const http = () => request(app.getHttpServer() as Server);
    const seen: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'post', 'patch'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const url = path.replace(/\{[^}]+\}/g, 'nobody');
        const answer = await http()[method](url);
        const declared =
          operation.security?.length === 0 ? 'no token' : 'bearer';
        const served = answer.status === 401 ? 'bearer' : 'no token';
        seen.push(`${method.toUpperCase()} ${path}: ${declared}`);
        expect(`${method.toUpperCase()} ${path}: ${served}`).toBe(
          `${method.toUpperCase()} ${path}: ${declared}`,
        );
      }
    }
    expect(seen).toContain('GET /health: no token');
    expect(seen).toContain('POST /deals: bearer');
  });
});
