import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Subscription } from 'rxjs';
import type { TemporalIndex } from './domain/temporal-index';
import { ExposureProjection } from './exposure.projection';

/** Whether the serving index reads its deals kept as text while the server waits (default on). */
export const INDEX_WARMING = Symbol('INDEX_WARMING');

/** `TANGLE_WARM_INDEX`: `on` (the default) or `off`. */
export function indexWarmingFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const raw = env.TANGLE_WARM_INDEX;
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`TANGLE_WARM_INDEX must be "on" or "off", got "${raw}"`);
}

/** Deals read per call, and the time a slice may take before it gives the event loop a turn. */
const DEALS_PER_CALL = 200;
const SLICE_MS = 10;

/**
 * Reads the serving index's deals kept as text (`TemporalIndex.readSome`) a slice at a time once
 * the projection has caught up, each slice in its own turn of the event loop, so that the first
 * whole network after a start does not: on the benchmark's store of a million events the first
 * whole network took 2–4 s reading them. It costs what that first query would have made anyway
 * (the deals' fold columns and the envelopes of their recordings, amendments and terminations; the
 * kept texts let go). A promoted index (a rebuild) is warmed the same way; deals that take events
 * later are read by the next fold, as ever. Off with `TANGLE_WARM_INDEX=off`.
 */
@Injectable()
export class IndexWarmer
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Exposure');
  private subscription: Subscription | undefined;
  private warming: TemporalIndex | undefined;
  private pending: NodeJS.Immediate | undefined;
  /** Resolves when the index being warmed has none left to read (for specs and the bench). */
  private settled: Promise<void> = Promise.resolve();
  private settle: () => void = () => undefined;
  /** `whenWarm` calls for an index whose catch-up the warmer has not been told of yet. */
  private waiting: { index: TemporalIndex; resolve: () => void }[] = [];
  /** Every index the warmer has been told of: one not warming now was replaced. */
  private readonly told = new WeakSet<TemporalIndex>();
  private stopped = false;

  constructor(
    private readonly projection: ExposureProjection,
    @Inject(INDEX_WARMING) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.subscription = this.projection.feed$.subscribe((step) => {
      if (step.kind === 'caught-up' && step.index !== this.warming)
        this.warm(step.index);
    });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
    this.warming = undefined;
    this.stopped = true;
    this.settle();
    this.release(undefined);
  }

  /**
   * Resolves once `index` has no deal left to read: at once when off or shut down, when it has
   * none, or when a later index has taken its place. It waits for the projection's catch-up with
   * `index` if the warmer has not been told of it yet, whichever of the two its caller saw first.
   */
  whenWarm(index: TemporalIndex): Promise<void> {
    if (!this.enabled || this.stopped) return Promise.resolve();
    if (this.warming === index) return this.settled;
    if (this.told.has(index) || index.dealsToRead === 0)
      return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ index, resolve }));
  }

  /** Hands the callers waiting for `index` its warming, and lets every other go. */
  private release(index: TemporalIndex | undefined): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting)
      if (w.index === index) void this.settled.then(w.resolve);
      else w.resolve();
  }

  private warm(index: TemporalIndex): void {
    this.warming = index;
    this.told.add(index);
    if (this.pending) clearImmediate(this.pending);
    this.settle();
    this.settled = new Promise((resolve) => (this.settle = resolve));
    this.release(index);
    const started = performance.now();
    const deals = index.dealsToRead;
    const slice = (): void => {
      this.pending = undefined;
      if (this.warming !== index) return;
      const until = performance.now() + SLICE_MS;
      let left = index.readSome(DEALS_PER_CALL);
      while (left > 0 && performance.now() < until)
        left = index.readSome(DEALS_PER_CALL);
      if (left > 0) {
        // kept referenced: an unreferenced immediate waits for other work to wake the event loop
        this.pending = setImmediate(slice);
        return;
      }
      if (deals > 0)
        this.logger.log(
          `read ${deals} deals kept as text in ${((performance.now() - started) / 1000).toFixed(1)} s while waiting`,
        );
      this.settle();
    };
    this.pending = setImmediate(slice);
  }
}
