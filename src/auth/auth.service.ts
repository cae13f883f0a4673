import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig, APP_CONFIG, TokenEntry } from '../config/app-config';
import { Caller, ForbiddenError, UnauthorizedError } from './auth.types';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(address: string | undefined): boolean {
  return (
    address !== undefined &&
    (LOOPBACK.has(address) ||
      address.startsWith('127.') ||
      address.startsWith('::ffff:127.'))
  );
}

/**
 * Who is calling, from `Authorization: Bearer <token>` and the peer address. Tokens are compared
 * in constant time through their digests and never logged or echoed. Usable by any transport
 * (HTTP guard, SSE, WebSocket handshake).
 */
@Injectable()
export class AuthService {
  private readonly tokens: readonly { entry: TokenEntry; digest: Buffer }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.tokens = config.tokens.map((entry) => ({
      entry,
      digest: digest(entry.token),
    }));
  }

  get tokensConfigured(): boolean {
    return this.tokens.length > 0;
  }

  /** Throws UnauthorizedError (401) or ForbiddenError (403). */
  authenticate(
    authorization: string | undefined,
    remoteAddress: string | undefined,
  ): Caller {
    if (!this.tokensConfigured) {
      if (isLoopback(remoteAddress)) return { name: 'local', role: 'writer' };
      throw new ForbiddenError(
        'no tokens are configured (TANGLE_TOKENS), so only loopback callers are served',
      );
    }
    if (authorization === undefined || authorization.trim() === '')
      throw new UnauthorizedError(
        'a bearer token is required (Authorization: Bearer <token>)',
      );
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new UnauthorizedError('must be "Bearer <token>"');
    const presented = digest(match[1]);
    let found: TokenEntry | undefined;
    for (const { entry, digest: known } of this.tokens) {
      if (timingSafeEqual(known, presented)) found = entry;
    }
    if (!found) throw new UnauthorizedError('unknown token');
    return { name: found.name, role: found.role };
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
