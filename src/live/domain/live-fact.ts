import { JsonObject, JsonValue } from '../../shared/json';
import { creditorDebtor, DealEvent } from '../../ledger/domain/ledger.events';
import {
  DealLookup,
  ExposureUpdate,
  ownUpdateAt,
  recordedDeal,
  updatesAt,
} from '../../exposure/domain/exposure.updates';
import { DatedEvent, toDatedEvent } from '../../exposure/domain/dated-event';
import { TemporalIndex } from '../../exposure/domain/temporal-index';
import {
  dealCompanies,
  EntityKind,
  EntityView,
  evolveDealView,
  evolveEntityView,
  ViewEvent,
} from '../../audit/domain/entity-view';
import { entityKindOfStream } from '../../audit/domain/history';
import { DealTip, DealTips, tipLookup } from './deal-tips';

/**
 * Live messages are derived from committed events alone, by position: the same store always
 * yields the same messages with the same ids, which is what lets a client resume after any id,
 * even across a restart. Pure: no I/O, no clock. This file folds events into facts;
 * live-message.ts makes a fact's messages, live-filter.ts picks a subscriber's.
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
   * The exposure projection's temporal index, holding every ledger event up to this position
   * (and possibly later ones). It answers "as known at a position" exactly, so what the event
   * changed ({@link factUpdates}) is worked out only when a subscriber asks, even long after,
   * and is the same whenever it is asked.
   */
  readonly index: TemporalIndex;
  /** For a deal event: the deal's tips just before it and with it (see {@link DealTips}). */
  readonly tips?: readonly DealTip[];
  /**
   * For a deal event: the deals between its two companies, in the order they were recorded
   * (the index's order), the first `pairCount` of a shared append-only list.
   */
  readonly pairDeals?: readonly string[];
  readonly pairCount?: number;
}

const updatesOfFact = new WeakMap<LiveFact, readonly ExposureUpdate[]>();

/**
 * What the fact's event changed, by the exposure engine's own rules (`updatesAt`), worked out
 * once, when first asked: the deal's outstanding amount before and after on its effective date,
 * and the exposure edges it moved (`exposure.changed`) or restated (`exposure.restated`).
 */
export function factUpdates(fact: LiveFact): readonly ExposureUpdate[] {
  let updates = updatesOfFact.get(fact);
  if (!updates) {
    updates = fact.envelope
      ? updatesAt(fact.index, fact.envelope, factLookup(fact))
      : [];
    updatesOfFact.set(fact, updates);
  }
  return updates;
}

const ownUpdateOfFact = new WeakMap<LiveFact, ExposureUpdate | null>();

/**
 * The first of {@link factUpdates} alone — the event itself, with a deal's outstanding amount
 * before and after — without the exposure edges, which only a subscriber to exposure messages
 * needs (`ownUpdateAt`); taken from the updates when they were worked out already.
 */
export function factOwnUpdate(fact: LiveFact): ExposureUpdate | undefined {
  const updates = updatesOfFact.get(fact);
  if (updates) return updates[0];
  let own = ownUpdateOfFact.get(fact);
  if (own === undefined) {
    own =
      (fact.envelope
        ? ownUpdateAt(fact.index, fact.envelope, factLookup(fact))
        : undefined) ?? null;
    ownUpdateOfFact.set(fact, own);
  }
  return own ?? undefined;
}

/** The exposure index as the fact reads it: through its deal's tips (see {@link tipLookup}). */
export function factLookup(fact: LiveFact): DealLookup {
  return tipLookup(
    fact.index,
    fact.tips ?? [],
    fact.pairDeals?.slice(0, fact.pairCount),
  );
}

/** The deal's two sides as known at the fact's position, for exposure edges at a subscriber's date. */
export function factParties(
  fact: LiveFact,
): { creditor: string; debtor: string } | undefined {
  if (fact.entity?.kind !== 'deal') return undefined;
  const recorded = recordedDeal(fact.index, fact.entity.id, fact.position);
  return recorded ? creditorDebtor(recorded.data) : undefined;
}

export interface LiveFoldOptions {
  /**
   * The position the fold starts after (default 0: the whole store). Facts are made for later
   * events only; the entity streams they touch are loaded first ({@link LiveFold.load}).
   */
  readonly after?: number;
  /** From which event of a deal its tips are kept (see {@link DealTips}; default 32). */
  readonly tipsFrom?: number;
  /**
   * An event's valid time, `metadata.effectiveAt` (default: read from the parsed metadata). The
   * shell may read it from the metadata's stored text instead, so that folding an event does not
   * parse the rest of its metadata (which a message reads only when a client receives one).
   */
  readonly effectiveAtOf?: (event: LiveSourceEvent) => JsonValue | undefined;
}

/** An entity stream the fold must load before folding `events`: its events before `revision`. */
export interface UnloadedStream {
  readonly streamId: string;
  readonly revision: number;
}

/**
 * Folds committed events, in global order, into facts. Keeps each deal's and company's events
 * (append-only arrays shared by the facts that point into them).
 *
 * It can start at any position P without reading the store before it: an entity stream is loaded
 * when an event after P first touches it — its events before that one, read by the caller
 * ({@link unloaded}, then {@link load}) — and its history, recorded view, parties and pair come
 * out as a fold from position 1 would have them. The deals of a pair recorded up to P come from the
 * exposure index (`recordedDealsOf`), later ones as they are folded; a deal's tips are taken
 * from the index when it is first followed (DealTips). Facts, and so messages, are the same.
 */
export class LiveFold {
  private readonly histories = new Map<string, ViewEvent[]>();
  private readonly dealParties = new Map<string, readonly string[]>();
  private readonly recorded = new Map<string, EntityView | undefined>();
  private lastPosition: number;
  private readonly start: number;
  private readonly tips: DealTips;
  /** Deal ids by pair of companies (creditor, debtor in sorted order), in the order recorded. */
  private readonly pairs = new Map<string, string[]>();
  private readonly pairOf = new Map<string, string[]>();
  /** Companies whose pairs recorded up to the start are listed (see {@link scanPairs}). */
  private readonly scanned = new Set<string>();
  private readonly effectiveAtOf: (
    event: LiveSourceEvent,
  ) => JsonValue | undefined;

  constructor(options: LiveFoldOptions = {}) {
    this.start = Math.max(0, options.after ?? 0);
    this.lastPosition = this.start;
    this.tips = new DealTips(options.tipsFrom);
    this.effectiveAtOf =
      options.effectiveAtOf ?? ((event) => event.metadata.effectiveAt);
  }

  get position(): number {
    return this.lastPosition;
  }

  /** The position the fold started after: it makes facts for later events only. */
  get startPosition(): number {
    return this.start;
  }

  /**
   * The entity streams of `events` (those after the fold's position, in position order) with
   * earlier events the fold has not loaded: each with the revision of its first event here.
   */
  unloaded(events: readonly LiveSourceEvent[]): UnloadedStream[] {
    const out: UnloadedStream[] = [];
    const seen = new Set<string>();
    for (const event of events) {
      if (event.position <= this.lastPosition) continue;
      const { streamId, revision } = event;
      if (seen.has(streamId)) continue;
      seen.add(streamId);
      if (
        revision > 0 &&
        entityOfStream(streamId) &&
        !this.histories.has(streamId)
      )
        out.push({ streamId, revision });
    }
    return out;
  }

  /**
   * Loads an entity stream's events before the first one the fold folds (all at or before its
   * start, in revision order): its history, recorded view, a deal's parties and pair, as if they
   * had been folded — without facts. `index` holds every ledger event up to the fold's start.
   */
  load(
    streamId: string,
    earlier: readonly LiveSourceEvent[],
    index: TemporalIndex,
  ): void {
    const entity = entityOfStream(streamId);
    if (!entity || this.histories.has(streamId)) return;
    // Checked and read first, so that a load that fails changes nothing (the hub retries it).
    let anchor: DatedEvent | null = null;
    for (const event of earlier) {
      if (event.streamId !== streamId || event.position > this.start)
        throw new Error(
          `loading stream ${streamId}: event ${event.position} of ${event.streamId} is not one of its events up to position ${this.start}`,
        );
      if (entity.kind === 'deal' && !anchor && event.type === 'DealRecorded')
        anchor = toDatedEvent(event);
    }
    this.histories.set(streamId, []);
    for (const event of earlier) this.remember(entity.kind, event);
    // the deal is among the index's deals of its pair recorded up to the start
    if (entity.id && anchor?.event.type === 'DealRecorded') {
      const { creditor, debtor } = creditorDebtor(anchor.event.data);
      this.pairOf.set(entity.id, this.pairList(creditor, debtor, index));
    }
  }

  /**
   * Folds one event. `index` is the exposure projection's, holding every ledger event up to this
   * one's position: exposures are read from it as known at that position, never kept here.
   * `envelope`, when given, is the event as the exposure projection read it (`toDatedEvent`),
   * not read again here. An entity stream with earlier events must have been loaded.
   */
  apply(
    event: LiveSourceEvent,
    index: TemporalIndex,
    envelope?: DatedEvent,
  ): LiveFact {
    const entity = entityOfStream(event.streamId);
    const entityKind = entity?.kind;
    const id = entity?.id;
    if (entity && event.revision > 0 && !this.histories.has(event.streamId))
      throw new Error(
        `stream ${event.streamId} is not loaded: its events before revision ${event.revision} are needed before event ${event.position}`,
      );
    // First, so that an event the ledger cannot read changes nothing here (the hub retries it).
    const dated = entityKind ? (envelope ?? toDatedEvent(event)) : null;
    this.lastPosition = event.position;
    let history: readonly ViewEvent[] = [];
    let priorCount = 0;
    let recordedBefore: EntityView | undefined;
    let recordedAfter: EntityView | undefined;
    if (entityKind) {
      recordedBefore = this.recorded.get(event.streamId);
      ({ history, priorCount, recordedAfter } = this.remember(
        entityKind,
        event,
      ));
    }
    let companies: string[] = [];
    let deals: string[] = [];
    if (entityKind === 'deal' && id) {
      deals = [id];
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
    let tips: readonly DealTip[] | undefined;
    let pairDeals: string[] | undefined;
    if (dated && entityKind === 'deal' && id) {
      const env = dated as DatedEvent & { event: DealEvent };
      if (env.event.type === 'DealRecorded' && !this.pairOf.has(id)) {
        const { creditor, debtor } = creditorDebtor(env.event.data);
        const list = this.pairList(creditor, debtor, index);
        list.push(id);
        this.pairOf.set(id, list);
      }
      pairDeals = this.pairOf.get(id);
      tips = this.tips.advance(index, id, env, history.length);
    }
    // One shape for every fact (fields absent are undefined), built in one literal.
    return {
      position: event.position,
      event,
      kind: kindOf(event.type, event.streamId),
      envelope: dated ?? undefined,
      index,
      tips,
      pairDeals,
      pairCount: pairDeals?.length,
      entity: entityKind && id ? { kind: entityKind, id } : undefined,
      companies,
      deals,
      history,
      priorCount,
      recordedBefore,
      recordedAfter,
    };
  }

  /** Adds an entity's event to its history and recorded view (and a deal's parties, once recorded). */
  private remember(
    kind: EntityKind,
    event: LiveSourceEvent,
  ): {
    history: readonly ViewEvent[];
    priorCount: number;
    recordedAfter: EntityView | undefined;
  } {
    let history = this.histories.get(event.streamId);
    if (!history) this.histories.set(event.streamId, (history = []));
    const priorCount = history.length;
    // Kept for as-of views for as long as the process runs: only what a view needs.
    const effectiveAt = this.effectiveAtOf(event);
    history.push({
      type: event.type,
      data: event.data,
      metadata: effectiveAt === undefined ? {} : { effectiveAt },
      revision: event.revision,
      position: event.position,
    });
    const recordedAfter = evolveEntityView(
      kind,
      this.recorded.get(event.streamId),
      event,
    );
    this.recorded.set(event.streamId, recordedAfter);
    if (
      kind === 'deal' &&
      event.type === 'DealRecorded' &&
      !this.dealParties.has(event.streamId)
    )
      this.dealParties.set(
        event.streamId,
        dealCompanies(evolveDealView(undefined, event)),
      );
    return { history, priorCount, recordedAfter };
  }

  /**
   * The shared list of the deals between two companies, in the order recorded. A fold that starts
   * later than position 0 takes the deals recorded up to its start from the index, reading one
   * company's deals once for all its pairs (see {@link scanPairs}).
   */
  private pairList(
    creditor: string,
    debtor: string,
    index: TemporalIndex,
  ): string[] {
    const key = pairKey(creditor, debtor);
    let list = this.pairs.get(key);
    if (list) return list;
    if (
      this.start > 0 &&
      !this.scanned.has(creditor) &&
      !this.scanned.has(debtor)
    ) {
      this.scanPairs(creditor, index);
      list = this.pairs.get(key);
      if (list) return list;
    }
    // no deal of the pair recorded up to the start (a scanned side would have listed it)
    this.pairs.set(key, (list = []));
    return list;
  }

  /**
   * Lists every pair of `company`'s not listed yet with its deals recorded up to the fold's start,
   * in the order of their anchoring DealRecorded. A pair listed already has them (its other side
   * was read, or neither side had such a deal when it was listed).
   */
  private scanPairs(company: string, index: TemporalIndex): void {
    this.scanned.add(company);
    const found = new Map<string, { id: string; position: number }[]>();
    for (const d of index.recordedDealsOf(company, this.start)) {
      // a stray later DealRecorded links a deal to a company its anchor does not name
      if (d.creditor !== company && d.debtor !== company) continue;
      const key = pairKey(d.creditor, d.debtor);
      if (this.pairs.has(key)) continue;
      let deals = found.get(key);
      if (!deals) found.set(key, (deals = []));
      deals.push({ id: d.dealId, position: d.position });
    }
    for (const [key, deals] of found)
      this.pairs.set(
        key,
        deals.sort((x, y) => x.position - y.position).map((d) => d.id),
      );
  }
}

/** A pair of companies, either way round. */
function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** A deal's or company's stream (by its prefix): its kind and id. */
function entityOfStream(
  streamId: string,
): { kind: EntityKind; id: string } | undefined {
  const kind = entityKindOfStream(streamId);
  // the id may be empty (a stream named `deal-`): kept like any other, it names no entity
  return kind ? { kind, id: streamId.slice(kind.length + 1) } : undefined;
}

function stringsAt(data: JsonObject, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const v = data[f];
    if (typeof v === 'string' && !out.includes(v)) out.push(v);
  }
  return out;
}
