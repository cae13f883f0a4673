import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { Subscription } from 'rxjs';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { StreamAnchor } from './domain/chain-verifier';

const FORMAT = 'tangle-audit-anchors';

/**
 * Where the anchors live: `TANGLE_AUDIT_ANCHORS`, else beside the projections file
 * (`tangle.projections.db` → `tangle.audit-anchors.json`); nowhere (memory only) for an in-memory store.
 */
export function anchorsPath(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (env.TANGLE_AUDIT_ANCHORS) return env.TANGLE_AUDIT_ANCHORS;
  if (config.projectionsPath === ':memory:' || config.projectionsPath === '')
    return undefined;
  return (
    config.projectionsPath.replace(/(\.projections)?(\.db)?$/, '') +
    '.audit-anchors.json'
  );
}

/**
 * Each stream's last revision and hash as this service has seen them, kept in a file apart from
 * the store. The hash chain proves what is in a stream, not that nothing was cut off its end:
 * deleting a stream's last events (or replacing them) leaves a chain that still verifies. The
 * anchors remember how far every stream went, and only ever move forward.
 */
@Injectable()
export class AuditAnchors
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('AuditAnchors');
  private readonly anchors = new Map<string, StreamAnchor>();
  private readonly path: string | undefined;
  private subscription?: Subscription;
  private dirty = false;
  private flushTimer?: NodeJS.Timeout;
  private position = 0;
  private readonly waiters: { position: number; resolve: () => void }[] = [];
  /** The store the anchors belong to: its first event's id and hash. */
  private store0?: { id: string; hash: string };
  private failed = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.path = anchorsPath(config);
    this.load();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.checkSameStore();
    this.subscription = this.store
      .subscribeAll({ afterPosition: 0 })
      .subscribe({
        next: (message) => {
          if (message.kind !== 'event') return;
          const e = message.event;
          this.position = e.position;
          if (
            e.position === 1 &&
            !this.store0 &&
            typeof e.metadata.hash === 'string'
          ) {
            this.store0 = { id: e.id, hash: e.metadata.hash };
            this.dirty = true;
          }
          const known = this.anchors.get(e.streamId);
          if (
            (!known || e.revision > known.revision) &&
            typeof e.metadata.hash === 'string'
          ) {
            this.anchors.set(e.streamId, {
              revision: e.revision,
              hash: e.metadata.hash,
              position: e.position,
            });
            this.scheduleFlush();
          }
          for (let i = this.waiters.length - 1; i >= 0; i--) {
            if (this.waiters[i].position <= e.position)
              this.waiters.splice(i, 1)[0].resolve();
          }
        },
        error: (error: unknown) => {
          this.failed = true;
          for (const w of this.waiters.splice(0)) w.resolve();
          this.logger.error(
            `anchor subscription failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      });
  }

  /**
   * Anchors belong to one store, named by its first event. A store that starts with another
   * event (or none) is a different store — recreated on purpose, or replaced wholesale: the old
   * anchors are set aside beside the file, with a warning, rather than failing every verification.
   */
  private async checkSameStore(): Promise<void> {
    if (!this.store0) return;
    let first: { id: string; hash: unknown } | undefined;
    for await (const e of this.store.readAll({ maxCount: 1 })) {
      first = { id: e.id, hash: e.metadata.hash };
    }
    if (first && first.id === this.store0.id && first.hash === this.store0.hash)
      return;
    const aside = `${this.path}.${Date.now()}.previous`;
    this.logger.warn(
      'the store does not begin with the event its anchors were taken from (a new or replaced store); ' +
        `the previous anchors are kept at ${aside} and new ones start now`,
    );
    if (this.path && existsSync(this.path)) renameSync(this.path, aside);
    this.anchors.clear();
    this.store0 = undefined;
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.flush();
  }

  /** A copy of the anchors, as of the events seen so far. */
  snapshot(): Map<string, StreamAnchor> {
    return new Map(this.anchors);
  }

  /** Resolves once the anchors have seen the store up to `position`. */
  whenSeen(position: number): Promise<void> {
    if (this.failed || this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private load(): void {
    if (!this.path || !existsSync(this.path)) return;
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as {
        format?: string;
        firstEvent?: { id: string; hash: string } | null;
        streams?: Record<string, StreamAnchor>;
      };
      if (
        parsed.format !== FORMAT ||
        typeof parsed.streams !== 'object' ||
        parsed.streams === null
      ) {
        this.logger.error(
          `${this.path} is not an anchors file; verification runs without anchors`,
        );
        return;
      }
      if (
        parsed.firstEvent &&
        typeof parsed.firstEvent.id === 'string' &&
        typeof parsed.firstEvent.hash === 'string'
      )
        this.store0 = parsed.firstEvent;
      for (const [stream, a] of Object.entries(parsed.streams)) {
        if (Number.isInteger(a.revision) && typeof a.hash === 'string')
          this.anchors.set(stream, a);
      }
    } catch (error) {
      this.logger.error(
        `cannot read the anchors at ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private scheduleFlush(): void {
    this.dirty = true;
    if (this.flushTimer || !this.path) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 200);
    this.flushTimer.unref();
  }

  /** Writes the file atomically (a temporary file renamed over it). */
  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.dirty || !this.path) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.tmp`;
      writeFileSync(
        tmp,
        JSON.stringify({
          format: FORMAT,
          version: 1,
          firstEvent: this.store0 ?? null,
          streams: Object.fromEntries(this.anchors),
        }),
      );
      renameSync(tmp, this.path);
      this.dirty = false;
    } catch (error) {
      this.logger.error(
        `cannot write the anchors at ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
