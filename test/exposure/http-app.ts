import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';

/** The whole application over HTTP with an in-memory store and in-memory projections. */
export async function startInMemoryApp(
  tokens: AppConfig['tokens'] = [],
): Promise<INestApplication> {
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: 'sqlite::memory:',
    seed: 'none',
    tokens,
    projectionsPath: ':memory:',
  };
  const app = await createApp({ config, logger: false });
  await app.init();
  return app;
}

/** Writes over HTTP that must succeed (200 or 201); `head` is the highest position they answered. */
export class HttpWriter {
  head = 0;

  constructor(
    private readonly app: INestApplication,
    private readonly headers: Record<string, string> = {},
  ) {}

  async send(
    method: 'post' | 'patch',
    path: string,
    body: object,
  ): Promise<void> {
    const res = await request(this.app.getHttpServer() as Server)
      [method](path)
      .set(this.headers)
      .send(body);
    if (![200, 201].includes(res.status))
      throw new Error(
        `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    this.head = Math.max(
      this.head,
      (res.body as { position?: number }).position ?? 0,
    );
  }
}

/** OpenAI buys $300bn of compute from Oracle over five years from 2025-09-10. */
export const OAI_ORCL_SUPPLY = {
  id: 'oai-orcl',
  kind: 'supply',
  buyer: 'openai',
  seller: 'oracle',
  amountUsd: 300e9,
  effectiveAt: '2025-09-10',
  startDate: '2025-09-10',
  endDate: '2030-09-10',
};

/** Nvidia invests $100bn in OpenAI on 2025-09-22. */
export const NV_OAI_INVESTMENT = {
  id: 'nv-oai',
  kind: 'investment',
  investor: 'nvidia',
  investee: 'openai',
  amountUsd: 100e9,
  effectiveAt: '2025-09-22',
};
