import {
  Running,
  SseClient,
  startApp,
  tempStore,
  WsClient,
} from './live-test-kit';

describe('live channel with tokens configured', () => {
  const store = tempStore();
  let running: Running;

  beforeAll(async () => {
    running = await startApp(store.url, store.dir, [
      { name: 'ana', role: 'reader', token: 'reader-token' },
    ]);
  });

  afterAll(async () => {
    await running?.app.close();
    store.remove();
  });

  it('SSE: 401 without a token, a stream with one', async () => {
    const anonymous = await SseClient.open(running.base);
    expect(anonymous.status).toBe(401);
    const reader = await SseClient.open(running.base, '', {
      Authorization: 'Bearer reader-token',
    });
    expect(reader.status).toBe(200);
    reader.close();
  });

  it('SSE: ?access_token= (for a browser EventSource): 401 when wrong, a filtered stream when right', async () => {
    const wrong = await SseClient.open(
      running.base,
      '?access_token=not-a-token&topics=company',
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain('not-a-token');
    const empty = await SseClient.open(running.base, '?access_token=');
    expect(empty.status).toBe(401);
    const reader = await SseClient.open(
      running.base,
      '?topics=company&access_token=reader-token',
    );
    expect(reader.status).toBe(200);
    const position = await running.writer.registerCompany('openai');
    const received = await reader.waitForId(position);
    expect(received.event).toBe('company.registered');
    reader.close();
  });

  it('the Authorization header wins over ?access_token=', async () => {
    const both = await SseClient.open(running.base, '?access_token=wrong', {
      Authorization: 'Bearer reader-token',
    });
    expect(both.status).toBe(200);
    both.close();
  });

  it('?access_token= is taken on GET /live only', async () => {
    const res = await fetch(
      `${running.base}/companies?access_token=reader-token`,
    );
    expect(res.status).toBe(401);
    const withHeader = await fetch(`${running.base}/companies`, {
      headers: { Authorization: 'Bearer reader-token' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('WebSocket: an error frame and a close without a token; subscribed with ?access_token=', async () => {
    const anonymous = await WsClient.open(running.base);
    expect(anonymous.controls[0]).toMatchObject({
      event: 'error',
      data: { statusCode: 401 },
    });
    await anonymous.waitUntil(() => anonymous.ended, 'the close');
    const reader = await WsClient.open(
      running.base,
      '?access_token=reader-token',
    );
    expect(reader.controls[0].event).toBe('subscribed');
    reader.close();
  });
});
