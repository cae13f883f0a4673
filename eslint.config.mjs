// @ts-check
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['eslint.config.mjs', 'dist/**', 'dist-bench/**', 'web/**', 'node_modules/**', 'bin/**', 'scripts/**/*.js', 'jest.config.js', 'test/**/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'commonjs',
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pure core knows nothing of Nest, transports, storage or I/O: every domain folder, the same set as
    // DOMAIN in .dependency-cruiser.js (which also forbids application code and cycles; docs/architecture.md).
    files: ['src/*/domain/**/*.ts', 'src/contagion/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'fs/promises', 'net', 'http', 'https', 'child_process', 'worker_threads']
            .flatMap((name) => [name, `node:${name}`])
            .map((name) => ({ name, message: 'The pure core does no I/O: it is given data and returns data.' })),
          patterns: [
            { group: ['@nestjs/*', 'express', 'ws', 'rxjs'], message: 'The pure core knows nothing of Nest or transports.' },
            { group: ['better-sqlite3', '@eventstore/*', '**/event-store/sqlite/*', '**/event-store/eventstoredb/*'], message: 'Storage is reached through the event store port, never from the pure core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'src/**/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
