import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  artifacts,
  callApi,
  downloaded,
  browserDescribe,
  parseCsv,
  startDashboard,
  type DashboardRig,
} from './browser-kit';

const describeInBrowser = browserDescribe('dashboard view tests');
jest.setTimeout(90_000);

interface Edge {
  holder: string;
  counterparty: string;
  kind: string;
  amountUsd: number;
  deals: string[];
}
interface View {
  companies: { id: string; equityUsd: number }[];
  edges: Edge[];
}
const keyOf = (e: Edge): string => `${e.holder}>${e.counterparty}:${e.kind}`;

/** The AWS deal: signed in November 2025 for $38B, amended to about $100B in February 2026. */
const AWS_DEAL = 'openai-aws-38b';

describeInBrowser('the dashboard an analyst keeps open', () => {
  let rig: DashboardRig;
  let page: Page;
  const api = <T>(path: string, method = 'GET', body?: unknown): Promise<T> =>
    callApi<T>(rig.base, method, path, body);

  /** Waits until the page has drawn the view for `at` (and the comparison, when given). */
  async function ready(at: string, compare = ''): Promise<void> {
    await page
      .locator(
        `body[data-state="ready"][data-at="${at}"][data-compare="${compare}"]`,
      )
      .waitFor({ state: 'attached', timeout: 20_000 });
  }
  const hashOf = (): Promise<URLSearchParams> =>
    page
      .evaluate('location.hash')
      .then((h) => new URLSearchParams(String(h).slice(1)));
  /** Node positions read from the SVG export: the picture as drawn. */
  async function positions(): Promise<Record<string, [number, number]>> {
    const svg = await downloaded(page, () => exportItem('export-svg'));
    const out: Record<string, [number, number]> = {};
    for (const m of svg.text.matchAll(
      /<g data-company="([^"]+)"><circle cx="([-\d.]+)" cy="([-\d.]+)"/g,
    ))
      out[m[1]] = [Number(m[2]), Number(m[3])];
    return out;
  }
  /** One attribute of every element a selector finds ('' where missing). */
  const attrs = (selector: string, name: string): Promise<string[]> =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getAttribute(${JSON.stringify(name)}) ?? '')`,
    );
  async function exportItem(id: string): Promise<void> {
    if (!(await page.locator('#export-menu').getAttribute('open')))
      await page.locator('#export-menu summary').click();
    await page.locator(`#${id}`).click();
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    rig = await startDashboard({ width: 1440, height: 900 });
    page = rig.page;
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('fits a phone (390×844) and a wide screen: the header never overflows, the graph keeps its width', async () => {
    for (const [width, height, minGraph] of [
      [390, 844, 300],
      [1440, 900, 800],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${rig.base}/#at=2026-03-01`);
      await ready('2026-03-01');
      const m = await page.evaluate<Record<string, number>>(`({
        header: document.querySelector('header.bar').scrollWidth,
        page: document.documentElement.scrollWidth,
        graph: document.getElementById('graph').getBoundingClientRect().width,
        graphHeight: document.getElementById('graph').getBoundingClientRect().height,
        dateRight: document.getElementById('at-date').getBoundingClientRect().right,
      })`);
      expect(m.header).toBeLessThanOrEqual(width);
      expect(m.page).toBeLessThanOrEqual(width);
      expect(m.dateRight).toBeLessThanOrEqual(width);
      expect(m.graph).toBeGreaterThanOrEqual(minGraph);
      expect(m.graphHeight).toBeGreaterThanOrEqual(300);
      await page.screenshot({
        path: join(artifacts, `dashboard-views-${width}.png`),
        fullPage: width < 800,
      });
    }
    // On a phone, a tap on a company in the list selects it and the panel below shows it.
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .locator('#company-list li[data-company="openai"] button')
      .click();
    await page.locator('#company-body h2').waitFor();
    await expect(
      page.locator('#company-body h2').textContent(),
    ).resolves.toMatch(/openai/i);
    await page.screenshot({
      path: join(artifacts, 'dashboard-views-390-company.png'),
      fullPage: true,
    });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('keeps the view in the address: Back and Forward step through views, a pasted address restores one', async () => {
    await page.goto(`${rig.base}/#at=2026-03-01&company=openai`);
    await ready('2026-03-01');
    await page.locator('#company-body h2').waitFor();
    await expect(
      page.locator('#tab-company').getAttribute('aria-selected'),
    ).resolves.toBe('true');

    await page.locator('#at-date').fill('2025-06-01');
    await page.locator('#at-date').dispatchEvent('change');
    await ready('2025-06-01');
    await page.locator('#tab-systemic').click();
    expect((await hashOf()).get('panel')).toBe('systemic');
    expect((await hashOf()).get('at')).toBe('2025-06-01');

    await page.goBack();
    await expect(
      page.locator('#tab-company').getAttribute('aria-selected'),
    ).resolves.toBe('true');
    expect((await hashOf()).get('at')).toBe('2025-06-01');
    await page.goBack();
    await ready('2026-03-01');
    await expect(page.locator('#at-date').inputValue()).resolves.toBe(
      '2026-03-01',
    );
    await page.goForward();
    await ready('2025-06-01');
    await expect(
      page.locator('#at-slider').getAttribute('aria-valuetext'),
    ).resolves.toBe('2025-06-01');

    // A link pasted into the open tab: another date, a comparison, a filter, a company, a panel.
    await page.goto(
      `${rig.base}/#at=2026-03-01&compare=2026-02-01&q=oracle&top=60&company=oracle&panel=live`,
    );
    await ready('2026-03-01', '2026-02-01');
    await expect(page.locator('#filter-text').inputValue()).resolves.toBe(
      'oracle',
    );
    await expect(page.locator('#top-n').inputValue()).resolves.toBe('60');
    await expect(page.locator('#compare-date').inputValue()).resolves.toBe(
      '2026-02-01',
    );
    await expect(
      page.locator('#tab-live').getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await expect(
      page
        .locator('#company-list li[data-company="oracle"] button')
        .getAttribute('aria-pressed'),
    ).resolves.toBe('true');
  });

  it('draws the same picture on every load of the same network', async () => {
    await page.goto(`${rig.base}/#at=2026-03-01`);
    await ready('2026-03-01');
    const first = await positions();
    expect(Object.keys(first).length).toBeGreaterThan(10);
    await page.reload();
    await ready('2026-03-01');
    await expect(positions()).resolves.toEqual(first);

    // Moving the slider keeps everyone already on screen where they were.
    await page.locator('#at-date').fill('2026-02-01');
    await page.locator('#at-date').dispatchEvent('change');
    await ready('2026-02-01');
    const moved = await positions();
    for (const [id, p] of Object.entries(moved))
      if (first[id]) expect(p).toEqual(first[id]);
  });

  it('finds: Enter on a company focuses and opens it; on a deal opens its history, money and sources readable', async () => {
    await page.goto(`${rig.base}/#at=2026-03-01`);
    await ready('2026-03-01');
    await page.locator('#filter-text').fill('oracle');
    await page.locator('#filter-text').press('Enter');
    await page.locator('#company-body h2').waitFor();
    await expect(
      page.locator('#company-body h2').textContent(),
    ).resolves.toMatch(/oracle/i);
    await expect(page.locator('#filter-text').inputValue()).resolves.toBe('');
    expect((await hashOf()).get('company')).toBe('oracle');
    await expect(
      page
        .locator('#company-list li[data-company="oracle"] button')
        .getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    await page.locator('#filter-text').fill(AWS_DEAL);
    await page.locator('#filter-text').press('Enter');
    await page
      .locator('#history-body table.history')
      .waitFor({ timeout: 10_000 });
    await expect(
      page.locator('#history-title').textContent(),
    ).resolves.toContain(AWS_DEAL);
    // The amendment reads as money, not as raw digits, and its sources are links.
    const amount = page
      .locator('#history-body .change[data-field="amountUsd"] ins')
      .last();
    await expect(amount.textContent()).resolves.toBe('$100B');
    await expect(
      page.locator('#history-body td.reason a[href^="http"]').count(),
    ).resolves.toBeGreaterThan(0);
    // The dialog fits its content: nothing is cut off sideways.
    const fit = await page.evaluate<number[]>(
      `(() => { const d = document.getElementById('history-dialog'); return [d.scrollWidth, d.clientWidth]; })()`,
    );
    expect(fit[0]).toBeLessThanOrEqual(fit[1]);
    await page.screenshot({
      path: join(artifacts, 'dashboard-views-history.png'),
    });
    await page.keyboard.press('Escape');
  });

  it('exports the graph as PNG and SVG, the tables as CSV, and the request behind the view as curl', async () => {
    await page.goto(`${rig.base}/#at=2026-03-01`);
    await ready('2026-03-01');
    const view = await api<View>('/exposures?at=2026-03-01');
    const shown = await attrs('#company-list li[data-company]', 'data-company');

    const png = await downloaded(page, () => exportItem('export-png'));
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.bytes.length).toBeGreaterThan(5_000);

    const svg = await downloaded(page, () => exportItem('export-svg'));
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const drawn = [...svg.text.matchAll(/<g data-company="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(drawn.sort()).toEqual([...shown].sort());
    const awsKey = keyOf(view.edges.find((e) => e.deals.includes(AWS_DEAL))!);
    // Attribute text is escaped: `>` is written `&gt;`.
    expect(svg.text).toContain(`data-edge="${awsKey.replace('>', '&gt;')}"`);

    const companies = parseCsv(
      (await downloaded(page, () => exportItem('export-companies'))).text,
    );
    expect(companies[0]).toEqual([
      'id',
      'name',
      'sector',
      'equityUsd',
      'externalAssetsUsd',
      'exposureOutUsd',
      'exposureInUsd',
      'defaulted',
    ]);
    expect(
      companies
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...shown].sort());
    const openai = companies.find((r) => r[0] === 'openai')!;
    expect(Number(openai[3])).toBe(
      view.companies.find((c) => c.id === 'openai')!.equityUsd,
    );

    const exposures = parseCsv(
      (await downloaded(page, () => exportItem('export-exposures'))).text,
    );
    expect(exposures[0]).toEqual([
      'holder',
      'holderName',
      'counterparty',
      'counterpartyName',
      'kind',
      'amountUsd',
      'deals',
      'lossGivenDefaultUsd',
      'estimatedDeals',
    ]);
    const aws = exposures.find((r) => r[6].split(' ').includes(AWS_DEAL))!;
    expect(Number(aws[5])).toBe(
      view.edges.find((e) => keyOf(e) === awsKey)!.amountUsd,
    );
    await expect(
      page.locator('#edge-table tr[data-edge]').count(),
    ).resolves.toBe(exposures.length - 1);

    const curl = await downloaded(page, () => exportItem('export-curl'));
    const line = curl.text.trim();
    expect(line).toMatch(/^curl -sS -H 'Accept: application\/json' '.+'$/);
    const url = /'(http[^']+)'$/.exec(line)![1];
    expect(url).toBe(`${rig.base}/exposures?at=2026-03-01`);
    await expect(page.locator('#curl-line').textContent()).resolves.toBe(line);
    // The line asks for exactly the view on screen (known now: only its time stamp moves).
    const again = (await fetch(url).then((r) => r.json())) as View;
    expect(again.edges).toEqual(view.edges);
    expect(again.companies).toEqual(view.companies);

    // A scenario's result, opened from its address.
    const run = await api<{
      id: string;
      result: {
        defaults: string[];
        companies: { id: string; lossUsd: number; defaulted: boolean }[];
      };
    }>('/scenarios', 'POST', {
      name: 'OpenAI fails',
      at: '2026-03-01',
      model: 'furfine',
      params: { recoveryRate: 0 },
      shocks: [{ type: 'default', company: 'openai', recoveryRate: 0 }],
    });
    await page.goto(
      `${rig.base}/#at=2026-03-01&panel=scenario&scenario=${run.id}`,
    );
    await page
      .locator(`#scenario-result h3[data-scenario="${run.id}"]`)
      .waitFor({ timeout: 20_000 });
    const result = parseCsv(
      (await downloaded(page, () => page.locator('#scenario-csv').click()))
        .text,
    );
    // The first columns as before; the loss split, the status and the capacity at risk follow.
    expect(result[0]).toEqual([
      'id',
      'company',
      'round',
      'equity before',
      'loss',
      'after',
      'direct',
      'contagion',
      'status',
      'capacity at risk',
    ]);
    const hit = run.result.companies.filter(
      (c) => c.defaulted || c.lossUsd > 0,
    );
    expect(
      result
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(hit.map((c) => c.id).sort());
    for (const row of result.slice(1))
      expect(Number(row[4])).toBeCloseTo(
        hit.find((c) => c.id === row[0])!.lossUsd,
        1,
      );
    await page.locator('#cascade-clear').click();

    // The systemic ranking: every company, in the API's order, with exact losses.
    await page.locator('#tab-systemic').click();
    await page.locator('#sys-model').selectOption('furfine');
    await page.locator('#sys-run').click();
    await page
      .locator('#sys-ranking tbody tr')
      .first()
      .waitFor({ timeout: 60_000 });
    const ranking = await api<{
      ranking: { company: string; totalLossUsd: number }[];
    }>('/analysis/systemic?at=2026-03-01&model=furfine');
    const sys = parseCsv(
      (await downloaded(page, () => page.locator('#sys-csv').click())).text,
    );
    expect(sys[0]).toEqual([
      'id',
      '#',
      'company',
      'total loss',
      'failures caused',
    ]);
    expect(sys.length - 1).toBe(ranking.ranking.length);
    expect(sys[1][0]).toBe(ranking.ranking[0].company);
    expect(Number(sys[1][3])).toBeCloseTo(ranking.ranking[0].totalLossUsd, 1);
  });

  it('sorts tables by a column, and a systemic row opens its company', async () => {
    // Still on the systemic panel: sort by company name, then open the first row's company.
    const header = page.locator('#sys-ranking thead th', {
      hasText: 'company',
    });
    await header.click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    const names = await page
      .locator('#sys-ranking tbody tr td:nth-child(2)')
      .allTextContents();
    expect(names).toEqual(
      [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    const first = page.locator('#sys-ranking tbody tr').first();
    const id = await first.getAttribute('data-company');
    await page.screenshot({
      path: join(artifacts, 'dashboard-views-systemic.png'),
    });
    await first.click();
    await expect(
      page.locator('#tab-company').getAttribute('aria-selected'),
    ).resolves.toBe('true');
    expect((await hashOf()).get('company')).toBe(id);

    // The exposure table: amounts largest first on the first click, smallest first on the second.
    const amount = page.locator('#edge-rows thead th', { hasText: 'amount' });
    const values = () =>
      attrs('#edge-rows tbody tr[data-edge] td:nth-child(4)', 'data-v').then(
        (vs) => vs.map(Number),
      );
    await amount.click();
    const desc = await values();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await amount.click();
    const asc = await values();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
  });

  it('compares two dates: the AWS deal grown by its amendment, new between October and December 2025', async () => {
    const [before, after] = await Promise.all([
      api<View>('/exposures?at=2026-02-01'),
      api<View>('/exposures?at=2026-03-01'),
    ]);
    const was = before.edges.find((e) => e.deals.includes(AWS_DEAL))!;
    const now = after.edges.find((e) => e.deals.includes(AWS_DEAL))!;
    expect(now.amountUsd).toBeGreaterThan(was.amountUsd);
    await page.goto(`${rig.base}/#at=2026-03-01&compare=2026-02-01`);
    await ready('2026-03-01', '2026-02-01');
    const row = page.locator(`#compare-table tr[data-edge="${keyOf(now)}"]`);
    await expect(row.getAttribute('data-status')).resolves.toBe('grown');
    const cells = await attrs(
      `#compare-table tr[data-edge="${keyOf(now)}"] td`,
      'data-v',
    );
    expect(Number(cells[1])).toBeCloseTo(was.amountUsd, 1);
    expect(Number(cells[2])).toBeCloseTo(now.amountUsd, 1);
    await expect(
      row.locator(`button.linkish`, { hasText: AWS_DEAL }).count(),
    ).resolves.toBe(1);
    await expect(page.locator('#compare-shown').count()).resolves.toBe(1);
    await page.screenshot({
      path: join(artifacts, 'dashboard-views-compare.png'),
    });

    await page.goto(`${rig.base}/#at=2025-12-31&compare=2025-10-01`);
    await ready('2025-12-31', '2025-10-01');
    await expect(
      page
        .locator(`#compare-table tr[data-edge="${keyOf(now)}"]`)
        .getAttribute('data-status'),
    ).resolves.toBe('new');
  });

  it('says in plain words why the page is empty', async () => {
    await page.goto(`${rig.base}/#at=2026-03-01&knownAt=2001-01-01T00:00:00Z`);
    await page
      .locator('body[data-state="ready"][data-known-at="2001-01-01T00:00:00Z"]')
      .waitFor({ state: 'attached', timeout: 20_000 });
    await expect(page.locator('#empty-note').isVisible()).resolves.toBe(true);
    await expect(page.locator('#empty-note').textContent()).resolves.toMatch(
      /known at 2001-01-01 00:00:00 UTC.*“now”/,
    );
    await page.goto(`${rig.base}/#at=2026-03-01&q=no-such-company-anywhere`);
    await ready('2026-03-01');
    await expect(page.locator('#empty-note').textContent()).resolves.toMatch(
      /No company matches “no-such-company-anywhere”/,
    );
  });

  it('logged no console errors', () => {
    expect(rig.errors).toEqual([]);
  });
});
