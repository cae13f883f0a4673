import { DEAL_KINDS } from '../../contracts/deals';
import { cmp } from '../../exposure/domain/edge-table';
import { CompanyRow, EdgeView } from '../../exposure/domain/exposure.views';
import { ChunkedRows } from '../../shared/chunked-list';

/** One company's side of a comparison: null when it does not exist on that side. */
export interface ComparedSide {
  readonly exposureOutUsd: number;
  readonly exposureInUsd: number;
  readonly defaulted: boolean;
  readonly equityUsd: number | null;
}

export interface ComparedCompany {
  readonly id: string;
  readonly baseline: ComparedSide | null;
  readonly scenario: ComparedSide | null;
  /** scenario − baseline; a missing side counts 0. */
  readonly difference: {
    readonly exposureOutUsd: number;
    readonly exposureInUsd: number;
  };
}

export interface ComparedEdge {
  readonly holder: string;
  readonly counterparty: string;
  readonly kind: string;
  readonly baselineUsd: number;
  readonly scenarioUsd: number;
  readonly differenceUsd: number;
  /** The deals behind the edge on either side. */
  readonly deals: string[];
}

export interface NetworkComparison {
  readonly companies: ComparedCompany[];
  /** Made a chunk at a time (`jsonPieces` writes them out so). */
  readonly edges: ChunkedRows<ComparedEdge>;
}

/**
 * A network's edges read by place, in a whole-network answer's order — by holder, then
 * counterparty (their ids in code-unit order), one edge per kind between them, in any order:
 * an array, or rows made on demand (`ChunkedRows`).
 */
export interface EdgesInOrder {
  readonly length: number;
  at(r: number): EdgeView | undefined;
}

interface Compared {
  readonly companies: readonly CompanyRow[];
  readonly edges: EdgesInOrder;
}

/**
 * Two views of the network on the same date, side by side: `baseline` is the reference (the real
 * history, or another scenario), `scenario` the one compared with it. Companies and edges present
 * on either side, in id order (an edge is holder, counterparty and kind, the kind by its name);
 * differences are scenario − baseline. The edges are paired in one pass over both sides (each in a
 * whole-network answer's order; out of order, it throws) and made a chunk at a time, each row
 * from its two sides read again: two whole networks' edges are not held as objects at once.
 */
export function compareNetworks(
  baseline: Compared,
  scenario: Compared,
): NetworkComparison {
  const baseC = new Map(baseline.companies.map((c) => [c.id, c]));
  const scenC = new Map(scenario.companies.map((c) => [c.id, c]));
  const companies = [...new Set([...baseC.keys(), ...scenC.keys()])]
    .sort()
    .map((id): ComparedCompany => {
      const b = baseC.get(id);
      const x = scenC.get(id);
      return {
        id,
        baseline: side(b),
        scenario: side(x),
        difference: {
          exposureOutUsd: (x?.exposureOutUsd ?? 0) - (b?.exposureOutUsd ?? 0),
          exposureInUsd: (x?.exposureInUsd ?? 0) - (b?.exposureInUsd ?? 0),
        },
      };
    });
  const { fromBaseline, fromScenario, count } = pairEdges(
    baseline.edges,
    scenario.edges,
  );
  const edges = new ChunkedRows<ComparedEdge>(count, (r) => {
    const b =
      fromBaseline[r] < 0 ? undefined : baseline.edges.at(fromBaseline[r]);
    const x =
      fromScenario[r] < 0 ? undefined : scenario.edges.at(fromScenario[r]);
    // A pair has one side at least.
    const e = (x ?? b) as EdgeView;
    const baselineUsd = b?.amountUsd ?? 0;
    const scenarioUsd = x?.amountUsd ?? 0;
    return new ComparedEdgeRow(
      e.holder,
      e.counterparty,
      e.kind,
      baselineUsd,
      scenarioUsd,
      scenarioUsd - baselineUsd,
      dealsOfBoth(b, x),
    );
  });
  return { companies, edges };
}

/** A compared edge, made by a constructor (see `EdgeRow` in exposure.views). */
class ComparedEdgeRow implements ComparedEdge {
  constructor(
    readonly holder: string,
    readonly counterparty: string,
    readonly kind: string,
    readonly baselineUsd: number,
    readonly scenarioUsd: number,
    readonly differenceUsd: number,
    readonly deals: string[],
  ) {}
}

/** The deals behind either side of an edge, each once, in id order. */
function dealsOfBoth(
  b: EdgeView | undefined,
  x: EdgeView | undefined,
): string[] {
  const all = (b?.deals ?? NO_DEALS).concat(x?.deals ?? NO_DEALS).sort();
  return all.filter((id, i) => i === 0 || id !== all[i - 1]);
}
const NO_DEALS: readonly string[] = [];

/** Each kind's place among the kinds in name order (the order compared edges between two companies take). */
const KIND_RANK = new Map<string, number>(
  [...DEAL_KINDS].sort().map((kind, rank) => [kind, rank]),
);

/**
 * Pairs the edges of two sides by holder, counterparty and kind in one pass: row r of the
 * comparison is edge `fromBaseline[r]` of the baseline and `fromScenario[r]` of the scenario
 * (−1 where that side has none), in id order, the kinds between two companies by name.
 */
function pairEdges(
  baseline: EdgesInOrder,
  scenario: EdgesInOrder,
): { fromBaseline: Int32Array; fromScenario: Int32Array; count: number } {
  const most = baseline.length + scenario.length;
  const fromBaseline = new Int32Array(most);
  const fromScenario = new Int32Array(most);
  const b = new EdgeCursor(baseline, 'baseline');
  const x = new EdgeCursor(scenario, 'scenario');
  let count = 0;
  while (b.edge !== undefined || x.edge !== undefined) {
    const order =
      b.edge === undefined
        ? 1
        : x.edge === undefined
          ? -1
          : cmp(b.edge.holder, x.edge.holder) ||
            cmp(b.edge.counterparty, x.edge.counterparty);
    const { holder, counterparty } = (order <= 0 ? b.edge : x.edge) as EdgeView;
    if (order <= 0) b.takeGroup(holder, counterparty);
    if (order >= 0) x.takeGroup(holder, counterparty);
    for (let k = 0; k < KIND_RANK.size; k++) {
      if (b.byKind[k] < 0 && x.byKind[k] < 0) continue;
      fromBaseline[count] = b.byKind[k];
      fromScenario[count++] = x.byKind[k];
    }
    b.byKind.fill(-1);
    x.byKind.fill(-1);
  }
  return { fromBaseline, fromScenario, count };
}

/** One side's edges read in order, a group (one holder and counterparty) at a time. */
class EdgeCursor {
  private r = 0;
  edge: EdgeView | undefined;
  /** The group's edge of each kind (by `KIND_RANK`), −1 for none. */
  readonly byKind = new Int32Array(KIND_RANK.size).fill(-1);

  constructor(
    private readonly rows: EdgesInOrder,
    private readonly name: string,
  ) {
    this.edge = rows.length > 0 ? rows.at(0) : undefined;
  }

  /** Takes the edges from here on between `holder` and `counterparty` into `byKind`. */
  takeGroup(holder: string, counterparty: string): void {
    while (
      this.edge !== undefined &&
      this.edge.holder === holder &&
      this.edge.counterparty === counterparty
    ) {
      const k = KIND_RANK.get(this.edge.kind);
      if (k === undefined || this.byKind[k] >= 0)
        throw new Error(
          `${this.name} edge ${this.r} (${holder} → ${counterparty}) has an unknown or repeated kind: ${this.edge.kind}`,
        );
      this.byKind[k] = this.r++;
      this.edge = this.r < this.rows.length ? this.rows.at(this.r) : undefined;
    }
    const next = this.edge;
    if (
      next !== undefined &&
      (cmp(next.holder, holder) || cmp(next.counterparty, counterparty)) < 0
    )
      throw new Error(
        `${this.name} edges out of order at ${this.r}: ${next.holder} → ${next.counterparty} after ${holder} → ${counterparty}`,
      );
  }
}

function side(c: CompanyRow | undefined): ComparedSide | null {
  return c
    ? {
        exposureOutUsd: c.exposureOutUsd,
        exposureInUsd: c.exposureInUsd,
        defaulted: c.defaulted,
        equityUsd: c.equityUsd,
      }
    : null;
}
