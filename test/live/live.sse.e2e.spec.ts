import * as net from 'node:net';
import { liveSuite, SseClient, startApp, tempStore } from './live-test-kit';

/** Polls a condition the server reaches on its own (a closed connection noticed). */
async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('GET /live (Server-Sent Events)', () => {
  const suite = liveSuite({
    TANGLE_LIVE_HEARTBEAT_MS: '100',
    TANGLE_LIVE_MAX_BUFFER_BYTES: String(64 * 1024),
    TANGLE_LIVE_RING_SIZE: '5',
  });
  const open = (
    query = '',
    headers: Record<string, string> = {},
  ): Promise<SseClient> =>
    SseClient.open(suite.running.base, query, headers).then((c) =>
      suite.track(c),
    );

  it('delivers a committed deal within a second, naming its companies and deal, with heartbeats between', async () => {
    const client = await open();
    const position = await suite.running.writer.recordSupply(
      'stargate',
      'openai',
      'oracle',
      300e9,
    );
    const message = await client.waitForId(position, 1000);
    expect(message.event).toBe('deal.recorded');
    expect(message.data).toMatchObject({
      companies: ['openai', 'oracle'],
      deals: ['stargate'],
      position,
    });
    await client.waitUntil(
      () => client.comments.includes('heartbeat'),
      'a heartbeat',
    );
  });

  it('carries before/after amounts of an amendment', async () => {
    const client = await open('?deal=stargate');
    const position = await suite.running.writer.amend(
      'stargate',
      { amountUsd: 250e9 },
      '2026-01-01',
    );
    const message = await client.waitForId(position);
    expect(message.event).toBe('deal.amended');
    expect(message.data.amounts).toMatchObject({
      amountUsd: { before: 300e9, after: 250e9 },
    });
    expect(message.data.changes).toEqual([
      { field: 'amountUsd', from: 300e9, to: 250e9 },
    ]);
  });

  it('follows a deal event with the exposure edges it moved, all under its position as id', async () => {
    const client = await open('?topics=exposure&company=oracle');
    const everything = await open();
    const position = await suite.running.writer.amend(
      'stargate',
      { amountUsd: 240e9 },
      new Date().toISOString(),
    );
    const edge = await client.waitForId(position);
    expect(edge.event).toBe('exposure.changed');
    await everything.waitUntil(
      () => everything.messages.some((m) => m.event === 'exposure.changed'),
      'the exposure update',
    );
    expect(everything.messages.map((m) => [m.id, m.event]).slice(0, 2)).toEqual(
      [
        [String(position), 'deal.amended'],
        [String(position), 'exposure.changed'],
      ],
    );
    expect(edge.data).toMatchObject({
      holder: 'oracle',
      counterparty: 'openai',
      kind: 'supply',
      deals: ['stargate'],
      amounts: { exposureUsd: { after: 240e9 } },
    });
    // Last-Event-ID: P means all of P was delivered: nothing of it again. The earlier `P:n` form
    // still resumes inside P (after its n-th message; its own message is the 0th).
    const resumed = await open('', { 'Last-Event-ID': String(position) });
    const inside = await open('?topics=exposure', {
      'Last-Event-ID': `${position}:0`,
    });
    const next = await suite.running.writer.pay(
      'stargate',
      1,
      new Date().toISOString(),
    );
    await resumed.waitForId(next);
    expect(resumed.ids()).toEqual([next]);
    await inside.waitForId(position);
    expect(inside.messages[0]).toMatchObject({
      id: String(position),
      event: 'exposure.changed',
    });
  });

  it('filters by topics, company and deal', async () => {
    const payments = await open('?topics=payment');
    const nvidia = await open('?company=nvidia');
    const dealB = await open('?deal=b200&topics=deal.recorded');
    const p1 = await suite.running.writer.recordSupply(
      'b200',
      'oracle',
      'nvidia',
      40e9,
    );
    const p2 = await suite.running.writer.pay('stargate', 1e9, '2026-02-01');
    const p3 = await suite.running.writer.pay('b200', 2e9, '2026-02-01');
    await payments.waitForId(p3);
    await nvidia.waitForId(p3);
    await dealB.waitForId(p1);
    await suite.running.hub.whenProcessed(p3);
    expect(payments.ids()).toEqual([p2, p3]);
    expect(payments.messages.map((m) => m.event)).toEqual([
      'payment.recorded',
      'payment.recorded',
    ]);
    expect(nvidia.ids()).toEqual([p1, p3]);
    expect(dealB.ids()).toEqual([p1]);
  });

  it('resumes exactly after Last-Event-ID (header or query), inside and beyond the in-memory ring', async () => {
    const head = await suite.running.store.headPosition();
    const first = await suite.running.writer.pay('stargate', 1, '2026-03-01');
    const written = [first];
    for (let i = 0; i < 7; i++)
      written.push(await suite.running.writer.pay('stargate', 1, '2026-03-01'));
    await suite.running.hub.whenProcessed(written[written.length - 1]);
    // ring of 5: resuming after `head` needs the store
    const replays = suite.running.hub.stats().replays;
    const beyondRing = await open('', { 'Last-Event-ID': String(head) });
    expect(suite.running.hub.stats().replays).toBe(replays + 1);
    const insideRing = await open(`?lastEventId=${written[4]}`);
    expect(suite.running.hub.stats().replays).toBe(replays + 1);
    await beyondRing.waitForId(written[7]);
    await insideRing.waitForId(written[7]);
    const next = await suite.running.writer.pay('stargate', 1, '2026-03-02');
    await beyondRing.waitForId(next);
    await insideRing.waitForId(next);
    expect(beyondRing.ids()).toEqual([...written, next]);
    expect(insideRing.ids()).toEqual([...written.slice(5), next]);
  });

  it('a client that reconnects after being the only one is served from the ring, not the store', async () => {
    const only = await open('?deal=stargate');
    const seen = await suite.running.writer.pay('stargate', 1, '2026-03-03');
    await only.waitForId(seen);
    only.close();
    await until(() => suite.running.hub.stats().subscribers === 0);
    // nobody connected now: these are folded for a reconnect all the same (the ring holds 5)
    const missed = [
      await suite.running.writer.pay('stargate', 1, '2026-03-04'),
      await suite.running.writer.pay('stargate', 1, '2026-03-05'),
    ];
    await suite.running.hub.whenProcessed(missed[1]);
    const replays = suite.running.hub.stats().replays;
    const back = await open('?deal=stargate', {
      'Last-Event-ID': String(only.ids().at(-1)!),
    });
    await back.waitForId(missed[1]);
    expect(suite.running.hub.stats().replays).toBe(replays);
    expect(back.ids()).toEqual(missed);
  });

  it('scoped with ?at=, restates a backdated amendment and sends nothing for a change effective after its date', async () => {
    const quarterEnd = await open('?at=2025-12-31&deal=stargate');
    const after = await suite.running.writer.amend(
      'stargate',
      { amountUsd: 200e9 },
      '2026-06-01',
    );
    const backdated = await suite.running.writer.amend(
      'stargate',
      { amountUsd: 280e9 },
      '2025-11-01',
      'restated',
    );
    const message = await quarterEnd.waitForId(backdated);
    expect(message.event).toBe('exposure.restated');
    expect(message.data).toMatchObject({
      at: '2025-12-31T00:00:00.000Z',
      cause: 'deal.amended',
      amounts: { amountUsd: { before: 300e9, after: 280e9 } },
      exposures: [{ holder: 'oracle', counterparty: 'openai', kind: 'supply' }],
    });
    expect(quarterEnd.ids()).toEqual([backdated]);
    expect(quarterEnd.ids()).not.toContain(after);
  });

  it('announces a recorded scenario run as scenario.completed, resumable by its position', async () => {
    const client = await open('?topics=scenario.completed');
    const res = await fetch(`${suite.running.base}/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'openai slips',
        at: '2026-01-15',
        model: 'furfine',
        shocks: [{ type: 'default', company: 'openai' }],
      }),
    });
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { id: string; position: number };
    const message = await client.waitForId(answer.position, 2000);
    expect(message.event).toBe('scenario.completed');
    expect(message.data).toMatchObject({
      scenarioId: answer.id,
      at: '2026-01-15T00:00:00.000Z',
      summary: { defaults: expect.arrayContaining(['openai']) },
    });
    expect(message.data.companies).toContain('openai');
  });

  it('refuses bad parameters naming the field', async () => {
    const bad = await open('?at=2025-13-45');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/^at:/);
    const badId = await open('', { 'Last-Event-ID': 'abc' });
    expect(badId.status).toBe(400);
    expect(JSON.parse(badId.body).message).toMatch(/Last-Event-ID/);
  });

  it('sends resync to a client that stops reading and closes it, without holding up others; it resumes from there', async () => {
    await suite.running.writer.recordSupply('stall', 'openai', 'oracle', 1e9);
    const watcher = await open('?topics=payment');
    // A raw connection that never reads: its buffers fill up.
    const stalled = net.connect(
      Number(new URL(suite.running.base).port),
      '127.0.0.1',
    );
    stalled.pause();
    const subscribed = suite.running.hub.stats().subscribers + 1;
    stalled.write(
      'GET /live HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n',
    );
    while (suite.running.hub.stats().subscribers < subscribed)
      await new Promise((r) => setImmediate(r));
    const resyncsBefore = suite.running.hub.stats().resyncs;
    let last = 0;
    const notes = 'x'.repeat(64 * 1024);
    for (
      let batch = 0;
      suite.running.hub.stats().resyncs === resyncsBefore && batch < 500;
      batch++
    ) {
      last = await suite.running.writer.amend(
        'stall',
        { notes: `${batch}${notes}` },
        '2026-04-01',
      );
      await suite.running.hub.whenProcessed(last);
    }
    expect(suite.running.hub.stats().resyncs).toBe(resyncsBefore + 1);
    const lastPayment = await suite.running.writer.pay(
      'stall',
      1,
      '2026-04-02',
    );
    await watcher.waitForId(lastPayment);

    // Now read what the stalled client was sent: everything up to some id, then resync naming it, then the end.
    const chunks: Buffer[] = [];
    stalled.on('data', (chunk: Buffer) => chunks.push(chunk));
    stalled.resume();
    await new Promise<void>((resolve) => stalled.on('end', () => resolve()));
    const text = dechunk(Buffer.concat(chunks));
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const resync = /event: resync\ndata: (.*)\n\n/.exec(text);
    expect(resync).not.toBeNull();
    const lastEventId = Number(JSON.parse(resync![1]).lastEventId);
    expect(lastEventId).toBe(ids[ids.length - 1]);
    expect(text.trimEnd().endsWith(resync![0].trimEnd())).toBe(true);

    const resumed = await open('', { 'Last-Event-ID': String(lastEventId) });
    await resumed.waitForId(lastPayment, 3000);
    const all = resumed.ids();
    expect(all[0]).toBe(lastEventId + 1);
    expect(all).toEqual(
      Array.from(
        { length: lastPayment - lastEventId },
        (_, i) => lastEventId + 1 + i,
      ),
    );
    stalled.destroy();
  });
});

/** The body of a raw HTTP/1.1 chunked response. */
function dechunk(raw: Buffer): string {
  let at = raw.indexOf('\r\n\r\n') + 4;
  const parts: Buffer[] = [];
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}

describe('GET /live across a restart', () => {
  const store = tempStore();

  afterAll(() => store.remove());

  it('resumes after the last id seen before the restart, with no repeat and no gap', async () => {
    const first = await startApp(store.url, store.dir);
    await first.writer.registerCompany('openai');
    await first.writer.registerCompany('oracle');
    const client = await SseClient.open(first.base);
    const before = [
      await first.writer.recordSupply('stargate', 'openai', 'oracle', 300e9),
    ];
    before.push(
      await first.writer.amend('stargate', { amountUsd: 250e9 }, '2026-01-01'),
    );
    await client.waitForId(before[1]);
    const lastSeen = before[1];
    // written after the client went away, before the restart
    const missed = await first.writer.pay('stargate', 5e9, '2026-02-01');
    client.close();
    await first.app.close();

    const second = await startApp(store.url, store.dir);
    try {
      const resumed = await SseClient.open(
        second.base,
        `?lastEventId=${lastSeen}`,
      );
      const fresh = await second.writer.pay('stargate', 1e9, '2026-03-01');
      const message = await resumed.waitForId(fresh);
      expect(resumed.ids()).toEqual([missed, fresh]);
      expect(message.data.amounts).toMatchObject({
        paidUsd: { before: 5e9, after: 6e9 },
      });
      resumed.close();
    } finally {
      await second.app.close();
    }
  });
});

describe('GET /live after a restart with a small ring (the fold starts near the checkpoint)', () => {
  const store = tempStore();

  afterAll(() => {
    delete process.env.TANGLE_LIVE_RING_SIZE;
    store.remove();
  });

  /** A client per query, each resuming after `after`. */
  function openAll(
    base: string,
    after: number,
    queries: readonly string[],
  ): Promise<SseClient[]> {
    return Promise.all(
      queries.map((q) => SseClient.open(base, `?lastEventId=${after}${q}`)),
    );
  }

  /** Each client's messages up to `last` (then closed). */
  async function received(
    clients: readonly SseClient[],
    last: number,
  ): Promise<unknown[][]> {
    try {
      await Promise.all(clients.map((c) => c.waitForId(last)));
      return clients.map((c) =>
        c.messages.map(({ id, event, data }) => ({ id, event, data })),
      );
    } finally {
      for (const c of clients) c.close();
    }
  }

  it('serves the same messages, byte for byte, as a fold from position 1: live on entities it loads, and replays from before its start', async () => {
    const queries = [
      '',
      '&at=2025-12-01',
      '&company=oracle&topics=exposure,payment',
    ];
    const first = await startApp(store.url, store.dir);
    let early: number;
    try {
      await first.writer.registerCompany('openai');
      await first.writer.registerCompany('oracle');
      early = await first.writer.recordSupply(
        'stargate',
        'openai',
        'oracle',
        300e9,
      );
      await first.writer.recordSupply(
        'abilene',
        'oracle',
        'openai',
        40e9,
        '2025-10-01',
      );
      await first.writer.amend('stargate', { amountUsd: 250e9 }, '2025-11-01');
      await first.writer.pay('abilene', 1e9, '2025-12-01');
      await first.writer.registerCompany('nvidia');
      await first.writer.pay('stargate', 5e9, '2026-01-15');
      await first.writer.recordSupply('cloud', 'openai', 'nvidia', 10e9);
      await first.writer.pay('cloud', 1e9, '2026-02-01');
    } finally {
      await first.app.close();
    }

    // a ring of 2: the fold starts two events before the checkpoint and loads stargate and abilene when touched
    process.env.TANGLE_LIVE_RING_SIZE = '2';
    const second = await startApp(store.url, store.dir);
    const head = await second.store.headPosition();
    let last: number;
    let live: unknown[][];
    let replayed: unknown[][];
    try {
      // these clients get the hub's own facts, folded as they come
      const following = await openAll(second.base, head, queries);
      await second.writer.pay('abilene', 2e9, '2026-02-15');
      await second.writer.amend('stargate', { amountUsd: 200e9 }, '2025-10-15');
      // one message for every query: a payment before the scoped date, on a deal of oracle's
      last = await second.writer.pay('stargate', 1e9, '2025-11-15');
      live = await received(following, last);
      const replays = second.hub.stats().replays;
      // beyond the ring and before the fold's start: a replay, starting at the cursor
      replayed = await received(
        await openAll(second.base, early, queries),
        last,
      );
      expect(second.hub.stats().replays).toBe(replays + queries.length);
    } finally {
      await second.app.close();
    }

    // the default ring (10,000) is larger than the store: this fold starts at position 1
    delete process.env.TANGLE_LIVE_RING_SIZE;
    const third = await startApp(store.url, store.dir);
    try {
      await third.hub.whenProcessed(last);
      expect(live).toEqual(
        await received(await openAll(third.base, head, queries), last),
      );
      const whole = await received(
        await openAll(third.base, early, queries),
        last,
      );
      expect(replayed).toEqual(whole);
      expect(whole[0].length).toBeGreaterThan(10);
    } finally {
      await third.app.close();
    }
  });
});
