import { JsonObject } from '../../shared/json';
import { chainHash, GENESIS_HASH } from '../../shared/event-metadata';

/** What the verifier needs of a stored event (a RecordedEvent fits). */
export interface ChainEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export type ChainProblem =
  /** The event's content no longer matches its own hash: edited in place. */
  | 'hash-mismatch'
  /** The event does not follow the previous one of its stream: one was deleted, inserted or moved. */
  | 'prev-hash-mismatch'
  /** Revisions skip ahead: events of the stream are missing. */
  | 'revision-gap'
  /** Revisions go back or repeat in global order: events were reordered or duplicated. */
  | 'out-of-order'
  /** An anchor (a revision and hash seen earlier, kept outside the store) says the stream went further: its tail was deleted. */
  | 'missing-tail'
  /** The event at an anchored revision is not the one seen when the anchor was taken: replaced. */
  | 'anchor-mismatch'
  /** No hash chain fields at all (or, for the store's seal, no seal on the row). */
  | 'unsealed'
  /** The store's seal over every column and the global order does not match: a row was edited, moved or replaced. */
  | 'seal-mismatch'
  /** Global positions skip: rows were deleted from the log. */
  | 'position-gap'
  /** The anchors were taken from another store (or the store's anchored seal is not what is there now). */
  | 'store-mismatch'
  /** The anchors file cannot be read or was changed behind the server's back. */
  | 'anchors-unreadable'
  | 'anchors-replaced';

export interface ChainBreak {
  readonly stream: string;
  /** The revision where the chain breaks (for `missing-tail`, the first missing revision). */
  readonly revision: number;
  /** The global position of the offending event (for `missing-tail`, the last one present). */
  readonly position: number;
  readonly problems: readonly ChainProblem[];
}

export interface ChainReport {
  readonly ok: boolean;
  /** Events checked. */
  readonly checked: number;
  readonly streams: number;
  readonly broken: readonly ChainBreak[];
}

/** The last event of a stream as seen earlier, kept apart from the store (see AuditAnchors). */
export interface StreamAnchor {
  readonly revision: number;
  readonly hash: string;
  readonly position: number;
}

/** The store as seen earlier: its id, and the last position seen with that row's seal (SQLite). */
export interface StoreAnchor {
  readonly storeId: string;
  readonly position: number;
  readonly seal?: string;
}

interface StreamCursor {
  nextRevision: number;
  lastHash: string;
  lastPosition: number;
}

/**
 * Walks events in global order and checks every stream's hash chain: each event's hash covers
 * its type, data and metadata, and names the previous event's hash. An edited event fails its
 * own hash; a deleted one leaves a revision gap and a prevHash that matches nothing; a reordered
 * one goes back in revision and breaks the links around it. Deleting the *last* events of a
 * stream leaves no trace in the chain itself, so the verifier also checks `anchors`: each
 * stream's last revision and hash as seen earlier and kept outside the store. Pure: feed it, then ask.
 */
export class ChainVerifier {
  private readonly cursors = new Map<string, StreamCursor>();
  private readonly broken: ChainBreak[] = [];
  private checked = 0;

  constructor(
    private readonly anchors: ReadonlyMap<string, StreamAnchor> = new Map(),
  ) {}

  add(event: ChainEvent): void {
    this.checked++;
    const cursor = this.cursors.get(event.streamId) ?? {
      nextRevision: 0,
      lastHash: GENESIS_HASH,
      lastPosition: 0,
    };
    const problems: ChainProblem[] = [];
    if (event.revision > cursor.nextRevision) problems.push('revision-gap');
    if (event.revision < cursor.nextRevision) problems.push('out-of-order');
    const m = event.metadata;
    if (typeof m.hash !== 'string' || typeof m.prevHash !== 'string') {
      problems.push('unsealed');
    } else {
      if (chainHash(event.type, event.data, m) !== m.hash)
        problems.push('hash-mismatch');
      if (m.prevHash !== cursor.lastHash) problems.push('prev-hash-mismatch');
    }
    const anchor = this.anchors.get(event.streamId);
    if (anchor && anchor.revision === event.revision && anchor.hash !== m.hash)
      problems.push('anchor-mismatch');
    if (problems.length > 0) {
      this.broken.push({
        stream: event.streamId,
        revision: event.revision,
        position: event.position,
        problems,
      });
    }
    // Carry on from this event, so one tampered record is reported once, not everything after it.
    this.cursors.set(event.streamId, {
      nextRevision: Math.max(cursor.nextRevision, event.revision + 1),
      lastHash: typeof m.hash === 'string' ? m.hash : cursor.lastHash,
      lastPosition: event.position,
    });
  }

  /** The streams seen so far, for the caller to look up their revision in the store. */
  streamIds(): string[] {
    return [...this.cursors.keys()];
  }

  finish(): ChainReport {
    const broken = [...this.broken];
    for (const [stream, anchor] of this.anchors) {
      const cursor = this.cursors.get(stream);
      const seenNext = cursor?.nextRevision ?? 0;
      if (anchor.revision + 1 > seenNext) {
        broken.push({
          stream,
          revision: seenNext,
          position: cursor?.lastPosition ?? anchor.position,
          problems: ['missing-tail'],
        });
      }
    }
    broken.sort(
      (a, b) =>
        a.position - b.position ||
        a.stream.localeCompare(b.stream) ||
        a.revision - b.revision,
    );
    return {
      ok: broken.length === 0,
      checked: this.checked,
      streams: this.cursors.size,
      broken,
    };
  }
}
