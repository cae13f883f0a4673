// Builds the server and the CLI (src/ → dist/ with tsc) when an entry point is missing or older than
// the sources. Used by `npm start` (scripts/start.js) and `tangle` (bin/tangle.js).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Newest modification time of the .ts files under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when `built` is missing, or older than a source under root/src (when there are sources). */
function needsBuild(root, built) {
  if (!fs.existsSync(built)) return true;
  const src = path.join(root, 'src');
  return fs.existsSync(src) && newestMtime(src) > fs.statSync(built).mtimeMs;
}

/**
 * Runs tsc -p tsconfig.build.json when `built` needs it, announcing it on `announce` (a stream).
 * tsc still emits on type errors: with `runEmitted` the caller goes on when `built` was written
 * (saying so on stderr) and exits 1 when it was not; without it the failed build throws.
 */
function buildIfNeeded({ root, built, announce, message, runEmitted = false, label = 'tangle' }) {
  if (!needsBuild(root, built)) return;
  announce.write(`${message}\n`);
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const args = [tsc, '-p', path.join(root, 'tsconfig.build.json')];
  if (!runEmitted) {
    execFileSync(process.execPath, args, { stdio: 'inherit' });
  } else {
    try {
      execFileSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (error) {
      if (!fs.existsSync(built)) process.exit(1);
      process.stderr.write(`${label}: the build reported errors (above); running what was emitted\n`);
    }
  }
  const now = new Date();
  fs.utimesSync(built, now, now);
}

module.exports = { buildIfNeeded, needsBuild, newestMtime };
