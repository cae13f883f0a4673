#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then serve dist/main.js.
const fs = require('node:fs');
const path = require('node:path');
const { buildIfNeeded } = require('./build-if-needed');

const root = path.resolve(__dirname, '..');
process.chdir(root);

buildIfNeeded({
  root,
  built: path.join(root, 'dist', 'main.js'),
  announce: process.stdout,
  message: 'Building Tangle (first start, or sources changed)…',
});
if (fs.existsSync(path.join(root, 'web', 'package.json')) || fs.existsSync(path.join(root, 'web', 'index.html'))) {
  try {
    require(path.join(root, 'scripts', 'build-web.js')).buildWebIfNeeded(root);
  } catch (error) {
    if (error && error.code !== 'MODULE_NOT_FOUND') throw error;
  }
}
require(path.join(root, 'dist', 'main.js'));
