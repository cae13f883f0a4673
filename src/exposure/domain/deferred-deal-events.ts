import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  DealEvent,
  LedgerEvent,
  LedgerEventType,
  SCHEMA_VERSION,
} from '../../ledger/domain/ledger.events';
import type { JsonPrimitive } from '../../shared/json';
import { jsonFieldReader } from '../../shared/json-fields';
import {
  datedEvent,
  DatedEvent,
  readStoredTimes,
  StoredTimes,
} from './dated-event';

/**
 * The deal events the temporal index may take as their stored text, to make into envelopes when
 * a query first reads their deal ({@link DeferredDealEvents}): every deal event but the recording
 * (it anchors the deal and names its parties, which the index needs at once) and the retraction
 * (the deal screen takes it at once).
 */
export const DEFERRED_DEAL_TYPES = [
  'DealPaymentRecorded',
  'DealAmended',
  'DealTerminated',
  'DealWrittenDown',
] as const satisfies readonly DealEvent['type'][];
export type DeferredDealType = (typeof DEFERRED_DEAL_TYPES)[number];

const CODES: ReadonlyMap<string, number> = new Map(
  DEFERRED_DEAL_TYPES.map((type, code) => [type, code] as const),
);

/** The type's code among {@link DEFERRED_DEAL_TYPES}, or -1 for a type never deferred. */
export function deferredCode(type: string): number {
  return CODES.get(type) ?? -1;
}

const readDealId = jsonFieldReader(['dealId']);
/** Reused by {@link dealIdOfText} (one read at a time). */
const dealIdField: (JsonPrimitive | undefined)[] = [];

/**
 * The `dealId` of a deal event's data, read from its JSON text without parsing the rest; null
 * when the text holds none as a string or is left to a full parse (see `jsonFieldReader`). A
 * value of 13 characters or more may be a slice that keeps the text alive (`detachedString`).
 */
export function dealIdOfText(text: string): string | null {
  if (!readDealId(text, dealIdField)) return null;
  const dealId = dealIdField[0];
  return typeof dealId === 'string' ? dealId : null;
}

/**
 * The deal's id when a stored event may go into the index as its data's stored `text`
 * (`TemporalIndex.addDeferred`): a deferred type, stored at its current schema version (no
 * upcaster to run), and the data's `dealId` read from the text; null otherwise (the event goes
 * in as its envelope). Reads the event's times into `times` (`metadataText` as
 * `readStoredTimes`).
 */
export function deferrableDealEvent(
  recorded: RecordedEvent,
  type: LedgerEventType,
  metadataText: string | undefined,
  text: string,
  times: StoredTimes,
): string | null {
  if (deferredCode(type) < 0) return null;
  readStoredTimes(recorded, type, metadataText, times);
  if (times.schemaVersion !== SCHEMA_VERSION[type]) return null;
  return dealIdOfText(text);
}

const INITIAL_SLOTS = 1024;

/**
 * Deal events taken as columns — position, recorded, effective and announced time (NaN: not
 * announced), type code, the deal's number — and their data as the stored JSON text, each slot
 * linked to the deal's next one: what a rebuild keeps of two events in three until a query reads
 * their deal. No envelope and no parsed data per event, so the rebuild makes and keeps far fewer
 * objects; a deal's slots become envelopes ({@link take}) in the order they came, which the index
 * then adds exactly as if they had come as envelopes. Each deal's first and last slot sit in two
 * columns by the deal's number, so keeping an event touches no object of the deal's.
 *
 * Pure data; `TemporalIndex` owns it.
 */
export class DeferredDealEvents {
  private positions = new Float64Array(INITIAL_SLOTS);
  private recorded = new Float64Array(INITIAL_SLOTS);
  private effective = new Float64Array(INITIAL_SLOTS);
  private announced = new Float64Array(INITIAL_SLOTS);
  private codes = new Uint8Array(INITIAL_SLOTS);
  private deals = new Int32Array(INITIAL_SLOTS);
  /** The deal's next slot (-1: its last). */
  private links = new Int32Array(INITIAL_SLOTS);
  /** The data's text; null once taken. */
  private texts: (string | null)[] = [];
  /** By deal number: its first and last slot not taken yet (-1: none). */
  private firsts = new Int32Array(0);
  private lasts = new Int32Array(0);
  /** Slots used (taken ones included). */
  private used = 0;
  /** Slots not taken yet. */
  private waiting = 0;

  /** Events not made envelopes yet. */
  get size(): number {
    return this.waiting;
  }

  /** Slots used so far, taken ones included: slot numbers run from 0 below it. */
  get slots(): number {
    return this.used;
  }

  /** Deal `dealNo` has events not made envelopes yet. */
  has(dealNo: number): boolean {
    return dealNo < this.firsts.length && this.firsts[dealNo] >= 0;
  }

  /** Keeps one event of deal `dealNo` after the deal's others. */
  put(
    position: number,
    recordedAtMs: number,
    effectiveAtMs: number,
    announcedAtMs: number,
    code: number,
    dealNo: number,
    text: string,
  ): void {
    if (this.used === this.positions.length)
      this.grow(Math.max(INITIAL_SLOTS, 2 * this.used));
    if (dealNo >= this.firsts.length) this.growDeals(dealNo + 1);
    const slot = this.used++;
    this.positions[slot] = position;
    this.recorded[slot] = recordedAtMs;
    this.effective[slot] = effectiveAtMs;
    this.announced[slot] = announcedAtMs;
    this.codes[slot] = code;
    this.deals[slot] = dealNo;
    this.links[slot] = -1;
    this.texts.push(text);
    const last = this.lasts[dealNo];
    if (last >= 0) this.links[last] = slot;
    else this.firsts[dealNo] = slot;
    this.lasts[dealNo] = slot;
    this.waiting++;
  }

  /** The deal's number of a slot not taken yet (-1 once taken). */
  dealOf(slot: number): number {
    return this.texts[slot] === null ? -1 : this.deals[slot];
  }

  /**
   * Every event of deal `dealNo` not made an envelope yet, made one (its data parsed from the
   * stored text, which is let go), in the order they came.
   */
  takeDeal(dealNo: number): (DatedEvent & { event: DealEvent })[] {
    if (!this.has(dealNo)) return [];
    const out: (DatedEvent & { event: DealEvent })[] = [];
    let slot = this.firsts[dealNo];
    this.firsts[dealNo] = this.lasts[dealNo] = -1;
    while (slot >= 0) {
      out.push(this.take(slot));
      slot = this.links[slot];
    }
    if (this.waiting === 0) this.clear();
    return out;
  }

  private take(slot: number): DatedEvent & { event: DealEvent } {
    const text = this.texts[slot]!;
    this.texts[slot] = null;
    this.waiting--;
    const announced = this.announced[slot];
    return datedEvent(
      this.positions[slot],
      this.recorded[slot],
      this.effective[slot],
      DEFERRED_DEAL_TYPES[this.codes[slot]],
      JSON.parse(text) as LedgerEvent['data'],
      Number.isNaN(announced) ? undefined : announced,
    ) as DatedEvent & { event: DealEvent };
  }

  /** Columns of exactly the slots used (a catch-up's end: growth by doubling left up to half free). */
  trim(): void {
    if (this.used > 0 && this.used < this.positions.length)
      this.grow(this.used);
  }

  /** Every slot taken: the columns start again empty. */
  private clear(): void {
    this.used = 0;
    this.texts = [];
    if (this.positions.length > INITIAL_SLOTS) this.grow(INITIAL_SLOTS);
  }

  private grow(capacity: number): void {
    const n = Math.min(this.used, capacity);
    this.positions = copied(this.positions, new Float64Array(capacity), n);
    this.recorded = copied(this.recorded, new Float64Array(capacity), n);
    this.effective = copied(this.effective, new Float64Array(capacity), n);
    this.announced = copied(this.announced, new Float64Array(capacity), n);
    this.codes = copied(this.codes, new Uint8Array(capacity), n);
    this.deals = copied(this.deals, new Int32Array(capacity), n);
    this.links = copied(this.links, new Int32Array(capacity), n);
  }

  private growDeals(atLeast: number): void {
    const capacity = Math.max(1024, atLeast, 2 * this.firsts.length);
    const n = this.firsts.length;
    this.firsts = copied(this.firsts, new Int32Array(capacity).fill(-1), n);
    this.lasts = copied(this.lasts, new Int32Array(capacity).fill(-1), n);
  }
}

/** `to` holding the first `n` values of `from`. */
function copied<A extends Float64Array | Int32Array | Uint8Array>(
  from: A,
  to: A,
  n: number,
): A {
  to.set(from.subarray(0, n));
  return to;
}
