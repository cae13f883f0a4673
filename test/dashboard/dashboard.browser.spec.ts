import { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import {
  artifacts,
  buildWebIfNeeded,
  CHROMIUM,
  CHROMIUM_ARGS,
  browserDescribe,
  root,
} from './browser-kit';
const describeInBrowser = browserDescribe('dashboard browser tests');
jest.setTimeout(60_000);

const today = new Date().toISOString().slice(0, 10);

/** Two companies of our own, so the edges we look for exist only on the dates we give them. */
const ALPHA = 'dash-alpha';
const BETA = 'dash-beta';
const SIGNED = '2024-03-15';
const DAY_BEFORE = '2024-03-14';

describeInBrowser('the dashboard in a real browser', () => {
  let app: INestApplication;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let storeDir: string;
  const consoleErrors: string[] = [];

  async function api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Waits until the page has drawn the view for `at`. */
  async function viewReady(at: string): Promise<void> {
    await page
      .locator(`body[data-state="ready"][data-at="${at}"]`)
      .waitFor({ state: 'attached', timeout: 15_000 });
  }

  const edgeRow = (key: string) =>
    page.locator(`#edge-table tr[data-edge="${key}"]`);

  beforeAll(async () => {
    buildWebIfNeeded(root, { quiet: true });
    mkdirSync(artifacts, { recursive: true });
    storeDir = mkdtempSync(join(tmpdir(), 'tangle-dashboard-'));
    const config = loadConfig({
      EVENT_STORE_URL: `sqlite:${join(storeDir, 'tangle.db')}`,
      TANGLE_SEED: 'ai-buildout',
      PORT: '0',
    });
    app = await createApp({ config, logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    // The seeded network must hold OpenAI; our two companies sit beside it.
    await api('POST', '/companies', {
      id: ALPHA,
      name: 'Dash Alpha',
      sector: 'test',
      equityUsd: 50e9,
      externalAssetsUsd: 80e9,
      effectiveAt: '2020-01-01',
    });
    await api('POST', '/companies', {
      id: BETA,
      name: 'Dash Beta',
      sector: 'test',
      equityUsd: 20e9,
      externalAssetsUsd: 30e9,
      effectiveAt: '2020-01-01',
    });
    await api('POST', '/deals', {
      id: 'dash-loan',
      kind: 'loan',
      lender: ALPHA,
      borrower: BETA,
      amountUsd: 7e9,
      effectiveAt: SIGNED,
      startDate: SIGNED,
      endDate: '2030-03-15',
    });

    profile = mkdtempSync(join(tmpdir(), 'tangle-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error')
        consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  });

  it('loads the seeded network on today’s date', async () => {
    await page.goto(`${base}/`);
    await viewReady(today);
    const view = await api<{
      companies: { id: string }[];
      edges: { deals: string[] }[];
      caveats?: { kind: string; deal?: string }[];
    }>('GET', `/exposures?at=${today}`);
    expect(view.companies.map((c) => c.id)).toContain('openai');
    await expect(
      page.locator('#company-list li[data-company="openai"]').count(),
    ).resolves.toBe(1);
    await expect(
      page.locator('#edge-table tr[data-edge]').count(),
    ).resolves.toBeGreaterThan(0);
    await page
      .locator('body[data-live="open"]')
      .waitFor({ state: 'attached', timeout: 10_000 });
    // Every deal on a money cycle the API finds is drawn as part of one.
    const found = await api<{
      cycles: { certainty: string; legs: { deals: string[] }[] }[];
    }>('GET', `/exposures/cycles?at=${today}`);
    // The tag counts the rings and those resting on a deal below binding.
    const below = found.cycles.filter((c) => c.certainty !== 'binding').length;
    await expect(
      page.locator('#cycles-shown').textContent(),
    ).resolves.toContain(
      below === 0
        ? `${found.cycles.length} money`
        : `${found.cycles.length} money rings glow amber, ${below} through a deal below binding`,
    );
    const cycleDeals = [
      ...new Set(found.cycles.flatMap((c) => c.legs.flatMap((l) => l.deals))),
    ];
    expect(cycleDeals.length).toBeGreaterThan(0);
    // The view draws the deals at the default certainty (binding); the cycle search also follows
    // conditional tranches (Amazon's deferred $35B in OpenAI, the milestone tranches in Anthropic),
    // which the view leaves out and names in its caveats as below-certainty.
    const drawn = new Set(view.edges.flatMap((e) => e.deals));
    const belowCertainty = new Set(
      (view.caveats ?? [])
        .filter((c) => c.kind === 'below-certainty')
        .map((c) => c.deal),
    );
    for (const deal of cycleDeals.filter((d) => !drawn.has(d)))
      expect({ deal, belowCertainty: belowCertainty.has(deal) }).toEqual({
        deal,
        belowCertainty: true,
      });
    expect(cycleDeals.filter((d) => drawn.has(d)).length).toBeGreaterThan(0);
    for (const deal of cycleDeals.filter((d) => drawn.has(d))) {
      await expect(
        page
          .locator(`#edge-table tr[data-deals~="${deal}"] .tag.cycle`)
          .count(),
      ).resolves.toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(artifacts, 'dashboard-1-loaded.png') });
  });

  it('shows an edge from the date its deal was signed, not the day before', async () => {
    await page.locator('#filter-text').fill('dash-');
    await page.locator('#at-date').fill(DAY_BEFORE);
    await page.locator('#at-date').dispatchEvent('change');
    await viewReady(DAY_BEFORE);
    await expect(edgeRow(`${ALPHA}>${BETA}:loan`).count()).resolves.toBe(0);
    await page.screenshot({
      path: join(artifacts, 'dashboard-2-before-signing.png'),
    });

    // One step of the slider with the keyboard: the day of signing.
    await page.locator('#at-slider').focus();
    await page.keyboard.press('ArrowRight');
    await viewReady(SIGNED);
    await expect(edgeRow(`${ALPHA}>${BETA}:loan`).count()).resolves.toBe(1);
    await page.screenshot({ path: join(artifacts, 'dashboard-3-signed.png') });

    await page.locator('#filter-text').fill('');
    await page.locator('#at-date').fill(today);
    await page.locator('#at-date').dispatchEvent('change');
    await viewReady(today);
  });

  it('opens a company: totals, deals behind the numbers and their audit history', async () => {
    await page
      .locator('#company-list li[data-company="openai"] button')
      .click();
    await page.locator('#company-body h2').waitFor();
    await expect(
      page.locator('#company-body h2').textContent(),
    ).resolves.toMatch(/openai/i);
    const firstDeal = page
      .locator('#company-body table button.linkish[title^="Audit history"]')
      .first();
    await firstDeal.waitFor();
    await firstDeal.click();
    try {
      await page.locator('#history-body table').waitFor({ timeout: 10_000 });
      await expect(
        page.locator('#history-body tbody tr').count(),
      ).resolves.toBeGreaterThan(0);
      await page.screenshot({
        path: join(artifacts, 'dashboard-4-company-history.png'),
      });
    } finally {
      await page.keyboard.press('Escape');
    }
  });

  it('runs "OpenAI defaults" and shows the failed companies and totals the API gives', async () => {
    await page.locator('#tab-scenario').click();
    await page.locator('#sc-name').fill('OpenAI defaults');
    await page.locator('#sc-model').selectOption('furfine');
    await page.locator('#sc-recovery').fill('0');
    await page.locator('#add-default').click();
    await page
      .locator('#shock-list li[data-type="default"] .shock-company')
      .selectOption('openai');
    await page
      .locator('#shock-list li[data-type="default"] .shock-recovery')
      .fill('0');
    await page.locator('#sc-run').click();
    await page.locator('#scenario-totals').waitFor({ timeout: 30_000 });

    const expected = await api<{
      result: {
        defaults: string[];
        baselineDefaults: string[];
        initialLossUsd: number;
        totalLossUsd: number;
        amplification: number;
      };
    }>('POST', '/scenarios', {
      name: 'OpenAI defaults (API)',
      at: today,
      model: 'furfine',
      params: { recoveryRate: 0 },
      shocks: [{ type: 'default', company: 'openai', recoveryRate: 0 }],
    });
    const value = (name: string) =>
      page
        .locator(`#scenario-totals [data-total="${name}"]`)
        .getAttribute('data-value');
    await expect(value('totalLossUsd').then(Number)).resolves.toBeCloseTo(
      expected.result.totalLossUsd,
      0,
    );
    await expect(value('initialLossUsd').then(Number)).resolves.toBeCloseTo(
      expected.result.initialLossUsd,
      0,
    );
    await expect(value('amplification').then(Number)).resolves.toBeCloseTo(
      expected.result.amplification,
      6,
    );
    await expect(value('defaults')).resolves.toBe(
      expected.result.defaults.join(' '),
    );

    // The cascade plays to its last round: every failed company is marked on the graph.
    await page
      .locator('body[data-cascade="done"]')
      .waitFor({ state: 'attached', timeout: 30_000 });
    const failed =
      (await page.locator('#cascade-bar').getAttribute('data-failed')) ?? '';
    // Every company in default in the run: those the shock caused (`defaults`) and those failing anyway.
    expect(failed.split(' ').filter(Boolean).sort()).toEqual(
      [...expected.result.defaults, ...expected.result.baselineDefaults].sort(),
    );
    const failedRows: string[] = [];
    for (const row of await page
      .locator('#scenario-companies tr.failed')
      .all()) {
      failedRows.push((await row.getAttribute('data-company')) ?? '');
    }
    expect(failedRows.sort()).toEqual(
      [...expected.result.defaults, ...expected.result.baselineDefaults].sort(),
    );
    await page.screenshot({
      path: join(artifacts, 'dashboard-5-openai-defaults.png'),
    });
    await page.locator('#cascade-clear').click();
  });

  /** Refreshes the saved scenarios' list and waits until the new list is in place. */
  async function refreshSaved(): Promise<void> {
    const list = page.locator('#saved-list');
    const before = Number((await list.getAttribute('data-lists')) ?? 0);
    await page.locator('#saved-refresh').click();
    await page
      .locator(`#saved-list[data-lists="${before + 1}"]`)
      .waitFor({ state: 'attached' });
  }

  it('reopens a saved scenario', async () => {
    const saved = await api<{ id: string; name: string }[]>(
      'GET',
      '/scenarios',
    );
    const mine = saved.find((s) => s.name === 'OpenAI defaults');
    expect(mine).toBeDefined();
    // the refreshed list in place before a pick (a list still on its way would come after it)
    await refreshSaved();
    await page
      .locator(`#saved-list option[value="${mine!.id}"]`)
      .waitFor({ state: 'attached' });
    await page.locator('#saved-list').selectOption(mine!.id);
    await expect(page.locator('#saved-list').inputValue()).resolves.toBe(
      mine!.id,
    );
    // A refresh keeps the reader's pick: the list is newest first and the scenario saved through
    // the API after this one heads it, so a refresh that fell back to the first entry shows here.
    expect(saved[0].id).not.toBe(mine!.id);
    await refreshSaved();
    await expect(page.locator('#saved-list').inputValue()).resolves.toBe(
      mine!.id,
    );
    await page.locator('#saved-open').click();
    await page
      .locator(`#scenario-result h3[data-scenario="${mine!.id}"]`)
      // the reopened scenario runs again: on a loaded 2-core machine that has taken over 15 s
      .waitFor({ timeout: 45_000 });
    await expect(
      page
        .locator('#shock-list li[data-type="default"] .shock-company')
        .inputValue(),
    ).resolves.toBe('openai');
    await page
      .locator('body[data-cascade="done"]')
      .waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('#cascade-clear').click();
  }, 120_000);

  it('ranks companies by the loss their failure alone causes, as the API ranks them', async () => {
    await page.locator('#tab-systemic').click();
    await page.locator('#sys-model').selectOption('furfine');
    await page.locator('#sys-run').click();
    await page
      .locator('#sys-ranking tbody tr')
      .first()
      .waitFor({ timeout: 60_000 });
    const expected = await api<{
      ranking: { company: string; totalLossUsd: number }[];
    }>('GET', `/analysis/systemic?at=${today}&model=furfine`);
    const top = page.locator('#sys-ranking tbody tr').first();
    await expect(top.getAttribute('data-company')).resolves.toBe(
      expected.ranking[0].company,
    );
    await expect(
      top.getAttribute('data-value').then(Number),
    ).resolves.toBeCloseTo(expected.ranking[0].totalLossUsd, 0);
    await page.screenshot({
      path: join(artifacts, 'dashboard-6-systemic.png'),
    });
  });

  it('marks a backdated amendment as a restatement when viewed as known before it', async () => {
    // Known-at to the second, taken before the amendment is recorded.
    const knownBefore = new Date(Math.floor(Date.now() / 1000) * 1000)
      .toISOString()
      .slice(0, 19);
    await api('PATCH', `/deals/dash-loan`, {
      effectiveAt: '2024-06-01',
      reason: 'principal restated by the lender',
      amountUsd: 9e9,
    });
    await page.locator('#filter-text').fill('dash-');
    await page.locator('#known-date').fill(knownBefore);
    await page.locator('#known-date').dispatchEvent('change');
    await page.locator('#at-date').fill('2024-07-01');
    await page.locator('#at-date').dispatchEvent('change');
    await page
      .locator(
        `body[data-state="ready"][data-at="2024-07-01"][data-known-at="${knownBefore}Z"]`,
      )
      .waitFor({ state: 'attached', timeout: 15_000 });
    await expect(
      edgeRow(`${ALPHA}>${BETA}:loan`).locator('.tag.warn').count(),
    ).resolves.toBe(1);
    await expect(page.locator('#restated-count').count()).resolves.toBe(1);
    await page.screenshot({
      path: join(artifacts, 'dashboard-7-restated.png'),
    });

    // As known now, the amended amount is simply the view: nothing to mark.
    await page.locator('#known-now').click();
    await page
      .locator(
        'body[data-state="ready"][data-at="2024-07-01"][data-known-at=""]',
      )
      .waitFor({ state: 'attached', timeout: 15_000 });
    await expect(
      edgeRow(`${ALPHA}>${BETA}:loan`).locator('.tag.warn').count(),
    ).resolves.toBe(0);
    await page.locator('#at-date').fill(today);
    await page.locator('#at-date').dispatchEvent('change');
    await viewReady(today);
  });

  it('marks the dates where the history moves under the slider, and jumps between them', async () => {
    const mark = (date: string) =>
      page.locator(`#at-marks .mark[data-date="${date}"]`);
    await mark(SIGNED).waitFor({ state: 'attached', timeout: 15_000 });
    // As many marks as the API has dates in the slider's range, each titled with what happened.
    const dates = await api<{
      dates: { date: string; restatement: boolean }[];
    }>('GET', '/exposures/dates');
    const inRange = dates.dates.filter(
      (d) => d.date >= '2019-01-01' && d.date <= today,
    );
    expect(inRange.length).toBeGreaterThan(1);
    await expect(page.locator('#at-marks .mark').count()).resolves.toBe(
      inRange.length,
    );
    await expect(mark(SIGNED).getAttribute('title')).resolves.toMatch(
      /signed: .*dash-loan/,
    );
    await expect(
      mark('2024-06-01').getAttribute('data-kinds'),
    ).resolves.toMatch(/\bamended\b/);

    // PageUp on the slider: from the day before the signing to the next marked date, the signing.
    await page.locator('#filter-text').fill('dash-');
    await page.locator('#at-date').fill(DAY_BEFORE);
    await page.locator('#at-date').dispatchEvent('change');
    await viewReady(DAY_BEFORE);
    await page.locator('#at-slider').focus();
    await page.keyboard.press('PageUp');
    await viewReady(SIGNED);
    await expect(edgeRow(`${ALPHA}>${BETA}:loan`).count()).resolves.toBe(1);
    await expect(page.locator('#mark-status').textContent()).resolves.toMatch(
      /dash-loan/,
    );
    await expect(mark(SIGNED).getAttribute('class')).resolves.toMatch(
      /current/,
    );
    // ] anywhere but a text field: the next one; [ back.
    await page.locator('#at-slider').blur();
    const next = inRange.find((d) => d.date > SIGNED)?.date ?? today;
    await page.keyboard.press(']');
    await viewReady(next);
    await page.keyboard.press('[');
    await viewReady(SIGNED);

    // A change dated before a later one of the same deal already recorded rewrites history:
    // its mark stands apart, and the page follows it live.
    await api('PATCH', `/deals/dash-loan`, {
      effectiveAt: '2024-04-01',
      reason: 'first drawdown restated',
      amountUsd: 8e9,
    });
    await page
      .locator('#at-marks .mark.restated[data-date="2024-04-01"]')
      .waitFor({ state: 'attached', timeout: 15_000 });
    await expect(
      page
        .locator('#at-marks .mark[data-date="2024-06-01"]')
        .getAttribute('class'),
    ).resolves.not.toMatch(/restated/);
    const after = await api<{ dates: { date: string }[] }>(
      'GET',
      '/exposures/dates',
    );
    const nextNow = after.dates.find((d) => d.date > SIGNED)?.date;
    await page.keyboard.press(']');
    await viewReady(nextNow ?? today);
    if (nextNow !== '2024-04-01') {
      await page.locator('#at-date').fill('2024-04-01');
      await page.locator('#at-date').dispatchEvent('change');
      await viewReady('2024-04-01');
    }
    await expect(page.locator('#mark-status').textContent()).resolves.toMatch(
      /amended \(restated\): dash-loan/,
    );
    await page.screenshot({ path: join(artifacts, 'dashboard-7b-marks.png') });
    await page
      .locator('header.bar')
      .screenshot({ path: join(artifacts, 'dashboard-7c-slider-marks.png') });
    await page.locator('#filter-text').fill('');
    await page.locator('#at-date').fill(today);
    await page.locator('#at-date').dispatchEvent('change');
    await viewReady(today);
  });

  it('shows a deal recorded through the API without a reload', async () => {
    await page.locator('#tab-company').click();
    if (await page.locator('#company-close').count())
      await page.locator('#company-close').click();
    await page.locator('#tab-live').click();
    const key = `${BETA}>${ALPHA}:supply`;
    await expect(edgeRow(key).count()).resolves.toBe(0);
    await page.locator('#filter-text').fill('dash-');
    await api('POST', '/deals', {
      id: 'dash-live-supply',
      kind: 'supply',
      seller: BETA,
      buyer: ALPHA,
      amountUsd: 3e9,
      effectiveAt: today,
      startDate: today,
    });
    await edgeRow(key).waitFor({ state: 'attached', timeout: 15_000 });
    await page
      .locator('#live-feed li[data-event="deal.recorded"]')
      .first()
      .waitFor({ timeout: 5_000 });
    // The amendment of the restatement test, effective months before it was recorded.
    await expect(
      page
        .locator('#live-feed li[data-event="deal.amended"] .tag.warn')
        .first()
        .textContent(),
    ).resolves.toMatch(/backdated/);
    await page.screenshot({ path: join(artifacts, 'dashboard-8-live.png') });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

describeInBrowser('the dashboard with tokens', () => {
  let app: INestApplication;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const errorsAfterToken: string[] = [];
  let tokenGiven = false;

  beforeAll(async () => {
    buildWebIfNeeded(root, { quiet: true });
    const config = loadConfig({
      EVENT_STORE_URL: 'sqlite::memory:',
      TANGLE_SEED: 'none',
      TANGLE_TOKENS: 'ana:analyst:dash-secret-1',
    });
    app = await createApp({ config, logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    profile = mkdtempSync(join(tmpdir(), 'tangle-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' && tokenGiven) errorsAfterToken.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('serves the page without a token, says the API refused, and works once a token is given', async () => {
    await page.goto(`${base}/`);
    await page.locator('#banner:not([hidden])').waitFor({ timeout: 10_000 });
    await expect(page.locator('#banner').textContent()).resolves.toMatch(
      /could not load/i,
    );
    await page.screenshot({
      path: join(artifacts, 'dashboard-9-no-token.png'),
    });

    // The live channel was refused too, and waits for a token instead of retrying without one.
    await page
      .locator('body[data-live="closed"]')
      .waitFor({ state: 'attached', timeout: 10_000 });
    tokenGiven = true;
    // Refused, the page opens the token field itself.
    await page.locator('#token').waitFor({ state: 'visible', timeout: 5_000 });
    await page.locator('#token').fill('dash-secret-1');
    await page.locator('#token-form button[type="submit"]').click();
    await page
      .locator('#banner[hidden]')
      .waitFor({ state: 'attached', timeout: 10_000 });
    await page
      .locator('body[data-live="open"]')
      .waitFor({ state: 'attached', timeout: 10_000 });
    await expect(
      page.evaluate('sessionStorage.getItem("tangle.token")'),
    ).resolves.toBe('dash-secret-1');
    expect(errorsAfterToken).toEqual([]);
  });
});
