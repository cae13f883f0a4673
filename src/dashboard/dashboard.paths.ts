import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the built dashboard lives: `web/dist` at the project root. */
export const DASHBOARD_DIST = Symbol('DASHBOARD_DIST');

/** The project root: the nearest folder above `from` with a package.json (from src/, dist/ or dist-bench/src/). */
export function projectRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return resolve(from, '..', '..');
}

export function defaultDashboardDist(): string {
  return process.env.TANGLE_WEB_DIST
    ? resolve(process.env.TANGLE_WEB_DIST)
    : join(projectRoot(__dirname), 'web', 'dist');
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
