#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist with Vite) when the build is missing or older than its sources.
// Used by `npm start` (scripts/start.js), `npm run build:web` and the dashboard tests.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Newest modification time under `dir`, skipping the build output. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when web/dist/index.html is missing or older than anything in web/ or the contract it imports (src/contracts). */
function webNeedsBuild(root) {
  const index = path.join(root, 'web', 'dist', 'index.html');
  if (!fs.existsSync(index)) return true;
  const newest = Math.max(newestSource(path.join(root, 'web')), newestSource(path.join(root, 'src', 'contracts')));
  return newest > fs.statSync(index).mtimeMs;
}

const LOCK_STALE_MS = 120_000;

function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * One build at a time (test suites in parallel workers, a start beside them): the others wait for
 * the lock, then find the build current. A lock left by a killed build is taken over when stale.
 */
function withLock(root, work) {
  const lock = path.join(root, 'web', '.build.lock');
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      else pause(200);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Runs `vite build web`; returns true when it built, false when the build was current. */
function buildWebIfNeeded(root, { force = false, quiet = false } = {}) {
  if (!force && !webNeedsBuild(root)) return false;
  return withLock(root, () => {
    if (!force && !webNeedsBuild(root)) return false; // built by whoever held the lock
    if (!quiet) process.stdout.write('Building the dashboard (web/ → web/dist)…\n');
    const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', 'web', '--logLevel', quiet ? 'error' : 'warn'], {
      cwd: root,
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
    // The build is newer than its sources even on a coarse clock.
    const now = new Date();
    fs.utimesSync(path.join(root, 'web', 'dist', 'index.html'), now, now);
    return true;
  });
}

module.exports = { buildWebIfNeeded, webNeedsBuild };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const built = buildWebIfNeeded(root, { force: process.argv.includes('--force') });
  if (!built) process.stdout.write('The dashboard build is current (web/dist).\n');
}
