/**
 * What a whole-network query reads first of each deal, as columns by the deal's number: a lower
 * bound of its events' fold keys (the earliest effective time: a key is never before its event's
 * effective time), its anchor's announcement (its position is the entry's, read from the index's
 * `DealNumbers`), its retraction's position and announcement (kept here alone). A deal that a query would find not
 * signed yet, not known yet or retracted is passed over here, in a few flat arrays, instead of in
 * its entry somewhere on the heap.
 */
export class DealScreen {
  private readonly earliest: Float64Array;
  private readonly anchorAnnounced: Float64Array;
  private readonly retractedPosition: Float64Array;
  private readonly retractedAnnounced: Float64Array;

  constructor(
    readonly capacity: number,
    /** The entries' numbers (the index's `DealNumbers`), whose anchor positions the screen reads. */
    private readonly numbers: AnchorPositions,
  ) {
    this.earliest = new Float64Array(capacity);
    this.anchorAnnounced = new Float64Array(capacity);
    this.retractedPosition = new Float64Array(capacity);
    this.retractedAnnounced = new Float64Array(capacity);
  }

  /** A copy with twice the room. */
  grown(): DealScreen {
    const next = new DealScreen(this.capacity * 2, this.numbers);
    next.earliest.set(this.earliest);
    next.anchorAnnounced.set(this.anchorAnnounced);
    next.retractedPosition.set(this.retractedPosition);
    next.retractedAnnounced.set(this.retractedAnnounced);
    return next;
  }

  open(no: number): void {
    this.earliest[no] = Infinity;
    this.anchorAnnounced[no] = Infinity;
    this.retractedPosition[no] = Infinity;
    this.retractedAnnounced[no] = Infinity;
  }

  /** After an event of deal `no` effective at `effectiveAtMs` was added. */
  update(no: number, effectiveAtMs: number): void {
    if (effectiveAtMs < this.earliest[no]) this.earliest[no] = effectiveAtMs;
  }

  /** Deal `no` is anchored by a DealRecorded announced at `announcedMs` (Infinity: not announced). */
  anchor(no: number, announcedMs: number): void {
    this.anchorAnnounced[no] = announcedMs;
  }

  /** Deal `no` took a DealRetracted at `position`, announced at `announcedMs` (when given). */
  retract(no: number, position: number, announcedMs: number | undefined): void {
    this.retractedPosition[no] = Math.min(this.retractedPosition[no], position);
    if (announcedMs !== undefined)
      this.retractedAnnounced[no] = Math.min(
        this.retractedAnnounced[no],
        announcedMs,
      );
  }

  /** Retracted as known at (`knownPosition`, `knownAtMs`) (Infinity: everything known). */
  isRetracted(no: number, knownPosition: number, knownAtMs: number): boolean {
    const rp = this.retractedPosition[no];
    const ra = this.retractedAnnounced[no];
    return (
      (rp !== Infinity && rp <= knownPosition) ||
      (ra !== Infinity && ra <= knownAtMs)
    );
  }

  /**
   * True when deal `no` is surely not in the view: retracted (as `isRetracted` says), not signed
   * by `atMs` (its earliest effective time after it), or its DealRecorded neither recorded nor
   * announced by then. False leaves the answer to the fold.
   */
  passesOver(
    no: number,
    atMs: number,
    knownPosition: number,
    knownAtMs: number,
  ): boolean {
    if (this.earliest[no] > atMs) return true;
    if (this.isRetracted(no, knownPosition, knownAtMs)) return true;
    const ap = this.numbers.anchorPositionOf(no);
    const aa = this.anchorAnnounced[no];
    return ap > knownPosition && !(aa !== Infinity && aa <= knownAtMs);
  }
}

/** Where each deal's anchor position is kept, by its number (Infinity until indexed). */
export interface AnchorPositions {
  anchorPositionOf(no: number): number;
}
