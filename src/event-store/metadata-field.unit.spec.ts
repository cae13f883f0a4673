import type { EventStore, RecordedEvent } from './event-store.port';
import { metadataField } from './metadata-field';

/** An event whose parsed metadata counts its reads, and a store that keeps (or not) its text. */
function given(metadataText: string | undefined, metadata: object) {
  let parsedReads = 0;
  const event = {
    id: 'e1',
    streamId: 'deal-a',
    revision: 0,
    position: 1,
    recordedAt: '2026-01-01T00:00:00.000Z',
    type: 'DealPaymentRecorded',
    data: {},
    get metadata() {
      parsedReads++;
      return metadata;
    },
  } as RecordedEvent;
  const store = {
    storedMetadataText: () => metadataText,
  } as unknown as EventStore;
  return { event, store, parsedReads: () => parsedReads };
}

describe('metadataField', () => {
  it('given the stored text, when a field is read, then it comes from the text and the parsed metadata is not touched', () => {
    const hash = 'ab'.repeat(32);
    const { event, store, parsedReads } = given(
      `{"effectiveAt":"2025-06-01T00:00:00.000Z","hash":"${hash}","schemaVersion":2}`,
      { hash: 'from the parse' },
    );
    expect(metadataField(store, 'hash')(event)).toBe(hash);
    expect(metadataField(store, 'schemaVersion')(event)).toBe(2);
    expect(metadataField(store, 'absent')(event)).toBeUndefined();
    expect(parsedReads()).toBe(0);
  });

  it('given no stored text, or text the reader leaves to a full parse, then the parsed metadata answers', () => {
    const none = given(undefined, { effectiveAt: '2025-06-01' });
    expect(metadataField(none.store, 'effectiveAt')(none.event)).toBe(
      '2025-06-01',
    );
    expect(none.parsedReads()).toBe(1);
    const nested = given('{"reason":"r","effectiveAt":{"at":"nested"}}', {
      effectiveAt: 'from the parse',
    });
    expect(metadataField(nested.store, 'effectiveAt')(nested.event)).toBe(
      'from the parse',
    );
  });

  it('given a store without stored texts (EventStoreDB), then the parsed metadata answers', () => {
    const { event, parsedReads } = given(undefined, { hash: 'h' });
    expect(metadataField({} as EventStore, 'hash')(event)).toBe('h');
    expect(parsedReads()).toBe(1);
  });
});
