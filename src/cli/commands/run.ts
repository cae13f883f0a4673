import { Command } from 'commander';
import { ApiError, UnreachableError } from './client';
import { EXIT, ExitCode, Io, processIo, UsageError } from './output';
import { openTarget, Target, TargetOptions } from './target';

/** Flags every data command takes. */
export interface CommonOptions {
  url?: string;
  store?: string;
  token?: string;
  json?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return usageExits(cmd)
    .option(
      '--url <url>',
      'talk to a running server (e.g. http://localhost:3000) instead of the embedded store',
    )
    .option(
      '--store <url>',
      'in process: the event store (sqlite:<path> or esdb://…); default EVENT_STORE_URL or sqlite:./data/tangle.db',
    )
    .option('--token <token>', 'bearer token for --url (default TANGLE_TOKEN)')
    .option('--json', 'print JSON instead of tables');
}

/** `--at` and `--known-at`, for the commands that read the ledger as of a date. */
export function addAsOfOptions(cmd: Command): Command {
  return cmd
    .option('--at <date>', 'effective date (default now)')
    .option('--known-at <time>', 'as known at this time (default now)');
}

/**
 * Commander's own errors (a missing required flag, an unknown option, a missing argument) exit 2
 * like every other usage error; help and version exit 0 as commander decides.
 */
export function usageExits(cmd: Command): Command {
  return cmd.exitOverride((error) => {
    const informational = [
      'commander.helpDisplayed',
      'commander.help',
      'commander.version',
    ].includes(error.code);
    process.exit(informational ? error.exitCode : EXIT.usage);
  });
}

/** The exit code an error deserves, and the one line that explains it. */
export function explain(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof UsageError)
    return { code: EXIT.usage, message: error.message };
  if (error instanceof ApiError) {
    const s = error.status;
    const code =
      s === 404
        ? EXIT.notFound
        : s === 409
          ? EXIT.conflict
          : s >= 400 && s < 500
            ? EXIT.usage
            : EXIT.failure;
    return { code, message: `${error.message} (HTTP ${s})` };
  }
  if (error instanceof UnreachableError)
    return { code: EXIT.failure, message: error.message };
  const code = (error as { code?: string }).code;
  if (code === 'validation_failed' || code === 'rule_violated')
    return { code: EXIT.usage, message: (error as Error).message };
  if (code === 'not_found')
    return { code: EXIT.notFound, message: (error as Error).message };
  return {
    code: EXIT.failure,
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Runs a command body against its target and turns every outcome into an exit code: the body's
 * own code on success; 2/3/5/1 for usage errors, missing things, conflicts and failures.
 */
export async function withTarget(
  options: CommonOptions & Pick<TargetOptions, 'seed'>,
  io: Io,
  body: (target: Target) => Promise<ExitCode>,
  open: OpenTarget = openTarget,
): Promise<ExitCode> {
  let target: Target | undefined;
  try {
    target = await open({
      url: options.url,
      store: options.store,
      token: options.token,
      seed: options.seed,
    });
    return await body(target);
  } catch (error) {
    const { code, message } = explain(error);
    io.err(`tangle: ${message}`);
    return code;
  } finally {
    await target?.close().catch(() => undefined);
  }
}

/** How a command opens its target: `openTarget` unless a test passes its own. */
export type OpenTarget = (o: TargetOptions) => Promise<Target>;

/**
 * A data command `(options, io, open?) => exit code`: the body runs against the target
 * {@link withTarget} opens. `fixed` overrides target options (`seed: 'none'` for the commands
 * that must find the store as it is).
 */
export function targetCommand<O extends CommonOptions>(
  body: (target: Target, options: O, io: Io) => Promise<ExitCode>,
  fixed: Pick<TargetOptions, 'seed'> = {},
): (options: O, io: Io, open?: OpenTarget) => Promise<ExitCode> {
  return (options, io, open) =>
    withTarget(
      { ...options, ...fixed },
      io,
      (target) => body(target, options, io),
      open,
    );
}

/** Commander glue: run, then set the process exit code (never exit mid-flight). */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<ExitCode>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    process.exitCode = await fn(...args);
  };
}

export { processIo };
