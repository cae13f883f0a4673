import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  artifacts,
  callApi,
  downloaded,
  browserDescribe,
  startDashboard,
  type DashboardRig,
} from './browser-kit';

const describeInBrowser = browserDescribe('dashboard economics tests');
jest.setTimeout(90_000);

interface Edge {
  holder: string;
  counterparty: string;
  kind: string;
  amountUsd: number;
  lossGivenDefaultUsd?: number;
  deals: string[];
  unpricedDeals?: string[];
}
interface View {
  edges: Edge[];
  caveats?: { kind: string; deal?: string }[];
}
interface Deal {
  estimateUsd: { low: number; central: number; high: number; basis: string };
}
interface Result {
  basis?: string;
  defaults: string[];
  baselineDefaults?: string[];
  caveats?: { kind: string }[];
  companies: {
    id: string;
    status?: string;
    failingWithoutShock?: boolean;
    capacityAtRiskUsd?: number;
  }[];
}
const keyOf = (e: Edge): string => `${e.holder}>${e.counterparty}:${e.kind}`;

/** A supply contract without a published amount, counted at an estimate (AMD's 6 GW for OpenAI). */
const ESTIMATED = 'openai-amd-6gw';
/** Nvidia's non-binding letter of intent to invest up to $100B in OpenAI (September 2025). */
const INTENT = 'nvidia-openai-loi-100b';

/** "$25.0B" → 25e9, as the dashboard rounds it (three significant figures). */
function dollars(text: string): number {
  const m = /^\$([\d.]+)([MBT])$/.exec(text);
  if (!m) throw new Error(`not an amount: ${text}`);
  return Number(m[1]) * { M: 1e6, B: 1e9, T: 1e12 }[m[2] as 'M' | 'B' | 'T'];
}

describeInBrowser('the dashboard reads the economics', () => {
  let rig: DashboardRig;
  let page: Page;
  const api = <T>(path: string, method = 'GET', body?: unknown): Promise<T> =>
    callApi<T>(rig.base, method, path, body);

  async function ready(at: string): Promise<void> {
    await page
      .locator(`body[data-state="ready"][data-at="${at}"]`)
      .waitFor({ state: 'attached', timeout: 20_000 });
  }
  /** The SVG export's line of an edge: its dash pattern is the one drawn on screen. */
  async function svgLine(edgeId: string): Promise<string | undefined> {
    if (!(await page.locator('#export-menu').getAttribute('open')))
      await page.locator('#export-menu summary').click();
    const svg = await downloaded(page, () =>
      page.locator('#export-svg').click(),
    );
    const escaped = edgeId.replace(/>/g, '&gt;');
    return svg.text
      .split('\n')
      .join('')
      .match(/<line [^>]*>/g)
      ?.find((l) => l.includes(`data-edge="${escaped}"`));
  }
  /** One attribute of every element a selector finds, in document order. */
  const attrs = (selector: string, name: string): Promise<string[]> =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getAttribute(${JSON.stringify(name)}) ?? '')`,
    );
  const rowDeals = (deal: string) =>
    page.locator(`#edge-rows tr[data-deals~="${deal}"]`);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    rig = await startDashboard({ width: 1440, height: 900 });
    page = rig.page;
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('draws an estimated exposure dashed, with its range on hover and its loss given default beside the gross', async () => {
    const view = await api<View>('/exposures?at=2026-06-01');
    const edge = view.edges.find((e) =>
      (e.unpricedDeals ?? []).includes(ESTIMATED),
    );
    expect(edge).toBeDefined();
    const id = keyOf(edge!);
    const deal = await api<Deal>(`/deals/${ESTIMATED}`);
    await page.goto(`${rig.base}/#at=2026-06-01`);
    await ready('2026-06-01');

    // Dashed on screen (the export draws what cytoscape drew); a published amount stays solid.
    expect(await svgLine(id)).toMatch(/stroke-dasharray=/);
    const published = view.edges.find(
      (e) => (e.unpricedDeals ?? []).length === 0 && e.amountUsd > 1e10,
    )!;
    expect(await svgLine(keyOf(published))).not.toMatch(/stroke-dasharray=/);

    // The table gives gross and loss given default, exactly as the API does.
    const row = page.locator(`#edge-rows tr[data-edge="${id}"]`);
    await expect(
      row.locator('td:nth-child(4)').getAttribute('data-v').then(Number),
    ).resolves.toBeCloseTo(edge!.amountUsd, 1);
    await expect(
      row.locator('td:nth-child(5)').getAttribute('data-v').then(Number),
    ).resolves.toBeCloseTo(edge!.lossGivenDefaultUsd!, 1);
    await expect(row.locator('.tag.estimate').count()).resolves.toBe(1);

    // Hovering the row shows the edge's details at its midpoint: the range and its basis.
    await row.hover();
    const tip = page.locator('#graph-tip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.innerText();
    const range = new RegExp(
      `${ESTIMATED}: estimated (\\$[\\d.]+[MBT]) – (\\$[\\d.]+[MBT]) – (\\$[\\d.]+[MBT]) \\(low – central – high\\)`,
    ).exec(text);
    expect(range).not.toBeNull();
    const { low, central, high } = deal.estimateUsd;
    for (const [shown, exact] of [
      [range![1], low],
      [range![2], central],
      [range![3], high],
    ] as const)
      expect(Math.abs(dollars(shown) - exact) / exact).toBeLessThan(0.01);
    expect(text).toContain(`basis: ${deal.estimateUsd.basis.slice(0, 40)}`);
    expect(text).toMatch(/lost if .+ fails \$/);

    // The same tip from the canvas: the mouse on an estimated edge's midpoint, where its row's tip
    // stood. A company drawn over a midpoint takes the hover there, so the first estimated edge
    // whose midpoint is clear is the one hovered; there is always one in the seeded network.
    const estimated = view.edges.filter(
      (e) => (e.unpricedDeals ?? []).length > 0,
    );
    let hovered: string | undefined;
    for (const e of estimated) {
      const r = page.locator(`#edge-rows tr[data-edge="${keyOf(e)}"]`);
      if ((await r.count()) === 0) continue;
      await r.hover();
      await tip.waitFor({ state: 'visible' });
      const at = await page.evaluate<{ x: number; y: number }>(`(() => {
        const t = document.getElementById('graph-tip');
        const box = t.parentElement.getBoundingClientRect();
        return {
          x: box.x + parseFloat(t.style.left) - 14,
          y: box.y + parseFloat(t.style.top) - 14,
        };
      })()`);
      await page.locator('#summary').hover();
      await tip.waitFor({ state: 'hidden' });
      await page.mouse.move(at.x, at.y, { steps: 4 });
      if (!(await tip.isVisible())) continue;
      if ((await tip.getAttribute('data-element')) !== keyOf(e)) continue;
      hovered = keyOf(e);
      const shown = await tip.innerText();
      for (const d of e.unpricedDeals ?? [])
        expect(shown).toMatch(
          new RegExp(
            `${d}: estimated \\$[\\d.]+[MBT] – \\$[\\d.]+[MBT] – \\$[\\d.]+[MBT] \\(low – central – high\\)`,
          ),
        );
      break;
    }
    expect(hovered).toBeDefined();
    await page.screenshot({
      path: join(artifacts, 'dashboard-economics-estimate.png'),
    });
  });

  it('shows a letter of intent only when asked, the choice kept in the address', async () => {
    const [binding, intent] = await Promise.all([
      api<View>('/exposures?at=2026-01-15'),
      api<View>('/exposures?at=2026-01-15&minCertainty=intent'),
    ]);
    expect(binding.edges.some((e) => e.deals.includes(INTENT))).toBe(false);
    const edge = intent.edges.find((e) => e.deals.includes(INTENT));
    expect(edge).toBeDefined();

    await page.goto(`${rig.base}/#at=2026-01-15`);
    await ready('2026-01-15');
    await expect(rowDeals(INTENT).count()).resolves.toBe(0);
    // Left out, and the side panel says so in plain words.
    await page.locator('#view-caveats > summary').click();
    await expect(
      page
        .locator('#view-caveats-list li[data-kind="below-certainty"] summary')
        .innerText(),
    ).resolves.toMatch(/^Left out: less certain than the filter asks/);
    const below = page.locator(
      '#view-caveats-list li[data-kind="below-certainty"]',
    );
    await below.locator('summary').click();
    await expect(below.innerText()).resolves.toContain(INTENT);

    await page.locator('#min-certainty').selectOption('intent');
    await rowDeals(INTENT).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).hash).toContain('certainty=intent');
    await expect(
      rowDeals(INTENT).locator('.tag.uncertain').count(),
    ).resolves.toBe(1);
    expect(await svgLine(keyOf(edge!))).toMatch(/stroke-dasharray=/);
    await rowDeals(INTENT).hover();
    await expect(page.locator('#graph-tip').innerText()).resolves.toContain(
      `${INTENT}: intent, not binding — shown on demand`,
    );

    // Back: binding only again; a pasted address with the choice shows the intent again.
    await page.goBack();
    await page.waitForFunction(
      `document.getElementById('min-certainty').value === 'binding'`,
    );
    await rowDeals(INTENT).waitFor({ state: 'detached', timeout: 20_000 });
    await page.goto(`${rig.base}/#at=2026-01-15&certainty=intent`);
    await page.reload();
    await ready('2026-01-15');
    await rowDeals(INTENT).waitFor({ timeout: 20_000 });
    await expect(page.locator('#min-certainty').inputValue()).resolves.toBe(
      'intent',
    );
  });

  it('runs "OpenAI defaults" on the liquidity basis: basis and settings shown, caused apart from anyway, caveats listed', async () => {
    const params = {
      basis: 'liquidity',
      recoveryRate: 0,
      damagesRate: 0.25,
      minCertainty: 'binding',
      estimates: 'central',
    };
    const expected = await api<{ result: Result }>('/scenarios', 'POST', {
      name: 'OpenAI defaults (API)',
      at: '2026-06-01',
      model: 'eisenberg-noe',
      params,
      shocks: [{ type: 'default', company: 'openai', recoveryRate: 0 }],
    });
    const r = expected.result;
    // The answer states its reading; on it some companies are short of cash without any shock.
    expect(r.basis).toBe('liquidity');
    expect(r.baselineDefaults?.length).toBeGreaterThan(0);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      // A fresh page each time: the form starts empty.
      await page.goto(`${rig.base}/#at=2026-06-01&panel=scenario`);
      await page.reload();
      await ready('2026-06-01');
      await page.locator('#sc-name').fill('OpenAI defaults');
      await page.locator('#sc-model').selectOption('eisenberg-noe');
      await page.locator('#sc-basis').selectOption('liquidity');
      await expect(page.locator('#sc-model-note').innerText()).resolves.toMatch(
        /^Eisenberg–Noe: /,
      );
      await expect(page.locator('#sc-basis-note').innerText()).resolves.toMatch(
        /^Liquidity: /,
      );
      await page.locator('#add-default').click();
      await page
        .locator('#shock-list li[data-type="default"] .shock-company')
        .selectOption('openai');
      await page.locator('#sc-run').click();
      await page.locator('#scenario-totals').waitFor({ timeout: 30_000 });

      // The basis the run used, as the answer gives it (absent only on runs before the readings).
      await expect(
        page.locator('#scenario-basis').getAttribute('data-basis'),
      ).resolves.toBe('liquidity');
      const used = await page.locator('#scenario-basis').innerText();
      expect(used).toMatch(/^Read on the liquidity basis/);
      expect(used).toContain('horizon 365 days');
      expect(used).toContain('damages 25%');
      const anyway = new Set(r.baselineDefaults ?? []);
      for (const c of r.companies) if (c.failingWithoutShock) anyway.add(c.id);
      const listed = (id: string) =>
        attrs(`#${id} li[data-company]`, 'data-company');
      await expect(listed('scenario-caused')).resolves.toEqual(
        r.defaults.filter((id) => !anyway.has(id)),
      );
      await expect(
        listed('scenario-anyway').then((l) => l.sort()),
      ).resolves.toEqual([...anyway].sort());
      const kinds = [...new Set((r.caveats ?? []).map((c) => c.kind))].sort();
      expect(kinds.length).toBeGreaterThan(0);
      await expect(
        attrs('#scenario-caveats > li', 'data-kind').then((l) => l.sort()),
      ).resolves.toEqual(kinds);
      // Each company failing anyway is listed with why (its status on this reading).
      for (const c of r.companies.filter((x) => anyway.has(x.id)))
        await expect(
          page
            .locator(`#scenario-anyway li[data-company="${c.id}"]`)
            .getAttribute('data-status'),
        ).resolves.toBe(c.status);
      await expect(
        page
          .locator('#scenario-capacity')
          .getAttribute('data-value')
          .then(Number),
      ).resolves.toBeCloseTo(
        r.companies.reduce((s, c) => s + (c.capacityAtRiskUsd ?? 0), 0),
        1,
      );
      // Nothing in the side panel is wider than the panel.
      const widths = await page.evaluate<number[]>(
        `[document.querySelector('aside').clientWidth, document.querySelector('aside').scrollWidth, document.documentElement.scrollWidth]`,
      );
      expect(widths[1]).toBeLessThanOrEqual(widths[0]);
      expect(widths[2]).toBeLessThanOrEqual(width);
      await page.locator('#scenario-basis').scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(artifacts, `dashboard-economics-scenario-${width}.png`),
      });
      await page.locator('#cascade-clear').click();
    }

    // Furfine on the balance sheet: the shock does bring companies down: they are listed apart from the
    // one failing anyway, and capacity at risk is reported beside the losses.
    const sheet = await api<{ result: Result }>('/scenarios', 'POST', {
      name: 'OpenAI defaults, balance sheet (API)',
      at: '2026-06-01',
      model: 'furfine',
      params: { ...params, basis: 'balance-sheet' },
      shocks: [{ type: 'default', company: 'openai', recoveryRate: 0 }],
    });
    const baseline = new Set(sheet.result.baselineDefaults);
    const caused = sheet.result.defaults.filter((id) => !baseline.has(id));
    expect(caused.length).toBeGreaterThan(0);
    await page.locator('#sc-model').selectOption('furfine');
    await page.locator('#sc-basis').selectOption('balance-sheet');
    await page.locator('#sc-run').click();
    await page
      .locator('#scenario-basis[data-basis="balance-sheet"]')
      .waitFor({ timeout: 30_000 });
    await expect(
      attrs('#scenario-caused li[data-company]', 'data-company'),
    ).resolves.toEqual(caused);
    await expect(
      attrs('#scenario-anyway li[data-company]', 'data-company').then((l) =>
        l.sort(),
      ),
    ).resolves.toEqual([...baseline].sort());
    await expect(
      attrs('#scenario-companies tr.anyway', 'data-company').then((l) =>
        l.sort(),
      ),
    ).resolves.toEqual([...baseline].sort());
    const capacity = sheet.result.companies.reduce(
      (sum, c) => sum + (c.capacityAtRiskUsd ?? 0),
      0,
    );
    await expect(
      page
        .locator('#scenario-capacity')
        .getAttribute('data-value')
        .then(Number),
    ).resolves.toBeCloseTo(capacity, 1);
    await page.locator('#scenario-totals').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: join(artifacts, 'dashboard-economics-balance-sheet-390.png'),
    });
  });
});
