// A process that writes two appends, then five together — the first at once, the other four as
// one group — and is killed (SIGKILL, no clean-up) while the group's transaction is open: after
// one of its appends is inserted, before its commit. Used by group-commit.int.spec.ts to show that a kill leaves no part of a group.
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { newEvent } from '../../kits/event-store.contract';

const file = process.argv[2];
let armed = false;
let calls = 0;
const store = SqliteEventStore.open(file, {
  clock: {
    now: () => {
      // The clock is read once per append, inside its transaction: the first read is group-0's
      // (written alone), the third comes after group-1 was inserted in the group's transaction.
      if (armed && ++calls === 3) process.kill(process.pid, 'SIGKILL');
      return new Date();
    },
  },
});

async function main(): Promise<void> {
  await store.append('alone-1', [newEvent('Tested', { i: 1 })], 'no_stream');
  await store.append('alone-2', [newEvent('Tested', { i: 2 })], 'no_stream');
  // A new turn of the event loop, so group-0 is its first append.
  await new Promise((resolve) => setImmediate(resolve));
  armed = true;
  await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      store.append(`group-${i}`, [newEvent('Tested', { i })], 'no_stream'),
    ),
  );
  process.stdout.write('the group was committed: the kill did not happen\n');
}

void main();
