import { ValidationError } from '../shared/errors';
import { SLUG } from '../shared/ids';
import { parseInstant } from '../shared/time';
import { LiveFilter } from './domain/live-message';

/** A subscription as asked for: what to send, and after which message to start. */
export interface LiveRequest {
  readonly filter: LiveFilter;
  /** Resume after this position (exclusive); undefined: from now on. */
  readonly afterPosition: number | undefined;
}

type Raw = Record<string, unknown>;

const TOPIC = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

function list(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const parts = Array.isArray(value) ? value.flatMap((v) => String(v).split(',')) : String(value).split(',');
  const out = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (out.length === 0) throw new ValidationError(field, 'must be a comma-separated list');
  return out;
}

/** Parses `lastEventId` (a message id: its global position). */
export function parseLastEventId(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  const text = String(raw).trim();
  if (!/^\d{1,15}$/.test(text)) throw new ValidationError(field, `"${text}" is not a message id (a non-negative integer)`);
  return Number(text);
}

/**
 * Validates a subscription's parameters (query string, or a WebSocket `subscribe` message):
 * `topics`, `company`, `deal` (comma lists), `at` (a date or instant), `lastEventId`.
 * The `Last-Event-ID` header, when given, wins over the query (browsers resend the original URL).
 */
export function parseLiveRequest(query: Raw, lastEventIdHeader?: unknown): LiveRequest {
  const topics = list(query.topics, 'topics');
  for (const t of topics) if (!TOPIC.test(t)) throw new ValidationError('topics', `"${t}" is not a message kind or prefix (e.g. deal, deal.amended)`);
  const companies = list(query.company, 'company');
  for (const c of companies) if (!SLUG.test(c)) throw new ValidationError('company', `"${c}" is not a company id`);
  const deals = list(query.deal, 'deal');
  for (const d of deals) if (!SLUG.test(d)) throw new ValidationError('deal', `"${d}" is not a deal id`);
  const at = query.at === undefined || query.at === '' ? undefined : parseInstant(query.at, 'at');
  const fromHeader = parseLastEventId(lastEventIdHeader, 'Last-Event-ID');
  const afterPosition = fromHeader ?? parseLastEventId(query.lastEventId, 'lastEventId');
  return { filter: { topics, companies, deals, ...(at ? { at } : {}) }, afterPosition };
}
