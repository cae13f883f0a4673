import { TemporalIndex } from '../../exposure/domain/temporal-index';
import { canonicalJson } from '../../shared/json';
import { ScenarioTimeline } from './overlay';
import { OverlayItem } from './scenario.definition';

interface Entry {
  readonly real: TemporalIndex;
  readonly head: number;
  readonly key: string;
  readonly timeline: ScenarioTimeline;
}

/**
 * The last scenario timelines made with an overlay, kept for the next reads of the same
 * scenario. Such a timeline is a second index of every event known at `knownAt`, the overlay
 * merged in (`scenarioTimeline`): seconds on a store of a million events. A scenario's run, its
 * `/exposures` and its `/compare` each ask for the same one.
 *
 * An entry serves only the same real index at the same head — an event recorded since may be
 * known at `knownAt` (an import announces history), and a rebuilt projection is another index —
 * for the same overlay (compared as canonical JSON), `knownPosition` and `knownAtMs`. At most
 * `capacity` entries, the least recently used going first; an entry whose index has moved on
 * goes at the next request. Pure: no clock, no I/O.
 */
export class TimelineCache {
  private entries: Entry[] = [];

  constructor(private readonly capacity = 1) {
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new Error(`a timeline cache holds 1 or more, not ${capacity}`);
  }

  /** The timeline for these, from the cache or made by `make` (and kept). */
  timeline(
    real: TemporalIndex,
    knownPosition: number,
    overlay: readonly OverlayItem[],
    knownAtMs: number,
    make: () => ScenarioTimeline,
  ): ScenarioTimeline {
    const head = real.headPosition();
    // entries of another index, or of this one before its latest events, serve no one now
    this.entries = this.entries.filter(
      (e) => e.real === real && e.head === head,
    );
    const key = `${knownPosition} ${knownAtMs} ${canonicalJson(overlay)}`;
    const at = this.entries.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.entries.splice(at, 1);
      this.entries.push(hit);
      return hit.timeline;
    }
    const timeline = make();
    this.entries.push({ real, head, key, timeline });
    if (this.entries.length > this.capacity) this.entries.shift();
    return timeline;
  }

  /** How many timelines are kept. */
  get size(): number {
    return this.entries.length;
  }

  /** Lets every timeline go. */
  clear(): void {
    this.entries = [];
  }
}
