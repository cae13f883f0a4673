import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEVER } from 'rxjs';
import { loadConfig } from '../config/app-config';
import type {
  EventStore,
  SubscribeAllOptions,
} from '../event-store/event-store.port';
import { AuditAnchors } from './audit-anchors.service';

/** A store that only says who it is and records where it is asked to be read from. */
function storeNamed(storeId: string): {
  store: EventStore;
  subscribedAfter: (number | undefined)[];
} {
  const subscribedAfter: (number | undefined)[] = [];
  const store = {
    storeId: () => Promise.resolve(storeId),
    subscribeAll: (options?: SubscribeAllOptions) => {
      subscribedAfter.push(options?.afterPosition);
      return NEVER;
    },
  } as unknown as EventStore;
  return { store, subscribedAfter };
}

describe('AuditAnchors at start', () => {
  let dir: string;
  let anchors: AuditAnchors | undefined;
  const config = () =>
    loadConfig({
      EVENT_STORE_URL: `sqlite:${join(dir, 'store.db')}`,
      TANGLE_PROJECTIONS_PATH: join(dir, 'projections.db'),
    });
  const anchorsFile = () => join(dir, 'projections.audit-anchors.json');
  const givenAnchorsFile = (...lines: object[]) =>
    writeFileSync(
      anchorsFile(),
      lines.map((line) => `${JSON.stringify(line)}\n`).join(''),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-anchors-'));
  });
  afterEach(() => {
    anchors?.onApplicationShutdown();
    anchors = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the store after the anchored position only: the file holds every anchor up to it', async () => {
    givenAnchorsFile(
      {
        format: 'tangle-audit-anchors',
        version: 3,
        store: { storeId: 's1', position: 40, seal: 'x' },
        streams: { 'deal-a': { revision: 3, hash: 'h3', position: 40 } },
      },
      // a later append moved the store's anchor on
      {
        store: { storeId: 's1', position: 52, seal: 'y' },
        streams: { 'deal-b': { revision: 0, hash: 'h0', position: 52 } },
      },
    );
    const { store, subscribedAfter } = storeNamed('s1');
    anchors = new AuditAnchors(store, config());
    await anchors.onApplicationBootstrap();
    expect(subscribedAfter).toEqual([52]);
    expect([...anchors.snapshot().keys()]).toEqual(['deal-a', 'deal-b']);
  });

  it("reads the whole store without an anchors file, or with another store's anchors", async () => {
    const first = storeNamed('s1');
    anchors = new AuditAnchors(first.store, config());
    await anchors.onApplicationBootstrap();
    expect(first.subscribedAfter).toEqual([0]);
    anchors.onApplicationShutdown();

    givenAnchorsFile({
      format: 'tangle-audit-anchors',
      version: 3,
      store: { storeId: 'another', position: 52, seal: 'y' },
      streams: {},
    });
    const second = storeNamed('s1');
    anchors = new AuditAnchors(second.store, config());
    await anchors.onApplicationBootstrap();
    expect(anchors.trouble()).toMatchObject({ problem: 'store-mismatch' });
    expect(second.subscribedAfter).toEqual([0]);
  });
});
