/* A scenario result's economics, read without the DOM (the unit tests run it in node). */
import {
  BASES,
  type Basis,
  type Caveat,
  type ScenarioCompanyResult,
  type ScenarioResult,
} from './api';

/**
 * The economics of a result (API.md "Scenarios"): read field by field, so a result saved before
 * the economics existed (no basis, no baseline) still shows, as the full-commitment reading it was.
 */
export interface Economics {
  basis: Basis;
  params: Record<string, unknown>;
  caused: string[];
  anyway: string[];
  caveats: Caveat[];
  capacityAtRiskUsd: number;
}

export const numberOr = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function economicsOf(result: ScenarioResult): Economics {
  const basis = (BASES as readonly unknown[]).includes(result.basis)
    ? (result.basis as Basis)
    : 'full-commitment';
  const params =
    typeof result.params === 'object' && result.params !== null
      ? (result.params as Record<string, unknown>)
      : {};
  const anyway = new Set(strings(result.baselineDefaults));
  for (const c of result.companies)
    if (c.failingWithoutShock === true) anyway.add(c.id);
  return {
    basis,
    params,
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
  const direct = numberOr(c.lossDirectUsd, Number.NaN);
  const contagion = numberOr(c.lossContagionUsd, Number.NaN);
  return { direct, contagion };
}
