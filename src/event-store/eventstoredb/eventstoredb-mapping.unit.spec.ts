import {
  AccessDeniedError,
  AllStreamResolvedEvent,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamNotFoundError as ClientStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import { ValidationError } from '../../shared/errors';
import {
  messageOf,
  positionOf,
  serverFilter,
  toPosition,
  toRecorded,
  toStoreError,
} from './eventstoredb-mapping';

/** The EventStoreDB adapter's translations, checked without a server. */
describe('EventStoreDB adapter: client errors become ours in one place', () => {
  const at = 'esdb://db:2113?tls=false';

  it('wrong expected version → WrongExpectedRevisionError carrying the actual revision', () => {
    const existing = toStoreError(
      new WrongExpectedVersionError(undefined, {
        streamName: 'deal-x',
        expected: 0n,
        current: 4n,
      }),
      at,
      'deal-x',
      0,
    );
    expect(existing).toBeInstanceOf(WrongExpectedRevisionError);
    expect(existing).toMatchObject({
      streamId: 'deal-x',
      expected: '0',
      actual: 4,
    });

    const missing = toStoreError(
      new WrongExpectedVersionError(undefined, {
        streamName: 'deal-y',
        expected: 'stream_exists',
        current: 'no_stream',
      }),
      at,
      'deal-y',
      'stream_exists',
    );
    expect(missing).toMatchObject({
      actual: 'no_stream',
      code: 'wrong_expected_revision',
    });
  });

  it('stream not found → StreamNotFoundError', () => {
    const mapped = toStoreError(
      new ClientStreamNotFoundError(undefined, 'deal-z'),
      at,
      'deal-z',
    );
    expect(mapped).toBeInstanceOf(StreamNotFoundError);
    expect(mapped.message).toBe('stream deal-z does not exist');
  });

  it('an append over the size limit → ValidationError on events', () => {
    const mapped = toStoreError(
      MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576),
      at,
      's',
    );
    expect(mapped).toBeInstanceOf(ValidationError);
    expect(mapped).toMatchObject({ field: 'events' });
    expect(mapped.message).toContain('1048576 bytes');
  });

  it('unavailable, deadline, access denied and unknown failures → EventStoreUnavailableError naming the server', () => {
    for (const error of [
      new UnavailableError(),
      new DeadlineExceededError(),
      new AccessDeniedError(),
      new Error('boom'),
    ]) {
      const mapped = toStoreError(error, at);
      expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
      expect(mapped.message).toContain(`EventStoreDB at ${at}`);
    }
  });

  it('leaves our own errors as they are', () => {
    const ours = new StreamNotFoundError('s');
    expect(toStoreError(ours, at)).toBe(ours);
  });

  it("keeps the cause of gRPC's connection messages", () => {
    expect(
      messageOf(
        new Error(
          '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
        ),
      ),
    ).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(messageOf(new Error('plain'))).toBe('plain');
  });
});

describe('EventStoreDB adapter: positions and events', () => {
  const resolved = (
    streamId: string,
    type: string,
    commit: bigint,
    prepare = commit,
  ): AllStreamResolvedEvent => ({
    event: {
      streamId,
      id: '6f9619ff-8b86-4011-b42d-00cf4fc964ff',
      isJson: true,
      revision: 3n,
      type,
      created: new Date('2025-06-01T10:00:00.123Z'),
      data: { amount: 5 },
      metadata: { actor: 'ana' },
      position: { commit, prepare },
    },
    commitPosition: commit,
  });

  it('our position is the commit position; p maps back to { commit: p, prepare: p }', () => {
    expect(positionOf(resolved('deal-1', 'A', 1234n))).toBe(1234);
    expect(toPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
    // 2^64 − 1 is the server's "no position" (stream reads on old servers).
    expect(
      positionOf({
        event: { ...resolved('deal-1', 'A', 1n).event!, position: undefined },
      }),
    ).toBeUndefined();
    expect(
      positionOf({ commitPosition: 18446744073709551615n }),
    ).toBeUndefined();
  });

  it('maps a stored event to ours and hides system streams and events', () => {
    expect(toRecorded(resolved('deal-1', 'DealRecorded', 99n))).toEqual({
      id: '6f9619ff-8b86-4011-b42d-00cf4fc964ff',
      streamId: 'deal-1',
      revision: 3,
      position: 99,
      recordedAt: '2025-06-01T10:00:00.123Z',
      type: 'DealRecorded',
      data: { amount: 5 },
      metadata: { actor: 'ana' },
    });
    expect(
      toRecorded(resolved('$stats-127.0.0.1:2113', 'StatsCollected', 5n)),
    ).toBeUndefined();
    expect(toRecorded(resolved('deal-1', '$metadata', 5n))).toBeUndefined();
    expect(toRecorded({})).toBeUndefined();
  });

  it('filters on the server by stream prefix, else by exact event type, else excludes system events', () => {
    expect(serverFilter({ streamPrefixes: ['deal-'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['deal-'],
    });
    expect(serverFilter({ eventTypes: ['Deal.Recorded', 'X'] })).toMatchObject({
      filterOn: 'eventType',
      regex: '^(Deal\\.Recorded|X)$',
    });
    expect(serverFilter(undefined)).toMatchObject({
      filterOn: 'eventType',
      regex: '^[^$].*',
    });
  });
});
