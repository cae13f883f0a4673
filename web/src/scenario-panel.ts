import { CONTAGION_MODELS } from '../../src/contracts';
import {
  api,
  DEFAULT_MODEL,
  type ModelName,
  type SavedScenario,
  type ScenarioResult,
  type Shock,
} from './api';
import { byId, errorText, h, usd } from './format';
import { compareTable } from './scenario-compare';
import { paramsForm, readParams, showParams } from './scenario-params';
import { renderResult } from './scenario-result';
import { resort } from './table';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ScenarioHost {
  at(): string;
  knownAt(): string | undefined;
  companies(): { id: string; name: string }[];
  sectors(): string[];
  deals(): string[];
  /** Plays the cascade of `result` on the graph. */
  play(result: ScenarioResult, shocks: Shock[], recoveryRate: number): void;
  /** A scenario's result is on show (its id goes into the address). */
  shown?(id: string): void;
}

function fillSelect(
  select: HTMLSelectElement,
  options: { value: string; label: string }[],
  selected?: string,
): void {
  select.replaceChildren(
    ...options.map((o) =>
      h('option', { value: o.value, selected: o.value === selected }, o.label),
    ),
  );
}

/** Builds shocks, runs a model, shows totals and the comparison with the baseline; reopens saved runs. */
export class ScenarioPanel {
  private readonly list = byId<HTMLUListElement>('shock-list');
  private readonly out = byId('scenario-result');
  private readonly saved = byId<HTMLSelectElement>('saved-list');
  /** Lists of saved scenarios shown so far (`data-lists` on the list: a refresh has landed). */
  private lists = 0;

  constructor(private readonly host: ScenarioHost) {
    fillSelect(
      byId<HTMLSelectElement>('sc-model'),
      CONTAGION_MODELS.map((m) => ({ value: m, label: m })),
      DEFAULT_MODEL,
    );
    paramsForm();
    byId('add-default').addEventListener('click', () =>
      this.addShock({ type: 'default', company: '', recoveryRate: 0 }),
    );
    byId('add-asset').addEventListener('click', () =>
      this.addShock({ type: 'asset-shock', fraction: 0.2, sector: '' }),
    );
    byId('add-cancel').addEventListener('click', () =>
      this.addShock({ type: 'cancel-deal', deal: '' }),
    );
    byId('scenario-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.run();
    });
    byId('saved-refresh').addEventListener(
      'click',
      () => void this.refreshSaved(),
    );
    byId('saved-open').addEventListener(
      'click',
      () => void this.open(this.saved.value),
    );
  }

  addShock(shock: Shock): HTMLLIElement {
    const li = h('li', { 'data-type': shock.type });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'small',
        'aria-label': 'Remove this shock',
        onclick: () => li.remove(),
      },
      '×',
    );
    if (shock.type === 'default') {
      const company = h('select', {
        class: 'shock-company',
        'aria-label': 'Company that defaults',
      });
      fillSelect(
        company,
        this.host.companies().map((c) => ({ value: c.id, label: c.name })),
        shock.company || undefined,
      );
      const rr = h('input', {
        class: 'shock-recovery',
        type: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        value: shock.recoveryRate ?? 0,
        'aria-label': 'Recovery rate',
      });
      li.append(
        h('b', {}, 'Company defaults'),
        company,
        h('label', {}, 'recovery ', rr),
        remove,
      );
    } else if (shock.type === 'asset-shock') {
      const sector = h('select', {
        class: 'shock-sector',
        'aria-label': 'Sector hit',
      });
      fillSelect(
        sector,
        [
          { value: '', label: 'every company' },
          ...this.host.sectors().map((s) => ({ value: s, label: s })),
        ],
        shock.sector,
      );
      const fraction = h('input', {
        class: 'shock-fraction',
        type: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        value: shock.fraction,
        'aria-label': 'Fraction of external assets lost',
      });
      li.append(
        h('b', {}, 'Asset shock'),
        sector,
        h('label', {}, 'fraction lost ', fraction),
        remove,
      );
    } else if (shock.type === 'cancel-deal' || shock.type === 'haircut') {
      const deal = h('select', {
        class: 'shock-deal',
        'aria-label': 'Deal cancelled',
      });
      fillSelect(
        deal,
        this.host.deals().map((d) => ({ value: d, label: d })),
        shock.deal || undefined,
      );
      li.dataset.type = 'cancel-deal';
      li.append(h('b', {}, 'Deal cancelled'), deal, remove);
    }
    this.list.append(li);
    return li;
  }

  private shocks(): Shock[] {
    return [...this.list.querySelectorAll<HTMLLIElement>('li')].map(
      (li): Shock => {
        const value = (sel: string): string =>
          (li.querySelector(sel) as HTMLInputElement | HTMLSelectElement).value;
        switch (li.dataset.type) {
          case 'default':
            return {
              type: 'default',
              company: value('.shock-company'),
              recoveryRate: Number(value('.shock-recovery')),
            };
          case 'asset-shock': {
            const sector = value('.shock-sector');
            return sector
              ? {
                  type: 'asset-shock',
                  fraction: Number(value('.shock-fraction')),
                  sector,
                }
              : {
                  type: 'asset-shock',
                  fraction: Number(value('.shock-fraction')),
                };
          }
          default:
            return { type: 'cancel-deal', deal: value('.shock-deal') };
        }
      },
    );
  }

  private async run(): Promise<void> {
    const button = byId<HTMLButtonElement>('sc-run');
    const shocks = this.shocks();
    const params = readParams();
    const recoveryRate = params.recoveryRate ?? 0;
    const body = {
      name: byId<HTMLInputElement>('sc-name').value.trim() || 'What if',
      at: this.host.at(),
      knownAt: this.host.knownAt(),
      model: byId<HTMLSelectElement>('sc-model').value as ModelName,
      params,
      shocks,
    };
    button.disabled = true;
    this.out.replaceChildren(h('p', { class: 'hint' }, 'Running…'));
    try {
      const answer = await api.runScenario(body);
      await this.showResult(
        answer.id,
        body.at,
        answer.result,
        shocks,
        recoveryRate,
        body.model,
      );
      void this.refreshSaved(answer.id);
    } catch (error) {
      this.out.replaceChildren(
        h(
          'p',
          { class: 'error', role: 'alert' },
          `The scenario did not run: ${errorText(error)}`,
        ),
      );
    } finally {
      button.disabled = false;
    }
  }

  private async showResult(
    id: string,
    at: string,
    result: ScenarioResult,
    shocks: Shock[],
    recoveryRate: number,
    model?: string,
  ): Promise<void> {
    const names = new Map(this.host.companies().map((c) => [c.id, c.name]));
    const { nodes, table } = renderResult(id, result, model, names);
    const compare = h(
      'div',
      {},
      h('p', { class: 'hint' }, 'Loading the comparison with the baseline…'),
    );
    this.out.replaceChildren(
      ...nodes,
      h('h3', {}, 'Against the network without the scenario'),
      compare,
    );
    resort(table);
    this.host.shown?.(id);
    this.host.play(result, shocks, recoveryRate);
    try {
      compare.replaceChildren(
        compareTable(await api.compare(id, at), result, names),
      );
    } catch (error) {
      compare.replaceChildren(
        h('p', { class: 'error' }, `Comparison: ${errorText(error)}`),
      );
    }
  }

  async refreshSaved(select?: string): Promise<void> {
    try {
      const list = await api.scenarios();
      // the list comes back a while after it was asked for: keep what the reader picked meanwhile
      const picked = select ?? (this.saved.value || undefined);
      fillSelect(
        this.saved,
        list.map((s) => ({
          value: s.id,
          label: [
            s.name ?? s.id,
            s.model,
            String(s.at ?? '').slice(0, 10),
            typeof s.totalLossUsd === 'number'
              ? `loss ${usd(s.totalLossUsd)}`
              : '',
          ]
            .filter(Boolean)
            .join(' · '),
        })),
        picked,
      );
    } catch (error) {
      fillSelect(this.saved, [{ value: '', label: `(${errorText(error)})` }]);
    }
    this.saved.dataset.lists = String(++this.lists);
  }

  /** Opens a saved scenario: its definition back in the form, its result and cascade on show. */
  async open(id: string): Promise<void> {
    if (!id) return;
    try {
      const s: SavedScenario = await api.scenario(id);
      const definition = isObj((s as unknown as Json).definition)
        ? ((s as unknown as Json).definition as Partial<SavedScenario>)
        : s;
      this.list.replaceChildren();
      for (const shock of definition.shocks ?? []) this.addShock(shock);
      if (definition.name)
        byId<HTMLInputElement>('sc-name').value = definition.name;
      if (definition.model)
        byId<HTMLSelectElement>('sc-model').value = definition.model;
      const rr = definition.params?.recoveryRate ?? 0;
      showParams(definition.params);
      if (s.result)
        await this.showResult(
          s.id,
          String(definition.at ?? this.host.at()).slice(0, 10),
          s.result,
          definition.shocks ?? [],
          rr,
          definition.model,
        );
    } catch (error) {
      this.out.replaceChildren(
        h('p', { class: 'error' }, `Could not open ${id}: ${errorText(error)}`),
      );
    }
  }
}
