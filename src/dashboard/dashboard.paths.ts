import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the built dashboard lives: `web/dist` at the project root (src/dashboard and dist/dashboard are both two levels down). */
export const DASHBOARD_DIST = Symbol('DASHBOARD_DIST');

export function defaultDashboardDist(): string {
  return process.env.TANGLE_WEB_DIST
    ? resolve(process.env.TANGLE_WEB_DIST)
    : resolve(__dirname, '..', '..', 'web', 'dist');
}

/**
 * First path segments that belong to the API. A browser asking for one of these never gets the
 * dashboard's index.html in place of the API's own 404, whatever the order routes were registered in.
 */
export const API_PREFIXES: ReadonlySet<string> = new Set([
  'analysis',
  'api',
  'audit',
  'companies',
  'deals',
  'docs',
  'docs-json',
  'docs-yaml',
  'exposures',
  'health',
  'import',
  'live',
  'metrics',
  'admin',
  'scenarios',
  'ws',
]);

/** Cache policy: hashed assets forever, the page itself revalidated on every load. */
export function cacheControlFor(relativePath: string): string {
  if (relativePath.startsWith('assets/'))
    return 'public, max-age=31536000, immutable';
  if (relativePath === 'index.html') return 'no-cache';
  return 'public, max-age=3600';
}

export function isBuilt(dist: string): boolean {
  return existsSync(join(dist, 'index.html'));
}
