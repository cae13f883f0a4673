import type { CompanyStanding } from './company.standing';
import type { DealStanding } from './deal.standing';
import type { EdgeColumns, Interner } from './edge-table';
import type { DealVisitor } from './network-deals';

/**
 * The bitemporal point-in-time engine.
 *
 * `view(at, knownAt)` folds the events recorded at or before `knownAt` — every position up to
 * {@link PointInTimeSource.knownPosition}(knownAt) — ordered by effective time (position breaks
 * ties), keeping those effective at or before `at`. Two refinements, shared by every engine:
 * - a `DealRetracted` known by then removes the deal from the view whatever its effective time
 *   (recorded in error: it never existed);
 * - an event effective before its deal's signing (or its company's registration) takes effect
 *   at the signing (registration): nothing exists before it.
 *
 * Engines: `TemporalIndex` (temporal-index.ts; fast: per-deal and per-company event lists sorted by
 * (effective time, position), per-company deal lists and a recorded-time → position index, so a
 * query folds only the few events of the deals it touches) and `NaiveReplay` (naive-replay.ts,
 * the reference: every query replays the whole history). Both fold through the same
 * `evolveDealStanding` / `evolveCompanyStanding` and answer through the same view builders.
 */
export interface PointInTimeSource {
  /** The last position recorded at or before `knownAtMs` (0 when none). */
  knownPosition(knownAtMs: number): number;
  /** The highest position indexed (0 when empty). */
  headPosition(): number;
  /**
   * Every query takes the known cut as (knownPosition, knownAtMs): an event is known when its
   * position is at most knownPosition (recorded by then) or its announcedAt is at most knownAtMs
   * (see isKnown). knownAtMs defaults to -Infinity: the cut by position alone (scenario overlays).
   */
  deal(
    dealId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs?: number,
  ): DealStanding | undefined;
  company(
    companyId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs?: number,
  ): CompanyStanding | undefined;
  deals(
    atMs: number,
    knownPosition: number,
    knownAtMs?: number,
  ): DealStanding[];
  companies(
    atMs: number,
    knownPosition: number,
    knownAtMs?: number,
  ): CompanyStanding[];
  /** Deals the company is party to (either side). */
  dealsOf(
    companyId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs?: number,
  ): DealStanding[];
  /**
   * Optional, for whole-network answers: the deals of `deals(...)` in recording order (as
   * `byRecording` sorts them), each folded into what the valuation reads of its standing — one
   * object reused for every deal: read it before the next — passed with its parties' numbers
   * among `wholeNetwork().companies`. False, and nothing visited, when the source cannot.
   */
  eachDeal?(
    atMs: number,
    knownPosition: number,
    knownAtMs: number,
    visit: DealVisitor,
  ): boolean;
  /**
   * With `eachDeal`: the companies' numbers (interned once for the source's lifetime) and the
   * edge and dependency columns its whole-network answers are summed in, one answer after the
   * other.
   */
  wholeNetwork?(): {
    readonly companies: Interner;
    readonly edges: EdgeColumns;
    readonly dependencies: EdgeColumns;
  };
  /** Positions of the deal's events folded into its state (for explanations). */
  positionsOf(
    dealId: string,
    atMs: number,
    knownPosition: number,
    knownAtMs?: number,
  ): number[];
}
