import { createHash } from 'node:crypto';
import {
  ContagionModelName,
  ContagionNetwork,
  ContagionRun,
  runContagionModel,
} from '../../contagion';
import { canonicalJson } from '../../shared/json';
import { EconomicResult } from './economics/result';
import type { ScenarioNetwork } from './full-commitment';

/**
 * The result of a run in the earlier version's shape (API.md `result` before the readings), and the
 * recorded results of either shape: their digest and how a re-run is compared with them.
 */

/** One company in a scenario result (API.md). */
export interface ScenarioCompanyResult {
  id: string;
  equityBeforeUsd: number;
  lossUsd: number;
  equityAfterUsd: number;
  defaulted: boolean;
  /** null when the company did not default; 0 for the shocked (and recorded) defaults. */
  defaultRound: number | null;
  paymentUsd?: number;
  distress?: number;
}

export interface ScenarioResult {
  model: ContagionModelName;
  companies: ScenarioCompanyResult[];
  defaults: string[];
  rounds: number;
  initialLossUsd: number;
  totalLossUsd: number;
  amplification: number | null;
  grossMultiplier?: number | null;
  netMultiplier?: number | null;
  externalCreditorLossUsd?: number;
  debtRank?: number;
}

/** Runs the model and shapes the answer as API.md's `result` (companies in id order). */
export function runScenarioModel(
  model: ContagionModelName,
  input: ScenarioNetwork,
): ScenarioResult {
  return toResult(
    runContagionModel(model, input.network, input.shocks, input.params),
    input.network,
  );
}

export function toResult(
  run: ContagionRun,
  network: ContagionNetwork,
): ScenarioResult {
  const companies: ScenarioCompanyResult[] = network.ids.map((id, i) => {
    const row: ScenarioCompanyResult = {
      id,
      equityBeforeUsd: run.equityBefore[i],
      lossUsd: run.loss[i],
      equityAfterUsd: run.equityAfter[i],
      defaulted: run.defaulted[i] === 1,
      defaultRound: run.defaultRound[i] >= 0 ? run.defaultRound[i] : null,
    };
    if (run.payment) row.paymentUsd = run.payment[i];
    if (run.distress) row.distress = run.distress[i];
    return row;
  });
  const result: ScenarioResult = {
    model: run.model,
    companies,
    defaults: run.defaults.map((i) => network.ids[i]),
    rounds: run.rounds,
    initialLossUsd: run.initialLoss,
    totalLossUsd: run.totalLoss,
    amplification: run.amplification,
  };
  if (run.grossMultiplier !== undefined)
    result.grossMultiplier = run.grossMultiplier;
  if (run.netMultiplier !== undefined) result.netMultiplier = run.netMultiplier;
  if (run.externalCreditorLoss !== undefined)
    result.externalCreditorLossUsd = run.externalCreditorLoss;
  if (run.debtRank !== undefined) result.debtRank = run.debtRank;
  return result;
}

/** sha256 of the canonical JSON of a result: equal digests, equal results to the bit. */
export function resultDigest(result: RecordedResult): string {
  return createHash('sha256').update(canonicalJson(result)).digest('hex');
}

/**
 * A recorded run's result. Runs recorded before the readings (no `basis`) hold the earlier shape:
 * they were computed on the full-commitment reading, without the baseline; they are read as they
 * were recorded (the fields of the readings absent), never re-labelled.
 */
export type RecordedResult = EconomicResult | ScenarioResult;

/** Was the run recorded before the readings (the earlier shape)? */
export function isEarlierResult(
  result: RecordedResult,
): result is ScenarioResult {
  return !('basis' in result);
}

/**
 * A result as the earlier version shaped it (its fields only, in its meaning under
 * `full-commitment`): a re-run of a scenario recorded then is compared with its first run on these.
 */
export function earlierShape(result: EconomicResult): ScenarioResult {
  const out: ScenarioResult = {
    model: result.model,
    companies: result.companies.map((c) => {
      const row: ScenarioCompanyResult = {
        id: c.id,
        equityBeforeUsd: c.equityBeforeUsd,
        lossUsd: c.lossUsd,
        equityAfterUsd: c.equityAfterUsd,
        defaulted: c.defaulted,
        defaultRound: c.defaultRound,
      };
      if (c.paymentUsd !== undefined) row.paymentUsd = c.paymentUsd;
      if (c.distress !== undefined) row.distress = c.distress;
      return row;
    }),
    defaults: result.defaults,
    rounds: result.rounds,
    initialLossUsd: result.initialLossUsd,
    totalLossUsd: result.totalLossUsd,
    amplification: result.amplification,
  };
  if (result.grossMultiplier !== undefined)
    out.grossMultiplier = result.grossMultiplier;
  if (result.netMultiplier !== undefined)
    out.netMultiplier = result.netMultiplier;
  if (result.externalCreditorLossUsd !== undefined)
    out.externalCreditorLossUsd = result.externalCreditorLossUsd;
  if (result.debtRank !== undefined) out.debtRank = result.debtRank;
  return out;
}
