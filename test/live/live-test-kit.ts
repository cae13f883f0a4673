import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import {
  EVENT_STORE,
  EventStore,
} from '../../src/event-store/event-store.port';
import { GENESIS_HASH, sealMetadata } from '../../src/shared/event-metadata';
import { JsonObject } from '../../src/shared/json';
import { LiveHub } from '../../src/live/live-hub.service';

/** A store file in a fresh temporary directory. */
export function tempStore(): {
  url: string;
  path: string;
  dir: string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-live-'));
  const path = join(dir, 'tangle.db');
  return {
    url: `sqlite:${path}`,
    path,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function testConfig(url: string, dir: string): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: url,
    seed: 'none',
    tokens: [],
    projectionsPath: join(dir, 'projections.db'),
  };
}

export interface Running {
  app: INestApplication;
  base: string;
  store: EventStore;
  hub: LiveHub;
  writer: SealedWriter;
}

export async function startApp(
  url: string,
  dir: string,
  tokens: AppConfig['tokens'] = [],
): Promise<Running> {
  const app = await createApp({
    config: { ...testConfig(url, dir), tokens },
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as http.Server).address() as {
    port: number;
  };
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    base: `http://127.0.0.1:${address.port}`,
    store,
    hub: app.get(LiveHub),
    writer: new SealedWriter(store),
  };
}

/** Appends ledger events through the port with properly sealed metadata (as the ledger does). */
export class SealedWriter {
  constructor(private readonly store: EventStore) {}

  async append(
    streamId: string,
    type: string,
    data: JsonObject,
    meta: { effectiveAt: string; actor?: string; reason?: string | null },
  ): Promise<number> {
    const revision = await this.store.streamRevision(streamId);
    let prevHash = GENESIS_HASH;
    if (revision !== undefined) {
      for await (const last of this.store.readStream(streamId, {
        direction: 'backwards',
        maxCount: 1,
      }))
        prevHash = last.metadata.hash as string;
    }
    const metadata = sealMetadata(
      type,
      data,
      {
        effectiveAt: new Date(meta.effectiveAt).toISOString(),
        actor: meta.actor ?? 'tester',
        reason: meta.reason ?? null,
        correlationId: randomUUID(),
        causationId: null,
        schemaVersion: 1,
      },
      prevHash,
    );
    const result = await this.store.append(
      streamId,
      [
        {
          id: randomUUID(),
          type,
          data,
          metadata: metadata as unknown as JsonObject,
        },
      ],
      revision ?? 'no_stream',
    );
    return result.position;
  }

  registerCompany(id: string): Promise<number> {
    return this.append(
      `company-${id}`,
      'CompanyRegistered',
      {
        companyId: id,
        name: id.toUpperCase(),
        sector: null,
        equityUsd: 1e9,
        externalAssetsUsd: null,
        externalLiabilitiesUsd: null,
      },
      { effectiveAt: '2020-01-01' },
    );
  }

  recordSupply(
    dealId: string,
    buyer: string,
    seller: string,
    amountUsd: number,
    effectiveAt = '2025-09-10',
  ): Promise<number> {
    return this.append(
      `deal-${dealId}`,
      'DealRecorded',
      {
        dealId,
        kind: 'supply',
        buyer,
        seller,
        amountUsd,
        startDate: new Date(effectiveAt).toISOString(),
        endDate: null,
        schedule: null,
        category: 'compute',
        vendorFinancing: false,
        source: null,
        notes: null,
      },
      { effectiveAt },
    );
  }

  amend(
    dealId: string,
    changes: JsonObject,
    effectiveAt: string,
    reason = 'amended',
  ): Promise<number> {
    return this.append(
      `deal-${dealId}`,
      'DealAmended',
      { dealId, changes },
      { effectiveAt, reason },
    );
  }

  pay(dealId: string, amountUsd: number, effectiveAt: string): Promise<number> {
    return this.append(
      `deal-${dealId}`,
      'DealPaymentRecorded',
      { dealId, amountUsd },
      { effectiveAt },
    );
  }
}

export interface Received {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

/** Waits for a condition on a growing list of things received, failing after `ms`. */
class Inbox {
  readonly messages: Received[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly waiters = new Set<() => void>();

  protected notify(): void {
    for (const w of [...this.waiters]) w();
  }

  waitUntil(condition: () => boolean, what: string, ms = 3000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(this.messages.map((m) => [m.id, m.event]))}`,
          ),
        );
      }, ms);
      this.waiters.add(check);
    });
  }

  /** Waits for the message with this id (its position). */
  async waitForId(id: number | string, ms = 3000): Promise<Received> {
    await this.waitUntil(
      () => this.messages.some((m) => m.id === String(id)),
      `message ${id}`,
      ms,
    );
    return this.messages.find((m) => m.id === String(id))!;
  }

  /** Positions of the events received, once each (an event's own message and its exposure updates share its id). */
  ids(): number[] {
    const out: number[] = [];
    for (const m of this.messages)
      if (m.id !== undefined && Number(m.id) !== out.at(-1))
        out.push(Number(m.id));
    return out;
  }

  /** Every message id, one per message. */
  allIds(): string[] {
    return this.messages.filter((m) => m.id !== undefined).map((m) => m.id!);
  }
}

/** A minimal EventSource over node:http that records messages and comments. */
export class SseClient extends Inbox {
  private buffer = '';
  private req?: http.ClientRequest;
  status = 0;
  body = '';

  static async open(
    base: string,
    query = '',
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const client = new SseClient();
    await client.connect(`${base}/live${query}`, headers);
    return client;
  }

  private connect(url: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = http.get(
        url,
        { headers: { Accept: 'text/event-stream', ...headers } },
        (res) => {
          this.status = res.statusCode ?? 0;
          res.setEncoding('utf8');
          if (this.status !== 200) {
            res.on('data', (chunk: string) => (this.body += chunk));
            res.on('end', () => resolve());
            return;
          }
          res.on('data', (chunk: string) => this.feed(chunk));
          res.on('end', () => {
            this.ended = true;
            this.notify();
          });
          res.on('close', () => {
            this.ended = true;
            this.notify();
          });
          // Ready once the server has registered the subscription.
          this.waitUntil(
            () => this.comments.some((c) => c.startsWith('subscribed')),
            'the subscription',
            5000,
          ).then(resolve, reject);
        },
      );
      this.req.on('error', (error) => {
        if (!this.ended) reject(error);
      });
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0)
        this.messages.push({ id, event, data: JSON.parse(data.join('\n')) });
    }
    this.notify();
  }

  close(): void {
    this.req?.destroy();
  }
}

/** A WebSocket client of /live/ws. */
export class WsClient extends Inbox {
  readonly socket: WebSocket;
  readonly controls: Received[] = [];

  private constructor(url: string) {
    super();
    this.socket = new WebSocket(url);
    this.socket.on('message', (raw) => {
      const frame = JSON.parse((raw as Buffer).toString('utf8')) as Received;
      if (frame.id !== undefined) this.messages.push(frame);
      else this.controls.push(frame);
      this.notify();
    });
    this.socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Opens and waits until subscribed (or an error frame). */
  static async open(base: string, query = ''): Promise<WsClient> {
    const client = new WsClient(
      `${base.replace(/^http/, 'ws')}/live/ws${query}`,
    );
    await client.waitUntil(
      () =>
        client.controls.some(
          (c) => c.event === 'subscribed' || c.event === 'error',
        ),
      'subscribed',
      5000,
    );
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.socket.terminate();
  }
}

/**
 * One application on a temporary store for a whole describe block, with `env` set for its life
 * and openai, oracle and nvidia registered; every client opened through `track` is closed after
 * each test. Read `running` inside tests (it is set in beforeAll).
 */
export function liveSuite(env: Record<string, string>): {
  readonly running: Running;
  track<C extends { close(): void }>(client: C): C;
} {
  const store = tempStore();
  const clients: { close(): void }[] = [];
  let running: Running | undefined;
  beforeAll(async () => {
    Object.assign(process.env, env);
    running = await startApp(store.url, store.dir);
    for (const id of ['openai', 'oracle', 'nvidia'])
      await running.writer.registerCompany(id);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await running?.app.close();
    for (const key of Object.keys(env)) delete process.env[key];
    store.remove();
  });
  return {
    get running(): Running {
      if (!running) throw new Error('the live suite has not started');
      return running;
    },
    track<C extends { close(): void }>(client: C): C {
      clients.push(client);
      return client;
    },
  };
}
