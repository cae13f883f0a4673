import {
  AnalysisInput,
  sweepRuns,
  SweepSample,
  SystemicRow,
  systemicRows,
} from './domain/analysis';

/** One slice of an analysis, as sent to a worker thread (structured-cloned: typed arrays and Maps survive). */
export type AnalysisTask =
  | {
      readonly kind: 'systemic';
      readonly input: AnalysisInput;
      readonly indices: number[];
      readonly recoveryRate: number;
    }
  | {
      readonly kind: 'sweep';
      readonly input: AnalysisInput;
      readonly probabilities: Float64Array;
      readonly seed: number;
      readonly from: number;
      readonly to: number;
    };

export type AnalysisOutcome =
  | { readonly kind: 'systemic'; readonly rows: SystemicRow[] }
  | { readonly kind: 'sweep'; readonly sample: SweepSample };

/** Progress is reported every this many runs. */
export const PROGRESS_EVERY = 25;

export function runTask(
  task: AnalysisTask,
  progress: (done: number) => void,
): AnalysisOutcome {
  let done = 0;
  const tick = (): void => {
    done++;
    if (done % PROGRESS_EVERY === 0) progress(done);
  };
  switch (task.kind) {
    case 'systemic':
      return {
        kind: 'systemic',
        rows: systemicRows(task.input, task.indices, task.recoveryRate, tick),
      };
    case 'sweep':
      return {
        kind: 'sweep',
        sample: sweepRuns(
          task.input,
          task.probabilities,
          task.seed,
          task.from,
          task.to,
          tick,
        ),
      };
  }
}
