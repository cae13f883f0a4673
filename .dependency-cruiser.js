// @ts-check
/**
 * Layer rules (docs/architecture.md, "What may import what"), checked by `npm run lint:deps`,
 * which `npm run lint` and CI (.ci/run) run. A rule here is the map made executable: when the
 * map changes, change both.
 */

/** The pure core: deciders, evolve functions, valuation rules, contagion and economics models. */
const DOMAIN = [
  '^src/[^/]+/domain/',
  '^src/[^/]+/[^/]+/domain/',
  '^src/contagion/',
  '^src/shared/',
];
/** The contract the server, the CLI and the dashboard share: `as const` lists and wire types. */
const CONTRACTS = '^src/contracts/';
/** The event store port: interfaces and data shapes only. */
const EVENT_STORE_PORT = '^src/event-store/event-store[.]port[.]ts$';
/** Node modules that reach the outside world (files, sockets, processes, threads, storage). */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'readline',
].map((m) => `^(node:)?${m}$`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes two modules one: neither can be read, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-no-framework',
      severity: 'error',
      comment:
        'The pure core knows nothing of Nest, storage drivers, HTTP or the clock of a framework.',
      from: { path: DOMAIN },
      to: {
        path: [
          '@nestjs/',
          'better-sqlite3',
          '@eventstore/',
          'express',
          'ws',
          'rxjs',
          'class-validator',
          'class-transformer',
        ].map((m) => `^node_modules/${m}`),
      },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'The pure core does no I/O: it is given data and returns data.',
      from: { path: DOMAIN },
      to: { dependencyTypes: ['core'], path: IO_MODULES },
    },
    {
      name: 'domain-no-application',
      severity: 'error',
      comment:
        'The pure core imports only other pure code: never a controller, service, module, adapter or the store.',
      from: { path: DOMAIN },
      to: { path: '^src/', pathNot: [...DOMAIN, CONTRACTS, EVENT_STORE_PORT] },
    },
    {
      name: 'domain-port-types-only',
      severity: 'error',
      comment:
        'The pure core may name the data shapes of the event store port (a recorded event), never call the store.',
      from: { path: DOMAIN },
      to: { path: EVENT_STORE_PORT, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'api-client-leaf',
      severity: 'error',
      comment:
        'The generated client is the wire contract: it imports nothing of the server, so the CLI and the dashboard can use it.',
      from: { path: '^src/api-client/' },
      to: { path: '^src/', pathNot: '^src/api-client/' },
    },
    {
      name: 'contracts-leaf',
      severity: 'error',
      comment:
        'The shared contract imports nothing (no package, no module of src/): the server, the CLI and the dashboard all import it.',
      from: { path: CONTRACTS },
      to: { pathNot: CONTRACTS },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment:
        'The command line sits above the application: the server never depends on it.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-web',
      severity: 'error',
      comment:
        'The dashboard is a separate client built by Vite; the server serves its files, it does not import them.',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'web-only-contract',
      severity: 'error',
      comment:
        'The dashboard talks to the server over HTTP: of src/ it may import only the contract (src/contracts) and the generated client (src/api-client).',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: ['^src/api-client/', CONTRACTS] },
    },
    {
      name: 'src-no-test',
      severity: 'error',
      comment:
        'Code in src/ never reaches into test/: the suites and their kits sit above it.',
      from: { path: '^src/', pathNot: '[.]spec[.]ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'specs-only-shared-kits',
      severity: 'error',
      comment:
        'A spec beside the code takes what it shares with other suites from the shared kits (test/kits), never from another suite.',
      from: { path: ['^src/', '^web/src/', '^scripts/'], pathNot: '^test/' },
      to: { path: '^test/', pathNot: '^test/kits/' },
    },
    {
      name: 'unit-and-int-specs-beside-the-code',
      severity: 'error',
      comment:
        'Unit and integration specs sit beside the code they test (src/, web/src, scripts/); test/ holds the e2e, browser and EventStoreDB suites and the shared kits. (Any import of a spec placed elsewhere is reported, which every spec has.)',
      from: { path: '^test/.+[.](unit|int)[.]spec[.]ts$' },
      to: {},
    },
    {
      name: 'e2e-suites-in-test',
      severity: 'error',
      comment:
        'End-to-end, browser and EventStoreDB suites start the whole service or a container: they sit in test/, not beside one folder of code.',
      from: { path: '^(src|web/src|scripts)/.+[.](e2e|browser)[.]spec[.]ts$' },
      to: {},
    },
    {
      name: 'no-spec-imports-a-spec',
      severity: 'error',
      comment:
        'A spec never imports another spec: what two suites share is a kit.',
      from: {},
      to: { path: '[.]spec[.]ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(?:dist|dist-bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
