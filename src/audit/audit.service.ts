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
  ChainReport,
  ChainVerifier,
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

  /** Walks every stream's hash chain in global order, and checks the anchors kept outside the store. */
  async verify(): Promise<
    ChainReport & { anchoredStreams: number; firstBroken: ChainBreak | null }
  > {
    // Anchors first catch up with what the store holds, so they are not mistaken for a cut tail.
    await this.anchors.whenSeen(await this.store.headPosition());
    const anchors = this.anchors.snapshot();
    const verifier = new ChainVerifier(anchors);
    for await (const event of this.store.readAll()) verifier.add(event);
    const report = verifier.finish();
    // API.md: "names the first broken link, if any" (in global order).
    return {
      ...report,
      anchoredStreams: anchors.size,
      firstBroken: report.broken[0] ?? null,
    };
  }

  private auditEntry(
    event: RecordedEvent,
    entry: HistoryEntry | undefined,
    companies: readonly string[],
  ): AuditEntry {
    const base = entry ?? entryOf(event, []);
    const id = idOfStream(event.streamId);
    const kind = event.streamId.startsWith('deal-')
      ? 'dealId'
      : event.streamId.startsWith('company-')
        ? 'companyId'
        : 'scenarioId';
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
