import { liveSuite, WsClient } from './live-test-kit';

describe('ws /live/ws (WebSocket gateway)', () => {
  const suite = liveSuite({
    TANGLE_LIVE_MAX_BUFFER_BYTES: String(64 * 1024),
  });
  const open = (query = ''): Promise<WsClient> =>
    WsClient.open(suite.running.base, query).then((c) => suite.track(c));

  it('delivers a committed deal within a second as { id, event, data }', async () => {
    const client = await open();
    const position = await suite.running.writer.recordSupply(
      'stargate',
      'openai',
      'oracle',
      300e9,
    );
    const message = await client.waitForId(position, 1000);
    expect(message).toMatchObject({
      id: String(position),
      event: 'deal.recorded',
      data: { companies: ['openai', 'oracle'], deals: ['stargate'] },
    });
  });

  it('filters from the query string, or from a subscribe frame', async () => {
    const byQuery = await open('?company=nvidia');
    const byFrame = await open();
    byFrame.send({ event: 'subscribe', data: { topics: 'payment' } });
    await byFrame.waitUntil(
      () =>
        byFrame.controls.filter((c) => c.event === 'subscribed').length === 2,
      'the second subscription',
    );
    const recorded = await suite.running.writer.recordSupply(
      'b200',
      'oracle',
      'nvidia',
      40e9,
    );
    const paid = await suite.running.writer.pay('stargate', 1e9, '2026-02-01');
    const paidB = await suite.running.writer.pay('b200', 1e9, '2026-02-01');
    await byQuery.waitForId(paidB);
    await byFrame.waitForId(paidB);
    expect(byQuery.ids()).toEqual([recorded, paidB]);
    expect(byFrame.ids()).toEqual([paid, paidB]);
  });

  it('answers a bad subscription with an error frame naming the field', async () => {
    const client = await open('?company=Not_A_Slug');
    expect(client.controls[0]).toMatchObject({
      event: 'error',
      data: { statusCode: 400 },
    });
    expect(String(client.controls[0].data.message)).toMatch(/^company:/);
  });

  it('resumes after lastEventId with no repeat and no gap, and scopes to a date with ?at=', async () => {
    const seen = await open('?deal=stargate');
    const a = await suite.running.writer.amend(
      'stargate',
      { amountUsd: 250e9 },
      '2026-06-01',
    );
    await seen.waitForId(a);
    const b = await suite.running.writer.amend(
      'stargate',
      { amountUsd: 260e9 },
      '2025-11-01',
      'restated',
    );
    const resumed = await open(`?deal=stargate&lastEventId=${a}`);
    const asOf = await open(
      `?deal=stargate&at=2025-12-31&lastEventId=${a - 1}`,
    );
    const c = await suite.running.writer.pay('stargate', 1e9, '2026-07-01');
    await resumed.waitForId(c);
    expect(resumed.ids()).toEqual([b, c]);
    const restated = await asOf.waitForId(b);
    expect(restated.event).toBe('exposure.restated');
    expect(restated.data.amounts).toEqual({
      amountUsd: { before: 300e9, after: 260e9 },
    });
    await suite.running.hub.whenProcessed(c);
    // `a` (effective after the date) and `c` (a payment effective after it) leave the 2025-12-31 view alone
    expect(asOf.ids()).toEqual([b]);
  });

  it('sends resync to a client that stops reading and closes it', async () => {
    await suite.running.writer.recordSupply('stall', 'openai', 'oracle', 1e9);
    const stalled = await open('?deal=stall');
    // Stop reading at the socket: the server's buffer for this client grows.
    (
      stalled.socket as unknown as { _socket: { pause(): void } }
    )._socket.pause();
    const resyncsBefore = suite.running.hub.stats().resyncs;
    const notes = 'x'.repeat(64 * 1024);
    for (
      let batch = 0;
      suite.running.hub.stats().resyncs === resyncsBefore && batch < 500;
      batch++
    ) {
      await suite.running.hub.whenProcessed(
        await suite.running.writer.amend(
          'stall',
          { notes: `${batch}${notes}` },
          '2026-04-01',
        ),
      );
    }
    expect(suite.running.hub.stats().resyncs).toBe(resyncsBefore + 1);
    (
      stalled.socket as unknown as { _socket: { resume(): void } }
    )._socket.resume();
    await stalled.waitUntil(() => stalled.ended, 'the close', 5000);
    const resync = stalled.controls.find((c) => c.event === 'resync');
    expect(resync?.data.lastEventId).toBe(
      String(stalled.ids()[stalled.ids().length - 1]),
    );
  });
});
