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

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.path = anchorsPath(config);
    this.load();
  }

  onApplicationBootstrap(): void {
    this.subscription = this.store
      .subscribeAll({ afterPosition: 0 })
      .subscribe({
        next: (message) => {
          if (message.kind !== 'event') return;
          const e = message.event;
          this.position = e.position;
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
        error: (error: unknown) =>
          this.logger.error(
            `anchor subscription failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
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
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private load(): void {
    if (!this.path || !existsSync(this.path)) return;
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as {
        format?: string;
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
