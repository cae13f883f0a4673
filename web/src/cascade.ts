import type { ScenarioResult, Shock } from './api';
import { byId } from './format';
import type { NetworkGraph } from './graph';
import { dom, state } from './state';

/** The cascade of a scenario replayed on the graph, round by round, with its own slider. */
export class CascadePlayer {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly graph: NetworkGraph,
    private readonly render: () => void,
  ) {
    dom.cascadeRound.addEventListener('input', () => {
      clearInterval(this.timer);
      this.apply();
    });
    byId('cascade-play').addEventListener('click', () => {
      dom.cascadeRound.value = dom.cascadeRound.min;
      this.apply();
      this.start();
    });
    byId('cascade-clear').addEventListener('click', () => this.clear());
  }

  play(result: ScenarioResult, shocks: Shock[], recoveryRate: number): void {
    const shocked = new Set(
      shocks.flatMap((s) => (s.type === 'default' ? [s.company] : [])),
    );
    const recovery = new Map(
      shocks.flatMap((s) =>
        s.type === 'default'
          ? [[s.company, s.recoveryRate ?? recoveryRate] as [string, number]]
          : [],
      ),
    );
    const rounds = result.companies
      .map((c) => c.defaultRound)
      .filter((r): r is number => typeof r === 'number');
    const base = rounds.length > 0 ? Math.min(...rounds) : 0;
    const last = Math.max(base, result.rounds - 1 + base, ...rounds);
    state.cascade = {
      result,
      shocked,
      recovery: new Map([...recovery, ['*', recoveryRate]]),
      base,
    };
    dom.cascadeBar.hidden = false;
    dom.cascadeRound.min = String(base);
    dom.cascadeRound.max = String(last);
    dom.cascadeRound.value = String(base);
    this.graph.keepVisible([
      ...result.defaults,
      ...(result.baselineDefaults ?? []),
    ]);
    this.render();
    this.graph.select(null); // the whole cascade in view, not one company's neighbourhood
    this.apply();
    this.start();
  }

  clear(): void {
    clearInterval(this.timer);
    state.cascade = null;
    dom.cascadeBar.hidden = true;
    delete dom.body.dataset.cascade;
    this.graph.keepVisible([]);
    this.apply();
    this.render();
  }

  private start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      const r = Number(dom.cascadeRound.value);
      if (r >= Number(dom.cascadeRound.max)) {
        clearInterval(this.timer);
        dom.body.dataset.cascade = 'done';
        return;
      }
      dom.cascadeRound.value = String(r + 1);
      this.apply();
    }, 900);
    dom.body.dataset.cascade = 'playing';
  }

  /** Shows the round the cascade slider stands on. */
  apply(): void {
    const c = state.cascade;
    const round = Number(dom.cascadeRound.value);
    dom.cascadeLabel.value = `${round - (c?.base ?? 0) + 1} of ${Number(dom.cascadeRound.max) - (c?.base ?? 0) + 1}`;
    if (!c) {
      this.graph.showCascade(null, 0, new Set(), () => 0);
      delete dom.cascadeBar.dataset.failed;
      return;
    }
    const failed = this.graph.showCascade(
      c.result,
      round,
      c.shocked,
      (id) => c.recovery.get(id) ?? c.recovery.get('*') ?? 0,
    );
    dom.cascadeBar.dataset.failed = failed.join(' ');
    dom.cascadeLabel.value += ` · ${failed.length} failed`;
    if (round >= Number(dom.cascadeRound.max))
      dom.body.dataset.cascade = 'done';
  }
}
