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

/** TV1: Siebenbrunner's published 3-node example (obligations and outside assets; n1 and n2 are short). */
export const TV1 = {
  L: [
    [0, 20, 10],
    [5, 0, 24],
    [10, 0, 0],
  ],
  externalAssets: [10, 10, 10],
};

/** TV9: the synthetic AI-giants fixture, OAI, ORCL, CRWV and NVDA (obligations and outside assets). */
export const AI_GIANTS = {
  ids: ['oai', 'orcl', 'crwv', 'nvda'],
  L: [
    [0, 30, 10, 0],
    [0, 0, 0, 20],
    [0, 0, 0, 5],
    [0, 0, 0, 0],
  ],
  externalAssets: [45, 8, 12, 50],
};
