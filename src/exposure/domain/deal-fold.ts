import { releaseBuffer } from '../../shared/typed-arrays';
import {
  assertNever,
  creditorDebtor,
  type DealEvent,
  type DealKind,
  type DealTerms,
  partiesOfEvent,
  termsOfRecorded,
} from '../../ledger/domain/ledger.events';
import {
  amendedOf,
  cachedPlan,
  DealMemo,
  DealStanding,
  PaymentCell,
  RecordedFacts,
} from './deal.standing';
import { planOf, type Plan } from './deal.plan';
import type { DatedEvent } from './dated-event';

/**
 * One deal's fold over its entry's columns (see `DealEntry.cols`), written into one reused
 * object of numbers and references instead of a standing: the point queries make their
 * `DealStanding` from it, and a whole-network answer reads it as it comes, without a standing or
 * a payment list per deal.
 */

/** What a fold reads and keeps of a deal (the index's `DealEntry` is one). */
export interface FoldableDeal {
  readonly dealId: string;
  /**
   * (effective key, position)-sorted (the fold order). A deal read from its events kept as text
   * (`TemporalIndex.read`) holds nothing at its payments' and write-downs' places: a fold reads an
   * event only for a recording's or an amendment's terms, the rest from the columns.
   */
  events: (DatedEvent & { event: DealEvent })[];
  keys: number[];
  /**
   * The payments after the deal's first DealRecorded in fold order, each cell linked to the one
   * before: a fold that has skipped no event up to its k-th payment has exactly the list
   * `cells[k - 1]`, so every such fold shares these cells. Made as folds reach them (null until
   * the first, reset by `add`).
   */
  cells: PaymentCell[] | null;
  /**
   * Where its columns start in the index's `ColumnPool` (-1 until a fold needs them, reset by
   * `add`): what a fold reads of each event, in fold order, as numbers side by side (position,
   * announcedAt or NaN, type code, amount, effective time; see `writeRow`), so that a fold walks
   * one buffer instead of three objects per event spread over the heap, and reads an event itself
   * only for a recording's or an amendment's terms.
   */
  colsAt: number;
  /** How many events its columns hold (`STRIDE` numbers each). */
  colsRows: number;
  /**
   * How many events its block of the pool has room for (`colsRows` and the room left after them):
   * a deal whose block is not at the pool's end moves to the end with room for as many events
   * again, so that deals taking their events in turn move each a few times, not at every event.
   */
  colsCap: number;
  /**
   * The terms after each amendment in fold order, for folds that have skipped no event up to it
   * (the same result for all of them). Null until needed, reset by `add`.
   */
  amended: (DealTerms | undefined)[] | null;
  /**
   * The terms of the DealRecorded at `factsPosition` (a position's event never changes), made
   * once and shared by every fold; its facts (parties, creditor, debtor, the same terms) once a
   * fold that makes standings asks for them (a whole-network fold needs none). -1 (a small
   * integer, not NaN: a field V8 keeps unboxed) until the first.
   */
  recordedTerms: DealTerms | null;
  facts: RecordedFacts | null;
  factsPosition: number;
  /** The plan of `planTerms` signed at `planSignedAtMs`, the last one a fold asked for. */
  plan: Plan | null;
  planTerms: DealTerms | null;
  planSignedAtMs: number;
}

export const RECORDED = 0;
export const AMENDED = 1;
export const TERMINATED = 2;
export const PAYMENT = 3;
export const WRITTEN_DOWN = 4;
export const RETRACTED = 5;
export const STRIDE = 5;

/**
 * The fold columns of every deal of an index side by side in one buffer, off the heap: no array
 * per deal for the collector to mark, and a heap that much smaller (the old generation's next
 * collection is set by the heap's size). A deal's columns are written once a fold needs them,
 * extended in place when an event comes at the end of the buffer, moved to the end otherwise;
 * what moved or was reset is reclaimed by `compact` once it is half of the buffer.
 */
export class ColumnPool {
  data = new Float64Array(STRIDE * 1024);
  /** Numbers written so far (the free room starts there), and of them those no deal reads. */
  used = 0;
  dead = 0;

  /** Room for `n` more numbers at the end; their offset. */
  take(n: number): number {
    if (this.used + n > this.data.length) this.resize(this.used + n);
    const at = this.used;
    this.used += n;
    return at;
  }

  /** At least `total` numbers of room, made at once (a catch-up knows how many events it has). */
  reserve(total: number): void {
    if (total > this.data.length) this.resize(total, false);
  }

  private resize(least: number, doubling = true): void {
    let size = this.data.length;
    while (size < least) size *= 2;
    const next = new Float64Array(doubling ? size : least);
    next.set(this.data.subarray(0, this.used));
    // freed now, not at the collector's next full pass (a whole network's first fold grows it)
    releaseBuffer(this.data);
    this.data = next;
  }

  /** The deal's columns are no longer read (an event was added out of order). */
  release(entry: FoldableDeal): void {
    if (entry.colsAt < 0) return;
    this.dead += entry.colsCap * STRIDE;
    entry.colsAt = -1;
    entry.colsRows = 0;
    entry.colsCap = 0;
  }

  /** True when half the buffer is columns no deal reads. */
  get wasteful(): boolean {
    return this.dead > 1 << 16 && this.dead * 2 > this.used;
  }

  /** Every deal's columns moved down over the dead ones (`entries`: every deal of the index). */
  compact(entries: readonly FoldableDeal[]): void {
    const next = new Float64Array(
      Math.max(STRIDE * 1024, 2 * (this.used - this.dead)),
    );
    let at = 0;
    for (const e of entries) {
      if (e.colsAt < 0) continue;
      const n = e.colsRows * STRIDE;
      next.set(this.data.subarray(e.colsAt, e.colsAt + n), at);
      e.colsAt = at;
      e.colsCap = e.colsRows;
      at += n;
    }
    releaseBuffer(this.data);
    this.data = next;
    this.used = at;
    this.dead = 0;
  }
}

/** The entry's columns written at the end of the pool (see `FoldableDeal.colsAt`); the entry is sorted. */
export function columnsOf(entry: FoldableDeal, pool: ColumnPool): void {
  const rows = entry.events.length;
  const at = pool.take(rows * STRIDE);
  const data = pool.data;
  for (let i = 0; i < rows; i++)
    writeColumns(data, at + i * STRIDE, entry.events[i]);
  entry.colsAt = at;
  entry.colsRows = rows;
  entry.colsCap = rows;
}

/**
 * One more event at the end of the entry's columns: in the room its block has, else by growing the
 * block where it ends the pool, else by moving it to the end with room for as many events again
 * (amortised: a deal of n events has moved about log₂ n times, however the deals take turns).
 */
export function appendColumns(
  entry: FoldableDeal,
  pool: ColumnPool,
  env: DatedEvent & { event: DealEvent },
): void {
  const n = entry.colsRows * STRIDE;
  if (entry.colsRows === entry.colsCap) {
    if (entry.colsAt + n === pool.used) {
      pool.take(STRIDE);
      entry.colsCap++;
    } else {
      const cap = Math.max(2 * entry.colsRows, MIN_ROOM);
      const at = pool.take(cap * STRIDE);
      pool.data.copyWithin(at, entry.colsAt, entry.colsAt + n);
      pool.dead += n;
      entry.colsAt = at;
      entry.colsCap = cap;
    }
  }
  writeColumns(pool.data, entry.colsAt + n, env);
  entry.colsRows++;
}

/** The least room a moved block gets, in events. */
const MIN_ROOM = 8;

/** Writes what a fold reads of `env` at `cols[b .. b + STRIDE)`. */
function writeColumns(
  cols: Float64Array,
  b: number,
  env: DatedEvent & { event: DealEvent },
): void {
  const event = env.event;
  const amount =
    event.type === 'DealPaymentRecorded' || event.type === 'DealWrittenDown'
      ? event.data.amountUsd
      : 0;
  writeRow(
    cols,
    b,
    env.position,
    env.announcedAtMs ?? NaN,
    foldCode(event.type),
    amount,
    env.effectiveAtMs,
  );
}

/** An event's row of columns at `cols[b .. b + STRIDE)` (`announcedAtMs` NaN when not announced). */
export function writeRow(
  cols: Float64Array,
  b: number,
  position: number,
  announcedAtMs: number,
  code: number,
  amountUsd: number,
  effectiveAtMs: number,
): void {
  cols[b] = position;
  cols[b + 1] = announcedAtMs;
  cols[b + 2] = code;
  cols[b + 3] = amountUsd;
  cols[b + 4] = effectiveAtMs;
}

/** A deal event type's code in the columns. */
export function foldCode(type: DealEvent['type']): number {
  switch (type) {
    case 'DealRecorded':
      return RECORDED;
    case 'DealAmended':
      return AMENDED;
    case 'DealTerminated':
      return TERMINATED;
    case 'DealPaymentRecorded':
      return PAYMENT;
    case 'DealWrittenDown':
      return WRITTEN_DOWN;
    case 'DealRetracted':
      return RETRACTED;
    default:
      return assertNever(type);
  }
}

/** What a fold gives (one object, overwritten by the next fold into it). */
export interface Folded {
  /** The facts of the DealRecorded folded, when the fold made standings (`withFacts`). */
  facts: RecordedFacts | undefined;
  /** The index (in fold order) of the DealRecorded folded. */
  recordedIndex: number;
  signedAtMs: number;
  recordedPosition: number;
  terms: DealTerms | undefined;
  terminatedAtMs: number | null;
  paidUsd: number;
  paymentCount: number;
  /** Null when the fold was asked for no payment list. */
  payments: PaymentCell | null;
  writtenDownUsd: number;
  lastPosition: number;
}

export function newFolded(): Folded {
  return {
    facts: undefined,
    recordedIndex: -1,
    signedAtMs: 0,
    recordedPosition: 0,
    terms: undefined,
    terminatedAtMs: null,
    paidUsd: 0,
    paymentCount: 0,
    payments: null,
    writtenDownUsd: 0,
    lastPosition: 0,
  };
}

/**
 * The point a fold takes its deal at: valid time, and known time as a position and an instant.
 * Handed over as one object, read inside: instants passed one by one to a call not inlined would
 * each be boxed anew (two heap numbers per deal of a whole-network answer).
 */
export interface FoldPoint {
  readonly atMs: number;
  readonly knownPosition: number;
  readonly knownAtMs: number;
}

/**
 * The deal folded over its events with key ≤ `point.atMs` known at (`knownPosition`,
 * `knownAtMs`), DealRetracted left out, into `out`: the same answer as `evolveDealStanding`
 * applied to each in turn (the reference, which the naive replay uses; the specs compare the
 * two). False when no DealRecorded is folded (no deal). `withFacts` false leaves `out.payments`
 * null and `out.facts` undefined: nothing is made per payment nor per deal (a whole-network answer
 * reads only the payments' sum and count, the terms, and the parties by their numbers). The entry
 * is sorted.
 */
export function foldInto(
  entry: FoldableDeal,
  point: FoldPoint,
  memo: DealMemo,
  pool: ColumnPool,
  withFacts: boolean,
  out: Folded,
): boolean {
  const { atMs, knownPosition, knownAtMs } = point;
  const { events, keys } = entry;
  let cells = entry.cells;
  if (entry.colsAt < 0) columnsOf(entry, pool);
  const cols = pool.data;
  const at = entry.colsAt;
  let amended = entry.amended;
  let facts: RecordedFacts | undefined;
  let recordedIndex = -1;
  let signedAtMs = 0;
  let recordedPosition = 0;
  let terms: DealTerms | undefined;
  let terminatedAtMs: number | null = null;
  let paidUsd = 0;
  let paymentCount = 0;
  let payments: PaymentCell | null = null;
  let writtenDownUsd = 0;
  let lastPosition = 0;
  let amendments = 0;
  // every event so far folded: the payments are the shared cells, the amended terms shared too
  let shared = true;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] > atMs) break;
    const b = at + i * STRIDE;
    const position = cols[b];
    // an announcedAt of NaN (none) is never at or before knownAtMs
    if (position > knownPosition && !(cols[b + 1] <= knownAtMs)) {
      shared = false;
      continue;
    }
    const code = cols[b + 2];
    if (code === RECORDED) {
      if (recordedIndex >= 0) continue; // a stream has one DealRecorded; a stray second is ignored
      if (entry.factsPosition !== position || (withFacts && !entry.facts)) {
        const event = events[i].event;
        if (event.type !== 'DealRecorded')
          throw new Error('columns out of step');
        recordedFactsOf(entry, position, event.data, withFacts);
      }
      recordedIndex = i;
      facts = withFacts ? entry.facts! : undefined;
      terms = entry.recordedTerms!;
      signedAtMs = keys[i]; // a DealRecorded's key is its effective time
      recordedPosition = position;
      lastPosition = position;
      continue;
    }
    if (recordedIndex < 0 || code === RETRACTED) continue;
    lastPosition = position;
    if (code === PAYMENT) {
      const amountUsd = cols[b + 3];
      paidUsd += amountUsd;
      paymentCount++;
      if (!withFacts) continue;
      const known = shared && cells ? cells[paymentCount - 1] : undefined;
      if (known !== undefined) payments = known;
      else {
        payments = {
          atMs: cols[b + 4],
          amountUsd,
          previous: payments,
        };
        if (shared) (cells ??= entry.cells = [])[paymentCount - 1] = payments;
      }
    } else if (code === AMENDED) {
      const known = shared && amended ? amended[amendments] : undefined;
      if (known !== undefined) terms = known;
      else {
        const event = events[i].event;
        if (event.type !== 'DealAmended')
          throw new Error('columns out of step');
        terms = amendedOf(memo, terms!, event.data.changes);
        // made only for deals that have amendments: most have none
        if (shared)
          (amended ??= entry.amended = amendedList(cols, at, entry.colsRows))[
            amendments
          ] = terms;
      }
      amendments++;
    } else if (code === TERMINATED) {
      if (terminatedAtMs === null) terminatedAtMs = cols[b + 4];
    } else if (code === WRITTEN_DOWN) writtenDownUsd += cols[b + 3];
  }
  if (recordedIndex < 0) return false;
  out.facts = facts;
  out.recordedIndex = recordedIndex;
  out.signedAtMs = signedAtMs;
  out.recordedPosition = recordedPosition;
  out.terms = terms;
  out.terminatedAtMs = terminatedAtMs;
  out.paidUsd = paidUsd;
  out.paymentCount = paymentCount;
  out.payments = payments;
  out.writtenDownUsd = writtenDownUsd;
  out.lastPosition = lastPosition;
  return true;
}

/**
 * Makes the entry's recorded terms from the DealRecorded at `position` when they are another
 * event's, and its facts (around the same terms) when `withFacts` and not made yet.
 */
function recordedFactsOf(
  entry: FoldableDeal,
  position: number,
  data: Extract<DealEvent, { type: 'DealRecorded' }>['data'],
  withFacts: boolean,
): void {
  if (entry.factsPosition !== position) {
    entry.recordedTerms = termsOfRecorded(data);
    entry.facts = null;
    entry.factsPosition = position;
  }
  if (withFacts && entry.facts === null) {
    const parties = partiesOfEvent(data);
    const { creditor, debtor } = creditorDebtor(parties);
    entry.facts = { parties, terms: entry.recordedTerms!, creditor, debtor };
  }
}

/**
 * Room for the terms after each amendment of the deal, at its exact length (an array grown from
 * empty keeps room for 16: most amended deals have one or two amendments).
 */
function amendedList(
  cols: Float64Array,
  at: number,
  rows: number,
): (DealTerms | undefined)[] {
  let count = 0;
  for (let b = at + 2; b < at + rows * STRIDE; b += STRIDE)
    if (cols[b] === AMENDED) count++;
  return new Array<DealTerms | undefined>(count);
}

/**
 * The plan of `terms` signed at `signedAtMs`: the entry keeps the last one asked for. A deal's
 * first plan is made for it alone; the memo's map keyed by terms holds only the plans of deals
 * whose folds meet more than one set of terms (an amendment folded or not), so that queries on
 * either side of it do not make them again each time.
 */
export function planFor(
  entry: FoldableDeal,
  memo: DealMemo,
  kind: DealKind,
  terms: DealTerms,
  signedAtMs: number,
): Plan {
  if (entry.planTerms === terms && entry.planSignedAtMs === signedAtMs)
    return entry.plan!;
  const plan =
    entry.planTerms === null
      ? planOf(kind, terms, signedAtMs)
      : cachedPlan(memo, kind, terms, signedAtMs);
  entry.plan = plan;
  entry.planTerms = terms;
  entry.planSignedAtMs = signedAtMs;
  return plan;
}

/** The standing a fold gave (`folded` as `foldInto` left it, true). */
export function standingOf(
  entry: FoldableDeal,
  memo: DealMemo,
  f: Folded,
): DealStanding {
  const facts = f.facts!;
  const kind = facts.parties.kind;
  const terms = f.terms!;
  return {
    dealId: entry.dealId,
    kind,
    parties: facts.parties,
    creditor: facts.creditor,
    debtor: facts.debtor,
    signedAtMs: f.signedAtMs,
    recordedPosition: f.recordedPosition,
    terms,
    plan: planFor(entry, memo, kind, terms, f.signedAtMs),
    status: f.terminatedAtMs === null ? 'active' : 'terminated',
    terminatedAtMs: f.terminatedAtMs,
    paidUsd: f.paidUsd,
    paymentCount: f.paymentCount,
    payments: f.payments,
    writtenDownUsd: f.writtenDownUsd,
    lastPosition: f.lastPosition,
  };
}
