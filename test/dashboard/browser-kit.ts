import { INestApplication } from '@nestjs/common';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { buildWebIfNeeded } = require('../../scripts/build-web.js') as {
  buildWebIfNeeded: (root: string, o?: { quiet?: boolean }) => boolean;
};

/** Debian's Chromium; the browser suites skip, saying why, where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const root = resolve(__dirname, '..', '..');
export const artifacts = join(root, 'test', 'artifacts');
export const hasChromium = existsSync(CHROMIUM);

/**
 * `describe` where Chromium is installed; elsewhere `describe.skip`, after one line saying which
 * suite was skipped and why.
 */
export function browserDescribe(suite: string): jest.Describe {
  if (hasChromium) return describe;
  process.stdout.write(
    `${suite} SKIPPED: ${CHROMIUM} is missing (install Debian's package: apt-get install -y chromium)\n`,
  );
  return describe.skip;
}

/** Flags for a headless Chromium in a container: no sandbox, GPU, QUIC or background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DashboardRig {
  app: INestApplication;
  base: string;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page. */
  errors: string[];
  close(): Promise<void>;
}

/** The service on the seeded data set (a fresh store file) and a browser page on it. */
export async function startDashboard(
  viewport = { width: 1440, height: 900 },
  env: Record<string, string> = {},
): Promise<DashboardRig> {
  buildWebIfNeeded(root, { quiet: true });
  const storeDir = mkdtempSync(join(tmpdir(), 'tangle-dashboard-'));
  const config = loadConfig({
    EVENT_STORE_URL: `sqlite:${join(storeDir, 'tangle.db')}`,
    TANGLE_SEED: 'ai-buildout',
    PORT: '0',
    ...env,
  });
  const app = await createApp({ config, logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const profile = mkdtempSync(join(tmpdir(), 'tangle-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    app,
    base,
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await app.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** A JSON call on the service, failing loudly on a refusal. */
export async function callApi<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Clicks what starts a download and returns the file's name and bytes. */
export async function downloaded(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    click(),
  ]);
  const path = await download.path();
  const bytes = readFileSync(path);
  return {
    name: download.suggestedFilename(),
    bytes,
    text: bytes.toString('utf8'),
  };
}

/** A CSV file's records (no quoted line breaks in what the dashboard writes). */
export function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted) {
          if (ch === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else cell += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') {
          cells.push(cell);
          cell = '';
        } else cell += ch;
      }
      cells.push(cell);
      return cells;
    });
}
