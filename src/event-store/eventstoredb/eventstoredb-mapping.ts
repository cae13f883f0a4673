import {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  ErrorType,
  eventTypeFilter,
  excludeSystemEvents,
  Filter,
  Position,
  ReadPosition,
  ResolvedEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { TangleError, ValidationError } from '../../shared/errors';
import { JsonObject } from '../../shared/json';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import {
  ExpectedRevision,
  RecordedEvent,
  SubscribeAllOptions,
} from '../event-store.port';

/*
 * The EventStoreDB adapter's translations between the client's shapes and ours (errors, positions,
 * events, filters): plain functions, checked without a server.
 */

/** A server log position beyond this is EventStoreDB's "no position" marker (2^64 − 1). */
export const NO_POSITION = 2n ** 63n;

/**
 * The one place where the client's errors become ours: wrong expected version →
 * WrongExpectedRevisionError (with the actual revision), stream not found or deleted →
 * StreamNotFoundError, append too large or refused → ValidationError, anything else →
 * EventStoreUnavailableError naming the server.
 */
export function toStoreError(
  error: unknown,
  location: string,
  streamId?: string,
  expected?: ExpectedRevision,
): Error {
  if (error instanceof TangleError) return error;
  const type = (error as { type?: unknown })?.type;
  switch (type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const actual = (error as { actualVersion?: unknown }).actualVersion;
      const stream =
        (error as { streamName?: string }).streamName ?? streamId ?? '?';
      return new WrongExpectedRevisionError(
        stream,
        String(
          expected ?? (error as { expectedVersion?: unknown }).expectedVersion,
        ),
        typeof actual === 'bigint' ? Number(actual) : 'no_stream',
      );
    }
    case ErrorType.STREAM_NOT_FOUND:
    case ErrorType.STREAM_DELETED:
      return new StreamNotFoundError(
        (error as { streamName?: string }).streamName || streamId || '?',
      );
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new ValidationError(
        'events',
        `the append is larger than EventStoreDB accepts (${(error as { maxAppendSize?: number }).maxAppendSize ?? '?'} bytes)`,
      );
    case ErrorType.INVALID_ARGUMENT:
      return new ValidationError(
        streamId ? 'streamId' : 'request',
        `EventStoreDB refused it: ${messageOf(error)}`,
      );
    case ErrorType.ACCESS_DENIED:
      return new EventStoreUnavailableError(
        `EventStoreDB at ${location} denied access: ${messageOf(error)}`,
      );
    case ErrorType.UNAVAILABLE:
    case ErrorType.TIMEOUT:
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.CANCELLED:
    case ErrorType.NOT_LEADER:
    case ErrorType.UNKNOWN:
      return new EventStoreUnavailableError(
        `EventStoreDB at ${location} is unavailable: ${messageOf(error)}`,
      );
    default:
      return new EventStoreUnavailableError(
        `EventStoreDB at ${location} failed: ${messageOf(error)}`,
      );
  }
}

export function toExpected(expected: ExpectedRevision): AppendExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

export function toPosition(position: number): ReadPosition {
  const p = BigInt(position);
  return { commit: p, prepare: p } satisfies Position;
}

export function positionOf(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): number | undefined {
  const position = resolved.event?.position;
  if (position && position.commit < NO_POSITION) return Number(position.commit);
  if (
    resolved.commitPosition !== undefined &&
    resolved.commitPosition < NO_POSITION
  )
    return Number(resolved.commitPosition);
  return undefined;
}

/** Our shape of a stored event; undefined for system events and links. */
export function toRecorded(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || e.streamId.startsWith('$') || e.type.startsWith('$'))
    return undefined;
  return {
    id: e.id,
    streamId: e.streamId,
    revision: Number(e.revision),
    // Stream reads on servers before 22.10 carry no log position: reported as 0 there.
    position: positionOf(resolved) ?? 0,
    recordedAt: e.created.toISOString(),
    type: e.type,
    data: asObject(e.isJson ? e.data : decode(e.data)),
    metadata: asObject(
      e.metadata instanceof Uint8Array ? decode(e.metadata) : e.metadata,
    ),
  };
}

function decode(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return {};
  }
}

function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}

/** Narrow on the server where it can (one dimension only); the rest is matched client-side. */
export function serverFilter(filter: SubscribeAllOptions['filter']): Filter {
  if (filter?.streamPrefixes)
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  if (filter?.eventTypes)
    return eventTypeFilter({
      regex: `^(${filter.eventTypes.map(escapeRegex).join('|')})$`,
    });
  return excludeSystemEvents();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isCancellation(error: unknown): boolean {
  return (
    (error as { type?: unknown })?.type === ErrorType.CANCELLED ||
    /cancelled/i.test(messageOf(error))
  );
}

/** The client's messages carry gRPC noise ("14 UNAVAILABLE: No connection established. Last error: …"): keep the cause. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause =
    /Last error: (?:Error: )?(.*?)\.?(?: Resolution note:.*)?$/s.exec(message);
  return (cause ? cause[1] : message).trim();
}
