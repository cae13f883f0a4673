import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { checkCommand } from './check.command';
import { EXIT, Io } from './output';
import { verifyCommand } from './query.commands';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { events } from '../../../test/kits/event-store.contract';

function capture(): Io & { text: () => string } {
  const lines: string[] = [];
  return {
    out: (s) => void lines.push(s),
    err: (s) => void lines.push(s),
    interactive: false,
    text: () => lines.join('\n'),
  };
}

describe('tangle check and the CLI on a store it cannot use', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-check-'));
    path = join(dir, 'tangle.db');
    const store = SqliteEventStore.open(path);
    // Five appends of one event: each is sealed on its own, so a break is named to the event.
    for (let i = 0; i < 5; i++)
      await store.append('company-a', events(1), i === 0 ? 'no_stream' : i - 1);
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a sound store: exit 0 with the number of sealed events, quick and full', async () => {
    for (const full of [false, true]) {
      const io = capture();
      expect(await checkCommand({ store: `sqlite:${path}`, full }, io)).toBe(
        EXIT.ok,
      );
      expect(io.text()).toContain('sound');
      expect(io.text()).toContain('5 events sealed');
    }
  });

  it('an edited row: exit 4 naming the first broken position', async () => {
    const db = new Database(path);
    db.prepare(
      "UPDATE events SET recorded_at = '2001-01-01T00:00:00.000Z' WHERE position = 3",
    ).run();
    db.close();
    const io = capture();
    expect(await checkCommand({ store: `sqlite:${path}` }, io)).toBe(
      EXIT.verifyFailed,
    );
    expect(io.text()).toContain('first broken at position 3');
  });

  it('a store held by a server: verify and check say it is in use, exit 1', async () => {
    const server = SqliteEventStore.open(path);
    try {
      for (const run of [
        (io: Io) => checkCommand({ store: `sqlite:${path}` }, io),
        (io: Io) => verifyCommand({ store: `sqlite:${path}` }, io),
      ]) {
        const io = capture();
        expect(await run(io)).toBe(EXIT.failure);
        expect(io.text()).toContain(`${path} is in use by another process`);
      }
    } finally {
      await server.close();
    }
  });
});
