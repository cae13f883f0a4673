import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  CONTAGION_MODELS,
  ContagionModelName,
  SCENARIO_BASES,
  type ScenarioOverlayItem,
  type ScenarioShock,
} from '../../contracts';
import type { AnalysisService } from '../../scenarios/analysis.service';
import type { SystemicRow } from '../../scenarios/domain/analysis';
import type { Schemas } from '../../api-client';
import { ScenarioDto, ScenarioResultDto } from './api-types';
import {
  asOfQuery,
  modelOption,
  oneOfOption,
  positiveIntOption,
  rateOption,
} from './options';
import {
  EXIT,
  ExitCode,
  Io,
  json,
  table,
  times,
  usd,
  UsageError,
} from './output';
import {
  action,
  addAsOfOptions,
  addCommonOptions,
  CommonOptions,
  OpenTarget,
  targetCommand,
  withTarget,
} from './run';
import { Target } from './target';

/**
 * A scenario definition as POST /scenarios takes it (API.md): the document's body, with the
 * contract's shapes for the shocks and overlay items the document leaves as plain objects.
 */
export type ScenarioDefinition = Omit<
  Schemas['CreateScenarioDto'],
  'shocks' | 'overlay'
> & {
  shocks: ScenarioShock[];
  overlay?: ScenarioOverlayItem[];
};

export function runScenario(
  target: Target,
  definition: ScenarioDefinition,
): Promise<ScenarioDto> {
  // The file's shocks and overlay pass through as written: the server validates them and names
  // the field it refuses, so the CLI checks only what it reads itself (readScenarioFile).
  return target.client.call('post', '/scenarios', {
    body: definition as unknown as Schemas['CreateScenarioDto'],
  });
}

/** Reads a scenario file, checking what the CLI can check before sending it (the server checks the rest). */
export function readScenarioFile(path: string): ScenarioDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      '<file>',
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      '<file>',
      `${path} is not JSON (${(error as Error).message})`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('<file>', `${path} must hold one JSON object`);
  const d = parsed as Partial<ScenarioDefinition>;
  oneOfOption(d.model, 'model', CONTAGION_MODELS);
  if (!Array.isArray(d.shocks))
    throw new UsageError('shocks', 'must be an array (it may be empty)');
  return d as ScenarioDefinition;
}

export function renderResult(title: string, r: ScenarioResultDto): string {
  const hit = r.companies
    .filter((c) => c.defaulted || c.lossUsd > 0)
    .sort(
      (a, b) =>
        (a.defaultRound ?? 1e9) - (b.defaultRound ?? 1e9) ||
        b.lossUsd - a.lossUsd,
    );
  const anyway = r.baselineDefaults ?? [];
  return [
    title,
    basisLine(r),
    `defaults: ${r.defaults.length ? r.defaults.join(' → ') : 'none'} · rounds ${r.rounds} · initial loss ${usd(r.initialLossUsd)} · total loss ${usd(r.totalLossUsd)} · amplification ${times(r.amplification)}`,
    ...(anyway.length
      ? [`fails anyway (baseline, with no shock): ${anyway.join(', ')}`]
      : []),
    hit.length
      ? table(
          [
            'company',
            'equity before',
            'loss',
            'equity after',
            'defaulted',
            'round',
            'status',
            'why',
          ],
          hit.map((c) => [
            c.id,
            usd(c.equityBeforeUsd),
            usd(c.lossUsd),
            usd(c.equityAfterUsd),
            c.defaulted ? 'yes' : '',
            c.defaulted && c.defaultRound !== null && c.defaultRound >= 0
              ? c.defaultRound
              : '',
            c.status ?? '',
            why(c),
          ]),
          [1, 2, 3, 5],
        )
      : 'Nobody loses anything.',
    ...caveatLines(r.caveats ?? []),
  ].join('\n');
}

type ScenarioCompanyDto = ScenarioResultDto['companies'][number];

/** Fails because of the shock, or anyway (it fails in the baseline too). */
function why(c: ScenarioCompanyDto): string {
  if (c.failingWithoutShock) return 'fails anyway (baseline)';
  if (c.defaulted) return 'fails because of the shock';
  return '';
}

/** The reading and the parameters the answer rests on. */
function basisLine(r: ScenarioResultDto): string {
  const p = r.params;
  if (r.basis === undefined || p === undefined)
    return 'basis: full-commitment (recorded before the readings: no baseline, no caveats)';
  const horizon =
    p.horizonDays === null ? 'all owed now' : `horizon ${p.horizonDays} days`;
  return `basis: ${r.basis} · ${horizon} · damages ${p.damagesRate} · recovery ${p.recoveryRate} where a shock sets none (stakes ${p.equityRecoveryRate}) · deals ${p.minCertainty}+, confidence ${p.minConfidence}+, estimates ${p.estimates}`;
}

/** One shock as the header names it: a default's own recovery is shown, so the basis line's rate is not read as its. */
function describeShock(shock: ScenarioShock): string {
  switch (shock.type) {
    case 'default':
      return `default ${shock.company}${shock.recoveryRate === undefined ? '' : ` (recovery ${shock.recoveryRate})`}`;
    case 'asset-shock':
      return `asset shock ${shock.fraction} on ${shock.companies?.join(', ') ?? (shock.sector === undefined ? 'everyone' : `sector ${shock.sector}`)}`;
    case 'cancel-deal':
      return `cancel ${shock.deal}`;
    case 'haircut': {
      const { type: _type, fraction, ...selector } = shock;
      const on = Object.entries(selector)
        .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
        .join(', ');
      return `haircut ${fraction} on ${on}`;
    }
  }
}

/** The caveats, counted by kind, the first few of each listed. */
function caveatLines(
  caveats: readonly {
    kind: string;
    deal?: string;
    company?: string;
    detail: string;
  }[],
): string[] {
  if (caveats.length === 0) return ['caveats: none'];
  const byKind = new Map<string, typeof caveats>();
  for (const c of caveats)
    byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const lines = [`caveats (${caveats.length}):`];
  for (const [kind, list] of byKind) {
    lines.push(`  ${kind} (${list.length})`);
    for (const c of list.slice(0, 3))
      lines.push(`    ${c.deal ?? c.company ?? '-'}: ${c.detail}`);
    if (list.length > 3) lines.push(`    … ${list.length - 3} more`);
  }
  return lines;
}

// ---- scenario run <file> ----

export function scenarioRunCommand(
  file: string,
  options: CommonOptions,
  io: Io,
  open?: OpenTarget,
): Promise<ExitCode> {
  return withTarget(
    options,
    io,
    async (target) => {
      const definition = readScenarioFile(file);
      const answer = await runScenario(target, definition);
      io.out(
        options.json
          ? json(answer)
          : renderResult(
              `Scenario ${answer.id} "${definition.name}" (${definition.model} at ${definition.at})\n` +
                `shocks: ${definition.shocks.length ? definition.shocks.map(describeShock).join(' · ') : 'none'}`,
              answer.result,
            ),
      );
      return EXIT.ok;
    },
    open,
  );
}

// ---- systemic ----

export interface SystemicOptions extends CommonOptions {
  at?: string;
  knownAt?: string;
  model?: string;
  recoveryRate?: string;
  basis?: string;
  top?: string;
}

/** One row of GET /analysis/systemic: what happens when this company alone fails. */
export type { SystemicRow };

/**
 * GET /analysis/systemic's answer, as the server's analysis builds it (the document does not
 * describe it): its id, point in time, model, reading and parameters, the companies failing
 * anyway, and the ranking.
 */
export type SystemicAnswer = Awaited<ReturnType<AnalysisService['systemic']>>;

/**
 * Systemic importance (GET /analysis/systemic): each company fails alone in turn, with the given
 * recovery (0 by default), and the model says how far it spreads; ranked by total loss.
 */
export function systemicRanking(
  target: Target,
  options: {
    at?: string;
    knownAt?: string;
    model: ContagionModelName;
    recoveryRate?: number;
    basis?: string;
  },
): Promise<SystemicAnswer> {
  return target.client.get<SystemicAnswer>('/analysis/systemic', {
    at: options.at,
    knownAt: options.knownAt,
    model: options.model,
    recoveryRate: options.recoveryRate,
    basis: options.basis,
  });
}

export const systemicCommand = targetCommand<SystemicOptions>(
  async (target, options, io) => {
    const model = modelOption(options.model);
    const recoveryRate = rateOption(options.recoveryRate, '--recovery-rate');
    const top = positiveIntOption(options.top, '--top', 15);
    const ranking = await systemicRanking(target, {
      ...asOfQuery(options),
      model,
      recoveryRate,
      basis: options.basis,
    });
    io.out(options.json ? json(ranking) : renderSystemic(ranking, top));
    return EXIT.ok;
  },
);

export function renderSystemic(ranking: SystemicAnswer, top: number): string {
  return [
    `Systemic importance at ${ranking.at.slice(0, 10)} (${ranking.model}${ranking.basis ? `, ${ranking.basis}` : ''}): each of ${ranking.companies} companies fails alone, recovery ${ranking.recoveryRate}`,
    ...(ranking.baselineDefaults?.length
      ? [
          `fails anyway (baseline, never counted as caused): ${ranking.baselineDefaults.join(', ')}`,
        ]
      : []),
    table(
      [
        'if this fails',
        'total loss',
        'others lose',
        'amplification',
        'others that fail',
      ],
      ranking.ranking
        .slice(0, top)
        .map((r) => [
          r.company,
          usd(r.totalLossUsd),
          usd(r.lossCausedUsd),
          times(r.amplification),
          r.defaults.join(', ') || '—',
        ]),
      [1, 2, 3],
    ),
  ].join('\n');
}

export function registerScenarioCommands(program: Command, io: Io): void {
  const scenario = program.command('scenario').description('what-if scenarios');
  addCommonOptions(
    scenario
      .command('run <file>')
      .description(
        'run the scenario in a JSON file (the body of POST /scenarios)',
      ),
  ).action(
    action((file: string, o: CommonOptions) => scenarioRunCommand(file, o, io)),
  );
  addCommonOptions(
    addAsOfOptions(
      program
        .command('systemic')
        .description('rank companies by the loss their failure would spread'),
    )
      .option('--model <model>', CONTAGION_MODELS.join(' | '), 'debtrank')
      .option(
        '--recovery-rate <r>',
        'recovery on the failed company, 0 to 1',
        '0',
      )
      .option(
        '--basis <basis>',
        `${SCENARIO_BASES.join(' | ')} (default balance-sheet)`,
      )
      .option('--top <n>', 'rows to list', '15'),
  ).action(action((o: SystemicOptions) => systemicCommand(o, io)));
}
