import { ValidationError } from '../shared/errors';
import {
  EventFilter,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPPER_HEX = /[A-F]/;

/** Checks an append at the edge of both adapters, so both refuse the same input the same way. */
export function validateAppend(
  streamId: unknown,
  events: unknown,
  expectedRevision: unknown,
): void {
  validateStreamId(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('events', 'must be a non-empty array of events');
  }
  // A plain loop: this runs for every event of every append (see bench/event-store.bench.ts).
  const seen = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Partial<NewEvent> | null;
    if (e === null || typeof e !== 'object')
      throw new ValidationError(`events[${i}]`, 'must be an object');
    const id = e.id;
    if (typeof id !== 'string' || id.length !== 36 || !UUID.test(id))
      throw new ValidationError(`events[${i}].id`, 'must be a UUID');
    const key = UPPER_HEX.test(id) ? id.toLowerCase() : id;
    if (seen.has(key))
      throw new ValidationError(
        `events[${i}].id`,
        `${id} appears twice in one append`,
      );
    seen.add(key);
    if (typeof e.type !== 'string' || e.type.length === 0)
      throw new ValidationError(
        `events[${i}].type`,
        'must be a non-empty string',
      );
    if (!isPlainObject(e.data))
      throw new ValidationError(`events[${i}].data`, 'must be a JSON object');
    if (!isPlainObject(e.metadata))
      throw new ValidationError(
        `events[${i}].metadata`,
        'must be a JSON object',
      );
  }
  validateExpectedRevision(expectedRevision);
}

export function validateStreamId(
  streamId: unknown,
  field = 'streamId',
): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new ValidationError(field, 'must be a non-empty string');
  if (streamId.startsWith('$'))
    throw new ValidationError(
      field,
      `"${streamId}" is reserved (starts with $)`,
    );
}

export function validateExpectedRevision(
  expected: unknown,
): asserts expected is ExpectedRevision {
  if (
    expected === 'any' ||
    expected === 'no_stream' ||
    expected === 'stream_exists'
  )
    return;
  if (
    typeof expected === 'number' &&
    Number.isSafeInteger(expected) &&
    expected >= 0
  )
    return;
  throw new ValidationError(
    'expectedRevision',
    `must be 'any', 'no_stream', 'stream_exists' or a revision ≥ 0, got ${JSON.stringify(expected)}`,
  );
}

export function validateFilter(filter: EventFilter | undefined): void {
  if (!filter) return;
  if (filter.streamPrefixes !== undefined) {
    if (
      !Array.isArray(filter.streamPrefixes) ||
      filter.streamPrefixes.length === 0 ||
      filter.streamPrefixes.some((p) => typeof p !== 'string' || p === '')
    ) {
      throw new ValidationError(
        'filter.streamPrefixes',
        'must be a non-empty list of non-empty prefixes',
      );
    }
  }
  if (filter.eventTypes !== undefined) {
    if (
      !Array.isArray(filter.eventTypes) ||
      filter.eventTypes.length === 0 ||
      filter.eventTypes.some((t) => typeof t !== 'string' || t === '')
    ) {
      throw new ValidationError(
        'filter.eventTypes',
        'must be a non-empty list of event types',
      );
    }
  }
}

export function validatePosition(
  value: number | undefined,
  field: string,
  min = 0,
): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min)
    throw new ValidationError(
      field,
      `must be an integer ≥ ${min}, got ${JSON.stringify(value)}`,
    );
}

/** Checks a stream read's arguments at the edge of both adapters. */
export function validateReadStream(
  streamId: unknown,
  options: ReadStreamOptions,
): asserts streamId is string {
  validateStreamId(streamId);
  validatePosition(options.fromRevision, 'fromRevision');
  validatePosition(options.maxCount, 'maxCount');
}

/** Checks a read of several streams at the edge of both adapters. */
export function validateReadStreams(
  streamIds: unknown,
  options: ReadStreamsOptions,
): asserts streamIds is readonly string[] {
  if (!Array.isArray(streamIds))
    throw new ValidationError('streamIds', 'must be an array of stream ids');
  for (let i = 0; i < streamIds.length; i++)
    validateStreamId(streamIds[i], `streamIds[${i}]`);
  validatePosition(options.toPosition, 'toPosition');
}

/** Checks a read of `$all` at the edge of both adapters. */
export function validateReadAll(options: ReadAllOptions): void {
  validatePosition(options.fromPosition, 'fromPosition');
  validatePosition(options.maxCount, 'maxCount');
  validateFilter(options.filter);
}

/** Checks a subscription's options at the edge of both adapters. */
export function validateSubscribeAll(options: SubscribeAllOptions): void {
  validatePosition(options.afterPosition, 'afterPosition');
  validateFilter(options.filter);
}

/** The same predicate both adapters apply to live events. */
export function eventMatcher(
  filter: EventFilter | undefined,
): (event: Pick<RecordedEvent, 'streamId' | 'type'>) => boolean {
  const prefixes = filter?.streamPrefixes;
  const types = filter?.eventTypes ? new Set(filter.eventTypes) : undefined;
  if (!prefixes && !types) return () => true;
  return (event) =>
    (!types || types.has(event.type)) &&
    (!prefixes || prefixes.some((p) => event.streamId.startsWith(p)));
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
