import { ValidationError } from '../shared/errors';
import { SLUG } from '../shared/ids';
import { parseInstant } from '../shared/time';
import { LiveFilter } from './domain/live-filter';

/** A subscription as asked for: what to send, and after which message to start. */
export interface LiveRequest {
  readonly filter: LiveFilter;
  /** Resume after this message id; undefined: from now on. */
  readonly after: MessageCursor | undefined;
}

/**
 * A message id read back. `<position>`: every message of that position was delivered.
 * `<position>:<n>` (the ids of earlier versions, where an event's n-th exposure update had its own
 * id) is still accepted: the event's messages up to the n-th (its own message is the 0th) were
 * delivered, and the rest of that position follows.
 */
export interface MessageCursor {
  readonly position: number;
  /** Set for the earlier `<position>:<n>` form only. */
  readonly index?: number;
}

type Raw = Record<string, unknown>;

const TOPIC = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** A query value as text (query strings hold strings; a subscribe frame may hold numbers). */
function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);
}

function list(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const parts = Array.isArray(value)
    ? value.flatMap((v: unknown) => text(v).split(','))
    : text(value).split(',');
  const out = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (out.length === 0)
    throw new ValidationError(field, 'must be a comma-separated list');
  return out;
}

/** Parses `lastEventId`: a message id, `<position>` (or the earlier `<position>:<n>`). */
export function parseLastEventId(
  value: unknown,
  field: string,
): MessageCursor | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const raw: unknown = Array.isArray(value)
    ? (value as unknown[])[value.length - 1]
    : value;
  const id = text(raw).trim();
  const m = /^(\d{1,15})(?::(\d{1,6}))?$/.exec(id);
  if (!m)
    throw new ValidationError(
      field,
      `"${id}" is not a message id (the global position of the last message received)`,
    );
  return m[2] === undefined
    ? { position: Number(m[1]) }
    : { position: Number(m[1]), index: Number(m[2]) };
}

/**
 * Validates a subscription's parameters (query string, or a WebSocket `subscribe` message):
 * `topics`, `company`, `deal` (comma lists), `at` (a date or instant), `lastEventId`.
 * The `Last-Event-ID` header, when given, wins over the query (browsers resend the original URL).
 */
export function parseLiveRequest(
  query: Raw,
  lastEventIdHeader?: unknown,
): LiveRequest {
  const topics = list(query.topics, 'topics');
  for (const t of topics)
    if (!TOPIC.test(t))
      throw new ValidationError(
        'topics',
        `"${t}" is not a message kind or prefix (e.g. deal, deal.amended)`,
      );
  const companies = list(query.company, 'company');
  for (const c of companies)
    if (!SLUG.test(c))
      throw new ValidationError('company', `"${c}" is not a company id`);
  const deals = list(query.deal, 'deal');
  for (const d of deals)
    if (!SLUG.test(d))
      throw new ValidationError('deal', `"${d}" is not a deal id`);
  const at =
    query.at === undefined || query.at === ''
      ? undefined
      : parseInstant(query.at, 'at');
  const fromHeader = parseLastEventId(lastEventIdHeader, 'Last-Event-ID');
  const after =
    fromHeader ?? parseLastEventId(query.lastEventId, 'lastEventId');
  return { filter: { topics, companies, deals, ...(at ? { at } : {}) }, after };
}
