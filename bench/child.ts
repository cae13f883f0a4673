import { ChildProcess, fork } from 'node:child_process';

/** A process of a benchmark's own (a script of bench/), ready: the first thing it said. */
export interface Child<Ready> {
  readonly process: ChildProcess;
  readonly ready: Ready;
  /** Says `stop`; resolves once it has exited, with the last thing it said meanwhile. */
  stop(): Promise<unknown>;
}

/** Forks `script` (a path) and waits for its first message (an exit before it is an error). */
export async function startChild<Ready>(
  script: string,
  args: readonly string[],
): Promise<Child<Ready>> {
  const child = fork(script, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) =>
      reject(new Error(`${script} exited (${code}) before it was ready`)),
    );
  });
  return {
    process: child,
    ready,
    stop: async () => {
      let last: unknown;
      child.on('message', (m) => (last = m));
      // a child that said its last and exited meanwhile may have closed the channel already
      if (child.connected) child.send('stop', () => undefined);
      await exited;
      return last;
    },
  };
}
