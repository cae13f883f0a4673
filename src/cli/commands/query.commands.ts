import { Command } from 'commander';
import { DEAL_KINDS } from '../../contracts';
import {
  CompanyExposureDto,
  HistoryEntryDto,
  NetworkDto,
  VerifyDto,
} from './api-types';
import { asOfQuery, positiveIntOption, slugOption } from './options';
import { day, EXIT, Io, json, pct, table, usd } from './output';
import {
  action,
  addAsOfOptions,
  addCommonOptions,
  CommonOptions,
  targetCommand,
} from './run';
import { Target } from './target';

interface AsOf {
  at?: string;
  knownAt?: string;
}

// ---- exposure ----

export interface ExposureOptions extends CommonOptions, AsOf {
  company?: string;
}

export const exposureCommand = targetCommand<ExposureOptions>(
  async (target, options, io) => {
    const id = slugOption(options.company, '--company');
    const view = await target.client.call('get', '/companies/{id}/exposure', {
      params: { id },
      query: asOfQuery(options),
    });
    io.out(options.json ? json(view) : renderExposure(view));
    return EXIT.ok;
  },
);

export function renderExposure(v: CompanyExposureDto): string {
  const lines: string[] = [];
  lines.push(
    `${v.name ?? v.id} (${v.id})${v.at ? ` at ${day(v.at)}` : ''}${v.knownAt ? `, as known at ${v.knownAt}` : ''}${v.defaulted ? ' — DEFAULTED' : ''}`,
  );
  lines.push(
    `equity ${usd(v.equityUsd)} · exposure out ${usd(v.exposureOutUsd)} (what it loses if others fail) · in ${usd(v.exposureInUsd)} (what others lose if it fails)`,
  );
  if (v.byKind) {
    lines.push(
      table(
        ['kind', 'out', 'in'],
        DEAL_KINDS.map((k) => [
          k,
          usd(v.byKind![k]?.outUsd ?? 0),
          usd(v.byKind![k]?.inUsd ?? 0),
        ]),
        [1, 2],
      ),
    );
  }
  if (v.topCounterparties.length > 0) {
    lines.push('Largest counterparties (exposure out):');
    lines.push(
      table(
        [
          'counterparty',
          'exposure',
          'share of out',
          'share of equity',
          'defaulted',
        ],
        v.topCounterparties.map((c) => [
          c.id,
          usd(c.exposureUsd),
          pct(c.share),
          v.equityUsd && v.equityUsd > 0
            ? pct(c.exposureUsd / v.equityUsd)
            : '—',
          c.defaulted ? 'yes' : '',
        ]),
        [1, 2, 3],
      ),
    );
  } else {
    lines.push('No exposure to any counterparty on this date.');
  }
  if (v.concentration) {
    const c = v.concentration;
    lines.push(
      `concentration: ${c.counterparties ?? 0} counterparties, Herfindahl ${c.herfindahl !== undefined ? c.herfindahl.toFixed(2) : '—'}, largest ${c.largestCounterparty ?? '—'} = ${pct(c.largestShareOfEquity)} of equity`,
    );
  }
  return lines.join('\n');
}

// ---- network ----

export interface NetworkOptions extends CommonOptions, AsOf {
  top?: string;
}

export const networkCommand = targetCommand<NetworkOptions>(
  async (target, options, io) => {
    const top = positiveIntOption(options.top, '--top', 15);
    const view = await fetchNetwork(target, options);
    io.out(options.json ? json(view) : renderNetwork(view, top));
    return EXIT.ok;
  },
);

export function fetchNetwork(
  target: Target,
  options: AsOf,
): Promise<NetworkDto> {
  return target.client.call('get', '/exposures', { query: asOfQuery(options) });
}

export function renderNetwork(v: NetworkDto, top: number): string {
  const active = v.companies.filter(
    (c) => c.exposureOutUsd > 0 || c.exposureInUsd > 0,
  );
  const total = v.edges.reduce((s, e) => s + e.amountUsd, 0);
  const lines: string[] = [];
  lines.push(
    `Exposure network at ${day(v.at)} (as known at ${v.knownAt}): ${v.companies.length} companies, ${v.edges.length} edges, ${usd(total)} in all`,
  );
  const edges = [...v.edges]
    .sort((a, b) => b.amountUsd - a.amountUsd)
    .slice(0, top);
  if (edges.length === 0) {
    lines.push('No exposures on this date.');
  } else {
    lines.push(
      table(
        ['holder', 'loses if this fails', 'kind', 'amount', 'deals'],
        edges.map((e) => [
          e.holder,
          e.counterparty,
          e.kind,
          usd(e.amountUsd),
          e.deals.join(', '),
        ]),
        [3],
      ),
    );
    if (v.edges.length > edges.length)
      lines.push(
        `… and ${v.edges.length - edges.length} smaller edges (--top to see more, --json for all)`,
      );
  }
  if (active.length > 0) {
    lines.push(
      table(
        [
          'company',
          'equity',
          'exposure out',
          'exposure in',
          'in / equity',
          'defaulted',
        ],
        [...active]
          .sort((a, b) => b.exposureInUsd - a.exposureInUsd)
          .map((c) => [
            c.id,
            usd(c.equityUsd),
            usd(c.exposureOutUsd),
            usd(c.exposureInUsd),
            c.equityUsd ? pct(c.exposureInUsd / c.equityUsd) : '—',
            c.defaulted ? 'yes' : '',
          ]),
        [1, 2, 3, 4],
      ),
    );
  }
  return lines.join('\n');
}

// ---- history ----

export interface HistoryOptions extends CommonOptions {
  deal?: string;
}

export const historyCommand = targetCommand<HistoryOptions>(
  async (target, options, io) => {
    const id = slugOption(options.deal, '--deal');
    const entries = await target.client.call('get', '/deals/{id}/history', {
      params: { id },
    });
    io.out(options.json ? json(entries) : renderHistory(id, entries));
    return EXIT.ok;
  },
);

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number')
    return Math.abs(value) >= 1e5 ? usd(value) : String(value);
  if (typeof value === 'string')
    return value.length > 60 ? `${value.slice(0, 57)}…` : value;
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export function renderHistory(id: string, entries: HistoryEntryDto[]): string {
  return [
    `History of deal ${id}: ${entries.length} change${entries.length === 1 ? '' : 's'}`,
    table(
      ['rev', 'event', 'effective', 'recorded', 'actor', 'changes', 'reason'],
      entries.map((e) => [
        e.revision,
        e.type,
        day(e.effectiveAt),
        e.recordedAt.replace('T', ' ').slice(0, 19),
        e.actor,
        (e.changes ?? [])
          .filter(
            (c) =>
              !['source', 'notes'].includes(c.field) ||
              e.type !== 'DealRecorded',
          )
          .map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`)
          .join('\n'),
        e.reason ? show(e.reason) : '',
      ]),
    ),
  ].join('\n');
}

// ---- verify ----

export const verifyCommand = targetCommand<CommonOptions>(
  async (target, options, io) => {
    const report: VerifyDto = await target.client.call('get', '/audit/verify');
    const ok = report.ok === true;
    if (options.json) io.out(json(report));
    else if (ok)
      io.out(
        `audit trail intact${report.checked !== undefined ? `: ${report.checked} events checked` : ''}`,
      );
    else {
      io.out(
        `audit trail BROKEN${report.checked !== undefined ? ` (${report.checked} events checked)` : ''}`,
      );
      const broken = report.broken ?? [];
      const first = report.firstBroken ?? broken[0];
      // The first break first: everything after it in the log rests on it.
      if (first)
        io.out(
          `first broken at position ${first.position} (${first.stream}${first.stream === '$all' ? '' : ` revision ${first.revision}`}): ${(first.problems ?? []).join(', ')}`,
        );
      if (report.store?.trouble) io.out(report.store.trouble);
      if (broken.length > 0)
        io.out(
          table(
            ['stream', 'revision', 'position', 'problems'],
            broken.map((b) => [
              b.stream,
              b.revision,
              b.position,
              (b.problems ?? []).join(', '),
            ]),
            [1, 2],
          ),
        );
    }
    return ok ? EXIT.ok : EXIT.verifyFailed;
  },
);

// ---- wiring ----

export function registerQueryCommands(program: Command, io: Io): void {
  addCommonOptions(
    addAsOfOptions(
      program
        .command('exposure')
        .description("a company's exposure on a date, as known on a date")
        .requiredOption('--company <id>', 'company id, e.g. oracle'),
    ),
  ).action(action((o: ExposureOptions) => exposureCommand(o, io)));
  addCommonOptions(
    addAsOfOptions(
      program
        .command('network')
        .description('the whole exposure network on a date'),
    ).option('--top <n>', 'largest edges to list', '15'),
  ).action(action((o: NetworkOptions) => networkCommand(o, io)));
  addCommonOptions(
    program
      .command('history')
      .description('every change of a deal: when, by whom, why')
      .requiredOption('--deal <id>', 'deal id'),
  ).action(action((o: HistoryOptions) => historyCommand(o, io)));
}

export function registerVerifyCommand(program: Command, io: Io): void {
  addCommonOptions(
    program
      .command('verify')
      .description(
        "check every stream's hash chain and the store's seal against the anchors (exit 4 when broken, naming the first broken position)",
      ),
  ).action(action((o: CommonOptions) => verifyCommand(o, io)));
}
