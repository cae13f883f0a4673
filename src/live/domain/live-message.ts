import { JsonObject, JsonValue } from '../../shared/json';
import { pairAmounts } from '../../exposure/domain/exposure.updates';
import {
  amountChanges,
  diffViews,
  effectiveMillis,
  viewAt,
} from '../../audit/domain/entity-view';
import {
  factLookup,
  factOwnUpdate,
  factParties,
  factUpdates,
  LiveFact,
} from './live-fact';

/** A fact's messages, as every subscriber of the same date scope gets them (see live-fact.ts). */

/** A change to the view at a subscriber's date (`?at=`) made after that date had passed. */
export const RESTATED = 'exposure.restated';
/** A change to the view at a subscriber's date still ahead of the change. */
export const CHANGED = 'exposure.changed';
/** Sent to a client that fell too far behind, just before it is closed. */
export const RESYNC = 'resync';

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

/** A message's id: the global position of the event it comes from, for its own and its derived messages alike. */
export function messageId(position: number): string {
  return String(position);
}

/**
 * The message every subscriber without a date gets for an event: what it changed, as recorded,
 * and for a deal its outstanding amount before and after, on its effective date.
 */
export function ownMessage(fact: LiveFact): LiveMessage {
  const data = baseData(fact);
  if (fact.entity) {
    const changes = diffViews(fact.recordedBefore, fact.recordedAfter);
    data.changes = changes as unknown as JsonValue;
    const amounts: Record<string, { before: JsonValue; after: JsonValue }> =
      amountChanges(changes);
    // the event's own update (the edges between its companies are the exposure messages')
    const u = factOwnUpdate(fact);
    if (u && 'dealId' in u && u.beforeUsd !== u.afterUsd)
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
  for (const u of factUpdates(fact)) {
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

/** The exposure edges this fact moved on `at` (before: as known just before it; after: with it). */
export function exposuresAt(fact: LiveFact, at: string): JsonValue[] {
  const parties = factParties(fact);
  if (!parties) return [];
  const atMs = Date.parse(at);
  const { creditor, debtor } = parties;
  const lookup = factLookup(fact);
  const before = pairAmounts(lookup, creditor, debtor, atMs, fact.position - 1);
  const after = pairAmounts(lookup, creditor, debtor, atMs, fact.position);
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

/** SSE wire form: `id`, `event`, one `data` line (JSON has no raw newlines). */
export function toSse(message: LiveMessage): string {
  const id = message.id === undefined ? '' : `id: ${message.id}\n`;
  return `${id}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}
