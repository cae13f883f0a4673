import type {
  CompanyEvent,
  DealEvent,
  LedgerEvent,
  LedgerEventType,
} from '../../ledger/domain/ledger.events';
import { creditorDebtor } from '../../ledger/domain/deal-kinds';
import { CompanyStanding } from './company.standing';
import type { PointInTimeSource } from './point-in-time-source';
import { createDealMemo, DealMemo, DealStanding } from './deal.standing';
import { datedEvent, entityOf, isKnown, DatedEvent } from './dated-event';
import { DealScreen } from './deal-screen';
import { DealVisitor, NetworkDeals } from './network-deals';
import { ColumnPool, foldCode, STRIDE, writeRow } from './deal-fold';
import { EdgeColumns, Interner } from './edge-table';
import {
  amountOfText,
  DEFERRED_DEAL_TYPES,
  DeferredDealEvents,
  deferredCode,
  keptDealId,
  KeptSides,
  keptSides,
  PAYMENT_CODE,
  RECORDING_CODE,
  smallPosition,
  WRITE_DOWN_CODE,
} from './deferred-deal-events';
import { detachedString } from '../../shared/json-fields';
import {
  CompanyEntry,
  compactEntry,
  foldOrder,
  DealEntry,
  extendFolds,
  foldCompany,
  foldDeal,
  lowerBound,
  newDealEntry,
  DealNumbers,
  orderAt,
  pushSorted,
  resetFolds,
  sortEntry,
} from './index-entries';

/** The fold columns' code of each type kept as text, by its code there. */
const FOLD_CODES: readonly number[] = DEFERRED_DEAL_TYPES.map(foldCode);

export type { PointInTimeSource } from './point-in-time-source';

/**
 * The fast engine. Pure data structure (no I/O, no clock): `add` envelopes in any order (in
 * position order it is O(1) per event; a position already present is ignored and `add` answers
 * false — the duplicate guard), then query any (at, knownAt).
 *
 * Scenario overlays: build an index from the real envelopes plus hypothetical ones carrying
 * synthetic positions (`buildTemporalIndex([...real, ...hypothetical])`) and query it with
 * `knownPosition = Infinity`; suppressing a real event means leaving it out of the list.
 */
export class TemporalIndex implements PointInTimeSource {
  private recPositions: number[] = [];
  /**
   * recSufMin[i] = the earliest recorded time of the positions recPositions[i..] — non-decreasing,
   * so binary-searchable even if clocks stepped back.
   */
  private recSufMin: number[] = [];
  /** Each deal's number: its entry in `dealList`, its place in the screen's columns. */
  private readonly dealNos = new Map<string, number>();
  /** The deal entries in the order first seen (the map's order), with their screening columns. */
  private readonly dealList: DealEntry[] = [];
  /** The deals' instants and positions, by number (`DealNumbers`). */
  private readonly numbers = new DealNumbers();
  private screen = new DealScreen(1024, this.numbers);
  private readonly companyEntries = new Map<string, CompanyEntry>();
  private eventCount = 0;
  /** Every deal's fold columns, in one buffer. */
  private readonly pool = new ColumnPool();
  /** Terms and plans computed once for this index's lifetime. */
  private readonly memo: DealMemo = createDealMemo();
  /** Every envelope made (events kept as text join it when made), by position once `allSorted`. */
  private all: DatedEvent[] = [];
  private allSorted = true;
  /** What whole-network folds keep: the parties' numbers, the deals in recording order. */
  private readonly network = new NetworkDeals();
  /** Deal events taken as their stored text (addDeferred), not made envelopes yet. */
  private readonly deferred = new DeferredDealEvents();
  /** Reused by addStored (one read at a time). */
  private readonly sides: KeptSides = keptSides();
  /** Where {@link readSome} goes on from (a deal's number). */
  private readCursor = 0;
  /** Reused by {@link read} (one deal at a time): its slots, amounts and exact texts. */
  private readonly readSlots: number[] = [];
  private readonly readAmounts: number[] = [];
  private readonly readPlain: boolean[] = [];

  get size(): number {
    return this.eventCount;
  }

  headPosition(): number {
    return this.recPositions.length
      ? this.recPositions[this.recPositions.length - 1]
      : 0;
  }

  /** Adds one envelope; false when its position is already indexed (nothing changes). */
  add(envelope: DatedEvent): boolean {
    if (!this.addRecorded(envelope.position, envelope.recordedAtMs))
      return false;
    this.eventCount++;
    const entity = entityOf(envelope.event);
    if (entity.kind === 'deal') {
      const entry = this.dealEntry(entity.id);
      // the deal's kept events first: the entry takes its events in the order they came, so
      // what its folds kept grows by this event (answers do not depend on the order of adds)
      if (this.deferred.has(entry.no)) this.settle(entry);
      this.keep(envelope);
      this.addDealEvent(entry, envelope as DatedEvent & { event: DealEvent });
    } else {
      this.keep(envelope);
      this.addCompanyEvent(
        entity.id,
        envelope as DatedEvent & { event: CompanyEvent },
      );
    }
    return true;
  }

  /**
   * Adds one deal event as its data's stored JSON text, read from there by folds of its deal
   * ({@link read}) and made an envelope only when a query reads the events themselves (the
   * deal's events, their positions, every envelope: {@link settle}); false when its position is already
   * indexed. `code` is the type's among `DEFERRED_DEAL_TYPES`, `text` the data of the current
   * schema version (what `JSON.stringify` of it gives), `announcedAtMs` NaN when not announced; a
   * recording comes with its two sides (`creditor` holds the exposure against `debtor`, as
   * `creditorDebtor` reads its data), with which it anchors its deal and links its parties at
   * once, as {@link add} does. Every answer is the one {@link add} of the envelope would give:
   * the deal's events are added, in the order they came, before anything reads its entry. A
   * rebuild saves the parse and the envelope of every deal event but a retraction (what it reads
   * of them is the deal, the position, the three times and a recording's sides). The deal screen
   * takes the effective time when the event is added to the entry, and the anchor's at once:
   * until then its earliest time may be later than the deal's, which passes over only deals no
   * fold could show — such an event's fold key is not before the anchor's effective time, which
   * the screen has, and without an anchor a fold shows no deal.
   */
  addDeferred(
    dealId: string,
    position: number,
    recordedAtMs: number,
    effectiveAtMs: number,
    announcedAtMs: number,
    code: number,
    text: string,
    creditor: string | null = null,
    debtor: string | null = null,
  ): boolean {
    const recording = code === RECORDING_CODE;
    if (recording && (creditor === null || debtor === null))
      throw new Error(`a recording of ${dealId} kept as text needs its sides`);
    const at = smallPosition(position);
    if (!this.addRecorded(at, recordedAtMs)) return false;
    this.eventCount++;
    // an id read from the text may be a slice of it: a new entry keeps a copy of its own
    const no =
      this.dealNos.get(dealId) ?? this.openDeal(detachedString(dealId)).no;
    // a deal read for folds from its kept events takes them first: this one then waits alone
    if (this.deferred.isRead(no)) this.settle(this.dealList[no]);
    this.deferred.put(
      position,
      recordedAtMs,
      effectiveAtMs,
      announcedAtMs,
      code,
      no,
      text,
    );
    if (recording) {
      const entry = this.dealList[no];
      this.recorded(
        entry,
        at,
        effectiveAtMs,
        Number.isNaN(announcedAtMs) ? undefined : announcedAtMs,
        this.companyEntry(creditor!, true),
        this.companyEntry(debtor!, true),
      );
      this.screen.update(no, effectiveAtMs);
    }
    return true;
  }

  /**
   * Adds one stored event given as its data's JSON text at the current schema version (a read
   * model's row, loaded at start): kept as the text when the index may
   * (`DEFERRED_DEAL_TYPES`, what {@link addDeferred} needs read from the text: `keptDealId`), else
   * parsed into its envelope ({@link add}). `announcedAtMs` NaN when not announced.
   */
  addStored(
    position: number,
    recordedAtMs: number,
    effectiveAtMs: number,
    announcedAtMs: number,
    type: LedgerEventType,
    text: string,
  ): boolean {
    const code = deferredCode(type);
    const sides = this.sides;
    const dealId = code >= 0 ? keptDealId(code, text, sides) : null;
    if (dealId !== null)
      return this.addDeferred(
        dealId,
        position,
        recordedAtMs,
        effectiveAtMs,
        announcedAtMs,
        code,
        text,
        sides.creditor,
        sides.debtor,
      );
    return this.add(
      datedEvent(
        position,
        recordedAtMs,
        effectiveAtMs,
        type,
        JSON.parse(text) as LedgerEvent['data'],
        Number.isNaN(announcedAtMs) ? undefined : announcedAtMs,
      ),
    );
  }

  /** The deal's kept events, made envelopes and added in the order they came. */
  private settle(
    entry: DealEntry,
    /** Where the envelopes go instead of `all`, from `into.at` on (settleAll). */
    into?: { list: DatedEvent[]; at: number },
  ): void {
    // a deal read for folds: the envelopes its entry holds, whose texts were let go
    let held: DatedEvent[] | undefined;
    if (this.deferred.isRead(entry.no)) {
      held = entry.events.filter((e) => e !== undefined);
      this.unread(entry);
    }
    const taken = this.deferred.takeDeal(entry.no, entry.dealId, held);
    // the lists made once, of their length (as after a catch-up), not grown by `push`: growth
    // left room of half again their length, and V8 makes the lists it grows through where the
    // catch-up's long-lived ones were, in the old generation, as garbage (settling every deal of
    // the benchmark's history left 93 MB of garbage that way, 54 MB now)
    const n = entry.events.length;
    entry.events = entry.events.concat(taken);
    entry.keys = entry.keys.concat(taken.map((env) => envelopeKey(entry, env)));
    // then each as `addDealEvent` takes it (a recording anchored the deal when it was kept; no
    // kept event is a retraction)
    for (let i = 0; i < taken.length; i++) {
      const envelope = taken[i];
      if (into) into.list[into.at++] = envelope;
      else this.keep(envelope);
      const sorted = !entry.dirty && n + i > 0;
      orderAt(entry, n + i, envelope, entry.keys[n + i]);
      this.appended(entry, envelope, sorted);
    }
  }

  /**
   * Every deal's kept events added (a read of every entry, or of every envelope, follows), deal
   * by deal as {@link settle} adds them, in the order of each deal's first kept event.
   */
  private settleAll(): void {
    const deferred = this.deferred;
    if (deferred.size === 0) return;
    // `all` grown once, not by a push per envelope (each growth a copy of it left to the collector)
    const into = { list: new Array<DatedEvent>(deferred.size), at: 0 };
    for (let slot = 0; deferred.size > 0 && slot < deferred.slots; slot++) {
      const no = deferred.dealOf(slot);
      if (no >= 0) this.settle(this.dealList[no], into);
    }
    this.all = this.all.concat(into.list);
    this.allSorted = false;
  }

  /** Every deal with events kept as text made ready for folds ({@link ready}): a whole network's. */
  private readAll(): void {
    // none left after the first whole network until another event is kept
    this.readSome(Infinity);
  }

  /**
   * A deal with events kept as text, not read yet, made ready for folds: read from its kept
   * events ({@link read}) when it has no envelope yet, else settled.
   */
  private ready(entry: DealEntry): void {
    if (entry.events.length > 0 || !this.read(entry)) this.settle(entry);
  }

  /**
   * Makes a deal whose every event is kept as text (no envelope yet) ready for folds without
   * taking its events: its fold keys and order, its columns in the pool (the amounts read from
   * the texts), and the envelopes of its recordings, amendments and terminations. A fold reads
   * the columns, and an event itself only for a recording's or an amendment's terms; so payments
   * and write-downs, most of a history, stay text: no envelope, data or boxed instants of theirs
   * for the collector to keep and mark, and no parse. The entry's lists hold nothing at their
   * places. Every read of the deal other than a fold (its events, their positions, every
   * envelope) settles it first, as does any event added to it. The texts go once read: a
   * recording's, an amendment's or a termination's, whose envelope the entry holds (`settle`
   * hands them back), and a payment's or a write-down's that is exactly
   * `{"dealId":…,"amountUsd":…}` (its envelope is made from the amount); a chunk of texts goes
   * when all of its have gone. False, nothing changed, when a text does not give its amount as a
   * number.
   */
  private read(entry: DealEntry): boolean {
    const deferred = this.deferred;
    const slots = this.readSlots;
    deferred.slotsOf(entry.no, slots);
    const n = slots.length;
    const amounts = this.readAmounts;
    // where the text is exactly `{"dealId":…,"amountUsd":…}`: its envelope can be made without it
    const plain = this.readPlain;
    amounts.length = plain.length = 0;
    const prefix = `{"dealId":${JSON.stringify(entry.dealId)},"amountUsd":`;
    const keys = new Array<number>(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      const slot = slots[i];
      const code = deferred.codeOf(slot);
      let amount = 0;
      let exact = false;
      if (code === PAYMENT_CODE || code === WRITE_DOWN_CODE) {
        const text = deferred.textOf(slot);
        const read = amountOfText(text);
        if (read === null) return false;
        amount = read;
        exact = text === `${prefix}${amount}}`;
      }
      amounts.push(amount);
      plain.push(exact);
      keys[i] = foldKey(
        entry,
        code === RECORDING_CODE,
        deferred.effectiveOf(slot),
      );
      if (
        i > 0 &&
        foldOrder(
          keys[i],
          deferred.positionOf(slot),
          keys[i - 1],
          deferred.positionOf(slots[i - 1]),
        ) < 0
      )
        sorted = false;
    }
    // in fold order (kept in the order they came)
    const order = sorted
      ? null
      : Array.from({ length: n }, (_, i) => i).sort((a, b) =>
          foldOrder(
            keys[a],
            deferred.positionOf(slots[a]),
            keys[b],
            deferred.positionOf(slots[b]),
          ),
        );
    resetFolds(entry, this.pool);
    const at = this.pool.take(n * STRIDE);
    const cols = this.pool.data;
    const events = new Array<DatedEvent & { event: DealEvent }>(n);
    // the keys in fold order: as they came when they came so
    const orderedKeys = order === null ? keys : new Array<number>(n);
    for (let r = 0; r < n; r++) {
      const i = order === null ? r : order[r];
      const slot = slots[i];
      const code = deferred.codeOf(slot);
      if (code !== PAYMENT_CODE && code !== WRITE_DOWN_CODE) {
        // the entry holds its envelope: its text goes (`settle` gives the envelope back)
        events[r] = deferred.envelopeOf(slot, entry.dealId);
        deferred.letGo(slot, 0);
      } else if (plain[i]) deferred.letGo(slot, amounts[i]);
      orderedKeys[r] = keys[i];
      const effective = deferred.effectiveOf(slot);
      const position = deferred.positionOf(slot);
      if (position > entry.maxPosition) entry.maxPosition = position;
      writeRow(
        cols,
        at + r * STRIDE,
        position,
        deferred.announcedOf(slot),
        FOLD_CODES[code],
        amounts[i],
        effective,
      );
      this.screen.update(entry.no, effective);
    }
    entry.events = events;
    entry.keys = orderedKeys;
    entry.dirty = false;
    entry.colsAt = at;
    entry.colsRows = n;
    entry.colsCap = n;
    deferred.markRead(entry.no);
    return true;
  }

  /** The deal no longer read from its kept events ({@link read}): its lists empty again. */
  private unread(entry: DealEntry): void {
    entry.events = [];
    entry.keys = [];
    entry.dirty = false;
    resetFolds(entry, this.pool);
  }

  /** Bytes of the chunks that hold the texts still kept (off the heap). */
  get keptTextBytes(): number {
    return this.deferred.textBytes;
  }

  /** Events not made envelopes yet (taken by addDeferred; folds read them where they are kept). */
  get deferredSize(): number {
    return this.deferred.size;
  }

  /** Deals with events kept as text that no fold has read yet (see {@link readSome}). */
  get dealsToRead(): number {
    return this.deferred.dealsToRead;
  }

  /**
   * Reads up to `most` of the deals kept as text that no fold has read yet, as the first whole
   * network would (their fold columns from the kept texts, the envelopes of their recordings,
   * amendments and terminations; the texts let go), going on from where the last call stopped;
   * returns how many are left. A server reads them a slice at a time while it waits, so that its
   * first whole network need not. Answers do not change: a fold would read them as it is.
   */
  readSome(most: number): number {
    const deferred = this.deferred;
    const list = this.dealList;
    let done = 0;
    // once round the deals at most: one read since may wait again (an event came)
    for (let seen = 0; seen < list.length && done < most; seen++) {
      if (deferred.dealsToRead === 0) break;
      if (this.readCursor >= list.length) this.readCursor = 0;
      const no = this.readCursor++;
      if (!deferred.waitsToBeRead(no)) continue;
      this.ready(list[no]);
      done++;
    }
    return deferred.dealsToRead;
  }

  /** The envelope among every envelope indexed (`all`). */
  private keep(envelope: DatedEvent): void {
    if (
      this.all.length > 0 &&
      envelope.position < this.all[this.all.length - 1].position
    )
      this.allSorted = false;
    this.all.push(envelope);
  }

  private addRecorded(position: number, recordedAtMs: number): boolean {
    const n = this.recPositions.length;
    let i = n;
    if (n > 0 && position <= this.recPositions[n - 1]) {
      i = lowerBound(this.recPositions, position);
      if (this.recPositions[i] === position) return false;
    }
    if (i === n) {
      // in position order (catch-up, live): an append
      this.recPositions.push(position);
      this.recSufMin.push(recordedAtMs);
    } else {
      this.recPositions.splice(i, 0, position);
      this.recSufMin.splice(i, 0, Math.min(recordedAtMs, this.recSufMin[i]));
    }
    for (
      let j = i - 1;
      j >= 0 && this.recSufMin[j] > this.recSufMin[j + 1];
      j--
    )
      this.recSufMin[j] = this.recSufMin[j + 1];
    return true;
  }

  private dealEntry(dealId: string): DealEntry {
    const no = this.dealNos.get(dealId);
    return no !== undefined ? this.dealList[no] : this.openDeal(dealId);
  }

  /** The entry of a deal not seen before. */
  private openDeal(dealId: string): DealEntry {
    const entry = newDealEntry(dealId, this.dealList.length, this.numbers);
    this.dealNos.set(dealId, entry.no);
    if (this.dealList.length === this.screen.capacity)
      this.screen = this.screen.grown();
    this.screen.open(this.dealList.length);
    this.dealList.push(entry);
    return entry;
  }

  /** The deal's entry, its kept events added; undefined for a deal never indexed. */
  private settledEntry(dealId: string): DealEntry | undefined {
    const no = this.dealNos.get(dealId);
    if (no === undefined) return undefined;
    const entry = this.dealList[no];
    if (this.deferred.has(no)) this.settle(entry);
    return entry;
  }

  private addDealEvent(
    entry: DealEntry,
    env: DatedEvent & { event: DealEvent },
  ): void {
    const event = env.event;
    if (event.type === 'DealRecorded') {
      const { creditor, debtor } = creditorDebtor(event.data);
      this.recorded(
        entry,
        env.position,
        env.effectiveAtMs,
        env.announcedAtMs,
        this.companyEntry(creditor),
        this.companyEntry(debtor),
      );
    }
    if (event.type === 'DealRetracted')
      this.screen.retract(entry.no, env.position, env.announcedAtMs);
    const sorted = !entry.dirty && entry.events.length > 0;
    pushSorted(entry, env, envelopeKey(entry, env));
    this.appended(entry, env, sorted);
  }

  /**
   * A DealRecorded of the deal at `position` (as an envelope or kept as text), between the
   * companies of `creditor` and `debtor`: the first by position anchors the deal (its sides,
   * signing time and announcement); every one links its parties to the deal.
   */
  private recorded(
    entry: DealEntry,
    position: number,
    effectiveAtMs: number,
    announcedAtMs: number | undefined,
    creditor: CompanyEntry,
    debtor: CompanyEntry,
  ): void {
    if (position < entry.anchorPosition) {
      this.network.anchored(entry, position, this.dealList);
      entry.anchorPosition = position;
      entry.anchorCreditor = creditor.companyId;
      entry.anchorDebtor = debtor.companyId;
      this.screen.anchor(entry.no, announcedAtMs ?? Infinity);
      entry.signedAtMs = effectiveAtMs;
      // events added before it were keyed without the anchor: re-key them at the next query
      if (entry.events.length > 0) entry.dirty = true;
    } else this.network.recordedAgain();
    this.linkCompany(creditor, entry);
    this.linkCompany(debtor, entry);
  }

  /**
   * What follows an event's place at the end of the entry's lists: `sorted` when the entry was in
   * fold order before it. A recording (it may anchor the deal) resets what the folds kept.
   */
  private appended(
    entry: DealEntry,
    env: DatedEvent & { event: DealEvent },
    sorted: boolean,
  ): void {
    entry.maxPosition = Math.max(entry.maxPosition, env.position);
    // appended at the end of the fold order (live, catch-up in order): what the folds kept grows
    if (sorted && !entry.dirty && env.event.type !== 'DealRecorded')
      extendFolds(entry, env, this.memo, this.pool);
    else resetFolds(entry, this.pool);
    if (this.pool.wasteful) this.pool.compact(this.dealList);
    this.screen.update(entry.no, env.effectiveAtMs);
  }

  private addCompanyEvent(
    companyId: string,
    env: DatedEvent & { event: CompanyEvent },
  ): void {
    const entry = this.companyEntry(companyId);
    if (
      env.event.type === 'CompanyRegistered' &&
      env.position < entry.anchorPosition
    ) {
      entry.anchorPosition = env.position;
      entry.registeredAtMs = env.effectiveAtMs;
      if (entry.events.length > 0) entry.dirty = true;
    }
    const key =
      env.event.type === 'CompanyRegistered'
        ? env.effectiveAtMs
        : Math.max(env.effectiveAtMs, entry.registeredAtMs);
    pushSorted(entry, env, key);
  }

  /**
   * The company's entry, made when first seen; `fromText`: the id was read from a kept text and
   * may be a slice of it, of which a new entry keeps a copy of its own (`detachedString`).
   */
  private companyEntry(companyId: string, fromText = false): CompanyEntry {
    let entry = this.companyEntries.get(companyId);
    if (!entry) {
      if (fromText) companyId = detachedString(companyId);
      entry = {
        companyId,
        events: [],
        keys: [],
        dirty: false,
        registeredAtMs: -Infinity,
        anchorPosition: Infinity,
        deals: [],
        folds: null,
        foldsOf: null,
      };
      this.companyEntries.set(companyId, entry);
    }
    return entry;
  }

  private linkCompany(company: CompanyEntry, deal: DealEntry): void {
    const { companyId, deals } = company;
    // a deal links each of its parties once (a stray second DealRecorded, or a deal with itself)
    if (deal.linkedFirst === companyId || deal.linkedSecond === companyId)
      return;
    if (deal.linkedFirst === null) deal.linkedFirst = companyId;
    else if (deal.linkedSecond === null) deal.linkedSecond = companyId;
    else if (deal.linkedMore === null) deal.linkedMore = [companyId];
    else if (deal.linkedMore.includes(companyId)) return;
    else deal.linkedMore.push(companyId);
    deals.push(deal);
  }

  /**
   * After a catch-up: sorts every entry once (adds only append) and trims the lists to their
   * length — arrays grown by `push` keep up to half again as much capacity, and most deals have a
   * handful of events. Answers are unchanged; about a tenth of the index's memory is given back.
   */
  compact(): void {
    // the events kept unparsed stay so: what a query reads it makes envelopes then
    let dealEvents = this.deferred.size;
    this.deferred.trim();
    for (const entry of this.dealList) {
      compactEntry(entry);
      // a deal read from its kept events has its columns already
      if (!this.deferred.isRead(entry.no)) dealEvents += entry.events.length;
    }
    // room for every deal's columns at once, rather than grown by doubling during the first fold
    this.pool.reserve(this.pool.used + dealEvents * STRIDE);
    for (const entry of this.companyEntries.values()) compactEntry(entry);
    this.recPositions = this.recPositions.slice();
    this.recSufMin = this.recSufMin.slice();
    this.sortAll();
    this.all = this.all.slice();
  }

  knownPosition(knownAtMs: number): number {
    if (knownAtMs === Infinity) return this.headPosition();
    // largest i with recSufMin[i] <= knownAtMs
    let lo = 0;
    let hi = this.recSufMin.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.recSufMin[mid] <= knownAtMs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? 0 : this.recPositions[found];
  }

  deal(
    dealId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): DealStanding | undefined {
    const no = this.dealNos.get(dealId);
    return no !== undefined
      ? this.foldAt(this.dealList[no], atMs, knownPosition, knownAtMs)
      : undefined;
  }

  /** A deal entry folded at (at, known), with this index's memo, column pool and screen. */
  private foldAt(
    entry: DealEntry,
    atMs: number,
    knownPosition: number,
    knownAtMs: number,
  ): DealStanding | undefined {
    if (this.deferred.waitsToBeRead(entry.no)) this.ready(entry);
    return foldDeal(
      entry,
      atMs,
      knownPosition,
      knownAtMs,
      this.memo,
      this.pool,
      this.screen,
    );
  }

  company(
    companyId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): CompanyStanding | undefined {
    const entry = this.companyEntries.get(companyId);
    return entry
      ? foldCompany(entry, atMs, knownPosition, knownAtMs)
      : undefined;
  }

  deals(
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): DealStanding[] {
    const out: DealStanding[] = [];
    const list = this.dealList;
    const screen = this.screen;
    for (let i = 0; i < list.length; i++) {
      // most deals not in the view are passed over without reading their entries
      if (screen.passesOver(i, atMs, knownPosition, knownAtMs)) continue;
      const s = this.foldAt(list[i], atMs, knownPosition, knownAtMs);
      if (s) out.push(s);
    }
    return out;
  }

  eachDeal(
    atMs: number,
    knownPosition: number,
    knownAtMs: number,
    visit: DealVisitor,
  ): boolean {
    this.readAll();
    return this.network.eachDeal(
      this.dealList,
      this.screen,
      this.memo,
      this.pool,
      { atMs, knownPosition, knownAtMs },
      visit,
    );
  }

  wholeNetwork(): {
    readonly companies: Interner;
    readonly edges: EdgeColumns;
    readonly dependencies: EdgeColumns;
  } {
    return this.network;
  }

  companies(
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): CompanyStanding[] {
    const out: CompanyStanding[] = [];
    for (const entry of this.companyEntries.values()) {
      const s = foldCompany(entry, atMs, knownPosition, knownAtMs);
      if (s) out.push(s);
    }
    return out;
  }

  dealsOf(
    companyId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): DealStanding[] {
    const entry = this.companyEntries.get(companyId);
    if (!entry) return [];
    const out: DealStanding[] = [];
    const deals = entry.deals;
    for (let i = 0; i < deals.length; i++) {
      const s = this.foldAt(deals[i], atMs, knownPosition, knownAtMs);
      if (s) out.push(s);
    }
    return out;
  }

  positionsOf(
    dealId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): number[] {
    const entry = this.settledEntry(dealId);
    if (!entry || this.screen.isRetracted(entry.no, knownPosition, knownAtMs))
      return [];
    sortEntry(entry);
    const out: number[] = [];
    for (let i = 0; i < entry.events.length; i++) {
      if (entry.keys[i] > atMs) break;
      if (isKnown(entry.events[i], knownPosition, knownAtMs))
        out.push(entry.events[i].position);
    }
    return out;
  }

  /**
   * Every envelope indexed, in position order (e.g. the real history under a scenario overlay).
   * Every event kept as text is made an envelope for good: a reader that needs less than the
   * events' data takes {@link eachHead}.
   */
  envelopes(): readonly DatedEvent[] {
    this.settleAll();
    this.sortAll();
    return this.all;
  }

  /**
   * Every event's head up to `knownPosition` (by position, not by `announcedAt`) — its position,
   * effective time, type, and the kind and id of the entity it is about — in position order, read
   * from where the event is: its envelope, or the columns of an event kept as text, which stays
   * so (no parse, no envelope, nothing settled).
   */
  eachHead(knownPosition: number, visit: HeadVisitor): void {
    this.sortAll();
    const all = this.all;
    const kept = this.keptInOrder();
    const deferred = this.deferred;
    let a = 0;
    for (let k = 0; k < kept.length; k++) {
      const slot = kept[k];
      const position = deferred.positionOf(slot);
      for (; a < all.length && all[a].position < position; a++) {
        if (all[a].position > knownPosition) return;
        visitHead(all[a], visit);
      }
      if (position > knownPosition) return;
      visit(
        position,
        deferred.effectiveOf(slot),
        DEFERRED_DEAL_TYPES[deferred.codeOf(slot)],
        'deal',
        this.dealList[deferred.dealOf(slot)].dealId,
      );
    }
    for (; a < all.length && all[a].position <= knownPosition; a++)
      visitHead(all[a], visit);
  }

  /** The slots of the events kept as text, by position (the order they came, unless added out of it). */
  private keptInOrder(): Int32Array {
    const deferred = this.deferred;
    const kept = new Int32Array(deferred.size);
    let n = 0;
    let ordered = true;
    let last = -Infinity;
    for (let slot = 0; n < kept.length && slot < deferred.slots; slot++) {
      if (deferred.dealOf(slot) < 0) continue;
      const position = deferred.positionOf(slot);
      if (position < last) ordered = false;
      last = position;
      kept[n++] = slot;
    }
    if (!ordered)
      kept.sort((x, y) => deferred.positionOf(x) - deferred.positionOf(y));
    return kept;
  }

  private sortAll(): void {
    if (!this.allSorted) {
      this.all.sort((a, b) => a.position - b.position);
      this.allSorted = true;
    }
  }

  /** Whether a deal or company was ever indexed (retracted ones included). */
  hasDeal(dealId: string): boolean {
    return this.dealNos.has(dealId);
  }

  hasCompany(companyId: string): boolean {
    return this.companyEntries.has(companyId);
  }

  /** Ids of every company ever indexed. */
  companyIds(): IterableIterator<string> {
    return this.companyEntries.keys();
  }

  /** The deal's events (in fold order) — for restatement periods and explanations. */
  dealEvents(dealId: string): readonly DatedEvent[] {
    const entry = this.settledEntry(dealId);
    if (!entry) return [];
    sortEntry(entry);
    return entry.events;
  }

  /**
   * The company's deals whose anchoring DealRecorded (the first by position) lies at or before
   * `upTo`, each with that event's position and its two sides (in no particular order).
   */
  recordedDealsOf(
    companyId: string,
    upTo: number,
  ): { dealId: string; position: number; creditor: string; debtor: string }[] {
    const out = [];
    for (const deal of this.companyEntries.get(companyId)?.deals ?? []) {
      // its anchor's parties, kept on the entry: the entry alone is read, not its events
      if (deal.anchorPosition > upTo || deal.anchorCreditor === null) continue;
      out.push({
        dealId: deal.dealId,
        position: deal.anchorPosition,
        creditor: deal.anchorCreditor,
        debtor: deal.anchorDebtor!,
      });
    }
    return out;
  }
}

/** Builds the fast engine from a list of (already upcast) envelopes, in any order. */
export function buildTemporalIndex(
  envelopes: Iterable<DatedEvent>,
): TemporalIndex {
  const index = new TemporalIndex();
  for (const e of envelopes) index.add(e);
  return index;
}

/**
 * A deal event's fold key: its effective time, and no earlier than the deal's signing for any
 * event but a recording (what the deal's anchor set when the event is added).
 */
function foldKey(
  entry: DealEntry,
  recording: boolean,
  effectiveAtMs: number,
): number {
  return recording ? effectiveAtMs : Math.max(effectiveAtMs, entry.signedAtMs);
}

/** {@link foldKey} of an envelope. */
function envelopeKey(
  entry: DealEntry,
  env: DatedEvent & { event: DealEvent },
): number {
  return foldKey(entry, env.event.type === 'DealRecorded', env.effectiveAtMs);
}

/** What `TemporalIndex.eachHead` hands over of each event. */
export type HeadVisitor = (
  position: number,
  effectiveAtMs: number,
  type: LedgerEventType,
  entity: 'deal' | 'company',
  id: string,
) => void;

function visitHead(e: DatedEvent, visit: HeadVisitor): void {
  const entity = entityOf(e.event);
  visit(e.position, e.effectiveAtMs, e.event.type, entity.kind, entity.id);
}
