import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_COMMAND_NAMES } from '../ledger/domain/ledger.commands';
import { SLUG } from '../shared/ids';
import { isValidInstantString, parseInstant, toMillis } from '../shared/time';
import {
  AI_BUILDOUT_DIR,
  DatasetLine,
  readDataset,
} from './ai-buildout.dataset';

/**
 * The AI build-out data set against its own rules, read straight from the NDJSON files (so it holds
 * whatever the import DTOs of the day accept): every line parses as an import command with slug ids
 * and real dates; every line says when the world learned it (`announcedAt`, never in the future);
 * every deal has a source, a certainty and a confidence, and either a published amount or an
 * estimate with its basis (low ≤ central ≤ high); every balance sheet has its filing as source and
 * assets − liabilities = equity within 1 %; ids are unique and every reference resolves; the
 * research's do-not-sum warnings and the "what was known when" stories hold.
 */
const lines = readDataset();
const cmds = lines.map((l) => l.command);
const CERTAINTIES = ['binding', 'conditional', 'intent'];
const CONFIDENCES = ['high', 'medium', 'low'];
const ROLES: Record<string, [string, string]> = {
  supply: ['buyer', 'seller'],
  investment: ['investor', 'investee'],
  loan: ['lender', 'borrower'],
};
const DEAL_CHANGES = [
  'amend-deal',
  'terminate-deal',
  'retract-deal',
  'write-down-deal',
  'record-payment',
];
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const ms = (s: unknown): number => toMillis(parseInstant(s, 'date'));
const where = (l: DatasetLine): string => `${l.file}:${l.line}`;
const ofCommand = (name: string): DatasetLine[] =>
  lines.filter((l) => l.command.command === name);
const deals = ofCommand('record-deal');
const companies = ofCommand('register-company');
const reports = ofCommand('report-financials');
const dealById = new Map(deals.map((l) => [String(l.command.id), l.command]));
const readme = readFileSync(join(AI_BUILDOUT_DIR, 'README.md'), 'utf8');
const isNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);

interface Estimate {
  low: number;
  central: number;
  high: number;
  basis: string;
}

/** Deal terms as of `date` (valid time), counting only lines announced on or before `knownAt`. */
function dealsAt(
  date: string,
  knownAt = '2100-01-01',
): Map<string, Record<string, unknown>> {
  const t = ms(date);
  const k = ms(knownAt);
  const state = new Map<string, Record<string, unknown>>();
  const byTime = cmds
    .filter((c) => ms(c.announcedAt) <= k && ms(c.effectiveAt) <= t)
    .sort((a, b) => ms(a.effectiveAt) - ms(b.effectiveAt));
  for (const c of byTime) {
    const id = String(c.id);
    if (c.command === 'record-deal') state.set(id, { ...c });
    if (c.command === 'amend-deal' && state.has(id)) {
      const { command: _c, reason: _r, idempotencyKey: _k, ...changed } = c;
      Object.assign(state.get(id)!, changed);
    }
    if (c.command === 'terminate-deal' || c.command === 'retract-deal')
      state.delete(id);
  }
  for (const [id, d] of state)
    if (typeof d.endDate === 'string' && ms(d.endDate) < t) state.delete(id);
  return state;
}

/** Sum of published amounts between two parties at a date, at or above a certainty. */
function total(
  date: string,
  kind: string,
  from: string,
  to: string,
  certainties: readonly string[] = CERTAINTIES,
): number {
  const [a, b] = ROLES[kind];
  let sum = 0;
  for (const d of dealsAt(date).values())
    if (
      d.kind === kind &&
      d[a] === from &&
      d[b] === to &&
      certainties.includes(String(d.certainty))
    )
      sum += isNumber(d.amountUsd) ? d.amountUsd : 0;
  return sum;
}

describe('the AI build-out data set', () => {
  it('has companies, deals, changes and balance sheets in files read in name order', () => {
    expect([...new Set(lines.map((l) => l.file))]).toEqual([
      '01-companies.ndjson',
      '02-deals.ndjson',
      '03-changes.ndjson',
      '04-financials.ndjson',
    ]);
    expect(companies.length).toBeGreaterThanOrEqual(30);
    expect(deals.length).toBeGreaterThanOrEqual(80);
    expect(reports.length).toBeGreaterThanOrEqual(25);
  });

  it('uses only import commands, with slug ids and real calendar dates', () => {
    for (const l of lines) {
      expect(LEDGER_COMMAND_NAMES).toContain(l.command.command);
      expect({ at: where(l), id: SLUG.test(String(l.command.id)) }).toEqual({
        at: where(l),
        id: true,
      });
      for (const field of [
        'effectiveAt',
        'startDate',
        'endDate',
        'announcedAt',
      ]) {
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

  it('uses only the fields the HTTP contract names for each command (docs/api.md, second version)', () => {
    const line = ['command', 'id', 'idempotencyKey', 'announcedAt'];
    const dealTerms = [
      'amountUsd',
      'estimateUsd',
      'startDate',
      'endDate',
      'category',
      'vendorFinancing',
      'schedule',
      'certainty',
      'confidence',
      'damagesRate',
      'capacityGw',
      'source',
      'notes',
    ];
    const allowed: Record<string, string[]> = {
      'register-company': [
        'name',
        'sector',
        'equityUsd',
        'externalAssetsUsd',
        'externalLiabilitiesUsd',
        'effectiveAt',
      ],
      'report-financials': [
        'effectiveAt',
        'totalAssetsUsd',
        'totalLiabilitiesUsd',
        'equityUsd',
        'cashUsd',
        'operatingCashFlowUsd',
        'source',
        'confidence',
      ],
      'record-deal': [
        'kind',
        'effectiveAt',
        ...Object.values(ROLES).flat(),
        ...dealTerms,
      ],
      'amend-deal': ['effectiveAt', 'reason', ...dealTerms],
      'terminate-deal': ['effectiveAt', 'reason'],
      'write-down-deal': ['effectiveAt', 'reason', 'amountUsd'],
      'record-default': ['effectiveAt', 'reason', 'recoveryRate'],
    };
    for (const l of lines) {
      const known = [...line, ...(allowed[l.command.command] ?? [])];
      expect({
        at: where(l),
        unknown: Object.keys(l.command).filter((k) => !known.includes(k)),
      }).toEqual({ at: where(l), unknown: [] });
    }
  });

  it('says on every line when the world learned it, never after the present', () => {
    const now = Date.now();
    for (const l of lines) {
      expect({ at: where(l), announced: typeof l.command.announcedAt }).toEqual(
        { at: where(l), announced: 'string' },
      );
      expect({
        at: where(l),
        notInTheFuture: ms(l.command.announcedAt) <= now,
      }).toEqual({ at: where(l), notInTheFuture: true });
    }
  });

  it('makes every party public no later than the deals and reports that name it (knownAt views stay whole)', () => {
    const announcedAt = new Map(
      companies.map((l) => [String(l.command.id), ms(l.command.announcedAt)]),
    );
    for (const l of [...deals, ...reports]) {
      const c = l.command;
      const parties =
        c.command === 'record-deal'
          ? ROLES[String(c.kind)].map((role) => String(c[role]))
          : [String(c.id)];
      for (const party of parties)
        expect({
          at: where(l),
          party,
          knownFirst: announcedAt.get(party)! <= ms(c.announcedAt),
        }).toEqual({ at: where(l), party, knownFirst: true });
    }
  });

  it('uses unique ids and unique idempotency keys (a second load records nothing new)', () => {
    const companyIds = companies.map((l) => l.command.id);
    expect(new Set(companyIds).size).toBe(companyIds.length);
    const dealIds = deals.map((l) => l.command.id);
    expect(new Set(dealIds).size).toBe(dealIds.length);
    const keys = lines.map((l) => l.command.idempotencyKey);
    for (const k of keys) expect(typeof k).toBe('string');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps the deal ids users and scripts already use', () => {
    for (const id of [
      'openai-oracle-300b',
      'openai-aws-38b',
      'nvidia-openai-loi-100b',
      'openai-msft-azure-250b',
      'msft-openai-2023',
      'openai-coreweave-11-9b',
      'google-apple-search-2022',
      'amazon-openai-2026',
      'google-anthropic-2026-40b',
    ])
      expect(dealById.has(id)).toBe(true);
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
    ])
      expect(ids).toContain(id);
  });

  it('registers every party on or before its first deal or report, in an earlier line', () => {
    const registeredAt = new Map<string, number>();
    for (const l of lines) {
      const c = l.command;
      if (c.command === 'register-company')
        registeredAt.set(String(c.id), ms(c.effectiveAt));
      const parties =
        c.command === 'record-deal'
          ? ROLES[String(c.kind)].map((role) => String(c[role]))
          : ['report-financials', 'record-default'].includes(c.command)
            ? [String(c.id)]
            : [];
      for (const party of parties) {
        expect({ at: where(l), party, known: registeredAt.has(party) }).toEqual(
          { at: where(l), party, known: true },
        );
        expect({
          at: where(l),
          party,
          afterRegistration: registeredAt.get(party)! <= ms(c.effectiveAt),
        }).toEqual({ at: where(l), party, afterRegistration: true });
      }
      if (c.command === 'record-deal') {
        const [a, b] = ROLES[String(c.kind)];
        expect(c[a]).not.toBe(c[b]);
      }
    }
  });

  it('gives each deal the roles of its kind, a source, a certainty and a confidence', () => {
    for (const l of deals) {
      const c = l.command;
      expect(Object.keys(ROLES)).toContain(c.kind);
      const others = Object.values(ROLES)
        .flat()
        .filter((r) => !ROLES[String(c.kind)].includes(r));
      for (const r of others)
        expect({ at: where(l), role: r, present: r in c }).toEqual({
          at: where(l),
          role: r,
          present: false,
        });
      expect({ at: where(l), source: text(c.source) }).toEqual({
        at: where(l),
        source: expect.stringMatching(/^https?:\/\//),
      });
      expect(CERTAINTIES).toContain(c.certainty);
      expect(CONFIDENCES).toContain(c.confidence);
      // the notes' research tag and the confidence field say the same thing
      expect(text(c.notes)).toMatch(
        new RegExp(
          `^\\[research: [^;\\]]+; confidence: ${String(c.confidence)}\\]`,
        ),
      );
      if (c.damagesRate !== undefined)
        expect(
          isNumber(c.damagesRate) && c.damagesRate >= 0 && c.damagesRate <= 1,
        ).toBe(true);
      if (c.capacityGw !== undefined)
        expect(isNumber(c.capacityGw) && c.capacityGw > 0).toBe(true);
    }
  });

  it('prices a deal with its published amount or an estimate with a basis, never both', () => {
    for (const l of deals) {
      const c = l.command;
      expect({
        at: where(l),
        both: c.amountUsd !== undefined && c.estimateUsd !== undefined,
      }).toEqual({ at: where(l), both: false });
      if (c.amountUsd !== undefined)
        expect({
          at: where(l),
          ok: isNumber(c.amountUsd) && c.amountUsd > 0,
        }).toEqual({ at: where(l), ok: true });
      if (c.estimateUsd !== undefined) {
        const e = c.estimateUsd as Estimate;
        expect({
          at: where(l),
          ordered:
            isNumber(e.low) &&
            isNumber(e.central) &&
            isNumber(e.high) &&
            e.low > 0 &&
            e.low <= e.central &&
            e.central <= e.high,
          basis: text(e.basis).length > 40 && /https?:\/\//.test(e.basis),
        }).toEqual({ at: where(l), ordered: true, basis: true });
      }
      if (c.amountUsd === undefined && c.estimateUsd === undefined)
        // unpriced on purpose: the notes say no amount was published
        expect(text(c.notes)).toMatch(
          /amount|value|spend|terms|figure|cost basis/i,
        );
    }
  });

  it('prices every headline deal without a published amount', () => {
    for (const id of [
      'openai-nvidia-10gw',
      'openai-amd-6gw',
      'openai-broadcom-10gw',
      'anthropic-google-tpu-2025',
      'anthropic-google-broadcom-2026',
      'anthropic-nvidia-1gw',
      'xai-spv-lease',
    ]) {
      const d = dealById.get(id)!;
      expect({ id, estimated: d.estimateUsd !== undefined }).toEqual({
        id,
        estimated: true,
      });
    }
    // per-gigawatt prices: the central estimate over capacity stays in a published range ($10B-$50B/GW)
    for (const id of [
      'openai-nvidia-10gw',
      'openai-amd-6gw',
      'openai-broadcom-10gw',
    ]) {
      const d = dealById.get(id)!;
      const perGw =
        (d.estimateUsd as Estimate).central / (d.capacityGw as number);
      expect(perGw).toBeGreaterThanOrEqual(10e9);
      expect(perGw).toBeLessThanOrEqual(50e9);
    }
  });

  it('keeps schedules that sum to the amount and fit the term', () => {
    for (const l of deals) {
      const c = l.command;
      const start =
        c.startDate !== undefined ? ms(c.startDate) : ms(c.effectiveAt);
      if (c.endDate !== undefined) expect(ms(c.endDate)).toBeGreaterThan(start);
      if (c.schedule === undefined) continue;
      const schedule = c.schedule as { date: string; amountUsd: number }[];
      expect(schedule.reduce((s, i) => s + i.amountUsd, 0)).toBeCloseTo(
        c.amountUsd as number,
        0,
      );
      for (const i of schedule) {
        expect(ms(i.date)).toBeGreaterThanOrEqual(start);
        if (c.endDate !== undefined)
          expect(ms(i.date)).toBeLessThanOrEqual(ms(c.endDate));
      }
    }
  });

  it('records letters of intent and talks as intent, and "up to" caps above the firm part as conditional', () => {
    const certainty = (id: string): unknown => dealById.get(id)?.certainty;
    for (const id of [
      'nvidia-openai-loi-100b',
      'openai-nvidia-10gw',
      'meta-oracle-20b',
    ])
      expect({ id, certainty: certainty(id) }).toEqual({
        id,
        certainty: 'intent',
      });
    for (const id of [
      'amazon-openai-2026-deferred',
      'google-anthropic-2026-milestones',
      'amazon-anthropic-2026-milestones',
      'microsoft-anthropic-5b',
      'nvidia-anthropic-10b',
      'msft-openai-unfunded',
    ])
      expect({ id, certainty: certainty(id) }).toEqual({
        id,
        certainty: 'conditional',
      });
    // the firm part keeps the id, binding
    expect(dealById.get('amazon-openai-2026')).toMatchObject({
      amountUsd: 15e9,
      certainty: 'binding',
    });
    expect(dealById.get('google-anthropic-2026-40b')).toMatchObject({
      amountUsd: 10e9,
      certainty: 'binding',
    });
    expect(dealById.get('amazon-anthropic-2026')).toMatchObject({
      amountUsd: 5e9,
      certainty: 'binding',
    });
  });

  it('flags vendor financing wherever the seller funds its buyer', () => {
    for (const id of [
      'nvidia-openai-2026',
      'amazon-openai-2026',
      'msft-openai-2023',
      'amazon-anthropic-2024q4',
      'google-anthropic-2023-2b',
      'nvidia-coreweave-2b',
      'nvidia-xai-spv-2b',
      'xai-spv-lease',
      'coreweave-oem-financing',
      'amd-openai-warrant',
    ]) {
      const d = dealById.get(id)!;
      expect({ id, vendorFinancing: d.vendorFinancing }).toEqual({
        id,
        vendorFinancing: true,
      });
      expect(text(d.notes)).toMatch(/vendor financing/i);
    }
  });

  it('changes only recorded deals, never before their signing, and says why with a source', () => {
    const dealChanges = lines.filter((l) =>
      DEAL_CHANGES.includes(l.command.command),
    );
    expect(dealChanges.length).toBeGreaterThan(0);
    for (const l of dealChanges) {
      const c = l.command;
      const signed = dealById.get(String(c.id));
      expect({ at: where(l), known: signed !== undefined }).toEqual({
        at: where(l),
        known: true,
      });
      expect(ms(c.effectiveAt)).toBeGreaterThanOrEqual(ms(signed!.effectiveAt));
      expect(text(c.reason)).toMatch(
        /^\[research: [^;\]]+; confidence: (high|medium|low)\].*Source: https?:\/\//,
      );
    }
  });

  describe('balance sheets', () => {
    it('come from filings: a source, the period end as effectiveAt, filed after it', () => {
      for (const l of reports) {
        const c = l.command;
        expect({ at: where(l), source: text(c.source) }).toEqual({
          at: where(l),
          source: expect.stringMatching(/^https?:\/\//),
        });
        expect(ms(c.announcedAt)).toBeGreaterThan(ms(c.effectiveAt));
        // filed within about six months of the period end
        expect(ms(c.announcedAt) - ms(c.effectiveAt)).toBeLessThanOrEqual(
          184 * 86_400_000,
        );
      }
    });

    it('an estimate says so: confidence low, and a source naming what it rests on; the rest are filings', () => {
      const estimated = reports.filter(
        (l) => l.command.confidence !== undefined,
      );
      // the private labs, whose figures come from press reports of leaked or investor documents
      expect(estimated.map((l) => String(l.command.id)).sort()).toEqual([
        'anthropic',
        'openai',
        'xai',
      ]);
      for (const l of estimated) {
        expect({ at: where(l), confidence: l.command.confidence }).toEqual({
          at: where(l),
          confidence: 'low',
        });
        expect(text(l.command.source)).toMatch(/ ; ESTIMATE \(.+\): .{40,}/);
        expect(readme).toContain(`| ${String(l.command.id)} |`);
      }
    });

    it('balance: assets − liabilities = equity within 1 %', () => {
      for (const l of reports) {
        const c = l.command;
        for (const f of ['totalAssetsUsd', 'totalLiabilitiesUsd', 'equityUsd'])
          expect({ at: where(l), f, number: isNumber(c[f]) }).toEqual({
            at: where(l),
            f,
            number: true,
          });
        const a = c.totalAssetsUsd as number;
        const li = c.totalLiabilitiesUsd as number;
        const e = c.equityUsd as number;
        expect({
          at: where(l),
          balanced: Math.abs(a - li - e) <= 0.01 * Math.abs(a - li),
        }).toEqual({ at: where(l), balanced: true });
        expect(a).toBeGreaterThan(0);
        expect(li).toBeGreaterThanOrEqual(0);
        const cash = c.cashUsd;
        if (cash !== undefined) expect(isNumber(cash) && cash >= 0).toBe(true);
      }
    });

    it('one report per company and period, in time order', () => {
      const seen = new Set<string>();
      const last = new Map<string, number>();
      for (const l of reports) {
        const k = `${String(l.command.id)}@${String(l.command.effectiveAt)}`;
        expect(seen.has(k)).toBe(false);
        seen.add(k);
        const t = ms(l.command.effectiveAt);
        expect(t).toBeGreaterThan(last.get(String(l.command.id)) ?? -Infinity);
        last.set(String(l.command.id), t);
      }
    });

    it('every company has a balance sheet (reported or the documented assumption), or is listed as having none', () => {
      const reported = new Set(reports.map((l) => String(l.command.id)));
      for (const l of companies) {
        const c = l.command;
        const v1 = ['equityUsd', 'externalAssetsUsd', 'externalLiabilitiesUsd'];
        const hasV1 = v1.every((f) => isNumber(c[f]));
        for (const f of v1.slice(1))
          if (c[f] !== undefined) expect((c[f] as number) >= 0).toBe(true);
        const id = String(c.id);
        expect({
          id,
          documented: readme.includes(`| \`${id}\` |`),
        }).toEqual({ id, documented: true });
        if (!hasV1 && !reported.has(id))
          expect(readme).toMatch(
            new RegExp(`\`${id}\`[^\\n]*no balance sheet`),
          );
      }
    });

    it('the README coverage table (companies × years) shows every reported period end', () => {
      for (const l of reports) {
        const id = String(l.command.id);
        const row = readme
          .split('\n')
          .find((line) => line.startsWith(`| ${id} |`));
        expect({ id, row: row ?? '' }).toEqual({
          id,
          row: expect.stringContaining(String(l.command.effectiveAt)),
        });
      }
    });
  });

  it('covers every research record: modelled by a line that names it, or excluded with a reason', () => {
    const coverage = JSON.parse(
      readFileSync(join(AI_BUILDOUT_DIR, 'coverage.json'), 'utf8'),
    ) as Record<string, string[]>;
    const tagged = new Set<string>();
    for (const l of lines)
      for (const m of `${text(l.command.notes)} ${text(l.command.reason)}`.matchAll(
        /\[research: ([^;\]]+);/g,
      ))
        tagged.add(m[1]);
    for (const [rid, how] of Object.entries(coverage)) {
      if (how[0].startsWith('excluded:')) {
        expect(tagged.has(rid)).toBe(false);
        expect(how[0]).toMatch(/no date|no named counterparty/);
      } else
        expect({ rid, tagged: tagged.has(rid) }).toEqual({ rid, tagged: true });
    }
    for (const rid of tagged) expect(Object.keys(coverage)).toContain(rid);
  });

  describe('the do-not-sum warnings', () => {
    it("counts Microsoft's $13B in OpenAI once: $11.6B funded, $1.4B committed and conditional", () => {
      const binding = ['binding'];
      expect(
        total('2025-10-01', 'investment', 'microsoft', 'openai', binding),
      ).toBe(11e9);
      expect(
        total('2025-11-01', 'investment', 'microsoft', 'openai', binding),
      ).toBeCloseTo(11.6e9, -6);
      expect(
        total('2025-11-01', 'investment', 'microsoft', 'openai'),
      ).toBeCloseTo(13e9, -6);
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

    it('shows the $100B Nvidia letter of intent as intent, its stall, and the $30B stake that replaced it', () => {
      expect(
        total('2025-12-01', 'investment', 'nvidia', 'openai', ['binding']),
      ).toBe(0);
      expect(total('2025-12-01', 'investment', 'nvidia', 'openai')).toBe(100e9);
      expect(total('2026-02-01', 'investment', 'nvidia', 'openai')).toBe(0);
      expect(dealsAt('2026-02-01').has('nvidia-openai-loi-100b')).toBe(true);
      expect(dealsAt('2026-03-01').has('nvidia-openai-loi-100b')).toBe(false);
      expect(
        total('2026-03-01', 'investment', 'nvidia', 'openai', ['binding']),
      ).toBe(30e9);
    });

    it("records SoftBank's own $30B share of the 2025 round, in its two dated tranches", () => {
      expect(dealById.get('softbank-openai-2025')).toMatchObject({
        amountUsd: 30e9,
        schedule: [
          { date: '2025-04-01', amountUsd: 7.5e9 },
          { date: '2025-12-31', amountUsd: 22.5e9 },
        ],
      });
    });

    it('models the Oracle-OpenAI $300B relationship as one deal of about five years from fiscal 2028', () => {
      const priced = deals.filter(
        (l) =>
          l.command.buyer === 'openai' &&
          l.command.seller === 'oracle' &&
          l.command.amountUsd !== undefined,
      );
      expect(priced.map((l) => l.command.id)).toEqual(['openai-oracle-300b']);
      expect(dealById.get('openai-oracle-300b')).toMatchObject({
        startDate: '2027-06-01',
        endDate: '2032-05-31',
      });
    });

    it('never lets the withdrawn Blue Owl financing carry exposure', () => {
      const signed = dealById.get('blueowl-oracle-michigan')!;
      const ended = cmds.find(
        (c) =>
          c.command === 'terminate-deal' && c.id === 'blueowl-oracle-michigan',
      )!;
      expect(ended.effectiveAt).toBe(signed.effectiveAt);
      expect(dealsAt('2025-12-17').has('blueowl-oracle-michigan')).toBe(false);
    });
  });

  describe('what the market knew when (announcedAt)', () => {
    it('as known on 2025-10-01: the Oracle contract, not the AWS deal', () => {
      const known = dealsAt('2025-10-01', '2025-10-01');
      expect(known.has('openai-oracle-300b')).toBe(true);
      expect(dealsAt('2026-01-01', '2025-10-01').has('openai-aws-38b')).toBe(
        false,
      );
      expect(dealsAt('2026-01-01', '2025-11-03').has('openai-aws-38b')).toBe(
        true,
      );
    });

    it("Google's 2022 payments to Apple are true over 2022 but known only from the 2024 court documents", () => {
      expect(
        dealsAt('2022-06-01', '2024-04-30').has('google-apple-search-2022'),
      ).toBe(false);
      expect(
        dealsAt('2022-06-01', '2024-05-01').has('google-apple-search-2022'),
      ).toBe(true);
    });

    it('a balance sheet is known from its filing date, not its period end', () => {
      const oracleFy24 = reports.find(
        (l) =>
          l.command.id === 'oracle' && l.command.effectiveAt === '2024-05-31',
      )!.command;
      expect(oracleFy24.announcedAt).toBe('2024-06-20');
    });
  });
});
