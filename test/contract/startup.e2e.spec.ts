import { ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openEventStore } from '../../src/event-store/open-event-store';
import { collect, events } from '../kits/event-store.contract';

/**
 * The service as a user starts it (`src/main.ts` in a child process): plain start-up errors and a
 * clean shutdown on SIGTERM.
 */
const root = resolve(__dirname, '../..');
const register = join(__dirname, '../kits/support/register-ts.js');
const main = join(root, 'src', 'main.ts');
const run = promisify(execFile);

function startService(cwd: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', register, main], {
    cwd,
    env: {
      ...process.env,
      TANGLE_SEED: 'none',
      PORT: '0',
      HOST: '127.0.0.1',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function failsToStart(
  cwd: string,
  url: string,
): Promise<{ code: number; stderr: string }> {
  const outcome = await run(process.execPath, ['-r', register, main], {
    cwd,
    env: {
      ...process.env,
      EVENT_STORE_URL: url,
      TANGLE_SEED: 'none',
      PORT: '0',
    },
    timeout: 60_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({
      code: error.code,
      stderr: error.stderr,
    }),
  );
  return outcome;
}

describe('start-up and shutdown', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-startup-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an unparseable store URL: one sentence naming it, exit 1, nothing written', async () => {
    const { code, stderr } = await failsToStart(
      dir,
      'postgres://db.example/tangle',
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      'tangle: cannot start: EVENT_STORE_URL: "postgres://db.example/tangle" cannot be used: expected sqlite:<path>, sqlite::memory: or esdb://host:port\n',
    );
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('a file that is not a Tangle store: one sentence naming the path, exit 1, the file untouched', async () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are notes, not events\n');
    const { code, stderr } = await failsToStart(dir, `sqlite:${path}`);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `tangle: cannot start: ${path} is not a Tangle event store (it is not an SQLite database)\n`,
    );
    expect(readFileSync(path, 'utf8')).toBe('these are notes, not events\n');
    expect(readdirSync(dir)).toEqual(['notes.db']);

    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    db.close();
    const before = readFileSync(other);
    const second = await failsToStart(dir, `sqlite:${other}`);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `tangle: cannot start: ${other} is not a Tangle event store (it is an SQLite database with other tables: invoices)\n`,
    );
    expect(readFileSync(other).equals(before)).toBe(true);
  }, 60_000);

  it('an EventStoreDB that does not answer: one sentence naming the URL, exit 1', async () => {
    const { code, stderr } = await failsToStart(
      dir,
      'esdb://admin:secret@127.0.0.1:1?tls=false',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^tangle: cannot start: EventStoreDB at esdb:\/\/127\.0\.0\.1:1\?tls=false does not answer: .+\n$/,
    );
    expect(stderr).not.toContain('secret');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('a store held by another process: one sentence naming the path, exit 1', async () => {
    const path = join(dir, 'busy.db');
    const holder = await openEventStore(`sqlite:${path}`);
    try {
      const { code, stderr } = await failsToStart(dir, `sqlite:${path}`);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `tangle: cannot start: ${path} is in use by another process (the embedded event store allows one writer per file)\n`,
      );
    } finally {
      await holder.close();
    }
  }, 60_000);

  it('SIGTERM stops the service and closes the store cleanly (WAL checkpointed, lock released)', async () => {
    const path = join(dir, 'data', 'tangle.db');
    const seeded = await openEventStore(`sqlite:${path}`);
    await seeded.append('deal-x', events(3), 'no_stream');
    await seeded.close();

    const child = startService(dir, { EVENT_STORE_URL: `sqlite:${path}` });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
    }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    await new Promise<void>((ready, fail) => {
      const check = (): void => {
        const serving = /Tangle is serving on (http:\/\/\S+)/.exec(output);
        if (serving) ready();
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      void exited.then(({ code }) =>
        fail(
          new Error(`the service exited (${code}) before serving:\n${output}`),
        ),
      );
    });
    const url = /Tangle is serving on (http:\/\/\S+)/.exec(output)![1];
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ready: true,
      eventStore: {
        kind: 'sqlite',
        state: 'ready',
        location: path,
        headPosition: 3,
      },
    });
    // While it runs the file is held: nobody else may write beside it.
    await expect(openEventStore(`sqlite:${path}`)).rejects.toThrow(
      'is in use by another process',
    );

    child.kill('SIGTERM');
    const { code, signal } = await exited;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(output).toContain(`closed the sqlite event store at ${path}`);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = await openEventStore(`sqlite:${path}`);
    try {
      expect(
        (await collect(reopened.readStream('deal-x'))).map((e) => e.revision),
      ).toEqual([0, 1, 2]);
    } finally {
      await reopened.close();
    }
  }, 90_000);
});
