import { Buffer } from 'node:buffer';
import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  DealEvent,
  LedgerEventType,
  SCHEMA_VERSION,
} from '../../ledger/domain/ledger.events';
import {
  ALL_DEAL_ROLES,
  DEAL_KIND_TABLE,
  type DealKind,
} from '../../ledger/domain/deal-kinds';
import type { JsonPrimitive } from '../../shared/json';
import { jsonFieldReader } from '../../shared/json-fields';
import { releaseBuffer } from '../../shared/typed-arrays';
import {
  datedEvent,
  DatedEvent,
  readStoredTimes,
  StoredTimes,
} from './dated-event';

/**
 * The deal events the temporal index may take as their stored text, which folds read and which
 * become envelopes only when a query reads the events themselves ({@link DeferredDealEvents}):
 * every deal event but the retraction
 * (the deal screen takes it at once). A recording is taken with its two sides read from the text
 * ({@link keptDealId}): the index anchors its deal and links its parties at once, and keeps the
 * rest of its terms as text.
 */
export const DEFERRED_DEAL_TYPES = [
  'DealPaymentRecorded',
  'DealAmended',
  'DealTerminated',
  'DealWrittenDown',
  'DealRecorded',
] as const satisfies readonly DealEvent['type'][];

const CODES: ReadonlyMap<string, number> = new Map(
  DEFERRED_DEAL_TYPES.map((type, code) => [type, code] as const),
);

/** The type's code among {@link DEFERRED_DEAL_TYPES}, or -1 for a type never deferred. */
export function deferredCode(type: string): number {
  return CODES.get(type) ?? -1;
}

/** Each deferred type's current schema version, by its code (no keyed lookup by a type read from a row). */
const CURRENT_VERSIONS: readonly number[] = DEFERRED_DEAL_TYPES.map(
  (type) => SCHEMA_VERSION[type],
);

/** The recording's code among {@link DEFERRED_DEAL_TYPES}. */
export const RECORDING_CODE = deferredCode('DealRecorded');
/** The codes of the types whose data is `{ dealId, amountUsd }`. */
export const PAYMENT_CODE = deferredCode('DealPaymentRecorded');
export const WRITE_DOWN_CODE = deferredCode('DealWrittenDown');

/**
 * A recording's two sides as its text gives them (creditor holds the exposure against debtor:
 * `creditorDebtor`); null for an event of another type. One read at a time: {@link keptDealId}
 * writes it, its caller reads it before the next read.
 */
export interface KeptSides {
  creditor: string | null;
  debtor: string | null;
}

/** A {@link KeptSides} to reuse. */
export function keptSides(): KeptSides {
  return { creditor: null, debtor: null };
}

const readDealId = jsonFieldReader(['dealId']);
const readAmount = jsonFieldReader(['amountUsd']);

/** A recording's id, kind and every kind's role fields, at these places. */
const readRecording = jsonFieldReader(['dealId', 'kind', ...ALL_DEAL_ROLES]);
const roleField = new Map<string, number>(
  ALL_DEAL_ROLES.map((role, i) => [role, i + 2] as const),
);
/** Reused by the readers (one read at a time). */
const fields: (JsonPrimitive | undefined)[] = [];

/**
 * The `amountUsd` of a payment's or a write-down's data text, read without parsing the rest;
 * null when the text does not give a number there, or is left to a full parse (see
 * `jsonFieldReader`): the envelope's parse then says what the data holds.
 */
export function amountOfText(text: string): number | null {
  if (!readAmount(text, fields)) return null;
  const amount = fields[0];
  return typeof amount === 'number' ? amount : null;
}

/**
 * The `dealId` of a deal event's data, read from its JSON text without parsing the rest; null
 * when the text holds none as a string or is left to a full parse (see `jsonFieldReader`). A
 * value of 13 characters or more may be a slice that keeps the text alive (`detachedString`).
 */
function dealIdOfText(text: string): string | null {
  if (!readDealId(text, fields)) return null;
  const dealId = fields[0];
  return typeof dealId === 'string' ? dealId : null;
}

/**
 * The deal's id of a deal event of type `code` (among {@link DEFERRED_DEAL_TYPES}) given as its
 * data's JSON text at the current schema version, read without parsing the rest — and, for a
 * recording, its sides into `sides` (their role fields by its `kind`, as `creditorDebtor` reads
 * them; null for other types). Null when the text does not give them (no such string, a kind or
 * role missing, or text left to a full parse): the event then goes in as its envelope, whose
 * parse says what is wrong. The strings may be slices that keep the text alive (see
 * {@link dealIdOfText}).
 */
export function keptDealId(
  code: number,
  text: string,
  sides: KeptSides,
): string | null {
  sides.creditor = sides.debtor = null;
  if (code !== RECORDING_CODE) return dealIdOfText(text);
  if (!readRecording(text, fields)) return null;
  const [dealId, kind] = fields;
  if (typeof dealId !== 'string' || typeof kind !== 'string') return null;
  const row = Object.hasOwn(DEAL_KIND_TABLE, kind)
    ? DEAL_KIND_TABLE[kind as DealKind]
    : undefined;
  if (row === undefined) return null;
  const creditor = fields[roleField.get(row.creditor)!];
  const debtor = fields[roleField.get(row.debtor)!];
  if (typeof creditor !== 'string' || typeof debtor !== 'string') return null;
  sides.creditor = creditor;
  sides.debtor = debtor;
  return dealId;
}

/**
 * The deal's id when a stored event may go into the index as its data's stored `text`
 * (`TemporalIndex.addDeferred`): a deferred type, stored at its current schema version (no
 * upcaster to run), and the data's `dealId` (a recording's sides too, into `sides`) read from the
 * text ({@link keptDealId}); null otherwise (the event goes in as its envelope). Reads the event's
 * times into `times` (`metadataText` as `readStoredTimes`).
 */
export function deferrableDealEvent(
  recorded: RecordedEvent,
  type: LedgerEventType,
  metadataText: string | undefined,
  text: string,
  times: StoredTimes,
  sides: KeptSides,
): string | null {
  const code = deferredCode(type);
  if (code < 0) return null;
  readStoredTimes(recorded, type, metadataText, times);
  if (times.schemaVersion !== CURRENT_VERSIONS[code]) return null;
  return keptDealId(code, text, sides);
}

const INITIAL_SLOTS = 1024;
/** A slot's text chunk once taken; once let go with the slot kept (see `letGo`). */
const TAKEN = -1;
const LET_GO = -2;
/**
 * Bytes of kept texts per chunk (a longer text has a chunk of its own size): above the largest
 * threshold glibc's malloc raises for mapping an allocation of its own (32 MiB), so each chunk is a
 * mapping of its own whose pages count only once written, and a chunk let go is given back to the
 * system. Chunks of 1 MiB came from malloc's heap once that threshold had risen (a column grown and
 * let go raises it), and stayed in the process when let go: the exposure benchmark's peak RSS was
 * 1.00 GiB with them, 0.90 with these.
 */
const CHUNK_BYTES = 36 << 20;
/** Characters beyond which a text's bytes are counted rather than bounded. */
const LONG_TEXT = 1 << 16;

/**
 * A position read back from a Float64Array as the small integer it is (V8 then keeps it in an
 * envelope's field or a list unboxed, as a position read from the store is kept; a double would
 * make every envelope's position a heap number of its own); any other value as it is.
 */
export function smallPosition(position: number): number {
  return position >= 0 && position <= 0x3fffffff && position % 1 === 0
    ? position | 0
    : position;
}

/**
 * Deal events taken as columns — position, recorded, effective and announced time (NaN: not
 * announced), type code, the deal's number — and their data as the stored JSON text (UTF-8, off
 * the heap), each slot linked to the deal's next one: what a rebuild keeps of every deal event
 * but a retraction until a query reads the events themselves. No envelope and no parsed data per
 * event, so the rebuild makes and keeps far fewer objects. Folds read a deal from its slots, which
 * stay ({@link slotsOf}, {@link markRead}); otherwise a deal's slots become envelopes
 * ({@link takeDeal}) in the order they came, which the index then adds exactly as if they had
 * come as envelopes. Each
 * deal's first and last slot sit in two columns by the deal's number, so keeping an event touches
 * no object of the deal's.
 *
 * Pure data; `TemporalIndex` owns it.
 */
export class DeferredDealEvents {
  private positions = new Float64Array(INITIAL_SLOTS);
  private recorded = new Float64Array(INITIAL_SLOTS);
  private effective = new Float64Array(INITIAL_SLOTS);
  private announced = new Float64Array(INITIAL_SLOTS);
  private codes = new Uint8Array(INITIAL_SLOTS);
  /** A payment's or a write-down's amount, once its text is let go ({@link letGo}). */
  private amounts = new Float64Array(INITIAL_SLOTS);
  private deals = new Int32Array(INITIAL_SLOTS);
  /** The deal's next slot (-1: its last). */
  private links = new Int32Array(INITIAL_SLOTS);
  /**
   * Where the data's text sits: its chunk (TAKEN once taken, LET_GO once let go with the slot
   * kept), its first byte and its end.
   */
  private textChunks = new Int32Array(INITIAL_SLOTS);
  private textStarts = new Int32Array(INITIAL_SLOTS);
  private textEnds = new Int32Array(INITIAL_SLOTS);
  /**
   * The data's texts as UTF-8, one after another, in chunks off the heap ({@link CHUNK_BYTES}):
   * the collector neither copies nor marks a million kept strings, and a chunk whose every text
   * is taken or let go goes, the last one too (null; {@link chunkWaiting}).
   */
  private chunks: (Buffer | null)[] = [];
  /** Texts neither taken nor let go yet, by chunk. */
  private chunkWaiting: number[] = [];
  /** Bytes used of the last chunk. */
  private chunkUsed = 0;
  /** By deal number: its first and last slot not taken yet (-1: none). */
  private firsts = new Int32Array(0);
  private lasts = new Int32Array(0);
  /**
   * By deal number: 1 while the index folds the deal from columns read off its slots, the slots
   * kept ({@link markRead}); taking the deal clears it (no slot is put for it meanwhile).
   */
  private read = new Uint8Array(0);
  /** Deals with slots not taken yet and not read for folds ({@link waitsToBeRead}). */
  private unreadDeals = 0;
  /** Slots used (taken ones included). */
  private used = 0;
  /** Slots not taken yet. */
  private waiting = 0;

  constructor(
    /** Bytes per chunk of kept texts ({@link CHUNK_BYTES}; specs take smaller ones). */
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

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

  /**
   * Keeps one event of deal `dealNo` after the deal's others. Not for a deal read for folds
   * ({@link markRead}): the index takes such a deal's events first.
   */
  put(
    position: number,
    recordedAtMs: number,
    effectiveAtMs: number,
    announcedAtMs: number,
    code: number,
    dealNo: number,
    text: string,
  ): void {
    if (this.isRead(dealNo))
      throw new Error(
        'a deal read for folds keeps no new event before it is taken',
      );
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
    this.putText(slot, text);
    const last = this.lasts[dealNo];
    if (last >= 0) this.links[last] = slot;
    else {
      this.firsts[dealNo] = slot;
      this.unreadDeals++;
    }
    this.lasts[dealNo] = slot;
    this.waiting++;
  }

  /**
   * The deal's slots were read for folds, and stay kept ({@link isRead}) until the deal is taken,
   * their texts let go or not ({@link letGo}).
   */
  markRead(dealNo: number): void {
    if (this.waitsToBeRead(dealNo)) this.unreadDeals--;
    this.read[dealNo] = 1;
  }

  /** The deal has slots not taken yet, and the index folds it from columns read off them. */
  isRead(dealNo: number): boolean {
    return dealNo < this.read.length && this.read[dealNo] === 1;
  }

  /** The deal has slots not taken yet and is not read for folds ({@link markRead}). */
  waitsToBeRead(dealNo: number): boolean {
    return this.has(dealNo) && this.read[dealNo] === 0;
  }

  /** How many deals {@link waitsToBeRead}: a whole network reads them all, and none when 0. */
  get dealsToRead(): number {
    return this.unreadDeals;
  }

  /** The deal's slots not taken yet, in the order they came, into `out` (its length set). */
  slotsOf(dealNo: number, out: number[]): void {
    out.length = 0;
    if (!this.has(dealNo)) return;
    for (let slot = this.firsts[dealNo]; slot >= 0; slot = this.links[slot])
      out.push(slot);
  }

  /** A slot's position, as the envelope made of it has it. */
  positionOf(slot: number): number {
    return smallPosition(this.positions[slot]);
  }

  effectiveOf(slot: number): number {
    return this.effective[slot];
  }

  /** NaN when not announced. */
  announcedOf(slot: number): number {
    return this.announced[slot];
  }

  /** The slot's type code (among {@link DEFERRED_DEAL_TYPES}). */
  codeOf(slot: number): number {
    return this.codes[slot];
  }

  /** The slot's envelope, its data parsed from its text; the slot stays kept. */
  envelopeOf(slot: number, dealId: string): DatedEvent & { event: DealEvent } {
    return this.envelope(slot, dealId, this.textOf(slot));
  }

  /**
   * Lets go of the text of a slot of a deal read for folds, the slot kept: a payment's or a
   * write-down's whose text is exactly `{"dealId":…,"amountUsd":…}` of `amountUsd` (its envelope
   * is made from that), or another's whose envelope the index holds (it gives it back at
   * {@link takeDeal}). Its chunk goes once every text of it is taken or let go.
   */
  letGo(slot: number, amountUsd: number): void {
    this.amounts[slot] = amountUsd;
    this.dropText(slot, LET_GO);
  }

  /** Bytes of the chunks that hold kept texts. */
  get textBytes(): number {
    let bytes = 0;
    for (const chunk of this.chunks) if (chunk) bytes += chunk.length;
    return bytes;
  }

  /** The slot's text (its slot kept, its text not let go). */
  textOf(slot: number): string {
    return this.chunks[this.textChunks[slot]]!.toString(
      'utf8',
      this.textStarts[slot],
      this.textEnds[slot],
    );
  }

  /** The deal's number of a slot not taken yet (-1 once taken). */
  dealOf(slot: number): number {
    return this.textChunks[slot] === TAKEN ? -1 : this.deals[slot];
  }

  /** Writes the slot's text at the end of the last chunk (a new one when it has no room). */
  private putText(slot: number, text: string): void {
    // UTF-8 takes at most three bytes for each UTF-16 unit; a long text is measured (a chunk of
    // its own, of its size, not three times it)
    const most =
      text.length > LONG_TEXT
        ? Buffer.byteLength(text, 'utf8')
        : 3 * text.length;
    let chunk = this.chunks.length - 1;
    const last = chunk < 0 ? null : this.chunks[chunk];
    // a new chunk when the last has no room, or went with its texts (`dropText`)
    if (last === null || this.chunkUsed + most > last.length) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, most)));
      this.chunkWaiting.push(0);
      this.chunkUsed = 0;
      chunk++;
    }
    const start = this.chunkUsed;
    this.chunkUsed += this.chunks[chunk]!.write(text, start, 'utf8');
    this.textChunks[slot] = chunk;
    this.textStarts[slot] = start;
    this.textEnds[slot] = this.chunkUsed;
    this.chunkWaiting[chunk]++;
  }

  /** The slot's text, let go (its chunk too, once every text of it is taken or let go). */
  private takeText(slot: number): string {
    const text = this.textOf(slot);
    this.dropText(slot, TAKEN);
    return text;
  }

  /** The slot's text no longer kept; `mark` says why. */
  private dropText(slot: number, mark: typeof TAKEN | typeof LET_GO): void {
    const chunk = this.textChunks[slot];
    this.textChunks[slot] = mark;
    // the last chunk too: the next text then starts a new one
    if (--this.chunkWaiting[chunk] === 0) {
      releaseBuffer(this.chunks[chunk]!);
      this.chunks[chunk] = null;
    }
  }

  /**
   * Every event of deal `dealNo` not made an envelope yet, made one (its data parsed from the
   * stored text, which is let go), in the order they came.
   */
  takeDeal(
    dealNo: number,
    /** The deal's id: each event's data holds this string, not a copy of its own. */
    dealId: string,
    /** The envelopes the index holds of the deal's slots whose texts it let go ({@link letGo}). */
    held: readonly DatedEvent[] = [],
  ): (DatedEvent & { event: DealEvent })[] {
    if (!this.has(dealNo)) return [];
    const out: (DatedEvent & { event: DealEvent })[] = [];
    if (this.read[dealNo] === 0) this.unreadDeals--;
    let slot = this.firsts[dealNo];
    this.firsts[dealNo] = this.lasts[dealNo] = -1;
    this.read[dealNo] = 0;
    while (slot >= 0) {
      out.push(this.take(slot, dealId, held));
      slot = this.links[slot];
    }
    if (this.waiting === 0) this.clear();
    return out;
  }

  private take(
    slot: number,
    dealId: string,
    held: readonly DatedEvent[],
  ): DatedEvent & { event: DealEvent } {
    this.waiting--;
    if (this.textChunks[slot] !== LET_GO)
      return this.envelope(slot, dealId, this.takeText(slot));
    this.textChunks[slot] = TAKEN;
    const code = this.codes[slot];
    if (code === PAYMENT_CODE || code === WRITE_DOWN_CODE)
      return this.envelopeWith(slot, {
        dealId,
        amountUsd: this.amounts[slot],
      });
    const position = smallPosition(this.positions[slot]);
    const envelope = held.find((e) => e.position === position);
    if (envelope === undefined)
      throw new Error(
        `the envelope of ${dealId}'s event at ${position} is not held`,
      );
    return envelope as DatedEvent & { event: DealEvent };
  }

  private envelope(
    slot: number,
    dealId: string,
    text: string,
  ): DatedEvent & { event: DealEvent } {
    const data = JSON.parse(text) as { dealId: string };
    // the parse made the id a string of its own: the deal's one string instead (a million
    // events kept, 20 bytes each)
    if (data.dealId === dealId) data.dealId = dealId;
    return this.envelopeWith(slot, data);
  }

  private envelopeWith(
    slot: number,
    data: DealEvent['data'],
  ): DatedEvent & { event: DealEvent } {
    const announced = this.announced[slot];
    return datedEvent(
      smallPosition(this.positions[slot]),
      this.recorded[slot],
      this.effective[slot],
      DEFERRED_DEAL_TYPES[this.codes[slot]],
      data,
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
    for (const chunk of this.chunks) if (chunk) releaseBuffer(chunk);
    this.chunks = [];
    this.chunkWaiting = [];
    this.chunkUsed = 0;
    if (this.positions.length > INITIAL_SLOTS) this.grow(INITIAL_SLOTS);
  }

  private grow(capacity: number): void {
    const n = Math.min(this.used, capacity);
    this.positions = copied(this.positions, new Float64Array(capacity), n);
    this.recorded = copied(this.recorded, new Float64Array(capacity), n);
    this.effective = copied(this.effective, new Float64Array(capacity), n);
    this.announced = copied(this.announced, new Float64Array(capacity), n);
    this.codes = copied(this.codes, new Uint8Array(capacity), n);
    this.amounts = copied(this.amounts, new Float64Array(capacity), n);
    this.deals = copied(this.deals, new Int32Array(capacity), n);
    this.links = copied(this.links, new Int32Array(capacity), n);
    this.textChunks = copied(this.textChunks, new Int32Array(capacity), n);
    this.textStarts = copied(this.textStarts, new Int32Array(capacity), n);
    this.textEnds = copied(this.textEnds, new Int32Array(capacity), n);
  }

  private growDeals(atLeast: number): void {
    const capacity = Math.max(1024, atLeast, 2 * this.firsts.length);
    const n = this.firsts.length;
    this.firsts = copied(this.firsts, new Int32Array(capacity).fill(-1), n);
    this.lasts = copied(this.lasts, new Int32Array(capacity).fill(-1), n);
    this.read = copied(this.read, new Uint8Array(capacity), n);
  }
}

/** `to` holding the first `n` values of `from`, whose memory is given back (`releaseBuffer`). */
function copied<A extends Float64Array | Int32Array | Uint8Array>(
  from: A,
  to: A,
  n: number,
): A {
  to.set(from.subarray(0, n));
  releaseBuffer(from);
  return to;
}
