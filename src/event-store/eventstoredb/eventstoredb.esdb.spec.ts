import { execFileSync } from 'node:child_process';
import type { StartedTestContainer } from 'testcontainers';
import { openEventStore } from '../open-event-store';
import { EventStore } from '../event-store.port';
import { eventStoreContract } from '../../../test/kits/event-store.contract';

/**
 * The contract against EventStoreDB: `EVENT_STORE_URL` when it is an `esdb://` URL, otherwise a
 * throwaway container (pinned image, insecure, in memory) when a container runtime answers.
 * Anywhere else the suite is reported as skipped, with one line saying why — never a silent pass.
 */
export const EVENTSTOREDB_IMAGE =
  process.env.TANGLE_ESDB_IMAGE || 'eventstore/eventstore:24.10';

type Target =
  | { kind: 'url'; url: string }
  | { kind: 'container' }
  | { kind: 'skip'; reason: string };

function chooseTarget(): Target {
  const url = process.env.EVENT_STORE_URL;
  if (url && /^esdb(\+discover)?:\/\//i.test(url)) return { kind: 'url', url };
  // Jest collects suites synchronously, so the runtime is probed in a short child process.
  const probe = `require('testcontainers').getContainerRuntimeClient().then(
    () => process.stdout.write('ok'),
    (e) => process.stdout.write(String(e && e.message || e)))`;
  let answer: string;
  try {
    answer = execFileSync(process.execPath, ['-e', probe], {
      cwd: __dirname,
      encoding: 'utf8',
      timeout: 60_000,
    }).trim();
  } catch (error) {
    answer = `the probe failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (answer === 'ok') return { kind: 'container' };
  return {
    kind: 'skip',
    reason: `no container runtime answers (${answer}) and EVENT_STORE_URL is not an esdb:// URL`,
  };
}

const target = chooseTarget();

if (target.kind === 'skip') {
  process.stdout.write(
    `EventStoreDB contract suite skipped: ${target.reason}\n`,
  );
  describe.skip('EventStore contract: EventStoreDB', () => {
    it.skip(`skipped: ${target.reason}`, () => undefined);
  });
} else {
  // Pulling and starting the image, and 100,000-event writes over gRPC, take longer than unit tests.
  jest.setTimeout(180_000);
  describe(`EventStore contract: EventStoreDB (${target.kind === 'url' ? 'EVENT_STORE_URL' : EVENTSTOREDB_IMAGE})`, () => {
    let container: StartedTestContainer | undefined;

    afterAll(async () => {
      await container?.stop();
    });

    eventStoreContract({
      open: async (): Promise<EventStore> => {
        if (target.kind === 'url') return openEventStore(target.url);
        const { GenericContainer, Wait } = await import('testcontainers');
        container = await new GenericContainer(EVENTSTOREDB_IMAGE)
          .withEnvironment({
            EVENTSTORE_INSECURE: 'true',
            EVENTSTORE_MEM_DB: 'true',
            EVENTSTORE_CLUSTER_SIZE: '1',
            EVENTSTORE_RUN_PROJECTIONS: 'None',
            EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP: 'false',
          })
          .withExposedPorts(2113)
          .withWaitStrategy(
            Wait.forHttp('/health/live', 2113).forStatusCode(204),
          )
          .withStartupTimeout(120_000)
          .start();
        return openEventStore(
          `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
          { connectTimeoutMs: 30_000 },
        );
      },
    });
  });
}
