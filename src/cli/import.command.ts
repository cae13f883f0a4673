import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { ImportService } from '../ledger/application/import.service';
import {
  summariseImport,
  type ImportLineResult,
  type ImportSummary,
  type ParsedLine,
} from '../ledger/application/import.format';
import { EXIT, ExitCode, Io, json, table, UsageError } from './commands/output';
import { Progress } from './commands/progress';
import {
  action,
  addCommonOptions,
  CommonOptions,
  OpenTarget,
  withTarget,
} from './commands/run';
import { Target } from './commands/target';

export interface ImportOptions extends CommonOptions {
  /** In process: the actor recorded on every event (default `import`). Over --url the token's name is. */
  actor?: string;
}

/** Over HTTP, lines go in requests of at most this many characters (under the server's body limit). */
const CHUNK_CHARS = 1_500_000;

/**
 * `tangle import <file>` (also `npm run import -- <file>`): a JSON array or NDJSON of ledger
 * commands, applied in order; every line's outcome reported, valid lines kept when others fail.
 * In process on the embedded store by default (`--store`, EVENT_STORE_URL), or against a server
 * (`--url`, `--token`). Exit 0 when every line was applied, 2 when any was refused.
 */
export async function importCommand(
  file: string,
  options: ImportOptions,
  io: Io,
  open?: OpenTarget,
): Promise<ExitCode> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(
      `tangle: ${new UsageError('<file>', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`).message}`,
    );
    return EXIT.usage;
  }
  if (
    options.actor !== undefined &&
    !/^[\x21-\x7e]{1,100}$/.test(options.actor)
  ) {
    io.err(
      `tangle: ${new UsageError('--actor', 'must be 1-100 printable characters without spaces').message}`,
    );
    return EXIT.usage;
  }
  // The data set is not loaded into an empty store first: the file is what the user wants in it.
  return withTarget(
    { ...options, seed: 'none' },
    io,
    async (target) => {
      const { parseImportText } =
        await import('../ledger/application/import.format');
      const lines = parseImportText(text);
      const progress = new Progress(io, options.json);
      progress.start(lines.length, 'importing');
      let summary: ImportSummary;
      try {
        summary =
          target.inProcess && target.app
            ? await inProcess(
                target,
                lines,
                options.actor ?? 'import',
                progress,
              )
            : await overHttp(target, lines, progress);
      } finally {
        progress.stop();
      }
      io.out(options.json ? json(summary) : render(file, summary));
      return summary.failed === 0 ? EXIT.ok : EXIT.usage;
    },
    open,
  );
}

async function inProcess(
  target: Target,
  lines: ParsedLine[],
  actor: string,
  progress: Progress,
): Promise<ImportSummary> {
  const { ImportService } =
    await import('../ledger/application/import.service');
  const service = target.app!.get<ImportService>(ImportService);
  return service.run(lines, { actor, onLine: () => progress.tick() });
}

/** POST /import in chunks under the body limit; line numbers stay those of the file. */
async function overHttp(
  target: Target,
  lines: ParsedLine[],
  progress: Progress,
): Promise<ImportSummary> {
  const results: ImportLineResult[] = [];
  let position = 0;
  for (const chunk of chunks(lines)) {
    const local: ImportLineResult[] = chunk
      .filter((l): l is Extract<ParsedLine, { error: string }> => 'error' in l)
      .map((l) => ({
        line: l.line,
        ok: false,
        error: { code: 'validation_failed', message: l.error },
      }));
    const sendable = chunk.filter(
      (l): l is Extract<ParsedLine, { value: unknown }> => 'value' in l,
    );
    if (sendable.length > 0) {
      const answer = await target.client.request<ImportSummary>(
        'POST',
        '/import',
        { body: sendable.map((l) => l.value) },
      );
      answer.results.forEach((r, i) =>
        local.push({ ...r, line: sendable[i].line }),
      );
      position = Math.max(position, answer.position);
    }
    results.push(...local.sort((a, b) => a.line - b.line));
    progress.tick(chunk.length);
  }
  return summariseImport(results, position);
}

function* chunks(lines: ParsedLine[]): Generator<ParsedLine[]> {
  let current: ParsedLine[] = [];
  let size = 2;
  for (const line of lines) {
    const length = 'value' in line ? JSON.stringify(line.value).length + 1 : 0;
    if (
      current.length > 0 &&
      (size + length > CHUNK_CHARS || current.length >= 2000)
    ) {
      yield current;
      current = [];
      size = 2;
    }
    current.push(line);
    size += length;
  }
  if (current.length > 0) yield current;
}

function render(file: string, s: ImportSummary): string {
  const out = [
    `${file}: ${s.total} lines, ${s.succeeded} applied, ${s.failed} refused (store head position ${s.position})`,
  ];
  const refused = refusedLines(s);
  if (refused !== undefined) out.push(refused);
  return out.join('\n');
}

/** The lines an import refused, as a table (undefined when none was). */
export function refusedLines(s: ImportSummary): string | undefined {
  const failures = s.results.filter((r) => !r.ok);
  if (failures.length === 0) return undefined;
  return table(
    ['line', 'command', 'id', 'refused because'],
    failures.map((r) => [
      r.line,
      r.command ?? '',
      r.id ?? '',
      r.error?.message ?? '',
    ]),
  );
}

export function registerImportCommand(program: Command, io: Io): void {
  addCommonOptions(
    program
      .command('import <file>')
      .description(
        'apply a JSON array or NDJSON file of ledger commands in order; every line reported (exit 2 if any was refused)',
      )
      .option(
        '--actor <name>',
        'in process: the actor recorded on every event',
        'import',
      ),
  ).action(
    action((file: string, o: ImportOptions) => importCommand(file, o, io)),
  );
}
