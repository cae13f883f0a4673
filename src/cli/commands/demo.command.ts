import { Command } from 'commander';
import { runDemo } from '../demo/demo';
import { instantOption, rateOption } from './options';
import { ExitCode, Io } from './output';
import { action, explain, usageExits } from './run';

export interface DemoCommandOptions {
  url?: string;
  token?: string;
  today?: string;
  recoveryRate?: string;
}

/** `tangle demo` / `npm run demo`: the story of the AI build-out, on a temporary embedded store or `--url`. */
export async function demoCommand(
  options: DemoCommandOptions,
  io: Io,
): Promise<ExitCode> {
  try {
    return await runDemo(
      {
        url: options.url,
        token: options.token ?? process.env.TANGLE_TOKEN,
        today: instantOption(options.today, '--today'),
        recoveryRate: rateOption(options.recoveryRate, '--recovery-rate'),
      },
      io,
    );
  } catch (error) {
    const { code, message } = explain(error);
    io.err(`tangle demo: ${message}`);
    return code;
  }
}

export function registerDemoCommand(program: Command, io: Io): void {
  usageExits(program.command('demo'))
    .description(
      'the AI build-out told in tables: the network on three dates, dependencies, cycles, what-ifs',
    )
    .option(
      '--url <url>',
      'a running Tangle server holding the data set (default: a temporary embedded store)',
    )
    .option('--token <token>', 'bearer token for --url (default TANGLE_TOKEN)')
    .option('--today <date>', 'the date the story calls today (default now)')
    .option(
      '--recovery-rate <r>',
      "share of OpenAI's obligations recovered when it slips",
      '0.4',
    )
    .action(action((o: DemoCommandOptions) => demoCommand(o, io)));
}
