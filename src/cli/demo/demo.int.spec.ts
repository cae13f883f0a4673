import { runDemo } from './demo';
import { EXIT, usd } from '../commands/output';
import { openTarget } from '../commands/target';
import { DEFAULT_VALUATION } from '../../exposure/domain/valuation';
import { readDataset } from '../../seed/ai-buildout.dataset';
import { captureIo } from '../../../test/kits/fake-server';

const TODAY = '2026-06-01';
const RECOVERY = 0.4;
const DAY_MS = 86_400_000;

/**
 * The figures the story must show, read from the data set itself (not guessed): change a data file
 * and the expectation moves with it.
 */
function fromTheData() {
  const lines = readDataset().map((l) => l.command);
  const deal = (id: string) =>
    lines.find((c) => c.command === 'record-deal' && c.id === id)!;
  const today = Date.parse(TODAY);
  const oracleDeal = deal('openai-oracle-300b');
  const backlog = oracleDeal.amountUsd as number;
  // Nothing of the Oracle contract falls due within the horizon (its first installment is a month
  // after a start more than a year away), so its loss given default is the damages on all of it.
  expect(
    Date.parse(String(oracleDeal.startDate)) - today,
  ).toBeGreaterThanOrEqual(DEFAULT_VALUATION.horizonDays * DAY_MS);
  const oracleLgd = DEFAULT_VALUATION.damagesRate * backlog;
  const oracleReports = lines
    .filter(
      (c) =>
        c.command === 'report-financials' &&
        c.id === 'oracle' &&
        Date.parse(String(c.effectiveAt)) <= today,
    )
    .sort(
      (a, b) =>
        Date.parse(String(a.effectiveAt)) - Date.parse(String(b.effectiveAt)),
    );
  return {
    letterUsd: deal('nvidia-openai-loi-100b').amountUsd as number,
    stakeUsd: deal('nvidia-openai-2026').amountUsd as number,
    backlog,
    oracleLgd,
    oracleEquity: oracleReports[oracleReports.length - 1].equityUsd as number,
    recordedDefaults: lines
      .filter((c) => c.command === 'record-default')
      .map((c) => String(c.id)),
    estimatedSheets: lines
      .filter(
        (c) => c.command === 'report-financials' && c.confidence === 'low',
      )
      .map((c) => String(c.id))
      .sort(),
  };
}

/** A table row's cells (cli-table3 draws them between │). */
const row = (...cells: string[]): RegExp =>
  new RegExp(
    cells
      .map((c) => c.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&'))
      .join('\\s*│\\s*'),
  );

/** `npm run demo` end to end, in process on a temporary embedded store seeded with the data set. */
describe('the demo', () => {
  it('tells the whole story and exits 0', async () => {
    const data = fromTheData();
    const io = captureIo();
    const code = await runDemo({ today: TODAY, recoveryRate: RECOVERY }, io);
    expect(io.stderr()).toBe('');
    expect(code).toBe(EXIT.ok);
    const out = io.stdout();
    expect(out).toMatch(/the AI build-out data set, \d+ commands loaded/);
    // three dates
    expect(out).toContain("before ChatGPT's growth (2022-11-01)");
    expect(out).toContain('after the 2025 mega-deals (2025-12-31)');
    expect(out).toContain(`today (${TODAY})`);
    // time travel on one relationship, read with minCertainty=intent: the letter of intent (money
    // promised to OpenAI: nothing lost if OpenAI fails), then the stake that replaced it
    expect(out).toMatch(/2025-09-01\s*│\s*no deal yet/);
    expect(out).toMatch(
      new RegExp(
        `2025-10-01[^\\n]*(?:\\n[^\\n]*)?openai has \\${usd(data.letterUsd)} at stake if nvidia fails \\(loses \\$0\\): nvidia-openai-loi-100b`,
      ),
    );
    expect(out).toMatch(
      new RegExp(
        `2026-03-01[^\\n]*(?:\\n[^\\n]*)?nvidia has \\${usd(data.stakeUsd)} at stake if openai fails \\(loses \\${usd(data.stakeUsd)}\\): nvidia-openai-2026`,
      ),
    );
    // Oracle's backlog on OpenAI: gross, loss given default, equity
    expect(out).toMatch(
      row(
        'oracle',
        'openai',
        usd(data.backlog),
        usd(data.oracleLgd),
        usd(data.oracleEquity),
      ),
    );
    // the cycles, priced and through unpriced deals
    expect(out).toContain('microsoft → openai → microsoft');
    // …each with its weakest deal: Microsoft's unfunded commitment to OpenAI is conditional
    expect(out).toMatch(
      /microsoft → openai → microsoft[^\n]*│\s*conditional\s*│/,
    );
    // OpenAI slips: the reading, the baseline apart, each model
    expect(out).toContain('Reading: balance-sheet');
    // (a model's failures fill several lines of its cell, the first on the model's own line)
    for (const model of [
      'eisenberg-noe',
      'rogers-veraart',
      'furfine',
      'debtrank',
    ])
      expect(out).toMatch(
        new RegExp(
          `│ ${model}\\s*│ [a-z-]+ \\(round 1\\)\\s*│[^\\n]*│ ${data.recordedDefaults.join(', ')}\\s*│`,
        ),
      );
    // Oracle fails because of it under every model; Builder.ai (in default since 2025) is never the shock's
    expect(out.match(/│ oracle \(round 1\)/g)?.length).toBe(4);
    for (const id of data.recordedDefaults)
      expect(out).not.toMatch(new RegExp(`│ ${id} \\(round`));
    // Oracle's loss given default beside its gross exposure, one loss in every model
    expect(out).toContain(
      `Oracle on OpenAI: gross exposure ${usd(data.backlog)} (the unpaid backlog of openai-oracle-300b), loss given default ${usd(data.oracleLgd)}; ` +
        `with 40.0% recovered it stands to lose ${usd((1 - RECOVERY) * data.oracleLgd)}, one figure in every model.`,
    );
    expect(out).toMatch(
      row(
        'furfine',
        usd(data.oracleEquity),
        usd((1 - RECOVERY) * data.oracleLgd),
      ),
    );
    // who was failing anyway, and why
    expect(out).toContain('Who was failing anyway? The liquidity reading');
    for (const id of data.recordedDefaults)
      expect(out).toMatch(row(id, '—', '—', 'in default in the record itself'));
    expect(out).toMatch(
      /│ oracle\s*│\s*\$[\d.]+[BM]\s*│[^│]*report of 2025-\d\d-\d\d[^│]*│ payments due within a year exceed its cash and inflows/,
    );
    // what the answer rests on
    expect(out).toContain('What the answer rests on (caveats)');
    expect(out).toMatch(
      /│ below-certainty\s*│\s*\d+\s*│[^\n]*nvidia-openai-loi-100b/,
    );
    expect(out).toMatch(/│ estimated-amount\s*│\s*\d+\s*│/);
    expect(out).toContain(
      `Balance sheets estimated, not filed: ${data.estimatedSheets.join(', ')}`,
    );
    // the overlay replay, with the deals read at minCertainty=intent
    expect(out).toContain(
      'What if the Nvidia–OpenAI deal had never been signed?',
    );
    expect(out).toMatch(row('never signed', '$0'));
    expect(out).not.toMatch(row('history as it was', '$0'));
  }, 120_000);

  it('tells it against a running server with --url, and exits 1 naming the server when none answers', async () => {
    const server = await openTarget({
      store: 'sqlite::memory:',
      seed: 'ai-buildout',
      env: {},
    });
    try {
      const io = captureIo();
      expect(
        await runDemo({ url: server.client.baseUrl, today: TODAY }, io),
      ).toBe(EXIT.ok);
      expect(io.stdout()).toContain(
        `Tangle demo against ${server.client.baseUrl}.`,
      );
      expect(io.stdout()).toMatch(/oracle\s*│\s*openai\s*│\s*\$300B/);
      expect(io.stdout()).toContain('Reading: balance-sheet');
    } finally {
      await server.close();
    }
    const down = captureIo();
    expect(await runDemo({ url: 'http://127.0.0.1:9' }, down)).toBe(
      EXIT.failure,
    );
    expect(down.stderr()).toContain('cannot reach http://127.0.0.1:9');
  }, 120_000);
});
