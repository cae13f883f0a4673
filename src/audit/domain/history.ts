import { JsonValue } from '../../shared/json';
import {
  diffViews,
  EntityKind,
  EntityView,
  evolveEntityView,
  FieldChange,
  ViewEvent,
} from './entity-view';

/** What an audit entry needs of a stored event (a RecordedEvent fits). */
export interface AuditableEvent extends ViewEvent {
  readonly streamId: string;
  readonly recordedAt: string;
}

/** One change in a deal's or a company's history (API.md `GET /deals/:id/history`). */
export interface HistoryEntry {
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly effectiveAt: JsonValue;
  readonly recordedAt: string;
  /** When the world learned of it, when the write said so (null otherwise). */
  readonly announcedAt: JsonValue;
  readonly actor: JsonValue;
  readonly reason: JsonValue;
  readonly changes: readonly FieldChange[];
}

/**
 * Folds a stream in revision order (as recorded, whatever the effective times) and lists
 * what each event changed: a recording lists every field from null; an amendment only the
 * fields whose value it changed; a payment or write-down the running total it moved.
 */
export function historyOf(
  kind: EntityKind,
  events: readonly AuditableEvent[],
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let view: EntityView | undefined;
  for (const event of events) {
    const next = evolveEntityView(kind, view, event);
    entries.push(entryOf(event, diffViews(view, next)));
    view = next;
  }
  return entries;
}

export function entryOf(
  event: AuditableEvent,
  changes: readonly FieldChange[],
): HistoryEntry {
  const m = event.metadata;
  return {
    revision: event.revision,
    position: event.position,
    type: event.type,
    effectiveAt: m.effectiveAt ?? null,
    recordedAt: event.recordedAt,
    announcedAt: m.announcedAt ?? null,
    actor: m.actor ?? null,
    reason: m.reason ?? null,
    changes,
  };
}

/** The entity kind of a stream (`deal-…`, `company-…`), or undefined for other streams. */
export function entityKindOfStream(streamId: string): EntityKind | undefined {
  if (streamId.startsWith('deal-')) return 'deal';
  if (streamId.startsWith('company-')) return 'company';
  return undefined;
}
