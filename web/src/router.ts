import { formatAddress, parseAddress, type Address } from './address';

export { formatAddress, isIsoDate, PANELS, parseAddress } from './address';
export type { Address, Panel } from './address';

/**
 * The address follows the page and the page follows the address. Each change is a step of the
 * history, except inside a gesture (a slider dragged, a word typed): its first change is a new
 * step and the rest update that step, so Back goes to the view before the gesture.
 */
export class Router {
  private applying = false;
  private current = location.hash;
  private inGesture = false;

  constructor(
    private readonly read: () => Address,
    private readonly apply: (a: Address) => void,
  ) {}

  /** Writes the page's view into the address; `gesture` when more changes of the same kind follow. */
  write(gesture = false): void {
    if (this.applying) return;
    const next = formatAddress(this.read());
    if (next === this.current) return;
    if (this.inGesture && gesture) history.replaceState(null, '', next);
    else history.pushState(null, '', next);
    this.inGesture = gesture;
    this.current = next;
  }

  /** The gesture is over (the slider let go, the field left): the next change is a new step. */
  endGesture(): void {
    this.inGesture = false;
  }

  /** Applies the address to the page now, and whenever it changes (Back, Forward, a pasted link). */
  start(): void {
    const follow = (): void => {
      if (location.hash === this.current) return;
      this.current = location.hash;
      this.run();
    };
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    this.run();
  }

  private run(): void {
    this.applying = true;
    try {
      this.apply(parseAddress(location.hash));
    } finally {
      this.applying = false;
    }
    // What the address lacked the page filled in: say so in the address without a new entry.
    const settled = formatAddress(this.read());
    if (settled !== location.hash) history.replaceState(null, '', settled);
    this.current = settled;
  }
}
