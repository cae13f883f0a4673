import 'reflect-metadata';
import { Command } from 'commander';
import { processIo, UsageError } from '../cli/commands/output';
import { instantOption, rateOption } from '../cli/commands/options';
import { runDemo } from './demo';

/** `npm run demo [-- --url http://localhost:3000]`. */
async function main(): Promise<void> {
  const program = new Command('tangle-demo')
    .description('the AI build-out told in the terminal')
    .option('--url <url>', 'a running Tangle server holding the data set (default: a temporary embedded store)')
    .option('--token <token>', 'bearer token for --url (default TANGLE_TOKEN)')
    .option('--today <date>', 'the date the story calls today (default now)')
    .option('--recovery-rate <r>', "share of OpenAI's obligations recovered when it slips", '0.4')
    .parse();
  const o = program.opts<{ url?: string; token?: string; today?: string; recoveryRate?: string }>();
  try {
    process.exitCode = await runDemo(
      { url: o.url, token: o.token ?? process.env.TANGLE_TOKEN, today: instantOption(o.today, '--today'), recoveryRate: rateOption(o.recoveryRate, '--recovery-rate') },
      processIo,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    processIo.err(`tangle demo: ${error.message}`);
    process.exitCode = 2;
  }
}

void main();
