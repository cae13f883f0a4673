import {
  datedEvent,
  entityOf,
  isKnown,
  DatedEvent,
} from '../../exposure/domain/dated-event';
import {
  buildTemporalIndex,
  PointInTimeSource,
  TemporalIndex,
} from '../../exposure/domain/temporal-index';
import type { LedgerEvent } from '../../ledger/domain/ledger.events';
import { ValidationError } from '../../shared/errors';
import { OverlayItem, OverlayLedgerType } from './scenario.definition';

/** The scenario's timeline and the position that bounds what it knows. */
export interface ScenarioTimeline {
  readonly source: PointInTimeSource;
  /** Query the source with this position (for an overlay index: its last position, as it holds only what was known). */
  readonly knownPosition: number;
  /**
   * And with this time: an event announced by then is known though recorded later (DESIGN.md
   * "Public knowledge"). An overlay index holds only known events, so it needs none (-Infinity).
   */
  readonly knownAtMs: number;
}

/**
 * The real history as known at (`knownPosition`, `knownAtMs`: recorded or announced by then), with the overlay merged in by effective time and
 * the suppressed deals left out, folded by the exposure engine's own `evolve` (TemporalIndex).
 * Hypothetical events get positions after every real one, in overlay order, so an effective-time tie
 * goes to the real event; they are recorded "now" for the index and always known.
 * Without an overlay the serving index is used as it is.
 */
export function scenarioTimeline(
  real: TemporalIndex,
  knownPosition: number,
  overlay: readonly OverlayItem[],
  knownAtMs = -Infinity,
): ScenarioTimeline {
  if (overlay.length === 0) return { source: real, knownPosition, knownAtMs };
  const suppressed = new Set<string>();
  for (const item of overlay)
    if (item.type === 'SuppressDeal') suppressed.add(item.deal);
  const kept: DatedEvent[] = [];
  let last = 0;
  for (const env of real.envelopes()) {
    // Recorded later but announced by knownAt: known then (a history loaded today replays as known).
    if (!isKnown(env, knownPosition, knownAtMs)) continue;
    last = env.position;
    const entity = entityOf(env.event);
    if (entity.kind === 'deal' && suppressed.has(entity.id)) continue;
    kept.push(env);
  }
  const lastRecordedAtMs = kept.length ? kept[kept.length - 1].recordedAtMs : 0;
  let position = Math.max(
    last,
    Number.isFinite(knownPosition) ? knownPosition : last,
  );
  for (const item of overlay) {
    if (item.type === 'SuppressDeal') continue;
    position++;
    // the same one-object envelope as the ledger's events (toDatedEvent), so the index sees one shape
    kept.push(
      datedEvent(
        position,
        lastRecordedAtMs,
        Date.parse(item.effectiveAt),
        item.type,
        item.data as LedgerEvent['data'],
        undefined,
      ),
    );
  }
  // A finite bound: every kept event is at or below it (the engine treats an unbounded position as
  // knowing of retractions that never happened).
  return {
    source: buildTemporalIndex(kept),
    knownPosition: Math.max(position, 1),
    knownAtMs: -Infinity,
  };
}

/** The overlay events that begin an entity: which kind, and the field holding its id. */
const BEGINS: Partial<
  Record<
    OverlayLedgerType,
    readonly ['company', 'companyId'] | readonly ['deal', 'dealId']
  >
> = {
  CompanyRegistered: ['company', 'companyId'],
  DealRecorded: ['deal', 'dealId'],
};

/**
 * An overlay's references checked against the ledger's ids: a suppressed deal must exist, and a
 * hypothetical company or deal needs an id of its own — registering a company or recording a deal
 * the ledger already has (or the overlay already made) would give one id two beginnings, and the
 * fold no single answer.
 */
export function checkOverlayIds(
  overlay: readonly OverlayItem[],
  ledger: { hasDeal(id: string): boolean; hasCompany(id: string): boolean },
): void {
  const made = { company: new Set<string>(), deal: new Set<string>() };
  overlay.forEach((item, i) => {
    if (item.type === 'SuppressDeal') {
      if (!ledger.hasDeal(item.deal))
        throw new ValidationError(
          `overlay[${i}].deal`,
          `unknown deal ${item.deal}`,
        );
      return;
    }
    const begins = BEGINS[item.type];
    if (begins === undefined) return;
    const [kind, field] = begins;
    const id = item.data[field] as string;
    const exists =
      kind === 'company' ? ledger.hasCompany(id) : ledger.hasDeal(id);
    if (exists || made[kind].has(id))
      throw new ValidationError(
        `overlay[${i}].data.${field}`,
        `${kind} ${id} already exists${exists ? ' in the ledger' : ' earlier in the overlay'}: a hypothetical ${kind} needs an id of its own`,
      );
    made[kind].add(id);
  });
}
