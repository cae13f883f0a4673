import { setImmediate as nextTurn } from 'node:timers/promises';

/** One page of a lazy read; `done` says no page follows. */
export interface Page<T> {
  items: T[];
  done: boolean;
}

/**
 * An AsyncIterable over pages fetched on demand: at most one page is held at a time, so a read of
 * any length stays within bounded memory. Between pages it yields to the event loop, so a long
 * read does not starve the server. Breaking out of `for await` stops fetching.
 */
export function pagedIterable<T>(
  fetchPage: () => Page<T> | Promise<Page<T>>,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let items: T[] = [];
      let index = 0;
      let done = false;
      let started = false;
      const finished: IteratorResult<T> = { value: undefined, done: true };
      const refill = async (): Promise<IteratorResult<T>> => {
        while (index >= items.length) {
          if (done) return finished;
          if (started) await nextTurn();
          started = true;
          const page = await fetchPage();
          items = page.items;
          index = 0;
          done = page.done;
        }
        return { value: items[index++], done: false };
      };
      return {
        next(): Promise<IteratorResult<T>> {
          if (index < items.length)
            return Promise.resolve({ value: items[index++], done: false });
          return refill();
        },
        return(): Promise<IteratorResult<T>> {
          done = true;
          items = [];
          index = 0;
          return Promise.resolve(finished);
        },
      };
    },
  };
}
