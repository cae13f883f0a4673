import type {
  CompanyEvent,
  DealEvent,
  DealKind,
  DealTerms,
} from '../../ledger/domain/ledger.events';
import { CompanyStanding, evolveCompanyStanding } from './company.standing';
import {
  DealMemo,
  DealStanding,
  evolveDealStanding,
  PaymentCell,
  RecordedFacts,
} from './deal.standing';
import type { Plan } from './deal.plan';
import { DatedEvent } from './dated-event';
import { grown } from '../../shared/typed-arrays';
import type { DealScreen } from './deal-screen';
import {
  FoldableDeal,
  FoldPoint,
  foldInto,
  newFolded,
  standingOf,
  appendColumns,
  ColumnPool,
} from './deal-fold';

/**
 * The temporal index's entries: one deal's or one company's events in fold order (effective
 * time, not before the signing or registration; position breaks ties), and the folds of a prefix
 * of them as known at a point. Pure data and functions; `TemporalIndex` owns the entries.
 */

export interface DealEntry extends FoldableDeal {
  /** The deal's number in its index (the order first seen). */
  readonly no: number;
  dirty: boolean;
  signedAtMs: number;
  /**
   * Position of the DealRecorded that anchors `signedAtMs` (Infinity until indexed). Its
   * announcement and the deal's retraction are kept in the index's `DealScreen` alone (by `no`).
   */
  anchorPosition: number;
  /** Highest position among the deal's events. */
  maxPosition: number;
  /**
   * The creditor and debtor its anchoring DealRecorded names (null until indexed): the deals of
   * a company's pairs are listed from them (`recordedDealsOf`) without reading the event.
   */
  anchorCreditor: string | null;
  anchorDebtor: string | null;
  /**
   * The companies whose deal lists hold this entry: two in practice (a creditor and a debtor),
   * held in fields (an array per deal grown by `push` kept room for 16); any more in `linkedMore`.
   */
  linkedFirst: string | null;
  linkedSecond: string | null;
  linkedMore: string[] | null;
  /**
   * Snapshot: the deal folded over all its events (null until computed, reset by `add`).
   * A query whose (at, knownPosition) covers every event of the deal answers from it.
   */
  complete: DealStanding | undefined | null;
  /**
   * The deal's kind and its parties' numbers among the index's companies, as the DealRecorded at
   * `partiesPosition` gives them (-1: none yet; a position is never negative).
   */
  kind: DealKind;
  creditorNo: number;
  debtorNo: number;
  partiesPosition: number;
}

/**
 * The numbers of every deal's entry that are instants or positions, as columns by the deal's
 * number (`DealNumbers`), not as fields: V8 gives a field that has held any number but a small
 * integer (an instant, Infinity, NaN, a position read from a typed array) a box of its own in
 * every object, and a full collection marks each box: five per deal, a million over 200,000
 * deals. The index owns one set of columns for all its entries; they grow by doubling.
 */
export class DealNumbers {
  /** signedAtMs, anchorPosition, factsPosition, planSignedAtMs, partiesPosition, by `no`. */
  values = new Float64Array(NUMBERS * 64);

  /** Room for deal `no`, its numbers set as a new entry has them. */
  open(no: number): void {
    if ((no + 1) * NUMBERS > this.values.length)
      this.values = grown(this.values, (no + 1) * NUMBERS);
    const at = no * NUMBERS;
    this.values[at + SIGNED_AT] = -Infinity;
    this.values[at + ANCHOR_POSITION] = Infinity;
    this.values[at + FACTS_POSITION] = -1;
    this.values[at + PLAN_SIGNED_AT] = NaN;
    this.values[at + PARTIES_POSITION] = -1;
  }

  /** Deal `no`'s anchor position (Infinity until indexed), as its entry has it. */
  anchorPositionOf(no: number): number {
    return this.values[no * NUMBERS + ANCHOR_POSITION];
  }
}

const NUMBERS = 5;
const SIGNED_AT = 0;
const ANCHOR_POSITION = 1;
const FACTS_POSITION = 2;
const PLAN_SIGNED_AT = 3;
const PARTIES_POSITION = 4;

/** A deal's entry: its fields, and its numbers read from and written to the index's columns. */
class IndexedDeal implements DealEntry {
  events: (DatedEvent & { event: DealEvent })[] = [];
  keys: number[] = [];
  dirty = false;
  maxPosition = 0;
  anchorCreditor: string | null = null;
  anchorDebtor: string | null = null;
  linkedFirst: string | null = null;
  linkedSecond: string | null = null;
  linkedMore: string[] | null = null;
  complete: DealStanding | undefined | null = null;
  cells: PaymentCell[] | null = null;
  colsAt = -1;
  colsRows = 0;
  colsCap = 0;
  amended: (DealTerms | undefined)[] | null = null;
  recordedTerms: DealTerms | null = null;
  facts: RecordedFacts | null = null;
  plan: Plan | null = null;
  planTerms: DealTerms | null = null;
  kind: DealKind = 'supply';
  creditorNo = -1;
  debtorNo = -1;
  /** Where this deal's numbers start in `numbers.values`. */
  private readonly at: number;

  constructor(
    readonly dealId: string,
    readonly no: number,
    private readonly numbers: DealNumbers,
  ) {
    numbers.open(no);
    this.at = no * NUMBERS;
  }

  get signedAtMs(): number {
    return this.numbers.values[this.at + SIGNED_AT];
  }
  set signedAtMs(value: number) {
    this.numbers.values[this.at + SIGNED_AT] = value;
  }
  get anchorPosition(): number {
    return this.numbers.values[this.at + ANCHOR_POSITION];
  }
  set anchorPosition(value: number) {
    this.numbers.values[this.at + ANCHOR_POSITION] = value;
  }
  get factsPosition(): number {
    return this.numbers.values[this.at + FACTS_POSITION];
  }
  set factsPosition(value: number) {
    this.numbers.values[this.at + FACTS_POSITION] = value;
  }
  get planSignedAtMs(): number {
    return this.numbers.values[this.at + PLAN_SIGNED_AT];
  }
  set planSignedAtMs(value: number) {
    this.numbers.values[this.at + PLAN_SIGNED_AT] = value;
  }
  get partiesPosition(): number {
    return this.numbers.values[this.at + PARTIES_POSITION];
  }
  set partiesPosition(value: number) {
    this.numbers.values[this.at + PARTIES_POSITION] = value;
  }
}

/**
 * The entry of a deal first seen, numbered `no`: no events yet, nothing folded; its numbers in
 * `numbers` (the index's columns; columns of its own when not given).
 */
export function newDealEntry(
  dealId: string,
  no: number,
  numbers: DealNumbers = new DealNumbers(),
): DealEntry {
  return new IndexedDeal(dealId, no, numbers);
}

/** Forgets what the folds kept of a deal's events (an event was added). */
export function resetFolds(entry: DealEntry, pool: ColumnPool): void {
  entry.complete = null;
  entry.cells = null;
  pool.release(entry);
  entry.amended = null;
}

/**
 * An event was appended at the end of the deal's fold order (after every event it holds, by
 * effective key then position), and it is not a DealRecorded (which anchors the deal and may
 * re-key its events). Every fold of a prefix of the events is unchanged, so what the folds kept
 * stays: the columns take one more row, and the snapshot (the fold over every event) takes the
 * event by the reference step `evolveDealStanding` instead of being folded again from the start
 * at the next query — a long deal that takes its payments one by one costs one step per payment,
 * not one fold of its whole history. The snapshot's new payment cell is shared with later folds.
 */
export function extendFolds(
  entry: DealEntry,
  env: DatedEvent & { event: DealEvent },
  memo: DealMemo,
  pool: ColumnPool,
): void {
  if (entry.colsAt >= 0) appendColumns(entry, pool, env);
  const s = entry.complete;
  // none yet (null), or no DealRecorded among the events (undefined): still the same
  if (!s) return;
  // folds leave a retraction out (a query that knows of it sees no deal at all: `isRetracted`)
  if (env.event.type === 'DealRetracted') return;
  const next = evolveDealStanding(s, env, memo)!;
  entry.complete = next;
  if (next.payments !== s.payments && next.payments !== null) {
    const cells = entry.cells;
    // the cells hold every payment of the snapshot when a fold has reached its last one
    if (cells === null ? s.paymentCount === 0 : cells.length === s.paymentCount)
      (entry.cells ??= []).push(next.payments);
  }
  if (next.terms !== s.terms) {
    entry.plan = next.plan;
    entry.planTerms = next.terms;
    entry.planSignedAtMs = next.signedAtMs;
  }
}

export interface CompanyEntry {
  readonly companyId: string;
  events: (DatedEvent & { event: CompanyEvent })[];
  keys: number[];
  dirty: boolean;
  registeredAtMs: number;
  anchorPosition: number;
  /**
   * Deals this company is party to (in order of first appearance, each once): the entries
   * themselves, so a point query walks them without a map lookup per deal.
   */
  readonly deals: DealEntry[];
  /**
   * The standings after each of the first events, every one of them folded (`folds[i]`: events
   * 0..i), as the folds that met them made them: shared by every later fold that folds the same
   * prefix, so a whole-network answer does not make its 10,000 companies again. Kept for the
   * `events` list `foldsOf` (sorting makes a new one); an event appended in order keeps them.
   */
  folds: (CompanyStanding | undefined)[] | null;
  foldsOf: readonly DatedEvent[] | null;
}

interface SortableEntry<E extends DatedEvent> {
  events: E[];
  keys: number[];
  dirty: boolean;
}

export function pushSorted<E extends DatedEvent>(
  entry: SortableEntry<E>,
  env: E,
  key: number,
): void {
  orderAt(entry, entry.events.length, env, key);
  entry.events.push(env);
  entry.keys.push(key);
}

/**
 * Marks the entry dirty when `env`, with fold key `key`, does not come after the event at
 * `n - 1` in fold order (effective key, then position): the event taking place `n`.
 */
export function orderAt<E extends DatedEvent>(
  entry: SortableEntry<E>,
  n: number,
  env: E,
  key: number,
): void {
  if (entry.dirty || n === 0) return;
  if (
    foldOrder(
      key,
      env.position,
      entry.keys[n - 1],
      entry.events[n - 1].position,
    ) < 0
  )
    entry.dirty = true;
}

/**
 * The fold order of two events, by their fold keys (effective time, not before the anchor) then
 * positions: negative when the first comes first.
 */
export function foldOrder(
  keyA: number,
  positionA: number,
  keyB: number,
  positionB: number,
): number {
  return keyA < keyB ? -1 : keyA > keyB ? 1 : positionA - positionB;
}

export function compactEntry(entry: DealEntry | CompanyEntry): void {
  if (entry.dirty) return sortEntry(entry); // its arrays are new and exact already
  entry.events = entry.events.slice();
  entry.keys = entry.keys.slice();
}

export function sortEntry(entry: DealEntry | CompanyEntry): void {
  if (!entry.dirty) return;
  const anchor =
    'signedAtMs' in entry ? entry.signedAtMs : entry.registeredAtMs;
  const anchorType =
    'signedAtMs' in entry ? 'DealRecorded' : 'CompanyRegistered';
  const pairs = entry.events.map((e) => ({
    e,
    k:
      e.event.type === anchorType
        ? e.effectiveAtMs
        : Math.max(e.effectiveAtMs, anchor),
  }));
  pairs.sort((a, b) => foldOrder(a.k, a.e.position, b.k, b.e.position));
  entry.events = pairs.map((p) => p.e) as typeof entry.events;
  entry.keys = pairs.map((p) => p.k);
  entry.dirty = false;
}

/**
 * False when the deal is surely not in the view: retracted, not signed yet at `at`, or its
 * DealRecorded neither recorded nor announced yet (the screen's columns say the first and the
 * last). Sorts the entry.
 */
export function mayBeInView(
  entry: DealEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
  screen: DealScreen,
): boolean {
  return (
    !screen.passesOver(entry.no, atMs, knownPosition, knownAtMs) &&
    signedBy(entry, atMs)
  );
}

/** The deal has an event (its signing, once anchored) at or before `atMs`. Sorts the entry. */
export function signedBy(entry: DealEntry, atMs: number): boolean {
  sortEntry(entry);
  return entry.keys.length > 0 && entry.keys[0] <= atMs;
}

export function foldDeal(
  entry: DealEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
  memo: DealMemo,
  pool: ColumnPool,
  screen: DealScreen,
): DealStanding | undefined {
  if (!mayBeInView(entry, atMs, knownPosition, knownAtMs, screen))
    return undefined;
  const n = entry.keys.length;
  if (entry.keys[n - 1] <= atMs && entry.maxPosition <= knownPosition) {
    // every event of the deal is in the view: the snapshot answers
    if (entry.complete === null)
      entry.complete = standingAt(
        entry,
        Infinity,
        Infinity,
        Infinity,
        memo,
        pool,
      );
    return entry.complete;
  }
  return standingAt(entry, atMs, knownPosition, knownAtMs, memo, pool);
}

/** The deal's standing as a point fold gives it, or undefined when no DealRecorded is folded. */
function standingAt(
  entry: DealEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
  memo: DealMemo,
  pool: ColumnPool,
): DealStanding | undefined {
  point.atMs = atMs;
  point.knownPosition = knownPosition;
  point.knownAtMs = knownAtMs;
  return foldInto(entry, point, memo, pool, true, folded)
    ? standingOf(entry, memo, folded)
    : undefined;
}

/** The one object every point fold writes into (read at once by `standingOf`). */
const folded = newFolded();
/** The point every point fold is handed (set before each). */
const point: { -readonly [K in keyof FoldPoint]: number } = {
  atMs: 0,
  knownPosition: 0,
  knownAtMs: 0,
};

export function foldCompany(
  entry: CompanyEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
): CompanyStanding | undefined {
  sortEntry(entry);
  let state: CompanyStanding | undefined;
  const { events, keys } = entry;
  if (entry.foldsOf !== events) {
    entry.folds = null;
    entry.foldsOf = events;
  }
  // every event so far folded: the standings are the shared ones
  let shared = true;
  for (let i = 0; i < events.length; i++) {
    if (keys[i] > atMs) break;
    const env = events[i];
    if (
      env.position > knownPosition &&
      !(env.announcedAtMs !== undefined && env.announcedAtMs <= knownAtMs)
    ) {
      shared = false;
      continue;
    }
    const folds = entry.folds;
    if (shared && folds !== null && i < folds.length) state = folds[i];
    else {
      state = evolveCompanyStanding(state, env);
      // shared: events 0..i-1 are all in `folds`, so this is its next
      if (shared) (entry.folds ??= []).push(state);
    }
  }
  return state;
}

export function lowerBound(arr: readonly number[], value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
