import 'reflect-metadata';
import { createApp, bootstrapLogger } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { TangleError } from './shared/errors';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp({ config });
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  bootstrapLogger.log(`Tangle is serving on ${url.replace('[::1]', 'localhost')}`);
}

main().catch((error: unknown) => {
  // Start-up errors are one plain sentence and a non-zero exit.
  const message =
    error instanceof ConfigError || error instanceof TangleError
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`tangle: cannot start: ${message}\n`);
  process.exit(1);
});
