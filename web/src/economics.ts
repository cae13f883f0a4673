/* A scenario result's economics, read without the DOM (the unit tests run it in node). */
import type {
  Basis,
  Caveat,
  ScenarioCompanyResult,
  ScenarioResult,
} from './api';

/**
 * The economics of a result (API.md "Scenarios"). A run recorded before the readings has no
 * basis, params, baseline or caveats: it was computed on the full-commitment reading, so it is
 * shown as that, with nobody failing anyway.
 */
export interface Economics {
  basis: Basis;
  params: Partial<NonNullable<ScenarioResult['params']>>;
  /** Failures the shock caused, in the answer's order (round, then id). */
  caused: string[];
  /** Failures of the same reading without any shock. */
  anyway: string[];
  caveats: Caveat[];
  capacityAtRiskUsd: number;
}

export const numberOr = (v: number | undefined, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

export function economicsOf(result: ScenarioResult): Economics {
  const anyway = new Set(result.baselineDefaults ?? []);
  for (const c of result.companies) if (c.failingWithoutShock) anyway.add(c.id);
  return {
    basis: result.basis ?? result.params?.basis ?? 'full-commitment',
    params: result.params ?? {},
    caused: result.defaults.filter((id) => !anyway.has(id)),
    anyway: [...anyway],
    caveats: result.caveats ?? [],
    capacityAtRiskUsd: result.companies.reduce(
      (sum, c) => sum + numberOr(c.capacityAtRiskUsd, 0),
      0,
    ),
  };
}

/** A company's loss split: round 1 (its own shock, its claims on the shocked) and the rest. */
export function lossSplit(c: ScenarioCompanyResult): {
  direct: number;
  contagion: number;
} {
  // NaN where a run from before the readings does not split the loss: an empty cell, not 0.
  return {
    direct: numberOr(c.lossDirectUsd, Number.NaN),
    contagion: numberOr(c.lossContagionUsd, Number.NaN),
  };
}
