import type { FlagReason } from '../../contracts';
import {
  DEAL_CERTAINTIES,
  DealCertainty,
  DealKind,
} from '../../ledger/domain/ledger.events';
import { payerPayee } from '../../ledger/domain/deal-kinds';
import { ValidationError } from '../../shared/errors';
import { addMonthsMs } from '../../shared/time';
import {
  buildNetworkView,
  byRecording,
  EdgeBuilder,
  NetworkOf,
  NetworkParts,
  networkPartsOf,
  networkPartsOfDeals,
  networkViewOf,
  NetworkView,
  valueInto,
  ViewOptions,
  WorthyDeal,
  worthAll,
} from './exposure.views';
import {
  buildCompanyExposure,
  CompanyExposureView,
} from './company-exposure.view';
import { buildDealView, DealView } from './deal.view';
import { PointInTimeSource } from './temporal-index';
import { CompanyStanding } from './company.standing';
import { DealStanding } from './deal.standing';
import { Caveat, ValuationSettings, valueFigures } from './valuation';

/**
 * A point in bitemporal time: valid time `atMs`; known time as the last position recorded by then
 * and, when given, `knownAtMs` itself (events announced by then count too: DESIGN.md "Public
 * knowledge"). Without `knownAtMs` the cut is by position alone.
 */
export interface Bitemporal {
  readonly atMs: number;
  readonly knownPosition: number;
  readonly knownAtMs?: number;
}

export interface QueryOptions {
  explain?: boolean;
  /** Horizon, damages rate and what counts; DEFAULT_VALUATION when absent. */
  valuation?: ValuationSettings;
}

function positionsFn(
  src: PointInTimeSource,
  p: Bitemporal,
  options: QueryOptions,
) {
  return options.explain
    ? (dealId: string) =>
        src.positionsOf(dealId, p.atMs, p.knownPosition, p.knownAtMs)
    : undefined;
}

/** The whole network at a point, every edge and dependency in one array. */
export function networkAt(
  src: PointInTimeSource,
  p: Bitemporal,
  options: QueryOptions = {},
): NetworkView & { worths: WorthyDeal[] } {
  return networkFrom(src, p, options, networkViewOf, buildNetworkView);
}

/**
 * The whole network at a point with its edges and dependencies made a chunk at a time, when read
 * (`NetworkParts`): for an answer written out chunk by chunk (`jsonPieces`).
 */
export function networkPartsAt(
  src: PointInTimeSource,
  p: Bitemporal,
  options: QueryOptions = {},
): NetworkParts {
  return networkFrom(src, p, options, networkPartsOf, networkPartsOfDeals);
}

function networkFrom<R>(
  src: PointInTimeSource,
  p: Bitemporal,
  options: QueryOptions,
  ofIndex: NetworkOf<R>,
  ofDeals: (
    deals: readonly DealStanding[],
    companies: readonly CompanyStanding[],
    t: number,
    options: ViewOptions,
  ) => R,
): R {
  const companiesOf = () => src.companies(p.atMs, p.knownPosition, p.knownAtMs);
  const view = {
    positionsOf: positionsFn(src, p, options),
    valuation: options.valuation,
  };
  const network = src.wholeNetwork?.();
  if (network === undefined || src.eachDeal === undefined)
    return ofDeals(
      src.deals(p.atMs, p.knownPosition, p.knownAtMs),
      companiesOf(),
      p.atMs,
      view,
    );
  // each deal folded and valued as it comes: no standing nor valuation kept per deal
  const t = p.atMs;
  const knownAtMs = p.knownAtMs ?? -Infinity;
  return ofIndex(
    (builder, settings) => {
      const caveats: Caveat[] = [];
      const visited = src.eachDeal!(
        t,
        p.knownPosition,
        knownAtMs,
        (state, creditor, debtor) => {
          const f = valueFigures(state, t, settings);
          if (f.caveats !== null) for (const c of f.caveats) caveats.push(c);
          builder.addValued(state.dealId, state.kind, creditor, debtor, f);
        },
      );
      if (visited) return caveats;
      const deals = src.deals(t, p.knownPosition, p.knownAtMs);
      return valueInto([...deals].sort(byRecording), t, settings, builder);
    },
    new EdgeBuilder(view, network.companies, network),
    companiesOf,
    t,
    view,
    () => worthAll(src.deals(t, p.knownPosition, p.knownAtMs), t),
  );
}

function companyLookup(
  src: PointInTimeSource,
  p: Bitemporal,
): (id: string) => CompanyStanding | undefined {
  const cache = new Map<string, CompanyStanding | undefined>();
  return (id) => {
    if (!cache.has(id))
      cache.set(id, src.company(id, p.atMs, p.knownPosition, p.knownAtMs));
    return cache.get(id);
  };
}

/** One company's exposure; undefined when the company is unknown at that point. */
export function companyExposureAt(
  src: PointInTimeSource,
  companyId: string,
  p: Bitemporal,
  options: QueryOptions & { top?: number } = {},
): CompanyExposureView | undefined {
  const company = src.company(companyId, p.atMs, p.knownPosition, p.knownAtMs);
  if (!company) return undefined;
  return buildCompanyExposure(
    company,
    src.dealsOf(companyId, p.atMs, p.knownPosition, p.knownAtMs),
    companyLookup(src, p),
    p.atMs,
    {
      positionsOf: positionsFn(src, p, options),
      top: options.top,
      valuation: options.valuation,
    },
  );
}

export function dealAt(
  src: PointInTimeSource,
  dealId: string,
  p: Bitemporal,
): DealView | undefined {
  const state = src.deal(dealId, p.atMs, p.knownPosition, p.knownAtMs);
  return state
    ? buildDealView(state, companyLookup(src, p), p.atMs)
    : undefined;
}

export type Step = { unit: 'day' | 'month'; count: number };

/** `day`, `week`, `month`, `quarter`, `year`, or ISO 8601 `P<n>D|W|M|Y`. */
export function parseStep(value: unknown, field = 'step'): Step {
  if (value === undefined || value === null || value === '')
    return { unit: 'month', count: 1 };
  if (typeof value !== 'string')
    throw new ValidationError(
      field,
      'must be day, week, month, quarter, year or an ISO 8601 duration such as P1M',
    );
  const named: Record<string, Step> = {
    day: { unit: 'day', count: 1 },
    week: { unit: 'day', count: 7 },
    month: { unit: 'month', count: 1 },
    quarter: { unit: 'month', count: 3 },
    year: { unit: 'month', count: 12 },
  };
  if (named[value]) return named[value];
  const m = /^P(\d{1,4})([DWMY])$/.exec(value);
  if (!m || +m[1] === 0)
    throw new ValidationError(
      field,
      `"${value}" is not a step (day, week, month, quarter, year, or P<n>D/W/M/Y with n ≥ 1)`,
    );
  const n = +m[1];
  switch (m[2]) {
    case 'D':
      return { unit: 'day', count: n };
    case 'W':
      return { unit: 'day', count: 7 * n };
    case 'M':
      return { unit: 'month', count: n };
    default:
      return { unit: 'month', count: 12 * n };
  }
}

export const MAX_TIMELINE_POINTS = 1000;

export function timelinePoints(
  fromMs: number,
  toMs: number,
  step: Step,
): number[] {
  if (toMs < fromMs) throw new ValidationError('to', 'must not be before from');
  const points: number[] = [];
  for (let i = 0; ; i++) {
    const t =
      step.unit === 'day'
        ? fromMs + i * step.count * 86_400_000
        : addMonthsMs(fromMs, i * step.count);
    if (t > toMs) break;
    if (points.length === MAX_TIMELINE_POINTS) {
      throw new ValidationError(
        'step',
        `from..to at this step gives more than ${MAX_TIMELINE_POINTS} points`,
      );
    }
    points.push(t);
  }
  return points;
}

export interface TimelinePoint {
  at: string;
  exposureOutUsd: number;
  exposureInUsd: number;
  byKind: Record<DealKind, { outUsd: number; inUsd: number }>;
  herfindahl: number;
  defaulted: boolean;
}

/** One company's exposure at each point (as known at `knownPosition`); points where it is unknown are skipped. */
export function companyTimeline(
  src: PointInTimeSource,
  companyId: string,
  points: readonly number[],
  knownPosition: number,
  knownAtMs?: number,
): TimelinePoint[] {
  const out: TimelinePoint[] = [];
  for (const atMs of points) {
    const v = companyExposureAt(src, companyId, {
      atMs,
      knownPosition,
      knownAtMs,
    });
    if (!v) continue;
    out.push({
      at: new Date(atMs).toISOString(),
      exposureOutUsd: v.exposureOutUsd,
      exposureInUsd: v.exposureInUsd,
      byKind: v.byKind,
      herfindahl: v.concentration.herfindahl,
      defaulted: v.defaulted,
    });
  }
  return out;
}

// ---- cycles ----

/** Money flows: investor → investee, lender → borrower, buyer → seller. */
export interface FlowLeg {
  from: string;
  to: string;
  kind: DealKind;
  amountUsd: number;
  deals: string[];
  /** The weakest certainty among its deals (binding, conditional, intent). */
  certainty: DealCertainty;
}

export interface Cycle {
  companies: string[];
  legs: FlowLeg[];
  /** The least leg: money that can go all the way round. */
  amountUsd: number;
  /**
   * The weakest certainty of its legs: a ring that runs through a letter of intent is money
   * only if the letter is signed.
   */
  certainty: DealCertainty;
  vendorFinancing: boolean;
}

export interface FlaggedDeal {
  dealId: string;
  kind: DealKind;
  reason: FlagReason;
  from: string;
  to: string;
  amountUsd: number;
}

export interface CyclesView {
  cycles: Cycle[];
  flagged: FlaggedDeal[];
  /** True when the search stopped at `limit` cycles or its step budget. */
  truncated: boolean;
}

/** The weaker of two certainties (binding > conditional > intent). */
function weaker(a: DealCertainty, b: DealCertainty): DealCertainty {
  return DEAL_CERTAINTIES.indexOf(a) >= DEAL_CERTAINTIES.indexOf(b) ? a : b;
}

/**
 * Rings of money among active deals. `minCertainty` leaves out deals weaker than it (default
 * `intent`: every deal, each ring saying its weakest certainty).
 */
export function findCycles(
  worths: readonly WorthyDeal[],
  options: {
    maxLength?: number;
    limit?: number;
    budget?: number;
    minCertainty?: DealCertainty;
  } = {},
): CyclesView {
  const maxLength = options.maxLength ?? 4;
  const weakest = DEAL_CERTAINTIES.indexOf(options.minCertainty ?? 'intent');
  const counted = ({ state, worth }: WorthyDeal): boolean =>
    worth.status === 'active' &&
    worth.outstandingUsd > 0 &&
    DEAL_CERTAINTIES.indexOf(state.terms.certainty) <= weakest;
  const limit = options.limit ?? 100;
  let budget = options.budget ?? 2_000_000;
  const legs = new Map<string, FlowLeg>();
  const vendorFinanced = new Set<string>();
  const activeSupply = new Set<string>();
  for (const w of worths) {
    if (!counted(w)) continue;
    const { state, worth } = w;
    const p = state.parties;
    const [from, to] = payerPayee(p);
    const key = `${from}\u0000${to}\u0000${p.kind}`;
    let leg = legs.get(key);
    if (!leg) {
      leg = {
        from,
        to,
        kind: p.kind,
        amountUsd: 0,
        deals: [],
        certainty: state.terms.certainty,
      };
      legs.set(key, leg);
    }
    leg.certainty = weaker(leg.certainty, state.terms.certainty);
    leg.amountUsd += worth.outstandingUsd;
    leg.deals.push(state.dealId);
    if (state.terms.vendorFinancing) vendorFinanced.add(state.dealId);
    if (p.kind === 'supply') activeSupply.add(`${p.seller}\u0000${p.buyer}`);
  }
  const flagged: FlaggedDeal[] = [];
  for (const w of worths) {
    if (!counted(w)) continue;
    const { state, worth } = w;
    const p = state.parties;
    const [from, to] = payerPayee(p);
    if (state.terms.vendorFinancing) {
      flagged.push({
        dealId: state.dealId,
        kind: p.kind,
        reason: 'vendor-financing',
        from,
        to,
        amountUsd: worth.outstandingUsd,
      });
    }
    if (
      p.kind === 'loan' &&
      activeSupply.has(`${p.lender}\u0000${p.borrower}`)
    ) {
      flagged.push({
        dealId: state.dealId,
        kind: 'loan',
        reason: 'lender-also-sells',
        from,
        to,
        amountUsd: worth.outstandingUsd,
      });
    }
  }
  // adjacency: from → legs, nodes numbered in id order; a cycle is reported from its smallest node.
  const nodes = [
    ...new Set([...legs.values()].flatMap((l) => [l.from, l.to])),
  ].sort();
  const index = new Map(nodes.map((n, i) => [n, i] as const));
  const adjacency: FlowLeg[][] = nodes.map(() => []);
  for (const leg of [...legs.values()].sort((a, b) =>
    a.to < b.to ? -1 : a.to > b.to ? 1 : a.kind < b.kind ? -1 : 1,
  )) {
    adjacency[index.get(leg.from)!].push(leg);
  }
  const cycles: Cycle[] = [];
  let truncated = false;
  const path: FlowLeg[] = [];
  const onPath = new Set<number>();
  const dfs = (start: number, node: number): boolean => {
    for (const leg of adjacency[node]) {
      if (--budget < 0 || cycles.length >= limit) {
        truncated = true;
        return false;
      }
      const next = index.get(leg.to)!;
      if (next === start) {
        const ring = [...path, leg];
        cycles.push({
          companies: ring.map((l) => l.from),
          legs: ring.map((l) => ({ ...l, deals: [...l.deals] })),
          amountUsd: Math.min(...ring.map((l) => l.amountUsd)),
          certainty: ring.map((l) => l.certainty).reduce(weaker),
          vendorFinancing: ring.some((l) =>
            l.deals.some((d) => vendorFinanced.has(d)),
          ),
        });
        continue;
      }
      if (next < start || onPath.has(next) || path.length + 1 >= maxLength)
        continue;
      path.push(leg);
      onPath.add(next);
      const go = dfs(start, next);
      path.pop();
      onPath.delete(next);
      if (!go) return false;
    }
    return true;
  };
  for (let s = 0; s < nodes.length; s++) {
    onPath.add(s);
    const go = dfs(s, s);
    onPath.delete(s);
    if (!go) break;
  }
  cycles.sort((a, b) => b.amountUsd - a.amountUsd);
  return { cycles, flagged, truncated };
}
