import {
  DEAL_CERTAINTIES,
  ESTIMATE_CHOICES,
  SCENARIO_BASES,
} from '../../src/contracts';
import { type Basis, type ModelName, type ScenarioParams } from './api';
import { byId, h } from './format';
import { BASIS_NOTES, MODEL_NOTES } from './scenario-notes';

/** The scenario form's settings beyond the shocks: basis, recovery, horizon, damages, filters. */
const BASIS_LABELS: Record<Basis, string> = {
  'balance-sheet': 'balance sheet (loss given default)',
  liquidity: 'liquidity (payments due in the horizon)',
  'full-commitment': 'full commitment (the earlier reading)',
};

const select = (id: string): HTMLSelectElement => byId<HTMLSelectElement>(id);
const input = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);

function fill(
  el: HTMLSelectElement,
  values: readonly string[],
  labels?: Record<string, string>,
  selected: string = values[0],
): void {
  el.replaceChildren(
    ...values.map((v) =>
      h('option', { value: v, selected: v === selected }, labels?.[v] ?? v),
    ),
  );
}

/** Fills the selects and keeps the one-sentence notes in step with the model and the basis. */
export function paramsForm(): void {
  fill(select('sc-basis'), SCENARIO_BASES, BASIS_LABELS);
  fill(select('sc-certainty'), DEAL_CERTAINTIES, {
    binding: 'binding only',
    conditional: 'binding and conditional',
    intent: 'all, intents too',
  });
  fill(
    select('sc-estimates'),
    ESTIMATE_CHOICES,
    {
      central: 'central estimate',
      low: 'low estimate',
      high: 'high estimate',
      omit: 'left out',
    },
    'central',
  );
  const notes = (): void => {
    const model = select('sc-model').value as ModelName;
    byId('sc-model-note').textContent = MODEL_NOTES[model] ?? '';
    byId('sc-basis-note').textContent =
      BASIS_NOTES[select('sc-basis').value as Basis] ?? '';
  };
  select('sc-model').addEventListener('change', notes);
  select('sc-basis').addEventListener('change', notes);
  notes();
}

/** The form's settings as the request's `params` (an empty horizon: the basis's default). */
export function readParams(): ScenarioParams {
  const horizon = input('sc-horizon').value.trim();
  return {
    basis: select('sc-basis').value as Basis,
    recoveryRate: Number(input('sc-recovery').value) || 0,
    ...(horizon ? { horizonDays: Number(horizon) } : {}),
    damagesRate: Number(input('sc-damages').value),
    minCertainty: select('sc-certainty')
      .value as ScenarioParams['minCertainty'],
    estimates: select('sc-estimates').value as ScenarioParams['estimates'],
  };
}

/** Puts a saved definition's settings back in the form (what it left out: the defaults). */
export function showParams(params: ScenarioParams | undefined): void {
  const p = params ?? {};
  select('sc-basis').value = p.basis ?? 'balance-sheet';
  input('sc-recovery').value = String(p.recoveryRate ?? 0);
  input('sc-horizon').value =
    p.horizonDays === undefined ? '' : String(p.horizonDays);
  input('sc-damages').value = String(p.damagesRate ?? 0.25);
  select('sc-certainty').value = p.minCertainty ?? 'binding';
  select('sc-estimates').value = p.estimates ?? 'central';
  select('sc-basis').dispatchEvent(new Event('change'));
}
