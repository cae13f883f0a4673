import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  RecordedEvent,
} from '../event-store/event-store.port';
import { StreamNotFoundError } from '../event-store/event-store.errors';
import { NotFoundError } from '../shared/errors';
import { idOfStream, streams } from '../shared/ids';
import { AuditAnchors } from './audit-anchors.service';
import {
  ChainBreak,
  ChainProblem,
  ChainReport,
  ChainVerifier,
  StoreAnchor,
} from './domain/chain-verifier';
import { dealCompanies, EntityKind, recordedView } from './domain/entity-view';
import {
  entityKindOfStream,
  entryOf,
  HistoryEntry,
  historyOf,
} from './domain/history';

export interface AuditQuery {
  actor?: string;
  /** Recorded time, inclusive bounds (ISO instants). */
  from?: string;
  to?: string;
  deal?: string;
  company?: string;
  limit: number;
  /** Only entries before this global position (exclusive): the previous page's `nextCursor`. */
  before?: number;
}

export interface AuditEntry extends HistoryEntry {
  readonly stream: string;
  readonly dealId?: string;
  readonly companyId?: string;
  readonly scenarioId?: string;
  readonly companies: readonly string[];
}

export interface AuditPage {
  readonly items: readonly AuditEntry[];
  /** Pass as `cursor` (or `before`) for the next, older page; null when there is none. */
  readonly nextCursor: string | null;
}

const AUDITED_PREFIXES = ['company-', 'deal-', 'scenario-'];
/** The stream named by a break of the store as a whole (its position is a global one). */
const ALL = '$all';

/** What `verify` found about the store as a whole. */
export interface StoreVerification {
  readonly storeId: string | null;
  /** True when the store seals every row (SQLite); EventStoreDB keeps its own log. */
  readonly sealed: boolean;
  /** The last position and its seal now: record it elsewhere to anchor the store yourself. */
  readonly head: { readonly position: number; readonly seal: string } | null;
  /** The anchor kept outside the store. */
  readonly anchor: StoreAnchor | null;
  /** Why the anchors cannot vouch for this store, if they cannot. */
  readonly trouble?: string;
}

/** Reads the audit trail from the store: stream histories, the ledger-wide log, chain verification. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly anchors: AuditAnchors,
  ) {}

  /** Every change of a deal or company, oldest first; NotFoundError when the stream does not exist. */
  async history(kind: EntityKind, id: string): Promise<HistoryEntry[]> {
    const events = await this.readStream(
      kind === 'deal' ? streams.deal(id) : streams.company(id),
    );
    if (events === undefined) throw new NotFoundError(kind, id);
    return historyOf(kind, events);
  }

  /** Recorded changes across the ledger, newest first, one page. */
  async log(query: AuditQuery): Promise<AuditPage> {
    const histories = new Map<
      string,
      Promise<{ entries: Map<number, HistoryEntry>; companies: string[] }>
    >();
    const historyOfStream = (streamId: string) => {
      let h = histories.get(streamId);
      if (!h) {
        h = this.streamHistory(streamId);
        histories.set(streamId, h);
      }
      return h;
    };
    const fromMs = query.from ? Date.parse(query.from) : undefined;
    const toMs = query.to ? Date.parse(query.to) : undefined;
    const source: AsyncIterable<RecordedEvent> = query.deal
      ? this.readStreamBackwards(streams.deal(query.deal), query.before)
      : this.store.readAll({
          direction: 'backwards',
          ...(query.before !== undefined
            ? { fromPosition: query.before - 1 }
            : {}),
          filter: { streamPrefixes: AUDITED_PREFIXES },
        });
    const items: AuditEntry[] = [];
    let more = false;
    for await (const event of source) {
      if (query.before !== undefined && event.position >= query.before)
        continue;
      const recordedMs = Date.parse(event.recordedAt);
      if (toMs !== undefined && recordedMs > toMs) continue;
      // Recorded time never goes backwards with position, so reading newest first we can stop here.
      if (fromMs !== undefined && recordedMs < fromMs) break;
      if (query.actor !== undefined && event.metadata.actor !== query.actor)
        continue;
      const { entries, companies } = await historyOfStream(event.streamId);
      if (query.company !== undefined && !companies.includes(query.company))
        continue;
      if (items.length === query.limit) {
        more = true;
        break;
      }
      items.push(
        this.auditEntry(event, entries.get(event.revision), companies),
      );
    }
    return {
      items,
      nextCursor:
        more && items.length > 0
          ? String(items[items.length - 1].position)
          : null,
    };
  }

  /**
   * Walks every stream's hash chain in global order, the store's seal over every column and the
   * global order (SQLite), and checks both against the anchors kept outside the store. Any
   * mismatch with the anchors is a break, never a warning.
   */
  async verify(): Promise<
    ChainReport & {
      anchoredStreams: number;
      firstBroken: ChainBreak | null;
      store: StoreVerification;
    }
  > {
    // Anchors first catch up with what the store holds, so they are not mistaken for a cut tail.
    await this.anchors.whenSeen(await this.store.headPosition());
    const anchors = this.anchors.snapshot();
    const verifier = new ChainVerifier(anchors);
    for await (const event of this.store.readAll()) verifier.add(event);
    const report = verifier.finish();
    const { breaks, store } = await this.verifyStore();
    const broken = mergeBreaks([...report.broken, ...breaks]).sort(
      (a, b) =>
        a.position - b.position ||
        a.stream.localeCompare(b.stream) ||
        a.revision - b.revision,
    );
    // API.md: "names the first broken link, if any" (in global order).
    return {
      ...report,
      ok: broken.length === 0,
      broken,
      anchoredStreams: anchors.size,
      firstBroken: broken[0] ?? null,
      store,
    };
  }

  /** The store-wide half of {@link verify}: seals, the store's anchor, the anchors file. */
  private async verifyStore(): Promise<{
    breaks: ChainBreak[];
    store: StoreVerification;
  }> {
    const breaks: ChainBreak[] = [];
    const storeBreak = (
      position: number,
      problem: ChainProblem,
      stream = ALL,
      revision = position,
    ) => breaks.push({ stream, revision, position, problems: [problem] });
    const storeId = await this.store.storeId();
    const trouble = this.anchors.trouble();
    const anchor = this.anchors.storeSnapshot();
    const seals = this.store.verifySeals
      ? await this.store.verifySeals()
      : undefined;
    if (trouble) storeBreak(anchor?.position ?? 0, trouble.problem);
    if (seals?.firstBroken) {
      const b = seals.firstBroken;
      storeBreak(b.position, b.problem, b.stream, b.revision);
    }
    if (!trouble && anchor) {
      // The log's last position as it is (not the last sound one: a break is reported apart).
      const head = await this.store.headPosition();
      if (anchor.storeId !== storeId)
        storeBreak(anchor.position, 'store-mismatch');
      else if (head < anchor.position) storeBreak(head + 1, 'missing-tail');
      else if (anchor.seal !== undefined && this.store.sealAt) {
        const seal = await this.store.sealAt(anchor.position);
        if (seal !== anchor.seal)
          storeBreak(anchor.position, 'anchor-mismatch');
      }
    }
    return {
      breaks,
      store: {
        storeId: storeId ?? null,
        sealed: seals !== undefined,
        head: seals?.head ?? null,
        anchor: anchor ?? null,
        ...(trouble ? { trouble: trouble.detail } : {}),
      },
    };
  }

  private auditEntry(
    event: RecordedEvent,
    entry: HistoryEntry | undefined,
    companies: readonly string[],
  ): AuditEntry {
    const base = entry ?? entryOf(event, []);
    const id = idOfStream(event.streamId);
    const entity = entityKindOfStream(event.streamId);
    const kind = entity ? (`${entity}Id` as const) : 'scenarioId';
    return { stream: event.streamId, [kind]: id, ...base, companies };
  }

  private async streamHistory(
    streamId: string,
  ): Promise<{ entries: Map<number, HistoryEntry>; companies: string[] }> {
    const kind = entityKindOfStream(streamId);
    const events = (await this.readStream(streamId)) ?? [];
    if (!kind) return { entries: new Map(), companies: [] };
    const entries = new Map(
      historyOf(kind, events).map((e) => [e.revision, e]),
    );
    const companies =
      kind === 'company'
        ? [idOfStream(streamId)]
        : dealCompanies(recordedView('deal', events.slice(0, 1)));
    return { entries, companies };
  }

  private async readStream(
    streamId: string,
  ): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.store.readStream(streamId))
        events.push(event);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return events;
  }

  private async *readStreamBackwards(
    streamId: string,
    before: number | undefined,
  ): AsyncIterable<RecordedEvent> {
    try {
      for await (const event of this.store.readStream(streamId, {
        direction: 'backwards',
      })) {
        if (before === undefined || event.position < before) yield event;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
}

/** One entry per broken record: a stream's chain and the store's seal may both find the same row. */
function mergeBreaks(breaks: readonly ChainBreak[]): ChainBreak[] {
  const byRecord = new Map<string, ChainBreak>();
  for (const b of breaks) {
    const key = `${b.stream}\u0000${b.revision}\u0000${b.position}`;
    const seen = byRecord.get(key);
    byRecord.set(
      key,
      seen ? { ...seen, problems: [...seen.problems, ...b.problems] } : b,
    );
  }
  return [...byRecord.values()];
}
