import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from './app.factory';
import { buildOpenApiDocument, openApiProblems } from './common/openapi';
import { loadConfig } from './config/app-config';

/**
 * `node dist/openapi.cli.js <file>`: writes the OpenAPI document, its `servers` from HOST and
 * PORT as the server would read them. The application is created on an in-memory store and
 * never listens, so this needs no free port and touches no data (scripts/openapi.js).
 */
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node dist/openapi.cli.js <file>');
  const { host, port } = loadConfig(process.env);
  const app = await createApp({
    config: {
      port,
      host,
      eventStoreUrl: 'sqlite::memory:',
      seed: 'none',
      tokens: [],
      projectionsPath: ':memory:',
    },
    logger: false,
  });
  try {
    const document = buildOpenApiDocument(app);
    const problems = openApiProblems(document);
    if (problems.length > 0) throw new Error(problems.join('; '));
    writeFileSync(out, documentText(document));
  } finally {
    await app.close();
  }
}

/** The committed form of a document (src/api-client/openapi.json). */
export function documentText(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(
      `openapi: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
