import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { concat, defer, Observable, of, Subject } from 'rxjs';
import {
  EventStore,
  EVENT_STORE,
  RecordedEvent,
} from '../event-store/event-store.port';
import { HealthContribution, HealthRegistry } from '../health/health.registry';
import {
  BatchOutcome,
  ProjectionFailedError,
} from '../projections/committed-batch';
import {
  ProjectionRunner,
  ProjectionUnavailableError,
} from '../projections/projection-runner';
import { ProjectionsDatabase } from '../projections/projections-database';
import {
  DatedEvent,
  isLedgerEventType,
  storedTimes,
  toDatedEvent,
} from './domain/dated-event';
import {
  deferrableDealEvent,
  deferredCode,
  keptSides,
  RECORDING_CODE,
} from './domain/deferred-deal-events';
import { TemporalIndex } from './domain/temporal-index';
import {
  BUILDING_WAL_PAGES,
  EventRows,
  EventRowsBuilder,
  EXPOSURE_PROJECTION,
  ExposureReadModel,
} from './exposure.read-model';
import { ReadModelWriterThread } from './exposure.read-model-writer';

/** What `work` reads of an event it keeps as text (one event at a time). */
const times = storedTimes();
const sides = keptSides();

/** Rows per transaction of the writer thread in a rebuild (catch-up batches are a store page). */
const WRITER_GATHER_ROWS = 10_000;
/**
 * Live batches start at least this long after the last live commit while no follower needs each
 * one at once (see {@link ExposureProjection.followClosely}): under load, the appends of several
 * turns (one deal's payments commit one at a time) share one read-model transaction.
 */
const LIVE_GATHER_MS = 4;
/** How long either connection waits for the other's transaction on the projections file. */
const WRITER_BUSY_TIMEOUT_MS = 10_000;

interface Target {
  readonly version: number;
  readonly index: TemporalIndex;
  readonly runner: ProjectionRunner;
  /** While the version is built: the thread writing its read model, and the batch staged for it. */
  writer?: ReadModelWriterThread;
  staged?: EventRows;
}

/**
 * One step of the exposure projection's feed ({@link ExposureProjection.feed$}): a batch of
 * committed events (every event of the store, those the ledger does not own included) with the
 * checkpoint before it (`after`), or where the projection stands once caught up. `index` holds
 * every ledger event up to the step's last position; asked "as known at position p" it answers
 * for the store up to p exactly, whatever came after.
 */
export type CommittedFeed =
  | {
      readonly kind: 'events';
      readonly after: number;
      readonly events: readonly RecordedEvent[];
      /**
       * The ledger events' envelopes as projected (a subset of `events`, in position order), for a
       * reader that would read them again (the live fold).
       */
      readonly envelopes?: readonly DatedEvent[];
      readonly index: TemporalIndex;
    }
  | {
      readonly kind: 'caught-up';
      readonly position: number;
      readonly index: TemporalIndex;
    };

export interface RebuildProgress {
  version: number;
  position: number;
  targetPosition: number;
  percent: number;
}

export interface ExposureProjectionOptions {
  /** Events per batch in catch-up (default 2000). */
  batchSize?: number;
  /** Live batches start at least this long after the last live commit (default 4; see LIVE_GATHER_MS). */
  liveGatherMs?: number;
  /** false: do not load and follow the serving version (an offline rebuild only builds a new one). */
  serve?: boolean;
}
/** Optional provider (tests, benchmarks) tuning the projection. */
export const EXPOSURE_PROJECTION_OPTIONS = Symbol(
  'EXPOSURE_PROJECTION_OPTIONS',
);

/**
 * The exposure projection: the in-memory {@link TemporalIndex} every exposure query reads, kept
 * durable in the projections file (ExposureReadModel) and fed by a {@link ProjectionRunner},
 * which calls {@link ExposureProjection.work} with each batch (docs/architecture.md says why not
 * through Nest's EventBus).
 *
 * Rebuild: a second version is built from position 0 beside the serving one (which keeps serving
 * and following live events); when it has caught up it is promoted and the old one dropped.
 */
@Injectable()
export class ExposureProjection
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('ExposureProjection');
  private readonly readModel: ExposureReadModel;
  private serving?: Target;
  private building?: Target & {
    targetPosition: number;
    done: Promise<number>;
    settle: (v: number) => void;
    fail: (e: unknown) => void;
  };
  private lastRebuildError?: string;
  private readonly targets = new Map<number, Target>();
  private shuttingDown = false;
  private readonly committed = new Subject<CommittedFeed>();
  /** Followers of the feed that need each live batch as soon as it commits (followClosely). */
  private closeFollowers = 0;

  /** The store's own text of an event's data, when it keeps it (see {@link StoredDataText}). */
  private readonly storedText?: (event: RecordedEvent) => string | undefined;
  /** The store's own text of an event's metadata, when it keeps it (EventStore.storedMetadataText). */
  private readonly storedMetadata?: (
    event: RecordedEvent,
  ) => string | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthRegistry,
    database: ProjectionsDatabase,
    @Optional()
    @Inject(EXPOSURE_PROJECTION_OPTIONS)
    private readonly options: ExposureProjectionOptions = {},
  ) {
    this.readModel = new ExposureReadModel(database);
    // The stored text where the store keeps it (EventStore.storedDataText), else serialised.
    this.storedText = store.storedDataText?.bind(store);
    this.storedMetadata = store.storedMetadataText?.bind(store);
  }

  onApplicationBootstrap(): void {
    this.health.register(`projections.${EXPOSURE_PROJECTION}`, () =>
      this.healthReport(),
    );
    if (this.options?.serve === false) return;
    const { version, position } = this.readModel.openServing();
    const index = new TemporalIndex();
    this.readModel.loadInto(version, index);
    this.logger.log(
      `exposure v${version}: ${index.size} events loaded, resuming after position ${position}`,
    );
    this.serving = this.startTarget(version, index, position);
  }

  /** Before the projections file and the store close (their own shutdown hooks). */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    for (const t of this.targets.values()) {
      t.runner.stop();
      if (t.writer) void t.writer.close();
    }
    this.building?.fail(new Error('shut down before the rebuild caught up'));
  }

  private startTarget(
    version: number,
    index: TemporalIndex,
    afterPosition: number,
    onCaughtUp?: (position: number) => void,
    writer?: ReadModelWriterThread,
  ): Target {
    // eslint-disable-next-line prefer-const -- the runner's commit reads it once it is made
    let target: Target;
    const runner = new ProjectionRunner({
      name: EXPOSURE_PROJECTION,
      version,
      store: this.store,
      project: (v, events) => this.work(v, events),
      commit: (write, checkpoint) => {
        const thread = target.writer;
        if (!thread) return this.readModel.commit(version, write, checkpoint);
        write(); // stages the batch's rows (see work)
        const rows = target.staged!;
        target.staged = undefined;
        return thread.write(version, rows, checkpoint);
      },
      afterPosition,
      batchSize: this.options?.batchSize,
      liveGatherMs: () =>
        this.closeFollowers > 0
          ? 0
          : (this.options?.liveGatherMs ?? LIVE_GATHER_MS),
      logger: this.logger,
      onCaughtUp: (position) => {
        index.compact();
        if (this.serving === target)
          this.committed.next({ kind: 'caught-up', position, index });
        this.logger.log(
          `exposure v${version} caught up at position ${position}`,
        );
        onCaughtUp?.(position);
      },
      onFailed: (error) => {
        if (this.building?.version === version) this.building.fail(error);
      },
    });
    target = { version, index, runner, writer };
    this.targets.set(version, target);
    runner.start();
    return target;
  }

  /**
   * The work for one batch: pure evolve into the version's index, with a duplicate guard.
   *
   * Where the store keeps each event's data text (EventStore.storedDataText) and no follower
   * waits for the batch's envelopes (a version being built, or no live fold following closely),
   * deal events other than retractions go into the index as their stored text
   * (`TemporalIndex.addDeferred`, a recording with its sides): folds read their deal from the
   * texts, and their data is parsed only when a query reads the events themselves, not here. The
   * read model takes every event's text as stored either way.
   */
  work(version: number, events: readonly RecordedEvent[]): BatchOutcome {
    const target = this.targets.get(version);
    if (!target)
      throw new ProjectionFailedError(
        EXPOSURE_PROJECTION,
        events[0]?.position ?? 0,
        new Error(`no exposure version ${version}`),
      );
    const rows = new EventRowsBuilder(events.length);
    /** Per row: its envelope, or the deal id of an event kept as its text. */
    const made: (DatedEvent | string)[] = [];
    /** The sides of each recording kept as its text, creditor then debtor, in row order. */
    const recordingSides: string[] = [];
    const envelopes: DatedEvent[] = [];
    const storedText = this.storedText;
    const storedMetadata = this.storedMetadata;
    const defer =
      storedText !== undefined &&
      (this.serving !== target || this.closeFollowers === 0);
    let head = target.index.headPosition();
    const after = target.runner.position;
    let projected = events.length;
    let failure: ProjectionFailedError | undefined;
    for (let i = 0; i < events.length; i++) {
      const recorded = events[i];
      // events the ledger does not own (scenario streams) only move the checkpoint (and the feed)
      if (recorded.position <= head) continue; // duplicate guard
      const type = recorded.type;
      if (!isLedgerEventType(type)) continue;
      try {
        const text = defer ? storedText(recorded) : undefined;
        const dealId =
          text !== undefined
            ? deferrableDealEvent(
                recorded,
                type,
                storedMetadata?.(recorded),
                text,
                times,
                sides,
              )
            : null;
        if (dealId !== null) {
          if (sides.creditor !== null)
            recordingSides.push(sides.creditor, sides.debtor!);
          rows.push(
            recorded.position,
            times.recordedAtMs,
            times.effectiveAtMs,
            times.announcedAtMs,
            type,
            text!,
          );
          made.push(dealId);
        } else {
          const envelope = toDatedEvent(recorded, storedMetadata?.(recorded))!;
          // the row's data text: as stored when the store has it and the upcaster changed nothing
          const data = envelope.event.data;
          rows.push(
            envelope.position,
            envelope.recordedAtMs,
            envelope.effectiveAtMs,
            envelope.announcedAtMs ?? NaN,
            type,
            (data === recorded.data
              ? (text ?? storedText?.(recorded))
              : undefined) ?? JSON.stringify(data),
          );
          made.push(envelope);
          envelopes.push(envelope);
        }
      } catch (error) {
        failure = new ProjectionFailedError(
          EXPOSURE_PROJECTION,
          recorded.position,
          error,
        );
        projected = i;
        break;
      }
      head = recorded.position;
    }
    return {
      failure,
      // decided when the runner commits: the writer thread goes away at promotion
      write: () => {
        if (target.writer) target.staged = rows.rows();
        else this.readModel.appendRows(target.version, rows.rows());
      },
      afterCommit: () => {
        const index = target.index;
        let side = 0;
        for (let r = 0; r < made.length; r++) {
          const m = made[r];
          if (typeof m !== 'string') {
            index.add(m);
            continue;
          }
          const code = deferredCode(rows.type(r));
          const recording = code === RECORDING_CODE;
          index.addDeferred(
            m,
            rows.number(r, 0),
            rows.number(r, 1),
            rows.number(r, 2),
            rows.number(r, 3),
            code,
            rows.text(r),
            recording ? recordingSides[side++] : null,
            recording ? recordingSides[side++] : null,
          );
        }
        if (this.serving === target && projected > 0)
          this.committed.next({
            kind: 'events',
            after,
            events:
              projected < events.length ? events.slice(0, projected) : events,
            envelopes,
            index,
          });
      },
    };
  }

  /**
   * The serving version's committed events as they commit, in position order, each step with the
   * index that now holds them: the live channel's feed. On subscribing, a serving version already
   * caught up says so first (`caught-up` at its position); after a rebuild's promotion the new
   * version says where it stands the same way. Hot: events committed before are in the store.
   */
  readonly feed$: Observable<CommittedFeed> = defer(() => {
    const s = this.serving;
    return s && s.runner.state === 'live'
      ? concat(
          of<CommittedFeed>({
            kind: 'caught-up',
            position: s.runner.position,
            index: s.index,
          }),
          this.committed,
        )
      : this.committed;
  });

  /**
   * A follower of {@link feed$} that needs each live batch at once (the live channel while a client
   * is connected) says so until it calls the answer: meanwhile live batches are not gathered
   * (LIVE_GATHER_MS), each goes in the turn its events came.
   */
  followClosely(): () => void {
    this.closeFollowers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.closeFollowers--;
    };
  }

  /** The serving index; throws while the projection is stopped on an error. */
  index(): TemporalIndex {
    const serving = this.serving;
    if (!serving)
      throw new ProjectionUnavailableError(
        'the exposure projection is starting',
      );
    if (serving.runner.state === 'failed') {
      throw new ProjectionUnavailableError(
        `the exposure projection stopped: ${serving.runner.error?.message ?? 'error'}; rebuild it`,
      );
    }
    return serving.index;
  }

  get position(): number {
    return this.serving?.runner.reached ?? 0;
  }

  /** Read-your-writes: resolves once the serving version has projected `position`. */
  async waitFor(position: number, timeoutMs: number): Promise<void> {
    if (!this.serving)
      throw new ProjectionUnavailableError(
        'the exposure projection is starting',
      );
    await this.serving.runner.waitFor(position, timeoutMs);
  }

  /** Starts a rebuild from zero into a new version (or joins the one running). */
  async rebuild(): Promise<{ version: number; done: Promise<number> }> {
    if (this.building)
      return { version: this.building.version, done: this.building.done };
    const targetPosition = await this.store.headPosition();
    const version = this.readModel.createBuilding();
    let settle!: (v: number) => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<number>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    done.catch((error: unknown) => {
      this.lastRebuildError =
        error instanceof Error ? error.message : String(error);
      this.logger.error(
        `exposure rebuild v${version} failed: ${this.lastRebuildError}`,
      );
      this.discardBuilding(version);
    });
    this.lastRebuildError = undefined;
    this.logger.log(
      `exposure rebuild into v${version} from position 0 (head ${targetPosition})`,
    );
    const path = this.readModel.database.path;
    const writer = ReadModelWriterThread.available(path)
      ? new ReadModelWriterThread(
          {
            path,
            name: EXPOSURE_PROJECTION,
            walPages: BUILDING_WAL_PAGES,
            busyTimeoutMs: WRITER_BUSY_TIMEOUT_MS,
          },
          (error) => fail(error),
          undefined,
          { gatherRows: WRITER_GATHER_ROWS },
        )
      : undefined;
    const target = this.startTarget(
      version,
      new TemporalIndex(),
      0,
      () => void this.promoteWhenWritten(version),
      writer,
    );
    this.building = { ...target, targetPosition, done, settle, fail };
    return { version, done };
  }

  /** Promotes the version once its writer thread has committed every batch (then it writes here). */
  private async promoteWhenWritten(version: number): Promise<void> {
    const target = this.targets.get(version);
    const writer = target?.writer;
    if (target && writer) {
      try {
        // batches may still come (live events) while waiting: until none is pending
        while (writer.pending > 0) await writer.drain();
      } catch {
        return; // the writer's failure has failed the build already
      }
      target.writer = undefined;
      void writer.close();
    }
    this.promote(version);
  }

  private promote(version: number): void {
    const building = this.building;
    if (!building || building.version !== version || this.shuttingDown) return;
    const old = this.serving;
    this.readModel.promote(version);
    this.serving = building;
    this.building = undefined;
    this.committed.next({
      kind: 'caught-up',
      position: building.runner.position,
      index: building.index,
    });
    if (old) {
      old.runner.stop();
      this.targets.delete(old.version);
    }
    this.logger.log(
      `exposure v${version} promoted at position ${building.runner.reached}`,
    );
    building.settle(version);
  }

  private discardBuilding(version: number): void {
    const target = this.targets.get(version);
    target?.runner.stop();
    if (target?.writer) void target.writer.close();
    this.targets.delete(version);
    if (this.building?.version === version) this.building = undefined;
    if (!this.shuttingDown) this.readModel.dropVersion(version);
  }

  rebuildProgress(): RebuildProgress | undefined {
    const b = this.building;
    if (!b) return undefined;
    const position = b.runner.position;
    return {
      version: b.version,
      position,
      targetPosition: b.targetPosition,
      percent:
        b.targetPosition > 0
          ? Math.min(100, Math.round((1000 * position) / b.targetPosition) / 10)
          : 100,
    };
  }

  /** The serving version's rows as text (rebuild-equality checks). */
  dump(): string {
    if (!this.serving)
      throw new ProjectionUnavailableError(
        'the exposure projection is starting',
      );
    return this.readModel.dump(this.serving.version);
  }

  healthReport(): HealthContribution {
    const s = this.serving;
    const rebuild = this.rebuildProgress();
    const base = {
      version: s?.version ?? null,
      position: s?.runner.reached ?? 0,
      events: s?.index.size ?? 0,
      ...(rebuild ? { rebuild } : {}),
      ...(this.lastRebuildError
        ? { lastRebuildError: this.lastRebuildError }
        : {}),
    };
    if (!s) return { status: 'starting', ...base };
    if (s.runner.state === 'failed') {
      return {
        status: 'down',
        ...base,
        state: 'failed',
        error: {
          position: s.runner.error?.position,
          message: s.runner.error?.message,
        },
      };
    }
    return {
      status: s.runner.state === 'live' ? 'up' : 'starting',
      state: s.runner.state,
      ...base,
    };
  }
}
