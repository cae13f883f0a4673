import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { percentile, printHeader } from './machine';

/**
 * The dashboard in headless Chromium: time to the first drawn network and to a redraw after a
 * slider move, on the AI build-out data set (served by the app, at 1440×900 and at 390×844) and on
 * a synthetic network of
 * 10,000 companies and 200,000 exposures (the page's GET /exposures answered by the benchmark, so
 * the figure is the page's own work: download, parse, filter, layout, draw).
 */
const CHROMIUM = '/usr/bin/chromium';
/** The project root: the nearest folder above with a package.json (dist-bench/bench → the project), else the working folder. */
function projectRoot(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir;
  return process.cwd();
}
const root = projectRoot();
const RUNS = 10;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildWebIfNeeded } = require(join(root, 'scripts', 'build-web.js')) as {
  buildWebIfNeeded: (root: string, o?: { quiet?: boolean }) => boolean;
};

/** A reproducible scale-free network: a few hubs, a long tail, exposures aggregated per (pair, kind). */
function syntheticView(
  companies: number,
  exposures: number,
  at: string,
): string {
  let seed = 42;
  const rnd = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sectors = [
    'chips',
    'cloud',
    'ai-lab',
    'hyperscaler',
    'lender',
    'investor',
    'neocloud',
    'software',
    'media',
    'energy',
  ];
  const kinds = ['supply', 'investment', 'loan'] as const;
  const rows = Array.from({ length: companies }, (_, i) => ({
    id: `co-${i}`,
    name: `Company ${i}`,
    sector: sectors[i % sectors.length],
    equityUsd: 1e8 + 1e12 * rnd() ** 6,
    externalAssetsUsd: 1e9 + 1e11 * rnd(),
    exposureOutUsd: 0,
    exposureInUsd: 0,
    defaulted: rnd() < 0.005,
  }));
  const edges = new Map<
    string,
    {
      holder: string;
      counterparty: string;
      kind: string;
      amountUsd: number;
      deals: string[];
    }
  >();
  for (let d = 0; edges.size < exposures; d++) {
    const a = Math.floor(companies * rnd() ** 3);
    const b = Math.floor(companies * rnd() ** 2);
    if (a === b) continue;
    const kind = kinds[d % 3];
    const key = `${a}>${b}:${kind}`;
    const amount = 1e6 + 5e10 * rnd() ** 5;
    const e = edges.get(key) ?? {
      holder: `co-${a}`,
      counterparty: `co-${b}`,
      kind,
      amountUsd: 0,
      deals: [],
    };
    e.amountUsd += amount;
    e.deals.push(`deal-${d}`);
    edges.set(key, e);
    rows[a].exposureOutUsd += amount;
    rows[b].exposureInUsd += amount;
  }
  return JSON.stringify({
    at,
    knownAt: at,
    companies: rows,
    edges: [...edges.values()],
  });
}

/**
 * The in-run baseline: a bare page that does the least any page drawing the same network must do —
 * fetch `GET /exposures` at the date, parse it, take the same selection the dashboard draws (the
 * `TOP_N` companies with the largest exposures and the `4 × TOP_N` largest exposures between them),
 * and draw it with cytoscape's own `cose` layout (no animation), in a page with nothing else on it.
 * It marks `body[data-state="ready"][data-at]` once the layout has stopped and two frames have been
 * painted, as the dashboard marks its own.
 */
const TOP_N = 150;
const BARE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head>
<body style="margin:0"><div id="cy" style="width:100vw;height:100vh"></div>
<script src="/bare-cytoscape.js"></script>
<script>
(async () => {
  const at = new URLSearchParams(location.search).get('at');
  const view = await (await fetch('/exposures?at=' + at)).json();
  const size = (c) => c.exposureOutUsd + c.exposureInUsd;
  const top = view.companies.slice().sort((a, b) => size(b) - size(a)).slice(0, ${TOP_N});
  const shown = new Set(top.map((c) => c.id));
  const edges = view.edges
    .filter((e) => shown.has(e.holder) && shown.has(e.counterparty))
    .sort((a, b) => b.amountUsd - a.amountUsd)
    .slice(0, ${4 * TOP_N});
  const elements = top.map((c) => ({ data: { id: c.id, label: c.name } })).concat(
    edges.map((e, i) => ({ data: { id: 'e' + i, source: e.holder, target: e.counterparty } })),
  );
  const cy = cytoscape({ container: document.getElementById('cy'), elements, style: [
    { selector: 'node', style: { label: 'data(label)' } },
    { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' } },
  ] });
  cy.one('layoutstop', () => requestAnimationFrame(() => requestAnimationFrame(() => {
    document.body.dataset.at = at;
    document.body.dataset.state = 'ready';
  })));
  cy.layout({ name: 'cose', animate: false }).run();
})();
</script></body></html>`;

/** Serves the bare page and cytoscape's bundle at the app's address (nothing of the app is used). */
async function routeBarePage(page: Page, base: string): Promise<void> {
  const bundle = readFileSync(
    join(root, 'node_modules', 'cytoscape', 'dist', 'cytoscape.min.js'),
    'utf8',
  );
  await page.route(`${base}/bare.html*`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: BARE_PAGE }),
  );
  await page.route(`${base}/bare-cytoscape.js`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      body: bundle,
    }),
  );
}

/** `label` beside its baseline, with the ratio of the medians. */
function withBaseline(
  label: string,
  samples: number[],
  baseline: number[],
): string {
  const ratio = percentile(samples, 50) / percentile(baseline, 50);
  return `${line(label, samples)}\n${line('  baseline: bare page, cytoscape, same selection', baseline)}   ratio ${ratio.toFixed(2)}×`;
}

async function timeToReady(
  page: Page,
  act: () => Promise<unknown>,
  at: string,
): Promise<number> {
  const t0 = performance.now();
  await act();
  await page
    .locator(`body[data-state="ready"][data-at="${at}"]`)
    .waitFor({ state: 'attached', timeout: 120_000 });
  return performance.now() - t0;
}

/** What the page keeps: its JS heap after a full collection (window.gc, see the launch flags). */
async function keptHeapOf(page: Page): Promise<number> {
  return Number(
    await page.evaluate(
      '(typeof gc === "function" && performance.memory) ? (gc(), performance.memory.usedJSHeapSize) : NaN',
    ),
  );
}

async function moveTo(page: Page, at: string): Promise<number> {
  return timeToReady(
    page,
    async () => {
      await page.locator('#at-date').fill(at);
      await page.locator('#at-date').dispatchEvent('change');
    },
    at,
  );
}

function line(label: string, samples: number[]): string {
  return `${label.padEnd(52)} p50 ${percentile(samples, 50).toFixed(0).padStart(6)} ms   p99 ${percentile(samples, 99).toFixed(0).padStart(6)} ms   (n=${samples.length})`;
}

async function main(): Promise<void> {
  printHeader('dashboard: first draw and redraw in headless Chromium');
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(
      `SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)\n`,
    );
    return;
  }
  buildWebIfNeeded(root, { quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'tangle-dashboard-bench-'));
  const profile = mkdtempSync(join(tmpdir(), 'tangle-chromium-'));
  const app = await createApp({
    config: loadConfig({
      EVENT_STORE_URL: `sqlite:${join(dir, 'tangle.db')}`,
      TANGLE_SEED: 'none',
    }),
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // The data set through POST /import, as `tangle import --url` sends it (the benchmark runs from dist-bench/).
  const dataDir = join(root, 'data', 'ai-buildout');
  for (const file of readdirSync(dataDir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    const res = await fetch(`${base}/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: readFileSync(join(dataDir, file), 'utf8'),
    });
    if (!res.ok)
      throw new Error(
        `import of ${file} answered ${res.status}: ${await res.text()}`,
      );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // window.gc(), for the page's heap after a collection (timings are taken without calling it)
      '--js-flags=--expose-gc',
    ],
    viewport: { width: 1440, height: 900 },
  });
  try {
    const today = new Date().toISOString().slice(0, 10);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) =>
      process.stderr.write(`page error: ${String(e)}\n`),
    );
    page.on('console', (m) => {
      if (m.type() === 'error')
        process.stderr.write(
          `console error: ${m.text()} (${m.location().url})\n`,
        );
    });

    // The AI build-out, as served.
    const loads: number[] = [];
    for (let i = 0; i < RUNS; i++)
      loads.push(
        await timeToReady(
          page,
          () => page.goto(`${base}/?run=${i}#at=${today}`),
          today,
        ),
      );
    const moves: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      const at = `${2019 + (i % 8)}-${String(1 + ((i * 5) % 12)).padStart(2, '0')}-15`;
      moves.push(await moveTo(page, at));
    }
    await routeBarePage(page, base);
    const bareLoads: number[] = [];
    for (let i = 0; i < RUNS; i++)
      bareLoads.push(
        await timeToReady(
          page,
          () => page.goto(`${base}/bare.html?at=${today}&run=${i}`),
          today,
        ),
      );
    process.stdout.write(
      `${withBaseline('AI build-out: page load to network drawn', loads, bareLoads)}\n`,
    );
    process.stdout.write(
      `${line('AI build-out: slider move to network redrawn', moves)}\n`,
    );
    // The same on a phone (390×844): the graph takes the width, the panels a sheet below it.
    await page.setViewportSize({ width: 390, height: 844 });
    const narrowLoads: number[] = [];
    for (let i = 0; i < RUNS; i++)
      narrowLoads.push(
        await timeToReady(
          page,
          () => page.goto(`${base}/?narrow=${i}#at=${today}`),
          today,
        ),
      );
    const narrowMoves: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      const at = `${2019 + (i % 8)}-${String(1 + ((i * 7) % 12)).padStart(2, '0')}-15`;
      narrowMoves.push(await moveTo(page, at));
    }
    process.stdout.write(
      `${line('AI build-out at 390 px: page load to network drawn', narrowLoads)}\n`,
    );
    process.stdout.write(
      `${line('AI build-out at 390 px: slider move to redrawn', narrowMoves)}\n`,
    );
    await page.setViewportSize({ width: 1440, height: 900 });

    // 10,000 companies, 200,000 exposures.
    const big = syntheticView(10_000, 200_000, `${today}T00:00:00.000Z`);
    await page.route(/\/exposures(\?|$)/, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: big,
      }),
    );
    await page.route(/\/exposures\/cycles/, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: '{"cycles":[],"flagged":[]}',
      }),
    );
    const bigLoads: number[] = [];
    for (let i = 0; i < 5; i++)
      bigLoads.push(
        await timeToReady(
          page,
          () => page.goto(`${base}/?big=${i}#at=${today}`),
          today,
        ),
      );
    const keptAfterLoad = await keptHeapOf(page);
    const bigMoves: number[] = [];
    for (let i = 0; i < 5; i++)
      bigMoves.push(await moveTo(page, `2025-0${1 + i}-01`));

    const filterMs: number[] = [];
    for (const text of ['Company 42', 'Company 7', 'energy', '']) {
      filterMs.push(
        Number(
          await page.evaluate(
            `(() => { const t = performance.now(); const f = document.getElementById('filter-text'); f.value = ${JSON.stringify(text)}; f.dispatchEvent(new Event('input')); return performance.now() - t; })()`,
          ),
        ),
      );
    }
    const heap = Number(
      await page.evaluate(
        'performance.memory ? performance.memory.usedJSHeapSize : NaN',
      ),
    );
    const keptHeap = await keptHeapOf(page);
    const summary = await page.locator('#summary').textContent();
    // the baseline last: it leaves the dashboard's page
    const bareBigLoads: number[] = [];
    for (let i = 0; i < 5; i++)
      bareBigLoads.push(
        await timeToReady(
          page,
          () => page.goto(`${base}/bare.html?at=${today}&big=${i}`),
          today,
        ),
      );
    process.stdout.write(
      `${withBaseline(`10,000 companies / 200,000 exposures (${(big.length / 2 ** 20).toFixed(0)} MiB): load`, bigLoads, bareBigLoads)}\n`,
    );
    process.stdout.write(
      `${line('10,000 / 200,000: slider move to redrawn', bigMoves)}\n`,
    );
    process.stdout.write(
      `${line('10,000 / 200,000: filter box to redrawn', filterMs)}\n`,
    );
    process.stdout.write(
      `10,000 / 200,000: page JS heap ${(heap / 2 ** 20).toFixed(0)} MiB, ${(keptHeap / 2 ** 20).toFixed(0)} MiB after a full collection (${(keptAfterLoad / 2 ** 20).toFixed(0)} MiB after the last load, before the moves and filters); on screen: ${summary?.replace(/\s+/g, ' ').trim()}\n`,
    );
  } finally {
    await context.close();
    await app.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
