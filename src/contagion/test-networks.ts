import { buildNetwork, ContagionNetwork } from './network';

/**
 * Builds a network from a small dense obligation matrix, `L[i][j]` owed by i to j, as the
 * published examples are written. For tests and examples only; the models never see a dense matrix.
 */
export function fromMatrix(spec: {
  ids?: string[];
  L: number[][];
  externalAssets: number[];
  externalLiabilities?: number[];
  equity?: number[];
  weight?: number[];
}): ContagionNetwork {
  const n = spec.L.length;
  const ids = spec.ids ?? Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const obligations = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (spec.L[i][j] > 0)
        obligations.push({
          debtor: ids[i],
          creditor: ids[j],
          amountUsd: spec.L[i][j],
        });
    }
  }
  return buildNetwork({
    companies: ids.map((id, i) => ({
      id,
      equityUsd: spec.equity?.[i] ?? 0,
      externalAssetsUsd: spec.externalAssets[i],
      externalLiabilitiesUsd: spec.externalLiabilities?.[i] ?? 0,
      weight: spec.weight?.[i],
    })),
    obligations,
  });
}
