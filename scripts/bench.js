#!/usr/bin/env node
// `npm run bench [-- name…]`: compiles src + bench, then runs bench/<name>.bench.ts (all when none named).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.chdir(root);
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], { stdio: 'inherit' });
const available = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : available) {
  execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', path.join('dist-bench', 'bench', `${name}.bench.js`)], { stdio: 'inherit' });
}
