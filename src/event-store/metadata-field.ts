import type { JsonPrimitive, JsonValue } from '../shared/json';
import { detachedString, jsonFieldReader } from '../shared/json-fields';
import type { EventStore, RecordedEvent } from './event-store.port';

/**
 * One top-level field of an event's metadata, for a reader that reads it of every event and keeps
 * it (the audit anchors' chain hash, the live fold's valid time): from the metadata's stored text
 * where the store keeps it (EventStore.storedMetadataText), so that the rest of the metadata is not
 * parsed for one field, else from the parsed metadata. A string read from the text is a copy of its
 * own (detachedString), not a slice that would keep the whole text alive.
 */
export function metadataField(
  store: EventStore,
  name: string,
): (event: RecordedEvent) => JsonValue | undefined {
  const read = jsonFieldReader([name]);
  // reused by every read (one at a time: nothing calls back into it)
  const out: (JsonPrimitive | undefined)[] = [];
  return (event) => {
    const text = store.storedMetadataText?.(event);
    if (text === undefined || !read(text, out)) return event.metadata[name];
    const value = out[0];
    return typeof value === 'string' ? detachedString(value) : value;
  };
}
