import { Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { HttpReply, HttpRequest } from './http-platform';
import { jsonStream } from './json-stream';

/** A request from `remoteAddress` accepting `acceptEncoding`, and a reply that keeps its headers. */
function exchange(remoteAddress: string, acceptEncoding?: string) {
  const headers: Record<string, string> = {};
  const request = {
    method: 'GET',
    url: '/exposures?at=2026-01-01',
    socket: { remoteAddress },
    headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  } as unknown as HttpRequest;
  const reply = {
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
  } as unknown as HttpReply;
  return { request, reply, headers };
}

/** Pieces that throw after the first. */
function* failing(): Generator<string> {
  yield '{"edges":[';
  throw new Error('side out of order');
}

/** Everything the stream gives, or the error it ends with. */
async function drain(stream: Readable): Promise<Buffer | Error> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  } catch (err) {
    return err as Error;
  }
}

describe('jsonStream', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });
  afterEach(() => logged.mockRestore());

  it('given a client on this machine, when the pieces end, then it sends them as they are and logs nothing', async () => {
    const { request, reply, headers } = exchange('127.0.0.1', 'gzip');
    const file = jsonStream(['{"a":', '1}'], request, reply);
    expect((await drain(file.getStream())).toString()).toBe('{"a":1}');
    expect(headers['Content-Encoding']).toBeUndefined();
    expect(logged).not.toHaveBeenCalled();
  });

  it('given a client elsewhere accepting gzip, when the pieces end, then it sends them compressed', async () => {
    const { request, reply, headers } = exchange('10.0.0.7', 'gzip');
    const file = jsonStream(['{"a":', '1}'], request, reply);
    const body = await drain(file.getStream());
    expect(body).toBeInstanceOf(Buffer);
    expect(gunzipSync(body as Buffer).toString()).toBe('{"a":1}');
    expect(headers['Content-Encoding']).toBe('gzip');
    expect(headers.Vary).toBe('Accept-Encoding');
    expect(logged).not.toHaveBeenCalled();
  });

  it.each([
    ['sent as it is', '127.0.0.1', undefined],
    ['compressed', '10.0.0.7', 'br'],
  ])(
    'given an answer %s, when its pieces throw part-way, then the stream fails and the failure is logged with the request',
    async (_how, address, accept) => {
      const { request, reply } = exchange(address, accept);
      const end = await drain(
        jsonStream(failing(), request, reply).getStream(),
      );
      expect(end).toBeInstanceOf(Error);
      await new Promise((resolve) => setImmediate(resolve));
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0][0]).toBe(
        'GET /exposures?at=2026-01-01: the answer failed part-way and was cut: side out of order',
      );
    },
  );

  it('given a compressed answer, when the client goes before the end, then nothing is logged', async () => {
    const { request, reply } = exchange('10.0.0.7', 'gzip');
    function* endless(): Generator<string> {
      for (;;) yield 'x'.repeat(1024);
    }
    const stream = jsonStream(endless(), request, reply).getStream();
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(logged).not.toHaveBeenCalled();
  });
});
