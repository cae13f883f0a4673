import 'reflect-metadata';
import { createApp, bootstrapLogger } from './app.factory';
import { loadConfig } from './config/app-config';
import { openEventStore } from './event-store/open-event-store';
import { systemClock } from './shared/time';
import { startupBanner } from './startup-banner';

async function main(): Promise<void> {
  const config = loadConfig();
  // Check the store before Nest wires anything, so an unusable store (an unparseable URL, a file
  // that is not a Tangle store, a locked file, an EventStoreDB that does not answer) ends start-up
  // with one plain sentence and nothing written, not a framework stack trace.
  // The store opened here is the one the application serves from: the file is opened, locked and
  // quick-checked once.
  const store = await openEventStore(config.eventStoreUrl, {
    clock: systemClock,
  });
  let app;
  try {
    app = await createApp({ config, clock: systemClock, store });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
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
