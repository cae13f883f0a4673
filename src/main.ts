import 'reflect-metadata';
import { createApp, bootstrapLogger } from './app.factory';
import { loadConfig } from './config/app-config';
import { openEventStore } from './event-store/open-event-store';
import { startupBanner } from './startup-banner';

async function main(): Promise<void> {
  const config = loadConfig();
  // Check the store before Nest wires anything, so an unusable store (an unparseable URL, a file
  // that is not a Tangle store, a locked file, an EventStoreDB that does not answer) ends start-up
  // with one plain sentence and nothing written, not a framework stack trace.
  const probe = await openEventStore(config.eventStoreUrl);
  await probe.close();

  const app = await createApp({ config });
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  // SIGTERM/SIGINT: createApp enabled Nest's shutdown hooks, which stop the server and close the store.
  bootstrapLogger.log(
    `Tangle is serving on ${url.replace('[::1]', 'localhost')}`,
  );
  process.stdout.write(`${startupBanner(url, config)}\n`);
}

main().catch((error: unknown) => {
  // Start-up errors are one plain sentence and a non-zero exit.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tangle: cannot start: ${message}\n`);
  process.exit(1);
});
