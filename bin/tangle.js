#!/usr/bin/env node
// `tangle …`: build when the sources are newer than the build, then run dist/cli/main.js.
// The working directory is left alone: file arguments and ./data paths are the caller's.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist', 'cli', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(built)) return true;
  const src = path.join(root, 'src');
  return fs.existsSync(src) && newestMtime(src) > fs.statSync(built).mtimeMs;
}

if (needsBuild()) {
  process.stderr.write('Building Tangle (first run, or sources changed)…\n');
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', path.join(root, 'tsconfig.build.json')], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch (error) {
    // tsc still emits on type errors; go on only when the entry point was written.
    if (!fs.existsSync(built)) process.exit(1);
    process.stderr.write('tangle: the build reported errors (above); running what was emitted\n');
  }
  const now = new Date();
  fs.utimesSync(built, now, now);
}
require(built).buildProgram().parseAsync(process.argv).catch((error) => {
  process.stderr.write(`tangle: ${error && error.message ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
