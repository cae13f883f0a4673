import { isAbsolute, resolve } from 'node:path';
import { ValidationError } from '../shared/errors';

/** Where the store lives, parsed once from `EVENT_STORE_URL`. */
export type EventStoreLocation =
  | {
      kind: 'sqlite';
      /** An absolute file path, or `:memory:`. */ path: string;
    }
  | {
      kind: 'eventstoredb';
      connectionString: string;
      /** The URL without credentials, for logs and /health. */ redacted: string;
    };

/**
 * `sqlite:<path>` (relative paths are taken from the working directory), `sqlite::memory:`,
 * or an EventStoreDB connection string (`esdb://…`, `esdb+discover://…`).
 */
export function parseEventStoreUrl(url: string): EventStoreLocation {
  const raw = typeof url === 'string' ? url.trim() : '';
  if (raw.startsWith('sqlite:')) {
    let path = raw.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2); // sqlite:///abs/path and sqlite://./rel both read naturally
    if (path === '')
      throw urlError(
        url,
        'sqlite: needs a file path, e.g. sqlite:./data/tangle.db or sqlite::memory:',
      );
    if (path === ':memory:') return { kind: 'sqlite', path };
    if (path.includes('\0'))
      throw urlError(url, 'the file path contains a NUL character');
    return {
      kind: 'sqlite',
      path: isAbsolute(path) ? path : resolve(process.cwd(), path),
    };
  }
  if (/^esdb(\+discover)?:\/\//i.test(raw)) {
    let parsed: URL;
    try {
      // The client accepts a comma-separated host list, which URL does not: check the first host only.
      parsed = new URL(
        raw.replace(
          /^(esdb(?:\+discover)?:\/\/(?:[^@/]*@)?)([^,/?]+)(?:,[^/?]*)?/i,
          '$1$2',
        ),
      );
    } catch {
      throw urlError(url, 'it is not a valid esdb:// connection string');
    }
    if (!parsed.hostname) throw urlError(url, 'it names no host');
    return {
      kind: 'eventstoredb',
      connectionString: raw,
      redacted: redactUrl(raw),
    };
  }
  throw urlError(
    url,
    'expected sqlite:<path>, sqlite::memory: or esdb://host:port',
  );
}

/** Drops `user:password@` so a URL can be logged and reported. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}

function urlError(url: string, problem: string): ValidationError {
  return new ValidationError(
    'EVENT_STORE_URL',
    `"${redactUrl(String(url))}" cannot be used: ${problem}`,
  );
}
