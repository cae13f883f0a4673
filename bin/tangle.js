#!/usr/bin/env node
// `tangle …`: build when the sources are newer than the build, then run dist/cli/main.js.
// The working directory is left alone: file arguments and ./data paths are the caller's.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist', 'cli', 'main.js');
// An image holds the build and no sources (nor scripts/): then it runs what is built.
const builder = path.join(root, 'scripts', 'build-if-needed.js');
if (fs.existsSync(builder)) {
  require(builder).buildIfNeeded({
    root,
    built,
    announce: process.stderr,
    message: 'Building Tangle (first run, or sources changed)…',
    runEmitted: true,
  });
}
require(built).buildProgram().parseAsync(process.argv).catch((error) => {
  process.stderr.write(`tangle: ${error && error.message ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
