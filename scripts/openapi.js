#!/usr/bin/env node
// The OpenAPI document and the typed client generated from it.
//   node scripts/openapi.js          (npm run openapi)       write src/api-client/openapi.json and schema.ts
//   node scripts/openapi.js --lint   (npm run lint:openapi)  write the document to .tmp/ and lint it
// The document is built by creating the application on an in-memory store without listening
// (dist/openapi.cli.js), so nothing needs a free port. src/common/openapi.spec checks that the
// committed files are what this writes, and runs the same lint.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildIfNeeded } = require('./build-if-needed');

const root = path.resolve(__dirname, '..');
const CLIENT_DIR = path.join(root, 'src', 'api-client');
const DOCUMENT = path.join(CLIENT_DIR, 'openapi.json');
const SCHEMA = path.join(CLIENT_DIR, 'schema.ts');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

/** Builds when needed, then writes the application's document (default HOST and PORT) to `out`. */
function writeDocument(out) {
  const built = path.join(root, 'dist', 'openapi.cli.js');
  buildIfNeeded({ root, built, announce: process.stderr, message: 'Building Tangle…' });
  execFileSync(process.execPath, [built, out], { stdio: 'inherit', env: { ...process.env, HOST: '', PORT: '' } });
}

/** The TypeScript types of a document, formatted as the repository formats its sources. */
function typesOf(documentPath) {
  const raw = execFileSync(process.execPath, [bin('openapi-typescript', 'bin/cli.js'), documentPath], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const header =
    '// Generated from openapi.json by `npm run openapi` (openapi-typescript). Do not edit by hand.\n';
  return execFileSync(process.execPath, [bin('prettier', 'bin/prettier.cjs'), '--stdin-filepath', SCHEMA], {
    cwd: root,
    input: header + raw.replace(/^\/\*\*[\s\S]*?\*\/\n+/, ''),
    encoding: 'utf8',
  });
}

/** Redocly's recommended rules, warnings counted as errors; true when the document passes. */
function lint(documentPath, stdio = 'inherit') {
  const result = spawnSync(
    process.execPath,
    [bin('@redocly/cli', 'bin/cli.js'), 'lint', documentPath, '--extends=recommended-strict', '--format=stylish'],
    {
      cwd: root,
      stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

module.exports = { DOCUMENT, SCHEMA, typesOf, lint };

if (require.main === module) {
  if (process.argv.includes('--lint')) {
    const out = path.join(root, '.tmp', 'openapi.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeDocument(out);
    process.exit(lint(out).ok ? 0 : 1);
  }
  writeDocument(DOCUMENT);
  fs.writeFileSync(SCHEMA, typesOf(DOCUMENT));
  process.stdout.write(`wrote ${path.relative(root, DOCUMENT)} and ${path.relative(root, SCHEMA)}\n`);
}
