import { CompanyEvent, DealEvent } from '../../ledger/domain/ledger.events';
import { CompanyStanding, evolveCompanyStanding } from './company.standing';
import { DealStanding, evolveDealStanding } from './deal.standing';
import { entityOf, isKnown, DatedEvent } from './dated-event';
import { PointInTimeSource } from './temporal-index';

/**
 * The reference engine: every query replays the whole history, literally as DESIGN.md "Point in
 * time" states it. Slow by design; the fast engine must answer exactly the same.
 */
export class NaiveReplay implements PointInTimeSource {
  private readonly history: DatedEvent[];

  constructor(envelopes: Iterable<DatedEvent>) {
    const byPosition = new Map<number, DatedEvent>();
    for (const e of envelopes)
      if (!byPosition.has(e.position)) byPosition.set(e.position, e);
    this.history = [...byPosition.values()].sort(
      (a, b) => a.position - b.position,
    );
  }

  headPosition(): number {
    return this.history.length
      ? this.history[this.history.length - 1].position
      : 0;
  }

  knownPosition(knownAtMs: number): number {
    let known = 0;
    for (const e of this.history)
      if (e.recordedAtMs <= knownAtMs && e.position > known) known = e.position;
    return known;
  }

  /**
   * Full replay: every company and deal as of (at, known), an event known when recorded by then
   * (position ≤ knownPosition) or announced by then (announcedAt ≤ knownAtMs).
   */
  replay(
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): {
    deals: Map<string, DealStanding>;
    companies: Map<string, CompanyStanding>;
  } {
    const known = this.history.filter((e) =>
      isKnown(e, knownPosition, knownAtMs),
    );
    const retracted = new Set<string>();
    const signedAt = new Map<string, number>();
    const registeredAt = new Map<string, number>();
    for (const e of known) {
      if (e.event.type === 'DealRetracted') retracted.add(e.event.data.dealId);
      if (e.event.type === 'DealRecorded' && !signedAt.has(e.event.data.dealId))
        signedAt.set(e.event.data.dealId, e.effectiveAtMs);
      if (
        e.event.type === 'CompanyRegistered' &&
        !registeredAt.has(e.event.data.companyId)
      )
        registeredAt.set(e.event.data.companyId, e.effectiveAtMs);
    }
    const keyOf = (e: DatedEvent): number => {
      const entity = entityOf(e.event);
      if (
        e.event.type === 'DealRecorded' ||
        e.event.type === 'CompanyRegistered'
      )
        return e.effectiveAtMs;
      const anchor =
        entity.kind === 'deal'
          ? signedAt.get(entity.id)
          : registeredAt.get(entity.id);
      return anchor === undefined
        ? e.effectiveAtMs
        : Math.max(e.effectiveAtMs, anchor);
    };
    const inEffect = known
      .map((e) => ({ e, k: keyOf(e) }))
      .filter(({ e, k }) => k <= atMs && e.event.type !== 'DealRetracted')
      .sort((a, b) => a.k - b.k || a.e.position - b.e.position);
    const deals = new Map<string, DealStanding>();
    const companies = new Map<string, CompanyStanding>();
    for (const { e } of inEffect) {
      const entity = entityOf(e.event);
      if (entity.kind === 'deal') {
        if (retracted.has(entity.id)) continue;
        const next = evolveDealStanding(
          deals.get(entity.id),
          e as DatedEvent & { event: DealEvent },
        );
        if (next) deals.set(entity.id, next);
      } else {
        const next = evolveCompanyStanding(
          companies.get(entity.id),
          e as DatedEvent & { event: CompanyEvent },
        );
        if (next) companies.set(entity.id, next);
      }
    }
    return { deals, companies };
  }

  deal(
    dealId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): DealStanding | undefined {
    return this.replay(atMs, knownPosition, knownAtMs).deals.get(dealId);
  }

  company(
    companyId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): CompanyStanding | undefined {
    return this.replay(atMs, knownPosition, knownAtMs).companies.get(companyId);
  }

  deals(
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): DealStanding[] {
    return [...this.replay(atMs, knownPosition, knownAtMs).deals.values()];
  }

  companies(
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): CompanyStanding[] {
    return [...this.replay(atMs, knownPosition, knownAtMs).companies.values()];
  }

  dealsOf(
    companyId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): DealStanding[] {
    return this.deals(atMs, knownPosition, knownAtMs).filter(
      (d) => d.creditor === companyId || d.debtor === companyId,
    );
  }

  positionsOf(
    dealId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs = -Infinity,
  ): number[] {
    const { deals } = this.replay(atMs, knownPosition, knownAtMs);
    if (!deals.has(dealId)) return [];
    const signed =
      this.history.find(
        (e) =>
          e.event.type === 'DealRecorded' && e.event.data.dealId === dealId,
      )?.effectiveAtMs ?? -Infinity;
    return this.history
      .filter((e) => {
        const entity = entityOf(e.event);
        if (
          entity.kind !== 'deal' ||
          entity.id !== dealId ||
          !isKnown(e, knownPosition, knownAtMs)
        )
          return false;
        const k =
          e.event.type === 'DealRecorded'
            ? e.effectiveAtMs
            : Math.max(e.effectiveAtMs, signed);
        return k <= atMs;
      })
      .sort((a, b) => {
        const ka =
          a.event.type === 'DealRecorded'
            ? a.effectiveAtMs
            : Math.max(a.effectiveAtMs, signed);
        const kb =
          b.event.type === 'DealRecorded'
            ? b.effectiveAtMs
            : Math.max(b.effectiveAtMs, signed);
        return ka - kb || a.position - b.position;
      })
      .map((e) => e.position);
  }
}
