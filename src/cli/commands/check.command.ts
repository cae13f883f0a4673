import { Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import { openEventStore } from '../../event-store/open-event-store';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { EXIT, ExitCode, Io, json } from './output';
import { action, explain, usageExits } from './run';

export interface CheckOptions {
  store?: string;
  full?: boolean;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `tangle check`: the embedded store's file on its own, with the server stopped — SQLite's
 * structural check (`quick_check`, or `integrity_check` with `--full`) and the seal over every
 * row. Exit 0 when sound, 4 when damaged or broken, 1 when the file cannot be opened (locked by
 * a running server, not a store…), with the reason.
 */
export async function checkCommand(
  options: CheckOptions,
  io: Io,
): Promise<ExitCode> {
  const url =
    options.store ?? loadConfig(options.env ?? process.env).eventStoreUrl;
  let store;
  try {
    store = await openEventStore(url);
  } catch (error) {
    const { code, message } = explain(error);
    io.err(`tangle: ${message}`);
    return code;
  }
  try {
    if (!(store instanceof SqliteEventStore)) {
      io.err(
        `tangle: ${url} is an EventStoreDB: its server checks its own log (tangle check is for the embedded store)`,
      );
      return EXIT.usage;
    }
    const level = options.full ? 'full' : 'quick';
    const problems = await store.checkIntegrity(level);
    // Seals are read only from a structurally sound file: a damaged page may throw mid-walk.
    const seals = problems.length === 0 ? await store.verifySeals() : null;
    const ok = problems.length === 0 && seals?.firstBroken === null;
    const report = {
      ok,
      location: store.location,
      storeId: await store.storeId(),
      check: level === 'full' ? 'integrity_check' : 'quick_check',
      problems,
      seals,
    };
    if (options.json) io.out(json(report));
    else if (ok)
      io.out(
        `${store.location}: sound (${report.check}; ${seals?.checked ?? 0} events sealed, head ${seals?.head.position ?? 0} ${seals?.head.seal.slice(0, 16) ?? ''}…)`,
      );
    else {
      io.out(`${store.location}: DAMAGED`);
      for (const p of problems.slice(0, 20)) io.out(`  ${report.check}: ${p}`);
      const b = seals?.firstBroken;
      if (b)
        io.out(
          `  first broken at position ${b.position} (${b.stream} revision ${b.revision}): ${b.problem}`,
        );
    }
    return ok ? EXIT.ok : EXIT.verifyFailed;
  } catch (error) {
    const { message } = explain(error);
    io.err(`tangle: ${message}`);
    return EXIT.verifyFailed;
  } finally {
    await store.close();
  }
}

export function registerCheckCommand(program: Command, io: Io): void {
  usageExits(
    program
      .command('check')
      .description(
        "check the embedded store's file (stop the server first): SQLite's structure and every row's seal (exit 4 when damaged)",
      )
      .option(
        '--store <url>',
        'the store (sqlite:<path>); default EVENT_STORE_URL or sqlite:./data/tangle.db',
      )
      .option(
        '--full',
        'the full integrity_check (reads every page) instead of quick_check',
      )
      .option('--json', 'print JSON'),
  ).action(action((o: CheckOptions) => checkCommand(o, io)));
}
