import { parentPort } from 'node:worker_threads';
import { AnalysisTask, runTask } from './analysis.task';

/** Worker thread entry: runs one analysis slice and posts progress, then the outcome. */
parentPort?.on('message', (task: AnalysisTask) => {
  try {
    const outcome = runTask(task, (done) =>
      parentPort?.postMessage({ type: 'progress', done }),
    );
    parentPort?.postMessage({ type: 'done', outcome });
  } catch (error) {
    parentPort?.postMessage({
      type: 'error',
      message: (error as Error).message,
    });
  }
});
