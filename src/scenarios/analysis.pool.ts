import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AnalysisOutcome, AnalysisTask, runTask } from './analysis.task';

const WORKER_FILE = join(__dirname, 'analysis.worker.js');

/**
 * Runs analysis slices in parallel on worker threads (one per slice; callers use as many slices as
 * cores). Where the worker is not compiled to JavaScript (tests run the TypeScript sources) the
 * slices run in this thread one after the other, yielding to the event loop between runs of 25 —
 * same answers either way. `onProgress(done)` receives the number of runs finished so far.
 */
export async function runSlices(
  tasks: AnalysisTask[],
  onProgress: (done: number) => void,
): Promise<AnalysisOutcome[]> {
  const doneBySlice = new Array<number>(tasks.length).fill(0);
  const report = (slice: number, done: number): void => {
    doneBySlice[slice] = done;
    onProgress(doneBySlice.reduce((a, b) => a + b, 0));
  };
  if (existsSync(WORKER_FILE) && __filename.endsWith('.js')) {
    return Promise.all(
      tasks.map((task, slice) => inWorker(task, (done) => report(slice, done))),
    );
  }
  const outcomes: AnalysisOutcome[] = [];
  for (let slice = 0; slice < tasks.length; slice++) {
    outcomes.push(await inThread(tasks[slice], (done) => report(slice, done)));
  }
  return outcomes;
}

function inWorker(
  task: AnalysisTask,
  progress: (done: number) => void,
): Promise<AnalysisOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE);
    let settled = false;
    worker.on(
      'message',
      (
        msg:
          | { type: 'progress'; done: number }
          | { type: 'done'; outcome: AnalysisOutcome }
          | { type: 'error'; message: string },
      ) => {
        if (msg.type === 'progress') progress(msg.done);
        else {
          settled = true;
          void worker.terminate();
          if (msg.type === 'done') resolve(msg.outcome);
          else reject(new Error(msg.message));
        }
      },
    );
    worker.on('error', (e) => {
      if (!settled) reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(new Error(`analysis worker exited with code ${code}`));
    });
    worker.postMessage(task);
  });
}

/** The same slice in this thread, split into chunks of 25 runs with a yield between them. */
async function inThread(
  task: AnalysisTask,
  progress: (done: number) => void,
): Promise<AnalysisOutcome> {
  const CHUNK = 25;
  if (task.kind === 'systemic') {
    const rows = [];
    for (let k = 0; k < task.indices.length; k += CHUNK) {
      const part = runTask(
        { ...task, indices: task.indices.slice(k, k + CHUNK) },
        () => undefined,
      );
      if (part.kind === 'systemic') rows.push(...part.rows);
      progress(Math.min(task.indices.length, k + CHUNK));
      await new Promise((r) => setImmediate(r));
    }
    return { kind: 'systemic', rows };
  }
  const total = task.to - task.from;
  const lossUsd = new Float64Array(total);
  const defaults = new Int32Array(total);
  for (let k = task.from; k < task.to; k += CHUNK) {
    const end = Math.min(task.to, k + CHUNK);
    const part = runTask({ ...task, from: k, to: end }, () => undefined);
    if (part.kind === 'sweep') {
      lossUsd.set(part.sample.lossUsd, k - task.from);
      defaults.set(part.sample.defaults, k - task.from);
    }
    progress(end - task.from);
    await new Promise((r) => setImmediate(r));
  }
  return { kind: 'sweep', sample: { lossUsd, defaults } };
}
