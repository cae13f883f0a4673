import { isIP } from 'node:net';

/** Settings of API.md "Running", parsed once at the edge. */
export interface AppConfig {
  port: number;
  host: string;
  /** `sqlite:<path>` or `esdb://…` / `esdb+discover://…`. */
  eventStoreUrl: string;
  /** Data set loaded into an empty store at start. */
  seed: 'ai-buildout' | 'none';
  tokens: readonly TokenEntry[];
  /** Where projections keep their read models and checkpoints (a SQLite file). */
  projectionsPath: string;
}

export type Role = 'reader' | 'analyst' | 'writer' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'analyst', 'writer', 'admin'];

export interface TokenEntry {
  name: string;
  role: Role;
  token: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port =
    env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      `PORT must be a port number (0-65535), got "${env.PORT}"`,
    );
  }
  const host = env.HOST || '127.0.0.1';
  if (
    host !== 'localhost' &&
    isIP(host) === 0 &&
    !/^[a-zA-Z0-9.-]+$/.test(host)
  ) {
    throw new ConfigError(
      `HOST must be an address or host name, got "${host}"`,
    );
  }
  const eventStoreUrl = env.EVENT_STORE_URL || 'sqlite:./data/tangle.db';
  const seed = (env.TANGLE_SEED || 'ai-buildout') as AppConfig['seed'];
  if (seed !== 'ai-buildout' && seed !== 'none') {
    throw new ConfigError(
      `TANGLE_SEED must be "ai-buildout" or "none", got "${env.TANGLE_SEED}"`,
    );
  }
  const projectionsPath =
    env.TANGLE_PROJECTIONS_PATH || defaultProjectionsPath(eventStoreUrl);
  return {
    port,
    host,
    eventStoreUrl,
    seed,
    tokens: parseTokens(env.TANGLE_TOKENS),
    projectionsPath,
  };
}

/** Beside the embedded store's file; under ./data for EventStoreDB. */
function defaultProjectionsPath(eventStoreUrl: string): string {
  if (eventStoreUrl.startsWith('sqlite:')) {
    const path = eventStoreUrl.slice('sqlite:'.length);
    if (path === ':memory:') return ':memory:';
    return path.replace(/(\.db)?$/, '.projections.db');
  }
  return './data/projections.db';
}

/** `name:role:token` entries, comma-separated. Never echoes a token in an error. */
export function parseTokens(raw: string | undefined): TokenEntry[] {
  if (!raw || raw.trim() === '') return [];
  return raw.split(',').map((entry, i) => {
    const parts = entry.trim().split(':');
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      throw new ConfigError(
        `TANGLE_TOKENS entry ${i + 1} must be name:role:token`,
      );
    }
    const [name, role, token] = parts;
    if (!ROLES.includes(role as Role)) {
      throw new ConfigError(
        `TANGLE_TOKENS entry ${i + 1} (${name}) has role "${role}"; roles are ${ROLES.join(', ')}`,
      );
    }
    return { name, role: role as Role, token };
  });
}
