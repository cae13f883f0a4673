import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TangleClient } from '../../src/cli/commands/client';
import { Io } from '../../src/cli/commands/output';
import { Target } from '../../src/cli/commands/target';

/** What a request asked for, as the fake server saw it. */
export interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export type Route = (
  req: Seen,
) => { status?: number; body: unknown } | undefined;

/** A small HTTP server answering from a route function: the CLI is tested against what it sends and prints. */
export async function fakeServer(route: Route): Promise<{
  url: string;
  seen: Seen[];
  open: () => Promise<Target>;
  close: () => Promise<void>;
}> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const s: Seen = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: raw ? JSON.parse(raw) : undefined,
      };
      seen.push(s);
      const answer = route(s) ?? {
        status: 404,
        body: {
          statusCode: 404,
          error: 'Not Found',
          message: `Cannot ${s.method} ${s.path}`,
        },
      };
      res.writeHead(answer.status ?? 200, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    open: () =>
      Promise.resolve({
        client: new TangleClient(url),
        inProcess: false,
        close: () => Promise.resolve(),
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An Io that keeps what a command printed. */
export function captureIo(): Io & {
  stdout: () => string;
  stderr: () => string;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    interactive: false,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}
