/**
 * Serialises work per key (a stream id) inside this process, so concurrent requests on one stream
 * decide against the state the previous one left instead of racing to a revision conflict.
 * Other keys run concurrently. The store's expected-revision check still guards other processes.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(work, work) : work();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
