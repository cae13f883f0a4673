import { TemporalIndex } from '../../exposure/domain/temporal-index';
import { canonicalJson } from '../../shared/json';
import { ScenarioTimeline } from './overlay';
import { OverlayItem } from './scenario.definition';

/**
 * The last scenario timeline made with an overlay, kept for the next reads of the same scenario.
 * Such a timeline is a second index of every event known at `knownAt`, the overlay merged in
 * (`scenarioTimeline`): seconds on a store of a million events, and about as much memory as the
 * serving index, so one is kept, no more. A scenario's run, its `/exposures` and its `/compare`
 * each ask for the same one.
 *
 * It serves only the same real index at the same head — an event recorded since may be known at
 * `knownAt` (an import announces history), and a rebuilt projection is another index — for the
 * same overlay (compared as canonical JSON), `knownPosition` and `knownAtMs`; any other request
 * makes and keeps its own. Pure: no clock, no I/O.
 */
export class TimelineCache {
  private kept:
    | {
        readonly real: TemporalIndex;
        readonly head: number;
        readonly key: string;
        readonly timeline: ScenarioTimeline;
      }
    | undefined;

  /** The timeline for these, the one kept or one made by `make` (and kept instead). */
  timeline(
    real: TemporalIndex,
    knownPosition: number,
    overlay: readonly OverlayItem[],
    knownAtMs: number,
    make: () => ScenarioTimeline,
  ): ScenarioTimeline {
    const head = real.headPosition();
    const key = `${knownPosition} ${knownAtMs} ${canonicalJson(overlay)}`;
    const kept = this.kept;
    if (kept?.real === real && kept.head === head && kept.key === key)
      return kept.timeline;
    // the one kept goes first: two such indexes need not be alive at once
    this.kept = undefined;
    const timeline = make();
    this.kept = { real, head, key, timeline };
    return timeline;
  }

  /** How many timelines are kept (0 or 1). */
  get size(): number {
    return this.kept === undefined ? 0 : 1;
  }

  /** Lets the timeline go. */
  clear(): void {
    this.kept = undefined;
  }
}
