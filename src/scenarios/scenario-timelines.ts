import { Inject, Injectable } from '@nestjs/common';
import { EventStore, EVENT_STORE } from '../event-store/event-store.port';
import { TemporalIndex } from '../exposure/domain/temporal-index';
import { ExposureProjection } from '../exposure/exposure.projection';
import { STREAM_PREFIX } from '../shared/ids';
import {
  checkOverlayIds,
  scenarioTimeline,
  ScenarioTimeline,
} from './domain/overlay';
import { OverlayItem } from './domain/scenario.definition';
import { TimelineCache } from './domain/timeline-cache';

/** How long a run waits for the exposure projection to reach the store's head. */
const CATCH_UP_MS = 5000;
/** How long the last timeline with an overlay is kept once no read asks for one. */
export const TIMELINE_KEPT_MS = 5 * 60_000;

/** A scenario's timeline, the store position its knownAt matched, and the real index it came from. */
export interface ResolvedTimeline {
  readonly timeline: ScenarioTimeline;
  readonly knownPosition: number;
  readonly real: TemporalIndex;
}

/**
 * The histories scenarios run on: the serving index caught up with every ledger event recorded so
 * far, and a scenario's overlay merged into it as known at `knownAt`. Shared by the write path, the
 * queries and the analyses; it records nothing.
 */
@Injectable()
export class ScenarioTimelines {
  /**
   * The last timeline made with an overlay (a second index of every event known then), for the
   * reads of the scenario that follow: its run, `/exposures` and `/compare` ask for the same one.
   */
  private readonly cache = new TimelineCache();
  /** Lets the cache go `TIMELINE_KEPT_MS` after the last read that used it. */
  private dropTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projection: ExposureProjection,
  ) {}

  /** The serving index, caught up with every ledger event recorded so far. */
  async index(): Promise<TemporalIndex> {
    let head = 0;
    for await (const e of this.store.readAll({
      direction: 'backwards',
      maxCount: 1,
      filter: { streamPrefixes: [STREAM_PREFIX.company, STREAM_PREFIX.deal] },
    })) {
      head = e.position;
    }
    if (head > 0) await this.projection.waitFor(head, CATCH_UP_MS);
    return this.projection.index();
  }

  /**
   * The real history as known at `knownAt` with the overlay merged in; a suppressed deal must
   * exist. A timeline with an overlay comes from the cache while the real index has not moved.
   */
  async resolve(
    overlay: readonly OverlayItem[],
    knownAt: string,
  ): Promise<ResolvedTimeline> {
    const real = await this.index();
    const knownAtMs = Date.parse(knownAt);
    const knownPosition = real.knownPosition(knownAtMs);
    if (overlay.length === 0)
      return {
        timeline: scenarioTimeline(real, knownPosition, overlay, knownAtMs),
        knownPosition,
        real,
      };
    // checked before the cache: a bad overlay answers 400 and leaves the kept timeline alone
    checkOverlayIds(overlay, real);
    const timeline = this.cache.timeline(
      real,
      knownPosition,
      overlay,
      knownAtMs,
      () => scenarioTimeline(real, knownPosition, overlay, knownAtMs),
    );
    clearTimeout(this.dropTimer);
    this.dropTimer = setTimeout(() => this.cache.clear(), TIMELINE_KEPT_MS);
    this.dropTimer.unref();
    return { timeline, knownPosition, real };
  }

  /** Timelines kept (for specs). */
  get kept(): number {
    return this.cache.size;
  }
}
