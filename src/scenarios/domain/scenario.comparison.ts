import {
  CompanyRow,
  EdgeView,
  NetworkView,
} from '../../exposure/domain/exposure.views';

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
  readonly edges: ComparedEdge[];
}

type Compared = Pick<NetworkView, 'companies' | 'edges'>;

/**
 * Two views of the network on the same date, side by side: `baseline` is the reference (the real
 * history, or another scenario), `scenario` the one compared with it. Companies and edges present
 * on either side, in id order (an edge is holder, counterparty and kind); differences are
 * scenario − baseline.
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
  const baseE = new Map(baseline.edges.map((e) => [edgeKey(e), e]));
  const scenE = new Map(scenario.edges.map((e) => [edgeKey(e), e]));
  const edges = [...new Set([...baseE.keys(), ...scenE.keys()])]
    .sort()
    .map((k): ComparedEdge => {
      const b = baseE.get(k);
      const x = scenE.get(k);
      // The key came from one of the two maps, so one side is there.
      const e = (x ?? b) as EdgeView;
      return {
        holder: e.holder,
        counterparty: e.counterparty,
        kind: e.kind,
        baselineUsd: b?.amountUsd ?? 0,
        scenarioUsd: x?.amountUsd ?? 0,
        differenceUsd: (x?.amountUsd ?? 0) - (b?.amountUsd ?? 0),
        deals: [...new Set([...(b?.deals ?? []), ...(x?.deals ?? [])])].sort(),
      };
    });
  return { companies, edges };
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

function edgeKey(e: Pick<EdgeView, 'holder' | 'counterparty' | 'kind'>) {
  return `${e.holder}\u0000${e.counterparty}\u0000${e.kind}`;
}
