import { ChunkedList, ChunkedRows } from '../../shared/chunked-list';
import type { DealKind } from '../../ledger/domain/ledger.events';
import { companyFigures, CompanyStanding } from './company.standing';
import { DealStanding } from './deal.standing';
import { dealWorth, DealWorth, ExposureBasis } from './deal.worth';
import { balanceSheetCaveats } from './balance-sheet';
import {
  cmp,
  EdgeColumns,
  Interner,
  KIND_NUMBER,
  KIND_SLOTS,
} from './edge-table';
import { DEAL_KINDS } from '../../contracts/deals';
import {
  Caveat,
  DEFAULT_VALUATION,
  valueFigures,
  ValuationFigures,
  ValuationSettings,
} from './valuation';

/**
 * Views built from folded states (the same code for the fast engine, the naive replay and
 * scenario overlays). Deals are always taken in dealId order so sums are bit-for-bit stable.
 */

export { DEAL_KINDS } from '../../contracts/deals';
export { cmp } from './edge-table';

export interface ExplainItem {
  readonly dealId: string;
  readonly amountUsd: number;
  readonly lossGivenDefaultUsd: number;
  readonly basis: ExposureBasis;
  /** Positions of the deal's events folded into this amount. */
  readonly positions: readonly number[];
}

/**
 * `holder` has `amountUsd` at stake with `counterparty` (gross) and loses `lossGivenDefaultUsd`
 * of its equity if `counterparty` fails with nothing recovered (DESIGN.md).
 */
export interface EdgeView {
  holder: string;
  counterparty: string;
  kind: DealKind;
  amountUsd: number;
  lossGivenDefaultUsd: number;
  deals: string[];
  /** Deals without a published amount, counted at the chosen estimate (see caveats). */
  unpricedDeals?: string[];
  explain?: ExplainItem[];
}

/**
 * A whole-network answer's edge, made by a constructor, not a literal: V8 moves where a literal
 * allocates (`AllocationSite` pretenuring) to the old generation once most of what it made
 * outlived a scavenge — as an answer's edges do while the answer is made — and from then on every
 * answer's edges were garbage in the old generation. Objects made by `new` carry no such site.
 */
class EdgeRow implements EdgeView {
  declare unpricedDeals?: string[];
  declare explain?: ExplainItem[];
  constructor(
    readonly holder: string,
    readonly counterparty: string,
    readonly kind: DealKind,
    readonly amountUsd: number,
    readonly lossGivenDefaultUsd: number,
    readonly deals: string[],
  ) {}
}

/** The buyer depends on the seller for capacity: reported beside the money, never in an edge. */
export interface DependencyView {
  buyer: string;
  seller: string;
  /** The undelivered commitment: capacity at risk in dollars. */
  commitmentUsd: number;
  /** The same in GW, over the deals that record their capacity (null when none does). */
  capacityGw: number | null;
  deals: string[];
}

/** A whole-network answer's dependency, made by a constructor (see {@link EdgeRow}). */
class DependencyRow implements DependencyView {
  constructor(
    readonly buyer: string,
    readonly seller: string,
    readonly commitmentUsd: number,
    readonly capacityGw: number | null,
    readonly deals: string[],
  ) {}
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
  /** What the answer rests on: estimates, omitted deals, assumed terms, stale or missing financials. */
  caveats: Caveat[];
}

export interface ViewOptions {
  /** When given, every amount lists its deals and the positions of the events it came from. */
  positionsOf?: (dealId: string) => readonly number[];
  /** Horizon, damages rate and what counts (DESIGN.md); DEFAULT_VALUATION when absent. */
  valuation?: ValuationSettings;
}

export interface WorthyDeal {
  readonly state: DealStanding;
  readonly worth: DealWorth;
}

/** Deals in a stable numeric order: by the position of their DealRecorded event. */
export function byRecording(a: DealStanding, b: DealStanding): number {
  return (
    a.recordedPosition - b.recordedPosition ||
    (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0)
  );
}

export function worthAll(
  deals: readonly DealStanding[],
  t: number,
): WorthyDeal[] {
  const sorted = [...deals].sort(byRecording);
  const out: WorthyDeal[] = new Array<WorthyDeal>(sorted.length);
  for (let i = 0; i < sorted.length; i++)
    out[i] = { state: sorted[i], worth: dealWorth(sorted[i], t) };
  return out;
}

/**
 * Values each deal at t (in the order given) into `edges`, and answers the caveats of all of them.
 * A valuation lives only while its deal is added: a whole-network answer holds no list of
 * 200,000 valuations, so they die young instead of being promoted and collected as old garbage.
 */
export function valueInto(
  deals: readonly DealStanding[],
  t: number,
  settings: ValuationSettings,
  edges: EdgeBuilder,
): Caveat[] {
  const caveats: Caveat[] = [];
  for (let i = 0; i < deals.length; i++) {
    const f = valueFigures(deals[i], t, settings);
    if (f.caveats !== null) for (const c of f.caveats) caveats.push(c);
    edges.addFigures(deals[i], f);
  }
  return caveats;
}

/**
 * Sums valued deals into edges (holder × counterparty × kind) and dependencies (buyer × seller),
 * deals listed in the order added; `finish` answers both sorted by (holder, counterparty, kind)
 * and (buyer, seller) in id order. Companies are interned as small integers, so edges are keyed
 * by numbers, not concatenated strings; the edges are made in their final shape once.
 */
export class EdgeBuilder {
  /** The edges as columns while summing (see `EdgeColumns`). */
  private readonly cols: EdgeColumns;
  /**
   * The dependencies as columns too (buyer, seller, kind 0): `amount` the commitment, `loss` the
   * capacity in GW (NaN while no deal of the pair records its capacity).
   */
  private readonly deps: EdgeColumns;
  // the rare unpriced deals and explanations, by edge number
  private readonly edgeUnpriced = new Map<number, string[]>();
  private readonly edgeExplain = new Map<number, ExplainItem[]>();

  /**
   * `interner`: the companies' numbers, when the deals come with theirs (`addValued`);
   * `columns`: kept by the caller from one answer to the next (emptied here).
   */
  constructor(
    private readonly options: ViewOptions = {},
    private readonly interner = new Interner(),
    columns?: {
      readonly edges: EdgeColumns;
      readonly dependencies: EdgeColumns;
    },
  ) {
    this.cols = columns?.edges ?? new EdgeColumns();
    this.cols.reset();
    this.deps = columns?.dependencies ?? new EdgeColumns();
    this.deps.reset();
  }

  /**
   * Adds a deal valued by `valueFigures` (what `valueDeal` says, without its objects): its
   * creditor-side leg, the investee's unfunded tranches, the buyer's capacity at risk.
   */
  addFigures(state: DealStanding, f: Readonly<ValuationFigures>): void {
    if (!f.included) return;
    // each party looked up once per deal, whatever its legs
    this.addValued(
      state.dealId,
      state.kind,
      this.interner.of(state.creditor),
      this.interner.of(state.debtor),
      f,
    );
  }

  /** `addFigures` with the parties as their numbers in the builder's interner. */
  addValued(
    id: string,
    kind: DealKind,
    creditor: number,
    debtor: number,
    f: Readonly<ValuationFigures>,
  ): void {
    if (!f.included) return;
    if (f.hasLeg)
      this.leg(
        id,
        kind,
        f.estimated,
        creditor,
        debtor,
        f.grossUsd,
        f.lossGivenDefaultUsd,
        f.basis,
      );
    // the investee waits for the tranches: gross, but nothing its equity loses
    if (f.hasUnfunded && f.unfundedUsd > 0)
      this.leg(
        id,
        kind,
        f.estimated,
        debtor,
        creditor,
        f.unfundedUsd,
        0,
        'unfunded-commitment',
      );
    if (f.hasCapacity && f.capacityUsd > 0)
      this.dependency(id, debtor, creditor, f.capacityUsd, f.capacityGw);
  }

  private dependency(
    dealId: string,
    h: number,
    c: number,
    usd: number,
    gw: number | null,
  ): void {
    const deps = this.deps;
    const count = deps.count;
    const n = deps.edge(h, c, 0);
    if (n === count) deps.loss[n] = NaN;
    deps.amount[n] += usd;
    if (gw !== null)
      deps.loss[n] = Number.isNaN(deps.loss[n]) ? gw : deps.loss[n] + gw;
    deps.list(n, dealId);
  }

  private leg(
    dealId: string,
    kind: DealKind,
    estimated: boolean,
    h: number,
    c: number,
    amountUsd: number,
    lossGivenDefaultUsd: number,
    basis: ExposureBasis,
  ): void {
    const cols = this.cols;
    const n = cols.edge(h, c, KIND_NUMBER[kind]);
    cols.amount[n] += amountUsd;
    cols.loss[n] += lossGivenDefaultUsd;
    cols.list(n, dealId);
    if (estimated) pushTo(this.edgeUnpriced, n, dealId);
    if (this.options.positionsOf)
      pushTo(this.edgeExplain, n, {
        dealId,
        amountUsd,
        lossGivenDefaultUsd,
        basis,
        positions: this.options.positionsOf(dealId),
      });
  }

  finish(): { edges: EdgeView[]; dependencies: DependencyView[] } {
    const { edges, dependencies } = this.finishWithTotals();
    return { edges, dependencies };
  }

  /** The edges' numbers in (holder, counterparty, kind) order, ids by `rank`. */
  private static edgeOrder(
    cols: EdgeColumns,
    rank: Int32Array,
    n: number,
  ): Uint32Array {
    const count = cols.count;
    const order = new Uint32Array(count);
    const { holder, counterparty, kind } = cols;
    const keyOf = (i: number): number =>
      (rank[holder[i]] * n + rank[counterparty[i]]) * KIND_SLOTS + kind[i];
    if (KIND_SLOTS * n * n * count <= Number.MAX_SAFE_INTEGER) {
      // each key and its edge's number packed into one exact double, sorted natively (no comparator)
      const packed = new Float64Array(count);
      for (let i = 0; i < count; i++) packed[i] = keyOf(i) * count + i;
      packed.sort();
      for (let r = 0; r < count; r++) order[r] = packed[r] % count;
      return order;
    }
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      keys[i] = keyOf(i);
      order[i] = i;
    }
    order.sort((a, b) => keys[a] - keys[b]);
    return order;
  }

  /**
   * What both finishes start from: the edges' and the dependencies' numbers in answer order, and
   * each company's gross amounts out (as holder) and in (as counterparty), summed over the edges
   * in that order (so every sum is the one a walk of the answer's edges gives, bit for bit), as
   * columns by the company's number in `numberOf`.
   */
  private sorted(): {
    names: readonly string[];
    order: Uint32Array;
    depOrder: Uint32Array;
    numberOf: (companyId: string) => number | undefined;
    out: Float64Array;
    in: Float64Array;
  } {
    const rank = this.interner.ranks();
    const n = rank.length + 1;
    const names = this.interner.names;
    const { holder, counterparty, amount } = this.cols;
    const order = EdgeBuilder.edgeOrder(this.cols, rank, n);
    const out = new Float64Array(names.length);
    const inn = new Float64Array(names.length);
    for (let r = 0; r < order.length; r++) {
      const i = order[r];
      out[holder[i]] += amount[i];
      inn[counterparty[i]] += amount[i];
    }
    return {
      names,
      order,
      depOrder: EdgeBuilder.edgeOrder(this.deps, rank, n),
      numberOf: (id) => this.interner.known(id),
      out,
      in: inn,
    };
  }

  /**
   * `finishWithTotals` with the edges and dependencies as rows made a chunk at a time, whenever
   * they are read (`rowsInChunks`): for an answer written out chunk by chunk.
   */
  finishInChunks(): {
    edges: ChunkedRows<EdgeView>;
    dependencies: ChunkedRows<DependencyView>;
    numberOf: (companyId: string) => number | undefined;
    out: Float64Array;
    in: Float64Array;
  } {
    const { names, order, depOrder, ...totals } = this.sorted();
    return {
      edges: rowsInChunks(
        this.cols,
        order,
        names,
        this.edgeUnpriced,
        this.edgeExplain,
      ),
      dependencies: dependenciesInChunks(this.deps, depOrder, names),
      ...totals,
    };
  }

  /** `finish`, with the companies' totals of `sorted`. */
  finishWithTotals(): {
    edges: EdgeView[];
    dependencies: DependencyView[];
    numberOf: (companyId: string) => number | undefined;
    out: Float64Array;
    in: Float64Array;
  } {
    const { names, order, depOrder, ...totals } = this.sorted();
    const { cols, deps } = this;
    const dealsOf = cols.listsByEdge();
    const sortedEdges = new ChunkedList<EdgeView>();
    for (let r = 0; r < order.length; r++)
      sortedEdges.push(
        edgeRow(
          cols,
          order[r],
          names,
          dealsOf,
          this.edgeUnpriced,
          this.edgeExplain,
        ),
      );
    const depDealsOf = deps.listsByEdge();
    const sortedDependencies = new ChunkedList<DependencyView>();
    for (let r = 0; r < depOrder.length; r++)
      sortedDependencies.push(
        dependencyRow(deps, depOrder[r], names, depDealsOf),
      );
    return {
      edges: sortedEdges.all(),
      dependencies: sortedDependencies.all(),
      ...totals,
    };
  }
}

/** The figures of an edge's row: the builder's columns, or copies of them (`figuresOf`). */
type EdgeFigures = Pick<
  EdgeColumns,
  'holder' | 'counterparty' | 'kind' | 'amount' | 'loss'
>;

/** Edge `i`'s answer row, by a constructor (see {@link EdgeRow}). */
function edgeRow(
  f: EdgeFigures,
  i: number,
  names: readonly string[],
  dealsOf: (edge: number) => string[],
  unpricedOf: ReadonlyMap<number, string[]>,
  explainOf: ReadonlyMap<number, ExplainItem[]>,
): EdgeView {
  const edge: EdgeView = new EdgeRow(
    names[f.holder[i]],
    names[f.counterparty[i]],
    DEAL_KINDS[f.kind[i]],
    f.amount[i],
    f.loss[i],
    dealsOf(i),
  );
  const unpriced = unpricedOf.get(i);
  if (unpriced) edge.unpricedDeals = unpriced;
  const explain = explainOf.get(i);
  if (explain) edge.explain = explain;
  return edge;
}

/** Dependency `i`'s answer row (buyer × seller: `amount` the commitment, `loss` the GW). */
function dependencyRow(
  f: Omit<EdgeFigures, 'kind'>,
  i: number,
  names: readonly string[],
  dealsOf: (edge: number) => string[],
): DependencyView {
  const gw = f.loss[i];
  return new DependencyRow(
    names[f.holder[i]],
    names[f.counterparty[i]],
    f.amount[i],
    Number.isNaN(gw) ? null : gw,
    dealsOf(i),
  );
}

/**
 * `EdgeBuilder.finishWithTotals`'s edges and dependencies as rows made a chunk at a time,
 * whenever they are read (`ChunkedRows`): from copies of the columns' figures (a few MB of typed
 * arrays, which the collector does not trace), since the columns are emptied by the next answer.
 */
function rowsInChunks(
  cols: EdgeColumns,
  order: Uint32Array,
  names: readonly string[],
  unpricedOf: ReadonlyMap<number, string[]>,
  explainOf: ReadonlyMap<number, ExplainItem[]>,
): ChunkedRows<EdgeView> {
  const figures = { ...figuresOf(cols), kind: cols.kind.slice(0, cols.count) };
  const dealsOf = cols.listsByEdge();
  return new ChunkedRows<EdgeView>(order.length, (r) =>
    edgeRow(figures, order[r], names, dealsOf, unpricedOf, explainOf),
  );
}

/** `rowsInChunks` for the dependencies. */
function dependenciesInChunks(
  deps: EdgeColumns,
  order: Uint32Array,
  names: readonly string[],
): ChunkedRows<DependencyView> {
  const figures = figuresOf(deps);
  const dealsOf = deps.listsByEdge();
  return new ChunkedRows<DependencyView>(order.length, (r) =>
    dependencyRow(figures, order[r], names, dealsOf),
  );
}

/**
 * Copies of the columns' figures for their edges so far but the kinds, which a dependency's row
 * does not read (the columns are reused by the next answer).
 */
function figuresOf(cols: EdgeColumns) {
  const count = cols.count;
  return {
    holder: cols.holder.slice(0, count),
    counterparty: cols.counterparty.slice(0, count),
    amount: cols.amount.slice(0, count),
    loss: cols.loss.slice(0, count),
  };
}

function pushTo<T>(lists: Map<number, T[]>, n: number, item: T): void {
  const list = lists.get(n);
  if (list) list.push(item);
  else lists.set(n, [item]);
}

export function compareEdges(a: EdgeView, b: EdgeView): number {
  return (
    cmp(a.holder, b.holder) ||
    cmp(a.counterparty, b.counterparty) ||
    cmp(a.kind, b.kind)
  );
}

function companyRow(c: CompanyStanding, out: number, inn: number): CompanyRow {
  return { ...companyFigures(c), exposureOutUsd: out, exposureInUsd: inn };
}

/** The whole network at `t`: every company known then, every edge, every operational dependency. */
export function buildNetworkView(
  deals: readonly DealStanding[],
  companies: readonly CompanyStanding[],
  t: number,
  options: ViewOptions = {},
): NetworkView & { readonly worths: WorthyDeal[] } {
  return networkOfDeals(networkViewOf, deals, companies, t, options);
}

/** `buildNetworkView` with the edges and dependencies made a chunk at a time (`NetworkParts`). */
export function networkPartsOfDeals(
  deals: readonly DealStanding[],
  companies: readonly CompanyStanding[],
  t: number,
  options: ViewOptions = {},
): NetworkParts {
  return networkOfDeals(networkPartsOf, deals, companies, t, options);
}

/** `networkViewOf` or `networkPartsOf`: a whole network from its deals valued into a builder. */
export type NetworkOf<R> = (
  value: (builder: EdgeBuilder, settings: ValuationSettings) => Caveat[],
  builder: EdgeBuilder,
  companiesOf: () => readonly CompanyStanding[],
  t: number,
  options: ViewOptions,
  worthsOf: () => WorthyDeal[],
) => R;

function networkOfDeals<R>(
  of: NetworkOf<R>,
  deals: readonly DealStanding[],
  companies: readonly CompanyStanding[],
  t: number,
  options: ViewOptions,
): R {
  const sorted = [...deals].sort(byRecording);
  return of(
    (builder, settings) => valueInto(sorted, t, settings, builder),
    new EdgeBuilder(options),
    () => companies,
    t,
    options,
    () => worthAll(deals, t),
  );
}

/**
 * The whole network at `t`, its deals valued by `value` into the edge builder (in recording
 * order: the caveats in that order), which answers their caveats. `companiesOf` gives the
 * companies known then, asked for once the deals are valued (what it makes lives only while the
 * answer is made). `worthsOf` gives the deals' full-commitment readings (cycles), asked for only
 * when read.
 */
export const networkViewOf: NetworkOf<
  NetworkView & { readonly worths: WorthyDeal[] }
> = networkFinishedBy((builder) => builder.finishWithTotals());

/**
 * A whole network with its edges and dependencies as rows made a chunk at a time, whenever they
 * are read (`EdgeBuilder.finishInChunks`): for an answer written out chunk by chunk.
 */
export interface NetworkParts {
  readonly companies: CompanyRow[];
  readonly edges: ChunkedRows<EdgeView>;
  readonly dependencies: ChunkedRows<DependencyView>;
  readonly caveats: Caveat[];
  /** The full-commitment reading of each deal (cycles), worked out when first read. */
  readonly worths: WorthyDeal[];
}

/** `networkViewOf` with the edges and dependencies made a chunk at a time (`NetworkParts`). */
export const networkPartsOf: NetworkOf<NetworkParts> = networkFinishedBy(
  (builder) => builder.finishInChunks(),
);

/** A whole network whose edges and dependencies `finish` answers, as the builder finishes them. */
function networkFinishedBy<E, D>(
  finish: (builder: EdgeBuilder) => {
    edges: E;
    dependencies: D;
    numberOf: (companyId: string) => number | undefined;
    out: Float64Array;
    in: Float64Array;
  },
): NetworkOf<{
  companies: CompanyRow[];
  edges: E;
  dependencies: D;
  caveats: Caveat[];
  readonly worths: WorthyDeal[];
}> {
  return (value, builder, companiesOf, t, options, worthsOf) => {
    const caveats = value(builder, options.valuation ?? DEFAULT_VALUATION);
    const { edges, dependencies, numberOf, out, in: inn } = finish(builder);
    const companies = companyRows(companiesOf, numberOf, out, inn, caveats, t);
    return withWorths({ companies, edges, dependencies, caveats }, worthsOf);
  };
}

/**
 * The companies known then as answer rows, by id, with their gross amounts out and in (`out`,
 * `inn` by their numbers in `numberOf`); their balance sheets' caveats are added to `caveats`.
 */
function companyRows(
  companiesOf: () => readonly CompanyStanding[],
  numberOf: (companyId: string) => number | undefined,
  out: Float64Array,
  inn: Float64Array,
  caveats: Caveat[],
  t: number,
): CompanyRow[] {
  const sorted = [...companiesOf()].sort((a, b) =>
    cmp(a.companyId, b.companyId),
  );
  const rows = sorted.map((c) => {
    const n = numberOf(c.companyId);
    return n === undefined
      ? companyRow(c, 0, 0)
      : companyRow(c, out[n], inn[n]);
  });
  // a balance sheet's caveats are its report's alone: the deals' flows since do not change them
  for (const c of sorted)
    for (const caveat of balanceSheetCaveats(c, t)) caveats.push(caveat);
  return rows;
}

/** `view` with `worths`, the full-commitment reading of each deal (cycles), worked out when first read. */
function withWorths<V extends object>(
  view: V,
  worthsOf: () => WorthyDeal[],
): V & { readonly worths: WorthyDeal[] } {
  let worths: WorthyDeal[] | undefined;
  Object.defineProperty(view, 'worths', {
    enumerable: false,
    get: () => (worths ??= worthsOf()),
  });
  return view as V & { readonly worths: WorthyDeal[] };
}
