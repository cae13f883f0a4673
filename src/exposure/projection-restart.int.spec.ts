import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory, writeHistory } from '../../bench/generate';

const CHILD = join(__dirname, '../../test/kits/fixtures/projection-child.js');

interface ChildRun {
  lines: string[];
  done?: string;
  killedAt?: number;
}

/** Runs the projection in a child process; with `killAfter`, SIGKILLs it once it has committed past that position. */
function runChild(
  store: string,
  projections: string,
  head: number,
  killAfter?: number,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        CHILD,
        store,
        projections,
        String(head),
        '37',
        ...(killAfter === undefined ? [] : [String(killAfter)]),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const run: ChildRun = { lines: [] };
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        run.lines.push(line);
        if (line.startsWith('done ')) run.done = line.slice(5);
        const position = line.startsWith('position ')
          ? Number(line.slice(9))
          : NaN;
        if (
          killAfter !== undefined &&
          run.killedAt === undefined &&
          position >= killAfter
        ) {
          run.killedAt = position;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killAfter !== undefined && signal === 'SIGKILL') resolve(run);
      else if (code === 0) resolve(run);
      else reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

describe('projection restart after a kill', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-exposure-kill-'));
  const store = join(dir, 'store.db');
  let head = 0;

  beforeAll(async () => {
    head = await writeHistory(
      `sqlite:${store}`,
      generateHistory({ companies: 60, deals: 1500, seed: 7 }),
    );
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes from its checkpoint with nothing counted twice or missed', async () => {
    expect(head).toBeGreaterThan(5000);
    const reference = await runChild(
      store,
      join(dir, 'uninterrupted.db'),
      head,
    );
    expect(reference.done).toBeDefined();

    const projections = join(dir, 'killed.db');
    const killed = await runChild(
      store,
      projections,
      head,
      Math.floor(head / 3),
    );
    expect(killed.killedAt).toBeLessThan(head);
    expect(killed.done).toBeUndefined();
    const killedAgain = await runChild(
      store,
      projections,
      head,
      Math.floor((2 * head) / 3),
    );
    expect(killedAgain.done).toBeUndefined();
    expect(killedAgain.killedAt).toBeLessThan(head);
    // it resumed where the checkpoint was, not from zero
    expect(Number(killedAgain.lines[0].slice(9))).toBeGreaterThanOrEqual(
      killed.killedAt!,
    );

    const resumed = await runChild(store, projections, head);
    expect(resumed.done).toBe(reference.done);
  }, 120_000);
});
