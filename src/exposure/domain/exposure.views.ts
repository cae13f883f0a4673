import type {
  AmountEstimate,
  DealCertainty,
  DealConfidence,
  DealKind,
} from '../../ledger/domain/ledger.events';
import { CompanyState } from './company.state';
import { DealState, dealWorth, DealWorth, ExposureBasis } from './deal.state';

/**
 * Views built from folded states (the same code for the fast engine, the naive replay and
 * scenario overlays). Deals are always taken in dealId order so sums are bit-for-bit stable.
 */

export const DEAL_KINDS: readonly DealKind[] = ['supply', 'investment', 'loan'];

export interface ExplainItem {
  readonly dealId: string;
  readonly amountUsd: number;
  readonly basis: ExposureBasis;
  /** Positions of the deal's events folded into this amount. */
  readonly positions: readonly number[];
}

/** `holder` loses `amountUsd` if `counterparty` fails with nothing recovered. */
export interface EdgeView {
  holder: string;
  counterparty: string;
  kind: DealKind;
  amountUsd: number;
  deals: string[];
  /** Deals without a published amount: counted 0, listed here. */
  unpricedDeals?: string[];
  explain?: ExplainItem[];
}

/** The buyer depends on the seller for capacity: reported beside the money, never in an edge. */
export interface DependencyView {
  buyer: string;
  seller: string;
  commitmentUsd: number;
  deals: string[];
}

export interface CompanyRow {
  id: string;
  name: string;
  sector: string | null;
  equityUsd: number | null;
  externalAssetsUsd: number | null;
  externalLiabilitiesUsd: number | null;
  exposureOutUsd: number;
  exposureInUsd: number;
  defaulted: boolean;
  recoveryRate: number | null;
}

export interface NetworkView {
  companies: CompanyRow[];
  edges: EdgeView[];
  dependencies: DependencyView[];
}

export interface ViewOptions {
  /** When given, every amount lists its deals and the positions of the events it came from. */
  positionsOf?: (dealId: string) => readonly number[];
}

export interface WorthyDeal {
  readonly state: DealState;
  readonly worth: DealWorth;
}

/** Deals in a stable numeric order: by the position of their DealRecorded event. */
export function byRecording(a: DealState, b: DealState): number {
  return (
    a.recordedPosition - b.recordedPosition ||
    (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0)
  );
}

export function worthAll(deals: readonly DealState[], t: number): WorthyDeal[] {
  const sorted = [...deals].sort(byRecording);
  const out: WorthyDeal[] = new Array<WorthyDeal>(sorted.length);
  for (let i = 0; i < sorted.length; i++)
    out[i] = { state: sorted[i], worth: dealWorth(sorted[i], t) };
  return out;
}

const KIND_INDEX: Record<DealKind, number> = {
  supply: 0,
  investment: 1,
  loan: 2,
};

/** Interns company ids as small integers so edges are keyed by numbers, not concatenated strings. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  of(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.names.length;
      this.ids.set(id, n);
      this.names.push(id);
    }
    return n;
  }
  /** rank[n] = place of names[n] in id order. */
  ranks(): Int32Array {
    const order = this.names
      .map((_, i) => i)
      .sort((a, b) => cmp(this.names[a], this.names[b]));
    const rank = new Int32Array(order.length);
    order.forEach((n, r) => (rank[n] = r));
    return rank;
  }
}

export function buildEdges(
  deals: readonly WorthyDeal[],
  options: ViewOptions = {},
): { edges: EdgeView[]; dependencies: DependencyView[] } {
  const interner = new Interner();
  type KeyedEdge = EdgeView & { h: number; c: number };
  // per holder, edges keyed by counterparty × kind (small integers: no string keys, no heap numbers)
  const byHolder: (Map<number, KeyedEdge> | undefined)[] = [];
  const edges: KeyedEdge[] = [];
  const dependencies = new Map<
    number,
    DependencyView & { h: number; c: number }
  >();
  const SHIFT = 2 ** 22; // up to 4 million companies
  for (const { state, worth } of deals) {
    for (const leg of worth.legs) {
      const h = interner.of(leg.holder);
      const c = interner.of(leg.counterparty);
      const key = c * 4 + KIND_INDEX[leg.kind];
      let holderEdges = byHolder[h];
      if (!holderEdges) {
        holderEdges = new Map();
        byHolder[h] = holderEdges;
      }
      let edge = holderEdges.get(key);
      if (!edge) {
        edge = {
          holder: leg.holder,
          counterparty: leg.counterparty,
          kind: leg.kind,
          amountUsd: 0,
          deals: [],
          h,
          c,
        };
        holderEdges.set(key, edge);
        edges.push(edge);
      }
      edge.amountUsd += leg.amountUsd;
      if (edge.deals[edge.deals.length - 1] !== state.dealId)
        edge.deals.push(state.dealId);
      if (worth.amountUnknown) (edge.unpricedDeals ??= []).push(state.dealId);
      if (options.positionsOf) {
        (edge.explain ??= []).push({
          dealId: state.dealId,
          amountUsd: leg.amountUsd,
          basis: leg.basis,
          positions: options.positionsOf(state.dealId),
        });
      }
    }
    if (
      state.parties.kind === 'supply' &&
      worth.status === 'active' &&
      (worth.dependencyUsd > 0 || worth.amountUnknown)
    ) {
      const h = interner.of(state.parties.buyer);
      const c = interner.of(state.parties.seller);
      const key = h * SHIFT + c;
      let dep = dependencies.get(key);
      if (!dep) {
        dep = {
          buyer: state.parties.buyer,
          seller: state.parties.seller,
          commitmentUsd: 0,
          deals: [],
          h,
          c,
        };
        dependencies.set(key, dep);
      }
      dep.commitmentUsd += worth.dependencyUsd;
      dep.deals.push(state.dealId);
    }
  }
  const rank = interner.ranks();
  const n = rank.length + 1;
  const sortedEdges = edges
    .map((e) => ({
      e,
      k: (rank[e.h] * n + rank[e.c]) * 4 + KIND_INDEX[e.kind],
    }))
    .sort((a, b) => a.k - b.k)
    .map(({ e }) => {
      const { h: _h, c: _c, ...edge } = e;
      return edge;
    });
  const sortedDependencies = [...dependencies.values()]
    .map((d) => ({ d, k: rank[d.h] * n + rank[d.c] }))
    .sort((a, b) => a.k - b.k)
    .map(({ d }) => ({
      buyer: d.buyer,
      seller: d.seller,
      commitmentUsd: d.commitmentUsd,
      deals: d.deals,
    }));
  return { edges: sortedEdges, dependencies: sortedDependencies };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEdges(a: EdgeView, b: EdgeView): number {
  return (
    cmp(a.holder, b.holder) ||
    cmp(a.counterparty, b.counterparty) ||
    cmp(a.kind, b.kind)
  );
}

function companyRow(c: CompanyState, out: number, inn: number): CompanyRow {
  return {
    id: c.companyId,
    name: c.name,
    sector: c.sector,
    equityUsd: c.equityUsd,
    externalAssetsUsd: c.externalAssetsUsd,
    externalLiabilitiesUsd: c.externalLiabilitiesUsd,
    exposureOutUsd: out,
    exposureInUsd: inn,
    defaulted: c.defaulted,
    recoveryRate: c.recoveryRate,
  };
}

/** The whole network at `t`: every company known then, every edge, every operational dependency. */
export function buildNetworkView(
  deals: readonly DealState[],
  companies: readonly CompanyState[],
  t: number,
  options: ViewOptions = {},
): NetworkView & { worths: WorthyDeal[] } {
  const worths = worthAll(deals, t);
  const { edges, dependencies } = buildEdges(worths, options);
  const out = new Map<string, number>();
  const inn = new Map<string, number>();
  for (const e of edges) {
    out.set(e.holder, (out.get(e.holder) ?? 0) + e.amountUsd);
    inn.set(e.counterparty, (inn.get(e.counterparty) ?? 0) + e.amountUsd);
  }
  const rows = [...companies]
    .sort((a, b) => cmp(a.companyId, b.companyId))
    .map((c) =>
      companyRow(c, out.get(c.companyId) ?? 0, inn.get(c.companyId) ?? 0),
    );
  return { companies: rows, edges, dependencies, worths };
}

export interface CounterpartyExposure {
  id: string;
  exposureUsd: number;
  /** Of the company's total exposure out. */
  share: number;
  byKind: Record<DealKind, number>;
  defaulted: boolean;
}

export interface CompanyExposureView {
  id: string;
  name: string;
  equityUsd: number | null;
  defaulted: boolean;
  exposureOutUsd: number;
  exposureInUsd: number;
  byKind: Record<DealKind, { outUsd: number; inUsd: number }>;
  topCounterparties: CounterpartyExposure[];
  concentration: {
    /** Σ share² over counterparties of the exposure out (1 = a single counterparty). */
    herfindahl: number;
    counterparties: number;
    largestExposureUsd: number;
    largestCounterparty: string | null;
    /** The largest single exposure as a share of equityUsd (null without positive equity). */
    largestShareOfEquity: number | null;
  };
  /** Suppliers this company depends on for capacity. */
  dependsOn: DependencyView[];
  /** Buyers depending on this company. */
  dependedOnBy: DependencyView[];
  edges: EdgeView[];
}

/**
 * One company's exposure at `t`, from the deals it is party to (`deals` may hold others:
 * they are ignored) and the company states of it and its counterparties.
 */
export function buildCompanyExposure(
  company: CompanyState,
  deals: readonly DealState[],
  companyOf: (id: string) => CompanyState | undefined,
  t: number,
  options: ViewOptions & { top?: number } = {},
): CompanyExposureView {
  const id = company.companyId;
  const touching = deals.filter((d) => d.creditor === id || d.debtor === id);
  const { edges, dependencies } = buildEdges(worthAll(touching, t), options);
  const byKind = {
    supply: { outUsd: 0, inUsd: 0 },
    investment: { outUsd: 0, inUsd: 0 },
    loan: { outUsd: 0, inUsd: 0 },
  } satisfies Record<DealKind, { outUsd: number; inUsd: number }>;
  let outTotal = 0;
  let inTotal = 0;
  const perCounterparty = new Map<string, CounterpartyExposure>();
  for (const e of edges) {
    if (e.holder === id) {
      outTotal += e.amountUsd;
      byKind[e.kind].outUsd += e.amountUsd;
      let c = perCounterparty.get(e.counterparty);
      if (!c) {
        c = {
          id: e.counterparty,
          exposureUsd: 0,
          share: 0,
          byKind: { supply: 0, investment: 0, loan: 0 },
          defaulted: companyOf(e.counterparty)?.defaulted ?? false,
        };
        perCounterparty.set(e.counterparty, c);
      }
      c.exposureUsd += e.amountUsd;
      c.byKind[e.kind] += e.amountUsd;
    }
    if (e.counterparty === id) {
      inTotal += e.amountUsd;
      byKind[e.kind].inUsd += e.amountUsd;
    }
  }
  const counterparties = [...perCounterparty.values()].filter(
    (c) => c.exposureUsd > 0,
  );
  for (const c of counterparties)
    c.share = outTotal > 0 ? c.exposureUsd / outTotal : 0;
  counterparties.sort(
    (a, b) => b.exposureUsd - a.exposureUsd || cmp(a.id, b.id),
  );
  const herfindahl = counterparties.reduce((s, c) => s + c.share * c.share, 0);
  const largest = counterparties[0];
  const equity = company.equityUsd;
  return {
    id,
    name: company.name,
    equityUsd: equity,
    defaulted: company.defaulted,
    exposureOutUsd: outTotal,
    exposureInUsd: inTotal,
    byKind,
    topCounterparties: counterparties.slice(0, options.top ?? 10),
    concentration: {
      herfindahl,
      counterparties: counterparties.length,
      largestExposureUsd: largest?.exposureUsd ?? 0,
      largestCounterparty: largest?.id ?? null,
      largestShareOfEquity:
        largest && equity !== null && equity > 0
          ? largest.exposureUsd / equity
          : null,
    },
    dependsOn: dependencies.filter((d) => d.buyer === id),
    dependedOnBy: dependencies.filter((d) => d.seller === id),
    edges,
  };
}

/** The deal as of `t`, as `GET /deals/:id` answers it. */
export interface DealView {
  id: string;
  kind: DealKind;
  [role: string]: unknown;
  amountUsd: number | null;
  effectiveAt: string;
  startDate: string | null;
  endDate: string | null;
  schedule: readonly { date: string; amountUsd: number }[] | null;
  category: string | null;
  vendorFinancing: boolean;
  source: string | null;
  notes: string | null;
  certainty: DealCertainty;
  confidence: DealConfidence;
  estimateUsd: AmountEstimate | null;
  damagesRate: number | null;
  capacityGw: number | null;
  status: 'active' | 'terminated' | 'ended';
  terminatedAt: string | null;
  outstandingUsd: number;
  dueUsd: number;
  paidUsd: number;
  arrearsUsd: number;
  writtenDownUsd: number;
  unfundedUsd: number;
  flags: {
    amountUnknown: boolean;
    vendorFinancing: boolean;
    creditorDefaulted: boolean;
    debtorDefaulted: boolean;
  };
  lastPosition: number;
}

export function buildDealView(
  state: DealState,
  companyOf: (id: string) => CompanyState | undefined,
  t: number,
): DealView {
  const w = dealWorth(state, t);
  const { kind: _kind, ...roles } = state.parties;
  return {
    id: state.dealId,
    kind: state.kind,
    ...roles,
    amountUsd: state.terms.amountUsd,
    effectiveAt: new Date(state.signedAtMs).toISOString(),
    startDate: state.terms.startDate,
    endDate: state.terms.endDate,
    schedule: state.terms.schedule,
    category: state.terms.category,
    vendorFinancing: state.terms.vendorFinancing,
    source: state.terms.source,
    notes: state.terms.notes,
    certainty: state.terms.certainty,
    confidence: state.terms.confidence,
    estimateUsd: state.terms.estimateUsd,
    damagesRate: state.terms.damagesRate,
    capacityGw: state.terms.capacityGw,
    status: w.status,
    terminatedAt:
      state.terminatedAtMs !== null
        ? new Date(state.terminatedAtMs).toISOString()
        : null,
    outstandingUsd: w.outstandingUsd,
    dueUsd: w.dueUsd,
    paidUsd: state.paidUsd,
    arrearsUsd: w.arrearsUsd,
    writtenDownUsd: state.writtenDownUsd,
    unfundedUsd: w.unfundedUsd,
    flags: {
      amountUnknown: w.amountUnknown,
      vendorFinancing: state.terms.vendorFinancing,
      creditorDefaulted: companyOf(state.creditor)?.defaulted ?? false,
      debtorDefaulted: companyOf(state.debtor)?.defaulted ?? false,
    },
    lastPosition: state.lastPosition,
  };
}
