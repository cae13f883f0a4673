/**
 * Serialises work per key (a stream id) inside this process, so concurrent requests on one stream
 * decide against the state the previous one left instead of racing to a revision conflict.
 * Other keys run concurrently. The store's expected-revision check still guards other processes.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `work` after the key's previous work settled (at once when there is none) and answers
   * what it answers. A promise chain, not an async function: every write takes this lock, and
   * the chain costs it one promise (the tail that lets the key go) beyond the work's own.
   */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(work, work) : work();
    const release = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail: Promise<void> = result.then(release, release);
    this.tails.set(key, tail);
    return result;
  }
}
