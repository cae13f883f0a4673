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
};
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], roots: ['<rootDir>/src', '<rootDir>/test'] };

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
