/** Three levels by suffix: *.unit.spec.ts (pure), *.int.spec.ts (module + embedded store), *.e2e.spec.ts (HTTP). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
  // An ES module that @fastify/static (the OpenAPI page's assets) requires: Node 24 loads it with
  // require(esm), Jest's module loader does not, so it is compiled to CommonJS like our sources.
  'node_modules/.+/content-disposition/dist/.+\\.js$': [
    '@swc/jest',
    { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const transformIgnorePatterns = [
  '/node_modules/(?!(@fastify/static/node_modules/)?content-disposition/)',
];
const common = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: [
    '<rootDir>/src',
    '<rootDir>/test',
    '<rootDir>/web/src',
    '<rootDir>/scripts',
  ],
};

module.exports = {
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'] },
    { ...common, displayName: 'esdb', testMatch: ['**/*.esdb.spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['**/*.browser.spec.ts'] },
  ],
};
