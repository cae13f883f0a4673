import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { CONTAGION_MODELS, ContagionModelName } from '../../contagion/model';
import { NetworkDto, ScenarioDto, ScenarioResultDto } from './api-types';
import {
  instantOption,
  modelOption,
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
import { Progress } from './progress';
import { action, addCommonOptions, CommonOptions, withTarget } from './run';
import { Target } from './target';

/** A scenario definition as POST /scenarios takes it (API.md). */
export interface ScenarioDefinition {
  name: string;
  at: string;
  knownAt?: string;
  model: ContagionModelName;
  params?: {
    alpha?: number;
    beta?: number;
    recoveryRate?: number;
    horizonDays?: number;
  };
  shocks: Record<string, unknown>[];
  overlay?: Record<string, unknown>[];
}

export function runScenario(
  target: Target,
  definition: ScenarioDefinition,
): Promise<ScenarioDto> {
  return target.client.post<ScenarioDto>('/scenarios', definition);
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
  if (
    typeof d.model !== 'string' ||
    !(CONTAGION_MODELS as readonly string[]).includes(d.model)
  ) {
    throw new UsageError(
      'model',
      `must be one of ${CONTAGION_MODELS.join(', ')}`,
    );
  }
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
  return [
    title,
    `defaults: ${r.defaults.length ? r.defaults.join(' → ') : 'none'} · rounds ${r.rounds} · initial loss ${usd(r.initialLossUsd)} · total loss ${usd(r.totalLossUsd)} · amplification ${times(r.amplification)}`,
    hit.length
      ? table(
          [
            'company',
            'equity before',
            'loss',
            'equity after',
            'defaulted',
            'round',
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
          ]),
          [1, 2, 3, 5],
        )
      : 'Nobody loses anything.',
  ].join('\n');
}

// ---- scenario run <file> ----

export async function scenarioRunCommand(
  file: string,
  options: CommonOptions,
  io: Io,
  open?: Parameters<typeof withTarget>[3],
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
              `Scenario ${answer.id} "${definition.name}" (${definition.model} at ${definition.at})`,
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
  top?: string;
}

export interface SystemicRow {
  company: string;
  equityUsd: number | null;
  exposureInUsd: number;
  defaults: string[];
  totalLossUsd: number;
  amplification: number | null;
  scenarioId: string;
}

/**
 * Systemic importance: each company in the network fails in turn (the given recovery, 0 by default),
 * and the model says how far it spreads. One scenario run per company, ranked by total loss.
 */
export async function systemicRanking(
  target: Target,
  options: {
    at?: string;
    knownAt?: string;
    model: ContagionModelName;
    recoveryRate?: number;
  },
  progress?: Progress,
): Promise<{ at: string; model: ContagionModelName; rows: SystemicRow[] }> {
  const network = await target.client.get<NetworkDto>('/exposures', {
    at: options.at,
    knownAt: options.knownAt,
  });
  const candidates = network.companies.filter((c) => c.exposureInUsd > 0);
  progress?.start(candidates.length, 'systemic');
  const rows: SystemicRow[] = [];
  for (const c of candidates) {
    const answer = await runScenario(target, {
      name: `systemic: ${c.id} fails`,
      at: network.at,
      ...(network.knownAt ? { knownAt: network.knownAt } : {}),
      model: options.model,
      ...(options.recoveryRate !== undefined
        ? { params: { recoveryRate: options.recoveryRate } }
        : {}),
      shocks: [
        {
          type: 'default',
          company: c.id,
          recoveryRate: options.recoveryRate ?? 0,
        },
      ],
    });
    rows.push({
      company: c.id,
      equityUsd: c.equityUsd,
      exposureInUsd: c.exposureInUsd,
      defaults: answer.result.defaults.filter((d) => d !== c.id),
      totalLossUsd: answer.result.totalLossUsd,
      amplification: answer.result.amplification,
      scenarioId: answer.id,
    });
    progress?.tick();
  }
  progress?.stop();
  rows.sort(
    (a, b) =>
      b.totalLossUsd - a.totalLossUsd || (a.company < b.company ? -1 : 1),
  );
  return { at: network.at, model: options.model, rows };
}

export async function systemicCommand(
  options: SystemicOptions,
  io: Io,
  open?: Parameters<typeof withTarget>[3],
): Promise<ExitCode> {
  return withTarget(
    options,
    io,
    async (target) => {
      const model = modelOption(options.model);
      const recoveryRate = rateOption(options.recoveryRate, '--recovery-rate');
      const top = positiveIntOption(options.top, '--top', 15);
      const at = instantOption(options.at, '--at');
      const knownAt = instantOption(options.knownAt, '--known-at');
      const ranking = await systemicRanking(
        target,
        { at, knownAt, model, recoveryRate },
        new Progress(io, Boolean(options.json)),
      );
      if (options.json) {
        io.out(json(ranking));
      } else {
        io.out(
          `Systemic importance at ${ranking.at.slice(0, 10)} (${model}): each company fails in turn with recovery ${recoveryRate ?? 0}`,
        );
        io.out(
          table(
            [
              'if this fails',
              'others lose',
              'amplification',
              'others that fail',
            ],
            ranking.rows
              .slice(0, top)
              .map((r) => [
                r.company,
                usd(r.totalLossUsd),
                times(r.amplification),
                r.defaults.join(', ') || '—',
              ]),
            [1, 2],
          ),
        );
      }
      return EXIT.ok;
    },
    open,
  );
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
    program
      .command('systemic')
      .description('rank companies by the loss their failure would spread')
      .option('--at <date>', 'effective date (default now)')
      .option('--known-at <time>', 'as known at this time (default now)')
      .option('--model <model>', CONTAGION_MODELS.join(' | '), 'debtrank')
      .option(
        '--recovery-rate <r>',
        'recovery on the failed company, 0 to 1',
        '0',
      )
      .option('--top <n>', 'rows to list', '15'),
  ).action(action((o: SystemicOptions) => systemicCommand(o, io)));
}
