import {
  assertNever,
  type CompanyEvent,
  type DealEvent,
  type DealTerms,
} from '../../ledger/domain/ledger.events';
import { CompanyStanding, evolveCompanyStanding } from './company.standing';
import {
  amendedOf,
  cachedPlan,
  DealMemo,
  DealStanding,
  evolveDealStanding,
  PaymentCell,
  RecordedFacts,
  recordedOf,
} from './deal.standing';
import type { Plan } from './deal.plan';
import { DatedEvent } from './dated-event';

/**
 * The temporal index's entries: one deal's or one company's events in fold order (effective
 * time, not before the signing or registration; position breaks ties), and the folds of a prefix
 * of them as known at a point. Pure data and functions; `TemporalIndex` owns the entries.
 */

export interface DealEntry {
  readonly dealId: string;
  /** The deal's number in its index (the order first seen). */
  readonly no: number;
  /** (effective key, position)-sorted once `dirty` is false. */
  events: (DatedEvent & { event: DealEvent })[];
  keys: number[];
  dirty: boolean;
  signedAtMs: number;
  /** Position of the DealRecorded that anchors `signedAtMs` (Infinity until indexed). */
  anchorPosition: number;
  /** Its announcedAt (Infinity when not given): the deal is known from then even before it was recorded. */
  anchorAnnouncedMs: number;
  /** Position of the earliest DealRetracted, Infinity when none. */
  retractedPosition: number;
  /** The earliest announcedAt of a DealRetracted, Infinity when none. */
  retractedAnnouncedMs: number;
  /** Highest position among the deal's events. */
  maxPosition: number;
  /** The companies whose deal lists hold this entry (at most two in practice). */
  readonly linked: string[];
  /**
   * Snapshot: the deal folded over all its events (null until computed, reset by `add`).
   * A query whose (at, knownPosition) covers every event of the deal answers from it.
   */
  complete: DealStanding | undefined | null;
  /**
   * The payments after the deal's first DealRecorded in fold order, each cell linked to the one
   * before: a fold that has skipped no event up to its k-th payment has exactly the list
   * `cells[k - 1]`, so every such fold shares these cells. Made as folds reach them (null until
   * the first, reset by `add`).
   */
  cells: PaymentCell[] | null;
  /**
   * What a fold reads of each event, in fold order, as numbers side by side (position, announcedAt
   * or NaN, type code, amount; see `columnsOf`): a fold walks one array instead of three objects
   * per event spread over the heap. Null until a fold needs them, reset by `add`.
   */
  cols: number[] | null;
  /**
   * The terms after each amendment in fold order, for folds that have skipped no event up to it
   * (the same result for all of them). Null until needed, reset by `add`.
   */
  amended: (DealTerms | undefined)[] | null;
  /** The facts of the DealRecorded at `factsPosition` (a position's event never changes). */
  facts: RecordedFacts | null;
  factsPosition: number;
  /** The plan of `planTerms` signed at `planSignedAtMs`, the last one a fold asked for. */
  plan: Plan | null;
  planTerms: DealTerms | null;
  planSignedAtMs: number;
}

/** Forgets what the folds kept of a deal's events (an event was added). */
export function resetFolds(entry: DealEntry): void {
  entry.complete = null;
  entry.cells = null;
  entry.cols = null;
  entry.amended = null;
}

const RECORDED = 0;
const AMENDED = 1;
const TERMINATED = 2;
const PAYMENT = 3;
const WRITTEN_DOWN = 4;
const RETRACTED = 5;
const STRIDE = 4;

/** The entry's columns (see `DealEntry.cols`); the entry is sorted. */
function columnsOf(entry: DealEntry): number[] {
  const cols = new Array<number>(entry.events.length * STRIDE);
  for (let i = 0; i < entry.events.length; i++)
    writeColumns(cols, i * STRIDE, entry.events[i]);
  return cols;
}

/** Writes what a fold reads of `env` at `cols[b .. b + STRIDE)`. */
function writeColumns(
  cols: number[],
  b: number,
  env: DatedEvent & { event: DealEvent },
): void {
  const event = env.event;
  let code: number;
  let amount = 0;
  switch (event.type) {
    case 'DealRecorded':
      code = RECORDED;
      break;
    case 'DealAmended':
      code = AMENDED;
      break;
    case 'DealTerminated':
      code = TERMINATED;
      break;
    case 'DealPaymentRecorded':
      code = PAYMENT;
      amount = event.data.amountUsd;
      break;
    case 'DealWrittenDown':
      code = WRITTEN_DOWN;
      amount = event.data.amountUsd;
      break;
    case 'DealRetracted':
      code = RETRACTED;
      break;
    default:
      return assertNever(event);
  }
  cols[b] = env.position;
  cols[b + 1] = env.announcedAtMs ?? NaN;
  cols[b + 2] = code;
  cols[b + 3] = amount;
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
): void {
  if (entry.cols !== null) {
    const cols = entry.cols;
    writeColumns(cols, cols.length, env);
  }
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
  const n = entry.events.length;
  if (!entry.dirty && n > 0) {
    const lastKey = entry.keys[n - 1];
    if (
      key < lastKey ||
      (key === lastKey && env.position < entry.events[n - 1].position)
    )
      entry.dirty = true;
  }
  entry.events.push(env);
  entry.keys.push(key);
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
  pairs.sort((a, b) => a.k - b.k || a.e.position - b.e.position);
  entry.events = pairs.map((p) => p.e) as typeof entry.events;
  entry.keys = pairs.map((p) => p.k);
  entry.dirty = false;
}

export function foldDeal(
  entry: DealEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
  memo: DealMemo,
): DealStanding | undefined {
  if (isRetracted(entry, knownPosition, knownAtMs)) return undefined;
  sortEntry(entry);
  const n = entry.keys.length;
  // not signed yet at `at`, or its DealRecorded neither recorded nor announced yet: no deal
  if (
    n === 0 ||
    entry.keys[0] > atMs ||
    (entry.anchorPosition > knownPosition &&
      !(
        entry.anchorAnnouncedMs !== Infinity &&
        entry.anchorAnnouncedMs <= knownAtMs
      ))
  )
    return undefined;
  if (entry.keys[n - 1] <= atMs && entry.maxPosition <= knownPosition) {
    // every event of the deal is in the view: the snapshot answers
    if (entry.complete === null)
      entry.complete = foldEvents(entry, Infinity, Infinity, Infinity, memo);
    return entry.complete;
  }
  return foldEvents(entry, atMs, knownPosition, knownAtMs, memo);
}

/**
 * The deal folded over its events with key ≤ `atMs` known at (`knownPosition`, `knownAtMs`),
 * DealRetracted left out: the same answer as `evolveDealStanding` applied to each in turn (the
 * reference, which the naive replay uses; the specs compare the two), made as one object at the
 * end instead of one per event, with the entry's shared payment cells.
 */
function foldEvents(
  entry: DealEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
  memo: DealMemo,
): DealStanding | undefined {
  const { events, keys } = entry;
  let cells = entry.cells;
  const cols = (entry.cols ??= columnsOf(entry));
  let amended = entry.amended;
  let facts: RecordedFacts | undefined;
  let signedAtMs = 0;
  let recordedPosition = 0;
  let terms: DealTerms | undefined;
  let status: DealStanding['status'] = 'active';
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
    const b = i * STRIDE;
    const position = cols[b];
    // an announcedAt of NaN (none) is never at or before knownAtMs
    if (position > knownPosition && !(cols[b + 1] <= knownAtMs)) {
      shared = false;
      continue;
    }
    const code = cols[b + 2];
    if (code === RECORDED) {
      if (facts !== undefined) continue; // a stream has one DealRecorded; a stray second is ignored
      if (entry.factsPosition !== position) {
        const event = events[i].event;
        if (event.type !== 'DealRecorded')
          throw new Error('columns out of step');
        // kept on the entry: the memo's map need not hold 200,000 of them too
        entry.facts = recordedOf(undefined, event.data);
        entry.factsPosition = position;
      }
      facts = entry.facts!;
      terms = facts.terms;
      signedAtMs = keys[i]; // a DealRecorded's key is its effective time
      recordedPosition = position;
      lastPosition = position;
      continue;
    }
    if (facts === undefined || code === RETRACTED) continue;
    lastPosition = position;
    if (code === PAYMENT) {
      const amountUsd = cols[b + 3];
      paidUsd += amountUsd;
      paymentCount++;
      const known = shared && cells ? cells[paymentCount - 1] : undefined;
      if (known !== undefined) payments = known;
      else {
        payments = {
          atMs: events[i].effectiveAtMs,
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
        if (shared) (amended ??= entry.amended = [])[amendments] = terms;
      }
      amendments++;
    } else if (code === TERMINATED) {
      if (status !== 'terminated') {
        status = 'terminated';
        terminatedAtMs = events[i].effectiveAtMs;
      }
    } else if (code === WRITTEN_DOWN) writtenDownUsd += cols[b + 3];
  }
  if (facts === undefined) return undefined;
  const kind = facts.parties.kind;
  if (entry.planTerms !== terms || entry.planSignedAtMs !== signedAtMs) {
    entry.plan = cachedPlan(memo, kind, terms!, signedAtMs);
    entry.planTerms = terms!;
    entry.planSignedAtMs = signedAtMs;
  }
  return {
    dealId: entry.dealId,
    kind,
    parties: facts.parties,
    creditor: facts.creditor,
    debtor: facts.debtor,
    signedAtMs,
    recordedPosition,
    terms: terms!,
    plan: entry.plan!,
    status,
    terminatedAtMs,
    paidUsd,
    paymentCount,
    payments,
    writtenDownUsd,
    lastPosition,
  };
}

export function foldCompany(
  entry: CompanyEntry,
  atMs: number,
  knownPosition: number,
  knownAtMs: number,
): CompanyStanding | undefined {
  sortEntry(entry);
  let state: CompanyStanding | undefined;
  const { events, keys } = entry;
  for (let i = 0; i < events.length; i++) {
    if (keys[i] > atMs) break;
    const env = events[i];
    if (
      env.position > knownPosition &&
      !(env.announcedAtMs !== undefined && env.announcedAtMs <= knownAtMs)
    )
      continue;
    state = evolveCompanyStanding(state, env);
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

/** Retracted as known at (`knownPosition`, `knownAtMs`) (Infinity: everything known). */
export function isRetracted(
  entry: DealEntry,
  knownPosition: number,
  knownAtMs: number,
): boolean {
  return (
    (entry.retractedPosition !== Infinity &&
      entry.retractedPosition <= knownPosition) ||
    (entry.retractedAnnouncedMs !== Infinity &&
      entry.retractedAnnouncedMs <= knownAtMs)
  );
}
