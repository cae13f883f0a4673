import { Clock } from '../shared/time';
import { EventStore } from './event-store.port';
import { parseEventStoreUrl } from './event-store.url';
import {
  SqliteEventStore,
  SqliteEventStoreOptions,
} from './sqlite/sqlite-event-store';

export interface OpenEventStoreOptions extends SqliteEventStoreOptions {
  clock?: Clock;
  /** EventStoreDB only: how long to wait for the server to answer at start (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * Opens the store an `EVENT_STORE_URL` names, outside Nest too (CLI, benchmarks, tests).
 * Fails with one sentence naming the URL or path: unparseable URL (ValidationError),
 * not a Tangle store, locked by another process, or a server that does not answer
 * (EventStoreUnavailableError).
 */
export async function openEventStore(
  url: string,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  const location = parseEventStoreUrl(url);
  switch (location.kind) {
    case 'sqlite':
      return SqliteEventStore.open(location.path, options);
    case 'eventstoredb': {
      // Loaded only when asked for: the embedded store does not pay for the gRPC client.
      const { EventStoreDbEventStore } =
        await import('./eventstoredb/eventstoredb-event-store');
      return EventStoreDbEventStore.connect(
        location.connectionString,
        location.redacted,
        options,
      );
    }
  }
}

/** A fresh empty store in memory, for unit and integration tests of any area. Close it after. */
export function createInMemoryEventStore(
  options: SqliteEventStoreOptions = {},
): EventStore {
  return SqliteEventStore.open(':memory:', options);
}
