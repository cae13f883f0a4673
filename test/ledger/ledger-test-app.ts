import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig, TokenEntry } from '../../src/config/app-config';
import {
  EventStore,
  EVENT_STORE,
  RecordedEvent,
} from '../../src/event-store/event-store.port';
import { Clock } from '../../src/shared/time';

export interface LedgerTestApp {
  app: INestApplication;
  store: EventStore;
  http: () => ReturnType<typeof request>;
  /** Every event of a stream (empty when it does not exist). */
  streamEvents(streamId: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** The whole application on an in-memory embedded store, no seed data, with the given tokens. */
export async function startLedgerApp(
  options: { tokens?: TokenEntry[]; clock?: Clock } = {},
): Promise<LedgerTestApp> {
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: 'sqlite::memory:',
    seed: 'none',
    tokens: options.tokens ?? [],
    projectionsPath: ':memory:',
  };
  const app = await createApp({
    config,
    logger: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    store,
    http: () => request(app.getHttpServer() as Server),
    async streamEvents(streamId) {
      if ((await store.streamRevision(streamId)) === undefined) return [];
      const out: RecordedEvent[] = [];
      for await (const e of store.readStream(streamId)) out.push(e);
      return out;
    },
    close: () => app.close(),
  };
}
