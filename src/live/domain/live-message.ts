import { JsonObject, JsonValue } from '../../shared/json';
import {
  addWithUpdates,
  pairAmounts,
} from '../../exposure/domain/exposure.updates';
import { DatedEvent, toDatedEvent } from '../../exposure/domain/dated-event';
import { TemporalIndex } from '../../exposure/domain/temporal-index';
import { IncrementalDealIndex } from './incremental-index';
import type { ProjectionUpdate } from '../../exposure/domain/exposure.updates';
import {
  amountChanges,
  dealCompanies,
  diffViews,
  effectiveMillis,
  EntityKind,
  EntityView,
  evolveDealView,
  evolveEntityView,
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
  ScenarioDefined: 'scenario.defined',
  // A recorded run: the durable, resumable form of the scenarios' transient `scenario.completed`.
  ScenarioRan: 'scenario.completed',
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
  if (rest.toLowerCase().startsWith(category))
    rest = rest.slice(category.length);
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
  readonly entity:
    { readonly kind: EntityKind; readonly id: string } | undefined;
  readonly companies: readonly string[];
  readonly deals: readonly string[];
  /** The entity's events in revision order; this fact's event is at index `priorCount`. */
  readonly history: readonly ViewEvent[];
  readonly priorCount: number;
  /** The entity as recorded before and after this event (revision order). */
  readonly recordedBefore: EntityView | undefined;
  readonly recordedAfter: EntityView | undefined;
  /** The event as the exposure engine reads it (ledger events only). */
  readonly envelope?: DatedEvent;
  /**
   * The exposure engine's temporal index this fold keeps. It answers "as known at a position",
   * so what an event changed is computed only when a subscriber asks, even long after.
   */
  readonly index: TemporalIndex;
  /** The deal's two sides, for exposure edges at a subscriber's date. */
  readonly parties?: { readonly creditor: string; readonly debtor: string };
  /**
   * What the event changed, by the exposure engine's own rules (`addWithUpdates`), computed
   * once as it is folded: the deal's outstanding amount before and after on its effective date,
   * and the exposure edges it moved (`exposure.changed`) or restated (`exposure.restated`).
   * Null when folded with nobody to send them to (see {@link LiveFold.apply}): such a fact is
   * never served; a client resuming before it is served a fresh fold of the store instead.
   */
  readonly updates: readonly ProjectionUpdate[] | null;
}

export interface LiveMessage {
  /**
   * The SSE `id`: the global position of the event it comes from. An event's own message and the
   * exposure updates derived from it share that id (and are written together), so `Last-Event-ID: P`
   * means everything of position P was delivered. Absent on transient messages
   * (`scenario.progress`), which are not resumable.
   */
  readonly id?: string;
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
  private readonly index = new IncrementalDealIndex();
  private lastPosition = 0;

  get position(): number {
    return this.lastPosition;
  }

  /**
   * Folds one event. `withUpdates` false skips what it changed in exposures (the work of
   * `addWithUpdates`): the fact then only keeps the fold going, and cannot be sent.
   */
  apply(event: LiveSourceEvent, withUpdates = true): LiveFact {
    this.lastPosition = event.position;
    const entityKind: EntityKind | undefined = event.streamId.startsWith(
      'deal-',
    )
      ? 'deal'
      : event.streamId.startsWith('company-')
        ? 'company'
        : undefined;
    const id = entityKind
      ? event.streamId.slice(entityKind.length + 1)
      : undefined;
    let history: ViewEvent[] = [];
    let priorCount = 0;
    let recordedBefore: EntityView | undefined;
    let recordedAfter: EntityView | undefined;
    if (entityKind) {
      history = this.histories.get(event.streamId) ?? [];
      if (history.length === 0) this.histories.set(event.streamId, history);
      priorCount = history.length;
      // Kept for as-of views for as long as the process runs: only what a view needs.
      const effectiveAt = event.metadata.effectiveAt;
      history.push({
        type: event.type,
        data: event.data,
        metadata: effectiveAt === undefined ? {} : { effectiveAt },
        revision: event.revision,
        position: event.position,
      });
      recordedBefore = this.recorded.get(event.streamId);
      recordedAfter = evolveEntityView(entityKind, recordedBefore, event);
      this.recorded.set(event.streamId, recordedAfter);
    }
    let companies: string[] = [];
    let deals: string[] = [];
    if (entityKind === 'deal' && id) {
      deals = [id];
      if (
        !this.dealParties.has(event.streamId) &&
        event.type === 'DealRecorded'
      ) {
        this.dealParties.set(
          event.streamId,
          dealCompanies(evolveDealView(undefined, event)),
        );
      }
      companies = [...(this.dealParties.get(event.streamId) ?? [])];
    } else if (entityKind === 'company' && id) {
      companies = [id];
    } else {
      companies = stringsAt(event.data, ['companyId', 'company']);
      deals = stringsAt(event.data, ['dealId', 'deal']);
      const result = event.data.result;
      // A scenario run concerns the companies it saw default.
      if (
        result &&
        typeof result === 'object' &&
        !Array.isArray(result) &&
        Array.isArray(result.defaults)
      ) {
        for (const c of result.defaults)
          if (typeof c === 'string' && !companies.includes(c))
            companies.push(c);
      }
    }
    const envelope = entityKind ? toDatedEvent(event) : null;
    // Before/after come from the index as it stands just before the event (its folded
    // snapshots), so a long deal is not folded again for what one event changed.
    let updates: ProjectionUpdate[] | null = [];
    if (envelope && withUpdates) updates = addWithUpdates(this.index, envelope);
    else if (envelope) {
      this.index.add(envelope);
      updates = null;
    }
    const parties =
      entityKind === 'deal' && id ? this.index.dealParties(id) : undefined;
    return {
      position: event.position,
      event,
      kind: kindOf(event.type, event.streamId),
      ...(envelope ? { envelope } : {}),
      index: this.index,
      ...(parties ? { parties } : {}),
      updates,
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

/** A scenario event, short: its id, date, digest and outcome (the full result is at GET /scenarios/:id). */
function scenarioSummary(data: JsonObject): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of ['scenarioId', 'at', 'knownAt', 'knownPosition', 'digest'])
    if (data[f] !== undefined) out[f] = data[f];
  const definition = data.definition;
  if (
    definition &&
    typeof definition === 'object' &&
    !Array.isArray(definition)
  ) {
    for (const f of ['name', 'model', 'at'])
      if (definition[f] !== undefined) out[f] = definition[f];
  }
  const result = data.result;
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const summary: Record<string, JsonValue> = {};
    for (const f of [
      'rounds',
      'initialLossUsd',
      'totalLossUsd',
      'amplification',
      'defaults',
    ])
      if (result[f] !== undefined) summary[f] = result[f];
    out.summary = summary;
  }
  return out;
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

function updatesOf(fact: LiveFact): readonly ProjectionUpdate[] {
  if (fact.updates === null)
    throw new Error(
      `the fact at position ${fact.position} was folded without its updates and cannot be sent`,
    );
  return fact.updates;
}

/** A message's id: the global position of the event it comes from, for its own and its derived messages alike. */
export function messageId(position: number): string {
  return String(position);
}

/**
 * The message every subscriber without a date gets for an event: what it changed, as recorded,
 * and for a deal its outstanding amount before and after, on its effective date.
 */
export function ownMessage(fact: LiveFact): LiveMessage {
  const updates = updatesOf(fact);
  const data = baseData(fact);
  if (fact.entity) {
    const changes = diffViews(fact.recordedBefore, fact.recordedAfter);
    data.changes = changes as unknown as JsonValue;
    const amounts: Record<string, { before: JsonValue; after: JsonValue }> =
      amountChanges(changes);
    for (const u of updates)
      if (
        u.type.startsWith('deal.') &&
        'beforeUsd' in u &&
        u.beforeUsd !== u.afterUsd
      )
        amounts.outstandingUsd = { before: u.beforeUsd, after: u.afterUsd };
    data.amounts = amounts;
  } else if (fact.event.streamId.startsWith('scenario-')) {
    Object.assign(data, scenarioSummary(fact.event.data));
  } else {
    data.payload = fact.event.data;
  }
  return { id: messageId(fact.position), event: fact.kind, data };
}

/**
 * One `exposure.changed` per exposure edge between the deal's two sides the event moved as of
 * its recorded time, and for a backdated event one `exposure.restated` per edge already in
 * effect at its effective time: the exposure engine's updates, as messages.
 * Their id is the event's position, as the event's own message.
 */
export function exposureMessages(fact: LiveFact): LiveMessage[] {
  const messages: LiveMessage[] = [];
  for (const u of updatesOf(fact)) {
    if (u.type !== 'exposure.changed' && u.type !== 'exposure.restated')
      continue;
    messages.push({
      id: messageId(fact.position),
      event: u.type,
      data: {
        position: fact.position,
        stream: fact.event.streamId,
        cause: fact.kind,
        effectiveAt: u.effectiveAt,
        recordedAt: u.recordedAt,
        holder: u.holder,
        counterparty: u.counterparty,
        kind: u.kind,
        companies: [...u.companies],
        deals: [...u.dealIds],
        period: { from: u.period.from, to: u.period.to },
        amounts: { exposureUsd: { before: u.beforeUsd, after: u.afterUsd } },
      },
    });
  }
  return messages;
}

/** Every message of an event for subscribers without a date: its own, then the exposure edges it moved. */
export function plainMessages(fact: LiveFact): LiveMessage[] {
  return [ownMessage(fact), ...exposureMessages(fact)];
}

/** Can a filter pass exposure messages? (If not, they need not be computed for it.) */
export function wantsExposure(filter: LiveFilter): boolean {
  return (
    filter.topics.length === 0 ||
    filter.topics.some(
      (t) =>
        topicMatches(t, 'exposure.changed') ||
        topicMatches(t, 'exposure.restated'),
    )
  );
}

/** The exposure edges this fact moved on `at` (before: as known just before it; after: with it). */
export function exposuresAt(fact: LiveFact, at: string): JsonValue[] {
  if (!fact.parties) return [];
  const atMs = Date.parse(at);
  const { creditor, debtor } = fact.parties;
  const before = pairAmounts(
    fact.index,
    creditor,
    debtor,
    atMs,
    fact.position - 1,
  );
  const after = pairAmounts(fact.index, creditor, debtor, atMs, fact.position);
  const out: JsonValue[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = before.get(key);
    const now = after.get(key);
    const beforeUsd = was?.amountUsd ?? 0;
    const afterUsd = now?.amountUsd ?? 0;
    if (beforeUsd === afterUsd) continue;
    const edge = (now ?? was)!;
    out.push({
      holder: edge.holder,
      counterparty: edge.counterparty,
      kind: edge.kind,
      beforeUsd,
      afterUsd,
    });
  }
  return out;
}

/**
 * The message a subscriber scoped to the view at `at` gets, or null when the event leaves that
 * view as it was (effective after `at`, or superseded there by a later-effective change).
 * `exposure.restated` when the date had already passed at recording time, else `exposure.changed`.
 * It carries the entity's fields and the exposure edges as they stand on `at`, before and after.
 */
export function asOfMessage(fact: LiveFact, at: string): LiveMessage | null {
  if (!fact.entity) return null;
  // Effective after the date, it is not in that date's view (nor in its exposure edges): nothing to
  // fold. A retraction is the exception: it removes the deal whatever its effective time.
  if (
    fact.event.type !== 'DealRetracted' &&
    effectiveMillis(fact.event) > Date.parse(at)
  )
    return null;
  const prior = fact.history.slice(0, fact.priorCount);
  const before = viewAt(fact.entity.kind, prior, at);
  const after = viewAt(fact.entity.kind, [...prior, fact.event], at);
  const changes = diffViews(before, after);
  const exposures = exposuresAt(fact, at);
  if (changes.length === 0 && exposures.length === 0) return null;
  const restated = Date.parse(at) < Date.parse(fact.event.recordedAt);
  const data = baseData(fact);
  data.at = at;
  data.cause = fact.kind;
  data.changes = changes as unknown as JsonValue;
  data.amounts = amountChanges(changes);
  data.exposures = exposures;
  return {
    id: messageId(fact.position),
    event: restated ? RESTATED : CHANGED,
    data,
  };
}

/** Every message of one fact for a subscriber's date scope, before its filter. */
export function messagesOf(
  fact: LiveFact,
  at: string | undefined,
): LiveMessage[] {
  if (at === undefined) return plainMessages(fact);
  const m = asOfMessage(fact, at);
  return m ? [m] : [];
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
export function messageMatches(
  message: LiveMessage,
  filter: LiveFilter,
): boolean {
  if (filter.topics.length > 0) {
    // A date-scoped message stands for the change that caused it: `deal` also picks those caused by deal events.
    const cause =
      typeof message.data.cause === 'string' && message.data.at !== undefined
        ? message.data.cause
        : undefined;
    const ok = filter.topics.some(
      (t) =>
        topicMatches(t, message.event) ||
        (cause !== undefined && topicMatches(t, cause)),
    );
    if (!ok) return false;
  }
  if (filter.companies.length > 0) {
    const companies = message.data.companies;
    if (
      !Array.isArray(companies) ||
      !filter.companies.some((c) => companies.includes(c))
    )
      return false;
  }
  if (filter.deals.length > 0) {
    const deals = message.data.deals;
    if (!Array.isArray(deals) || !filter.deals.some((d) => deals.includes(d)))
      return false;
  }
  return true;
}

/** The messages for this subscriber. */
export function messagesFor(fact: LiveFact, filter: LiveFilter): LiveMessage[] {
  return messagesOf(fact, filter.at).filter((m) => messageMatches(m, filter));
}

/** SSE wire form: `id`, `event`, one `data` line (JSON has no raw newlines). */
export function toSse(message: LiveMessage): string {
  const id = message.id === undefined ? '' : `id: ${message.id}\n`;
  return `${id}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}
