import { wholeNetworkOverHttp } from './over-http';

/**
 * `wholeNetworkOverHttp` in a process of its own (`node http-client.js <store> <work directory>
 * <head position> <dates…>`, forked by the exposure benchmark): the benchmark's own process holds
 * the index, the naive replay and their heap of gigabytes, whose collections would share the two
 * cores with the server it measures. Sends the result to the parent and exits.
 */
const [store, dir, head, ...dates] = process.argv.slice(2);
wholeNetworkOverHttp(store, dir, Number(head), dates)
  .then((result) => process.send?.(result, () => process.exit(0)))
  .catch((error: unknown) => {
    process.stderr.write(
      `exposure bench HTTP client failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
