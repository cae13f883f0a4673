import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_COMMAND_NAMES } from '../../src/ledger/domain/ledger.commands';
import { SLUG } from '../../src/shared/ids';
import {
  isValidInstantString,
  parseInstant,
  toMillis,
} from '../../src/shared/time';
import {
  AI_BUILDOUT_DIR,
  DatasetLine,
  readDataset,
} from '../../src/seed/ai-buildout.dataset';

/**
 * The AI build-out data set against its rules: every line parses as an import command, ids are
 * slugs, parties are registered before they deal, sources and confidence marks are present,
 * amounts are published figures, and the research's do-not-sum warnings are respected.
 */
const lines = readDataset();
const cmds = lines.map((l) => l.command);
const ROLES: Record<string, [string, string]> = {
  supply: ['buyer', 'seller'],
  investment: ['investor', 'investee'],
  loan: ['lender', 'borrower'],
};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const ms = (s: unknown): number => toMillis(parseInstant(s, 'date'));
const where = (l: DatasetLine): string => `${l.file}:${l.line}`;
const ofCommand = (name: string): DatasetLine[] =>
  lines.filter((l) => l.command.command === name);
const deals = ofCommand('record-deal');
const companies = ofCommand('register-company');

/** The amount of each deal as of a date: recorded, amended, terminated (a small fold, for the overlap checks). */
function amountsAt(
  date: string,
): Map<string, { amountUsd: number | null; parties: Record<string, unknown> }> {
  const t = ms(date);
  const state = new Map<
    string,
    { amountUsd: number | null; parties: Record<string, unknown> }
  >();
  const byTime = [...cmds].sort(
    (a, b) => ms(a.effectiveAt) - ms(b.effectiveAt),
  );
  for (const c of byTime) {
    if (typeof c.effectiveAt !== 'string' || ms(c.effectiveAt) > t) continue;
    const id = c.id as string;
    if (c.command === 'record-deal')
      state.set(id, {
        amountUsd: (c.amountUsd as number | undefined) ?? null,
        parties: c,
      });
    if (c.command === 'amend-deal' && 'amountUsd' in c)
      state.get(id)!.amountUsd = c.amountUsd as number | null;
    if (c.command === 'terminate-deal' || c.command === 'retract-deal')
      state.delete(id);
  }
  const end = (p: Record<string, unknown>): string | undefined =>
    p.endDate as string | undefined;
  for (const [id, d] of state)
    if (end(d.parties) && ms(end(d.parties)) < t) state.delete(id);
  return state;
}

function total(date: string, kind: string, from: string, to: string): number {
  const [a, b] = ROLES[kind];
  let sum = 0;
  for (const d of amountsAt(date).values()) {
    if (d.parties.kind === kind && d.parties[a] === from && d.parties[b] === to)
      sum += d.amountUsd ?? 0;
  }
  return sum;
}

describe('the AI build-out data set', () => {
  it('has companies, deals and changes in files read in name order', () => {
    expect(new Set(lines.map((l) => l.file))).toEqual(
      new Set(['01-companies.ndjson', '02-deals.ndjson', '03-changes.ndjson']),
    );
    expect(companies.length).toBeGreaterThanOrEqual(20);
    expect(deals.length).toBeGreaterThanOrEqual(60);
  });

  it('uses only import commands, with slug ids and real calendar dates', () => {
    for (const l of lines) {
      expect(LEDGER_COMMAND_NAMES).toContain(l.command.command);
      expect({ at: where(l), id: SLUG.test(String(l.command.id)) }).toEqual({
        at: where(l),
        id: true,
      });
      for (const field of ['effectiveAt', 'startDate', 'endDate']) {
        const v = l.command[field];
        if (v !== undefined)
          expect({
            at: where(l),
            field,
            valid: typeof v === 'string' && isValidInstantString(v),
          }).toEqual({ at: where(l), field, valid: true });
      }
      expect(typeof l.command.effectiveAt).toBe('string');
    }
  });

  it('names the companies plainly, as users type them', () => {
    const ids = companies.map((l) => l.command.id);
    for (const id of [
      'openai',
      'oracle',
      'nvidia',
      'microsoft',
      'google',
      'meta',
      'amazon',
      'apple',
      'anthropic',
      'coreweave',
      'amd',
      'broadcom',
      'intel',
      'softbank',
      'netflix',
      'xai',
      'nebius',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every company its financials as positive finite numbers', () => {
    for (const l of companies) {
      for (const f of [
        'equityUsd',
        'externalAssetsUsd',
        'externalLiabilitiesUsd',
      ]) {
        const v = l.command[f];
        expect({
          at: where(l),
          f,
          ok: typeof v === 'number' && Number.isFinite(v) && v >= 0,
        }).toEqual({ at: where(l), f, ok: true });
      }
    }
  });

  it('documents every financial figure: each company appears in the README table', () => {
    const readme = readFileSync(join(AI_BUILDOUT_DIR, 'README.md'), 'utf8');
    for (const l of companies)
      expect(readme).toContain(`| \`${String(l.command.id)}\` |`);
  });

  it('registers every party on or before its first deal, in an earlier line', () => {
    const registeredAt = new Map<string, number>();
    for (const l of lines) {
      const c = l.command;
      if (c.command === 'register-company')
        registeredAt.set(c.id as string, ms(c.effectiveAt));
      if (c.command === 'record-deal') {
        for (const role of ROLES[c.kind as string]) {
          const party = c[role] as string;
          expect({
            at: where(l),
            role,
            party,
            registered: registeredAt.has(party),
          }).toEqual({ at: where(l), role, party, registered: true });
          expect(registeredAt.get(party)!).toBeLessThanOrEqual(
            ms(c.effectiveAt),
          );
        }
        expect(c[ROLES[c.kind as string][0]]).not.toBe(
          c[ROLES[c.kind as string][1]],
        );
      }
      if (c.command === 'record-default')
        expect(registeredAt.get(c.id as string)).toBeLessThanOrEqual(
          ms(c.effectiveAt),
        );
    }
  });

  it('records each deal once, with roles of its kind, its source and its confidence', () => {
    const ids = deals.map((l) => l.command.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of deals) {
      const c = l.command;
      expect(Object.keys(ROLES)).toContain(c.kind);
      const other = Object.values(ROLES)
        .flat()
        .filter((r) => !ROLES[c.kind as string].includes(r));
      for (const r of other)
        expect({ at: where(l), role: r, present: r in c }).toEqual({
          at: where(l),
          role: r,
          present: false,
        });
      expect(String(c.source)).toMatch(/^https?:\/\//);
      expect(String(c.notes)).toMatch(
        /^\[research: [^;\]]+; confidence: (high|medium|low)\]/,
      );
    }
  });

  it('has published amounts only: finite and positive when present, schedules that sum and fit the term', () => {
    for (const l of deals) {
      const c = l.command;
      if (c.amountUsd !== undefined) {
        expect({
          at: where(l),
          ok:
            typeof c.amountUsd === 'number' &&
            Number.isFinite(c.amountUsd) &&
            c.amountUsd > 0,
        }).toEqual({ at: where(l), ok: true });
      } else {
        expect(String(c.notes)).toMatch(
          /amount|value|spend|terms|figure|cost basis/i,
        );
      }
      const start =
        c.startDate !== undefined ? ms(c.startDate) : ms(c.effectiveAt);
      if (c.endDate !== undefined) expect(ms(c.endDate)).toBeGreaterThan(start);
      if (c.schedule !== undefined) {
        const schedule = c.schedule as { date: string; amountUsd: number }[];
        const sum = schedule.reduce((s, i) => s + i.amountUsd, 0);
        expect(sum).toBeCloseTo(c.amountUsd as number, 0);
        for (const i of schedule) {
          expect(ms(i.date)).toBeGreaterThanOrEqual(start);
          if (c.endDate !== undefined)
            expect(ms(i.date)).toBeLessThanOrEqual(ms(c.endDate));
        }
      }
      if (c.kind === 'loan' && c.vendorFinancing === true) {
        // the lender also sells to the borrower (a GPU lease: the SPV rents out what it finances)
        expect(String(c.notes)).toMatch(/vendorFinancing|rents|sells/);
      }
    }
  });

  it('changes only recorded deals, never before their signing, and says why with a source', () => {
    const signed = new Map(
      deals.map((l) => [l.command.id as string, ms(l.command.effectiveAt)]),
    );
    const dealChanges = lines.filter((l) =>
      [
        'amend-deal',
        'terminate-deal',
        'retract-deal',
        'write-down-deal',
        'record-payment',
      ].includes(l.command.command),
    );
    expect(dealChanges.length).toBeGreaterThan(0);
    for (const l of dealChanges) {
      const c = l.command;
      expect({ at: where(l), known: signed.has(c.id as string) }).toEqual({
        at: where(l),
        known: true,
      });
      expect(ms(c.effectiveAt)).toBeGreaterThanOrEqual(
        signed.get(c.id as string)!,
      );
      expect(String(c.reason)).toMatch(
        /^\[research: [^;\]]+; confidence: (high|medium|low)\].*Source: https?:\/\//,
      );
    }
  });

  it('uses unique idempotency keys, so that a second load records nothing new', () => {
    const keys = lines.map((l) => l.command.idempotencyKey);
    for (const k of keys) expect(typeof k).toBe('string');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers every research record: modelled by a line that names it, or excluded with a reason', () => {
    const coverage = JSON.parse(
      readFileSync(join(AI_BUILDOUT_DIR, 'coverage.json'), 'utf8'),
    ) as Record<string, string[]>;
    const tagged = new Set<string>();
    for (const l of lines) {
      for (const m of `${text(l.command.notes)} ${text(l.command.reason)}`.matchAll(
        /\[research: ([^;\]]+);/g,
      ))
        tagged.add(m[1]);
    }
    for (const [rid, how] of Object.entries(coverage)) {
      if (how[0].startsWith('excluded:')) {
        expect(tagged.has(rid)).toBe(false);
        expect(how[0]).toMatch(/no date|no named counterparty/);
      } else {
        expect({ rid, tagged: tagged.has(rid) }).toEqual({ rid, tagged: true });
      }
    }
    for (const rid of tagged) expect(Object.keys(coverage)).toContain(rid);
  });

  describe('the do-not-sum warnings', () => {
    it("counts Microsoft's $13B in OpenAI once (2019 + 2023 + cumulative)", () => {
      expect(total('2025-10-01', 'investment', 'microsoft', 'openai')).toBe(
        11e9,
      );
      expect(total('2025-11-01', 'investment', 'microsoft', 'openai')).toBe(
        13e9,
      );
    });

    it('folds the $100B AWS expansion into the $38B deal instead of adding it', () => {
      expect(total('2026-01-01', 'supply', 'openai', 'amazon')).toBe(38e9);
      expect(total('2026-03-01', 'supply', 'openai', 'amazon')).toBe(100e9);
    });

    it("keeps Meta's two CoreWeave contracts at the reported ~$35B together", () => {
      expect(total('2026-05-01', 'supply', 'meta', 'coreweave')).toBeCloseTo(
        35.2e9,
        -6,
      );
    });

    it('shows the $100B Nvidia letter of intent, its stall, and the $30B stake that replaced it', () => {
      expect(total('2025-12-01', 'investment', 'nvidia', 'openai')).toBe(100e9);
      expect(total('2026-02-01', 'investment', 'nvidia', 'openai')).toBe(0);
      expect(amountsAt('2026-02-01').has('nvidia-openai-loi-100b')).toBe(true);
      expect(amountsAt('2026-03-01').has('nvidia-openai-loi-100b')).toBe(false);
      expect(total('2026-03-01', 'investment', 'nvidia', 'openai')).toBe(30e9);
    });

    it("records SoftBank's own $30B share of the 2025 round, not the $40B round", () => {
      const d = deals.find(
        (l) => l.command.id === 'softbank-openai-2025',
      )!.command;
      expect(d.amountUsd).toBe(30e9);
    });

    it('models the Oracle-OpenAI $300B relationship as one deal', () => {
      const withAmount = deals.filter(
        (l) =>
          l.command.buyer === 'openai' &&
          l.command.seller === 'oracle' &&
          l.command.amountUsd !== undefined,
      );
      expect(withAmount.map((l) => l.command.id)).toEqual([
        'openai-oracle-300b',
      ]);
    });

    it('never lets the withdrawn Blue Owl financing carry exposure', () => {
      const signed = deals.find(
        (l) => l.command.id === 'blueowl-oracle-michigan',
      )!.command;
      const ended = cmds.find(
        (c) =>
          c.command === 'terminate-deal' && c.id === 'blueowl-oracle-michigan',
      )!;
      expect(ended.effectiveAt).toBe(signed.effectiveAt);
      expect(amountsAt('2025-12-17').has('blueowl-oracle-michigan')).toBe(
        false,
      );
    });
  });
});
