import { JsonObject, JsonValue } from '../../shared/json';
import {
  amountChanges,
  dealCompanies,
  diffViews,
  EntityKind,
  EntityView,
  evolveDeal,
  evolveEntity,
  viewAt,
  ViewEvent,
} from '../../audit/domain/entity-view';

/**
 * Live messages are derived from committed events alone, by position: the same store always
 * yields the same messages with the same ids, which is what lets a client resume after any id,
 * even across a restart. Pure: no I/O, no clock.
 */

/** What the live channel needs of a stored event (a RecordedEvent fits). */
export interface LiveSourceEvent extends ViewEvent {
  readonly id: string;
  readonly streamId: string;
  readonly recordedAt: string;
}

/** The ledger's stored types and the message kinds clients see. */
export const LEDGER_MESSAGE_KINDS: Readonly<Record<string, string>> = {
  CompanyRegistered: 'company.registered',
  CompanyFinancialsReported: 'company.financials-reported',
  CompanyDefaulted: 'company.defaulted',
  CompanyDefaultCured: 'company.default-cured',
  DealRecorded: 'deal.recorded',
  DealAmended: 'deal.amended',
  DealTerminated: 'deal.terminated',
  DealPaymentRecorded: 'payment.recorded',
  DealWrittenDown: 'deal.written-down',
  DealRetracted: 'deal.retracted',
};

/** A change to the view at a subscriber's date (`?at=`) made after that date had passed. */
export const RESTATED = 'exposure.restated';
/** A change to the view at a subscriber's date still ahead of the change. */
export const CHANGED = 'exposure.changed';
/** Sent to a client that fell too far behind, just before it is closed. */
export const RESYNC = 'resync';

/** `DealRecorded` in stream `deal-x` → `deal.recorded`; other streams: `<category>.<rest of the type>`. */
export function kindOf(type: string, streamId: string): string {
  const known = LEDGER_MESSAGE_KINDS[type];
  if (known) return known;
  const dash = streamId.indexOf('-');
  const category = dash > 0 ? streamId.slice(0, dash) : 'event';
  let rest = type;
  if (rest.toLowerCase().startsWith(category)) rest = rest.slice(category.length);
  const kebab = rest
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '');
  return `${category}.${kebab || 'event'}`;
}

/**
 * One committed event as the live channel knows it: its kind, whom it concerns, and the
 * entity's history up to it (a shared, append-only array plus a length), so any as-of view
 * before and after it can be computed later for any subscriber's date.
 */
export interface LiveFact {
  readonly position: number;
  readonly event: LiveSourceEvent;
  readonly kind: string;
  readonly entity: { readonly kind: EntityKind; readonly id: string } | undefined;
  readonly companies: readonly string[];
  readonly deals: readonly string[];
  /** The entity's events in revision order; this fact's event is at index `priorCount`. */
  readonly history: readonly ViewEvent[];
  readonly priorCount: number;
  /** The entity as recorded before and after this event (revision order). */
  readonly recordedBefore: EntityView | undefined;
  readonly recordedAfter: EntityView | undefined;
}

export interface LiveMessage {
  /** The SSE `id`: the event's global position. */
  readonly id: string;
  readonly event: string;
  readonly data: JsonObject;
}

/**
 * Folds committed events, in global order, into facts. Keeps each deal's and company's events
 * (append-only arrays shared by the facts that point into them).
 */
export class LiveFold {
  private readonly histories = new Map<string, ViewEvent[]>();
  private readonly dealParties = new Map<string, readonly string[]>();
  private readonly recorded = new Map<string, EntityView | undefined>();
  private lastPosition = 0;

  get position(): number {
    return this.lastPosition;
  }

  apply(event: LiveSourceEvent): LiveFact {
    this.lastPosition = event.position;
    const entityKind: EntityKind | undefined = event.streamId.startsWith('deal-')
      ? 'deal'
      : event.streamId.startsWith('company-')
        ? 'company'
        : undefined;
    const id = entityKind ? event.streamId.slice(entityKind.length + 1) : undefined;
    let history: ViewEvent[] = [];
    let priorCount = 0;
    let recordedBefore: EntityView | undefined;
    let recordedAfter: EntityView | undefined;
    if (entityKind) {
      history = this.histories.get(event.streamId) ?? [];
      if (history.length === 0) this.histories.set(event.streamId, history);
      priorCount = history.length;
      history.push(event);
      recordedBefore = this.recorded.get(event.streamId);
      recordedAfter = evolveEntity(entityKind, recordedBefore, event);
      this.recorded.set(event.streamId, recordedAfter);
    }
    let companies: string[] = [];
    let deals: string[] = [];
    if (entityKind === 'deal' && id) {
      deals = [id];
      if (!this.dealParties.has(event.streamId) && event.type === 'DealRecorded') {
        this.dealParties.set(event.streamId, dealCompanies(evolveDeal(undefined, event)));
      }
      companies = [...(this.dealParties.get(event.streamId) ?? [])];
    } else if (entityKind === 'company' && id) {
      companies = [id];
    } else {
      companies = stringsAt(event.data, ['companyId', 'company']);
      deals = stringsAt(event.data, ['dealId', 'deal']);
    }
    return {
      position: event.position,
      event,
      kind: kindOf(event.type, event.streamId),
      entity: entityKind && id ? { kind: entityKind, id } : undefined,
      companies,
      deals,
      history,
      priorCount,
      recordedBefore,
      recordedAfter,
    };
  }
}

function stringsAt(data: JsonObject, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const v = data[f];
    if (typeof v === 'string' && !out.includes(v)) out.push(v);
  }
  return out;
}

function baseData(fact: LiveFact): Record<string, JsonValue> {
  const e = fact.event;
  return {
    position: fact.position,
    stream: e.streamId,
    type: e.type,
    effectiveAt: e.metadata.effectiveAt ?? null,
    recordedAt: e.recordedAt,
    actor: e.metadata.actor ?? null,
    reason: e.metadata.reason ?? null,
    companies: [...fact.companies],
    deals: [...fact.deals],
  };
}

/** The message every subscriber without a date gets: what the event changed, as recorded. */
export function plainMessage(fact: LiveFact): LiveMessage {
  const data = baseData(fact);
  if (fact.entity) {
    const changes = diffViews(fact.recordedBefore, fact.recordedAfter);
    data.changes = changes as unknown as JsonValue;
    data.amounts = amountChanges(changes) as unknown as JsonValue;
  } else {
    data.payload = fact.event.data;
  }
  return { id: String(fact.position), event: fact.kind, data };
}

/**
 * The message a subscriber scoped to the view at `at` gets, or null when the event leaves that
 * view as it was (effective after `at`, or superseded there by a later-effective change).
 * `exposure.restated` when the date had already passed at recording time, else `exposure.changed`.
 */
export function asOfMessage(fact: LiveFact, at: string): LiveMessage | null {
  if (!fact.entity) return null;
  const prior = fact.history.slice(0, fact.priorCount);
  const before = viewAt(fact.entity.kind, prior, at);
  const after = viewAt(fact.entity.kind, [...prior, fact.event], at);
  const changes = diffViews(before, after);
  if (changes.length === 0) return null;
  const restated = Date.parse(at) < Date.parse(fact.event.recordedAt);
  const data = baseData(fact);
  data.at = at;
  data.cause = fact.kind;
  data.changes = changes as unknown as JsonValue;
  data.amounts = amountChanges(changes) as unknown as JsonValue;
  return { id: String(fact.position), event: restated ? RESTATED : CHANGED, data };
}

/** What a subscriber asked for. Empty lists mean "all". */
export interface LiveFilter {
  readonly topics: readonly string[];
  readonly companies: readonly string[];
  readonly deals: readonly string[];
  /** Valid time of the view the subscriber watches (ISO instant), if scoped. */
  readonly at?: string;
}

export const ALL: LiveFilter = { topics: [], companies: [], deals: [] };

/** A topic is a kind (`deal.amended`) or a prefix of kinds (`deal`, `exposure`). */
export function topicMatches(topic: string, kind: string): boolean {
  return kind === topic || kind.startsWith(`${topic}.`);
}

/** Does the message pass the subscriber's filter? (The date scope is applied when building it.) */
export function messageMatches(message: LiveMessage, filter: LiveFilter): boolean {
  if (filter.topics.length > 0) {
    const cause = typeof message.data.cause === 'string' ? message.data.cause : undefined;
    const ok = filter.topics.some((t) => topicMatches(t, message.event) || (cause !== undefined && topicMatches(t, cause)));
    if (!ok) return false;
  }
  if (filter.companies.length > 0) {
    const companies = message.data.companies;
    if (!Array.isArray(companies) || !filter.companies.some((c) => companies.includes(c))) return false;
  }
  if (filter.deals.length > 0) {
    const deals = message.data.deals;
    if (!Array.isArray(deals) || !filter.deals.some((d) => deals.includes(d))) return false;
  }
  return true;
}

/** The message for this subscriber, or null when it is not for them. */
export function messageFor(fact: LiveFact, filter: LiveFilter): LiveMessage | null {
  const message = filter.at === undefined ? plainMessage(fact) : asOfMessage(fact, filter.at);
  return message && messageMatches(message, filter) ? message : null;
}

/** SSE wire form: `id`, `event`, one `data` line (JSON has no raw newlines). */
export function toSse(message: LiveMessage): string {
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}
