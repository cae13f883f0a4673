#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then serve dist/main.js.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.chdir(root);

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
  const built = path.join(root, 'dist', 'main.js');
  if (!fs.existsSync(built)) return true;
  return newestMtime(path.join(root, 'src')) > fs.statSync(built).mtimeMs;
}

if (needsBuild()) {
  process.stdout.write('Building Tangle (first start, or sources changed)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  fs.utimesSync(path.join(root, 'dist', 'main.js'), new Date(), new Date());
}
if (fs.existsSync(path.join(root, 'web', 'package.json')) || fs.existsSync(path.join(root, 'web', 'index.html'))) {
  try {
    require(path.join(root, 'scripts', 'build-web.js')).buildWebIfNeeded(root);
  } catch (error) {
    if (error && error.code !== 'MODULE_NOT_FOUND') throw error;
  }
}
require(path.join(root, 'dist', 'main.js'));
