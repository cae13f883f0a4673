import { specFor } from '../../ledger/domain/testing/decider-specification';
import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
} from '../../shared/errors';
import {
  ScenarioCommand,
  scenarioDecider,
  ScenarioRun,
} from './scenario.decider';
import { ScenarioDefinition } from './scenario.definition';
import { ScenarioFact } from './scenario.events';

const spec = specFor(scenarioDecider, undefined);
const at = '2025-01-01T00:00:00.000Z';
const recordedAt = '2026-03-01T10:00:00.000Z';
const definition: ScenarioDefinition = {
  name: 'OpenAI slips',
  at,
  model: 'furfine',
  params: { recoveryRate: 0.4, basis: 'balance-sheet' },
  shocks: [{ type: 'default', company: 'oai' }],
  overlay: [],
};
const run = (knownAt: string, digest: string): ScenarioRun => ({
  scenarioId: 's-1',
  at,
  knownAt,
  knownPosition: 7,
  digest,
  result: { totalLossUsd: 5, defaults: ['oai'] },
});
const first = run('2026-03-01T09:00:00.000Z', 'd1');
const defined: ScenarioFact[] = [
  {
    event: {
      type: 'ScenarioDefined',
      data: {
        scenarioId: 's-1',
        definition: {
          name: 'OpenAI slips',
          at,
          model: 'furfine',
          params: { recoveryRate: 0.4, basis: 'balance-sheet' },
          shocks: [{ type: 'default', company: 'oai' }],
          overlay: [],
        },
      },
    },
    effectiveAt: recordedAt,
    reason: 'OpenAI slips',
  },
  {
    event: { type: 'ScenarioRan', data: first },
    effectiveAt: recordedAt,
    reason: 'OpenAI slips',
  },
];
const define: ScenarioCommand = {
  type: 'DefineScenario',
  scenarioId: 's-1',
  definition,
  run: first,
  recordedAt,
};
const rerun = (r: ScenarioRun): ScenarioCommand => ({
  type: 'RecordScenarioRun',
  scenarioId: 's-1',
  run: r,
  recordedAt: '2026-04-01T00:00:00.000Z',
});

describe('scenario decider', () => {
  describe('no scenario yet', () => {
    it('defining records the definition (params as given) and its first run, both with the name as reason', () => {
      spec.given([]).when(define).then(defined);
    });

    it('a run at another date than the scenario is refused, naming at', () => {
      spec
        .given([])
        .when({ ...define, run: { ...first, at: '2025-06-01T00:00:00.000Z' } })
        .thenRefuses(RuleViolationError, /^at: /);
    });

    it('a re-run is refused: there is nothing to run again', () => {
      spec.given([]).when(rerun(first)).thenRefuses(NotFoundError, /s-1/);
    });
  });

  describe('a defined scenario', () => {
    it('is not defined twice', () => {
      spec.given(defined).when(define).thenRefuses(AlreadyExistsError, /s-1/);
    });

    it('a re-run at the first knownAt is recorded, reason re-run, whatever its digest', () => {
      const again = run(first.knownAt, 'd2');
      spec
        .given(defined)
        .when(rerun(again))
        .then([
          {
            event: { type: 'ScenarioRan', data: again },
            effectiveAt: '2026-04-01T00:00:00.000Z',
            reason: 're-run',
          },
        ]);
    });

    it('a re-run at another knownAt is refused, naming knownAt', () => {
      spec
        .given(defined)
        .when(rerun(run('2026-03-02T00:00:00.000Z', 'd1')))
        .thenRefuses(RuleViolationError, /^knownAt: /);
    });

    it('a run of another scenario is refused', () => {
      spec
        .given(defined)
        .when(rerun({ ...first, scenarioId: 's-2' }))
        .thenRefuses(RuleViolationError, /^scenarioId: /);
    });

    it('folds its runs in order: the first fixes knownAt', () => {
      const state = spec.given([
        ...defined,
        {
          ...defined[1],
          event: { type: 'ScenarioRan', data: run(first.knownAt, 'd3') },
        },
      ]).state;
      expect(state).toMatchObject({
        status: 'defined',
        definition,
        runs: [{ digest: 'd1' }, { digest: 'd3' }],
      });
    });
  });
});
