#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { Io, processIo } from './commands/output';
import {
  registerQueryCommands,
  registerVerifyCommand,
} from './commands/query.commands';
import { registerScenarioCommands } from './commands/scenario.commands';
import { registerSeedCommand } from './commands/seed.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerRebuildCommand } from './commands/rebuild.command';
import { registerCheckCommand } from './commands/check.command';
import { registerImportCommand } from './import.command';

/** Every subcommand registers itself: adding one is one line here. */
const SUBCOMMANDS: readonly ((program: Command, io: Io) => void)[] = [
  registerImportCommand,
  registerSeedCommand,
  registerQueryCommands,
  registerVerifyCommand,
  registerScenarioCommands,
  registerDemoCommand,
  registerRebuildCommand,
  registerCheckCommand,
];

/** The `tangle` command line (see README "ledger" and "data-demo-cli"). */
export function buildProgram(io: Io = processIo): Command {
  const program = new Command('tangle')
    .description(
      'Tangle: exposures, what-if contagion and audit for a tightly interlocked market',
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
    });
  for (const register of SUBCOMMANDS) register(program, io);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(
        `tangle: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
