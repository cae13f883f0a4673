import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../shared/errors';

/** The request and reply every controller, guard and filter sees (the Fastify platform). */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

/** Largest request body accepted, in bytes (import files go through POST /import in chunks of this). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Content types read as text (POST /import takes NDJSON). */
export const TEXT_BODY_TYPES = ['application/x-ndjson', 'application/jsonl'];

/**
 * The JSON body parser: an empty body is `{}` (as Express read it, so the DTO names the missing
 * field), malformed JSON is a 400 naming `body`. `__proto__` and `constructor` stay plain keys,
 * as JSON.parse makes them: the body walk refuses them by name (`__proto__: is not a known field`)
 * instead of the framework answering with a message that names nothing.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(
      'body',
      `malformed JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The path of a request, without its query, still percent-encoded (`req.path` on Express). */
export function requestPath(request: HttpRequest): string {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The media types a client accepts, as `Accept` lists them: `[type, q, order]`. */
function acceptedRanges(accept: string): { range: string; q: number }[] {
  return accept
    .split(',')
    .map((part) => {
      const [range, ...params] = part.trim().toLowerCase().split(';');
      const qParam = params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { range: range.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.range !== '');
}

/** How well `type` matches `range`: 2 exact, 1 `text/*`, 0 `*\/*`, -1 not at all. */
function specificity(range: string, type: string): number {
  if (range === type) return 2;
  if (range === '*/*') return 0;
  const [main, sub] = range.split('/');
  return sub === '*' && type.startsWith(`${main}/`) ? 1 : -1;
}

/**
 * Which of `types` (full media types, in the server's order of preference) the request's `Accept`
 * header prefers, or `false` for none: the most specific range that matches gives each type its
 * q; a higher q wins, then a more specific match, then the earlier range in the header, then the
 * server's order (the rules `req.accepts([...])` followed on Express). No header accepts anything.
 */
export function preferredType(
  accept: string | undefined,
  types: readonly string[],
): string | false {
  if (accept === undefined || accept.trim() === '') return types[0] ?? false;
  const ranges = acceptedRanges(accept);
  let best:
    { type: string; q: number; s: number; i: number; o: number } | undefined;
  types.forEach((type, o) => {
    let match: { q: number; s: number; i: number } | undefined;
    ranges.forEach(({ range, q }, i) => {
      const s = specificity(range, type);
      if (s >= 0 && (match === undefined || s > match.s)) match = { q, s, i };
    });
    if (match === undefined || match.q <= 0) return;
    const candidate = { type, ...match, o };
    if (
      best === undefined ||
      candidate.q > best.q ||
      (candidate.q === best.q &&
        (candidate.s > best.s ||
          (candidate.s === best.s && candidate.i < best.i)))
    )
      best = candidate;
  });
  return best === undefined ? false : best.type;
}

/**
 * Finishes the HTTP platform's start-up at the end of `app.init()` (Fastify builds its request
 * hooks on `ready()`, which only `listen()` calls), so `app.getHttpServer()` answers after
 * `init()` without listening, as tests use it.
 */
@Injectable()
export class HttpPlatformReady implements OnApplicationBootstrap {
  constructor(private readonly host: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    const instance = this.host.httpAdapter?.getInstance<{
      ready?: () => PromiseLike<unknown>;
    }>();
    if (typeof instance?.ready === 'function') await instance.ready();
  }
}

/** A body's content coding, as Accept-Encoding names it. */
export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to send from those available, by the request's Accept-Encoding: the highest q
 * wins, Brotli before gzip on a tie; `identity` unless the client refuses it outright (then
 * identity all the same: every client reads it, and a 406 helps no one).
 */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  available: readonly Encoding[],
): Encoding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (e: Encoding): number => q.get(e) ?? q.get('*') ?? 0;
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const encoding of ['br', 'gzip'] as const) {
    if (!available.includes(encoding)) continue;
    const w = weight(encoding);
    if (w > bestQ) {
      best = encoding;
      bestQ = w;
    }
  }
  return best;
}
