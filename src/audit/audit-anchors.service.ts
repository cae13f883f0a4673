import {
  Inject,
  Injectable,
  Logger,
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { Subscription } from 'rxjs';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import {
  EVENT_STORE,
  EventStore,
  RecordedEvent,
} from '../event-store/event-store.port';
import { metadataField } from '../event-store/metadata-field';
import type { JsonValue } from '../shared/json';
import { StoreAnchor, StreamAnchor } from './domain/chain-verifier';

const FORMAT = 'tangle-audit-anchors';

/**
 * The file is rewritten whole (a snapshot of every anchor) once the lines appended since the last
 * snapshot make it this many times that snapshot's size, or past the floor below: each write in
 * between appends one line of what changed, so a write costs what changed, not every stream.
 */
const REWRITE_FACTOR = 2;
const REWRITE_FLOOR_BYTES = 1 << 20;

/** What `stat` says of the file as this service last wrote or read it: anything else is a replacement. */
interface FileMark {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

function markOf(path: string): FileMark | undefined {
  try {
    const { size, mtimeMs, ino } = statSync(path);
    return { size, mtimeMs, ino };
  } catch {
    return undefined;
  }
}

function sameMark(a: FileMark | undefined, b: FileMark | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ino === b.ino
  );
}

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
 * What the service has to say about its anchors besides the anchors themselves: a reason they
 * cannot vouch for this store (another store's anchors, an unreadable or replaced file).
 * Verification fails while there is one; it is never resolved by taking new anchors silently.
 */
export interface AnchorTrouble {
  readonly problem:
    | 'store-mismatch'
    | 'anchor-mismatch'
    | 'anchors-unreadable'
    | 'anchors-replaced';
  readonly detail: string;
}

/**
 * Each stream's last revision and hash, and the store's identity, last position and seal, as this
 * service has seen them, kept in a file apart from the store. The chains prove what is in the
 * store, not that nothing was cut off its end or rewritten wholesale: the anchors remember how
 * far the store went and what it held there, and only ever move forward. Anchors that do not
 * belong to the store (another store id, a file that cannot be read or was replaced behind the
 * server's back) are a verification failure, never set aside: an operator who recreated a store on
 * purpose moves the old anchors file away by hand.
 */
@Injectable()
export class AuditAnchors
  implements
    OnApplicationBootstrap,
    BeforeApplicationShutdown,
    OnApplicationShutdown
{
  private readonly logger = new Logger('AuditAnchors');
  private readonly anchors = new Map<string, StreamAnchor>();
  /** The anchors moved since the file was last written: the next write appends only these. */
  private readonly changed = new Map<string, StreamAnchor>();
  private readonly path: string | undefined;
  private subscription?: Subscription;
  private dirty = false;
  private flushTimer?: NodeJS.Timeout;
  private position = 0;
  private readonly waiters: { position: number; resolve: () => void }[] = [];
  /** The store's own anchor: its id, and the last position seen with its seal (SQLite). */
  private storeAnchor?: StoreAnchor;
  /** The first event of a version-1 anchors file (before stores had ids). */
  private legacyFirst?: { id: string; hash: string };
  private troubleValue?: AnchorTrouble;
  /** The file as this service last wrote or read it (size, mtime, inode): anything else is a replacement. */
  private lastMark?: FileMark;
  /** The size of the last snapshot written or read (see REWRITE_FACTOR). */
  private snapshotBytes = 0;
  /** The next write rewrites the file whole (none yet, or it ended in a torn line). */
  private rewrite = true;
  private storeIdValue?: string;
  private failed = false;
  /** The store anchor being moved (one at a time; events seen meanwhile move it again after). */
  private anchoring?: Promise<void>;
  private anchorAgain = false;
  /** `metadata.hash` of an event, from the metadata's stored text where the store keeps it. */
  private readonly hashField: (e: RecordedEvent) => JsonValue | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.hashField = metadataField(store, 'hash');
    this.path = anchorsPath(config);
    this.load();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.checkSameStore();
    // The anchors file holds every stream's anchor up to the store's anchored position (each write
    // saves the anchors that moved with the store's anchor, taken after them): the events up to it
    // need not be read again — a million at every start on a large store. Without a sound store
    // anchor (none yet, a version-1 file, trouble) the store is read from its start.
    const after =
      !this.troubleValue && this.storeAnchor ? this.storeAnchor.position : 0;
    this.position = after;
    this.subscription = this.store
      .subscribeAll({ afterPosition: after })
      .subscribe({
        next: (message) => {
          if (message.kind !== 'event') return;
          const e = message.event;
          this.position = Math.max(this.position, e.position);
          const known = this.anchors.get(e.streamId);
          const hash =
            !this.troubleValue && (!known || e.revision > known.revision)
              ? this.chainHashOf(e)
              : undefined;
          if (hash !== undefined) {
            const anchor: StreamAnchor = {
              revision: e.revision,
              hash,
              position: e.position,
            };
            this.anchors.set(e.streamId, anchor);
            this.changed.set(e.streamId, anchor);
          }
          // The store's anchor is taken when the anchors are written (scheduleFlush), not here:
          // two seal reads per burst of appends, for an anchor nobody reads until then.
          this.scheduleFlush();
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
   * An event's place in its stream's hash chain (`metadata.hash`), read without parsing the rest
   * of its metadata where the store keeps the text (every event written passes here); undefined
   * for an event outside the chains.
   */
  private chainHashOf(e: RecordedEvent): string | undefined {
    const hash = this.hashField(e);
    return typeof hash === 'string' ? hash : undefined;
  }

  /**
   * Anchors belong to one store, named by its id. Anchors of another store (a recreated or
   * replaced one) stay as they are and every verification fails until an operator moves them.
   */
  private async checkSameStore(): Promise<void> {
    const storeId = await this.store.storeId();
    this.storeIdValue = storeId;
    if (this.troubleValue) return;
    if (this.storeAnchor && storeId !== this.storeAnchor.storeId) {
      this.setTrouble(
        'store-mismatch',
        `the anchors at ${this.path} were taken from store ${this.storeAnchor.storeId} (up to position ${this.storeAnchor.position}); this store is ${storeId ?? 'empty'}`,
      );
      return;
    }
    if (!this.storeAnchor && this.legacyFirst) {
      // A version-1 anchors file named its store by the first event: check it, then adopt the id.
      let first: { id: string; hash: unknown } | undefined;
      for await (const e of this.store.readAll({ maxCount: 1 }))
        first = { id: e.id, hash: e.metadata.hash };
      if (
        !first ||
        first.id !== this.legacyFirst.id ||
        first.hash !== this.legacyFirst.hash
      ) {
        this.setTrouble(
          'store-mismatch',
          `the anchors at ${this.path} were taken from a store that began with event ${this.legacyFirst.id}; this one begins with ${first?.id ?? 'nothing'}`,
        );
      }
    }
  }

  private setTrouble(problem: AnchorTrouble['problem'], detail: string): void {
    this.troubleValue = { problem, detail };
    this.logger.error(
      `${detail}: the audit trail does not verify until this is resolved (the anchors are not changed)`,
    );
  }

  /** While the store is still open: the last anchor taken and written. */
  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.moveStoreAnchor();
    await this.anchoring;
    this.flush();
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.flush();
  }

  /** A copy of the anchors, as of the events seen so far. */
  snapshot(): Map<string, StreamAnchor> {
    return new Map(this.anchors);
  }

  /** The store's anchor (id, position, seal), when one was taken. */
  storeSnapshot(): StoreAnchor | undefined {
    return this.storeAnchor;
  }

  /**
   * Why the anchors cannot vouch for this store, if they cannot: set at start, or found now
   * because the file on disk is no longer what this service wrote.
   */
  trouble(): AnchorTrouble | undefined {
    if (this.troubleValue || !this.path || this.lastMark === undefined)
      return this.troubleValue;
    // The file's size, modification time and inode, not its content: reading back a file of
    // every stream's anchor at each write would cost what the appends save.
    const now = markOf(this.path);
    if (!sameMark(now, this.lastMark))
      this.setTrouble(
        'anchors-replaced',
        `the anchors file ${this.path} was ${now === undefined ? 'removed' : 'changed'} behind the server's back`,
      );
    return this.troubleValue;
  }

  /** Resolves once the anchors have seen the store up to `position` (and written them). */
  async whenSeen(position: number): Promise<void> {
    if (!this.failed && this.position < position)
      await new Promise<void>((resolve) =>
        this.waiters.push({ position, resolve }),
      );
    this.moveStoreAnchor();
    await this.anchoring;
    this.flush();
  }

  /**
   * Takes the store's anchor after the events seen so far (one at a time; asked again meanwhile,
   * it is taken again after): before the anchors are written, and before a verification reads it.
   */
  private moveStoreAnchor(): void {
    if (this.anchoring) {
      this.anchorAgain = true;
      return;
    }
    this.anchoring = (async () => {
      do {
        this.anchorAgain = false;
        await this.takeStoreAnchor();
      } while (this.anchorAgain);
    })()
      .catch((error: unknown) =>
        this.logger.error(
          `cannot take the store's anchor: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        this.anchoring = undefined;
      });
  }

  /**
   * Reads the file: a first line with the format, the store's anchor and every stream's anchor
   * (the whole file of versions 1 and 2), then one line per write since, each with the store's
   * anchor and the streams' anchors that moved, a later line over an earlier one. A last line
   * cut off by a crash in the middle of its write is left out (the anchors trail the log by that
   * write, as they would had the crash come just before it) and the file is rewritten whole.
   */
  private load(): void {
    if (!this.path || !existsSync(this.path)) return;
    try {
      const text = readFileSync(this.path, 'utf8');
      const lines = text.split('\n');
      const torn = !text.endsWith('\n');
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] === '') continue;
        let parsed: AnchorsLine;
        try {
          parsed = JSON.parse(lines[i]) as AnchorsLine;
        } catch (error) {
          if (i > 0 && i === lines.length - 1 && torn) break;
          throw error;
        }
        if (!this.readLine(parsed, i === 0)) {
          this.setTrouble(
            'anchors-unreadable',
            `${this.path} is not an anchors file`,
          );
          return;
        }
      }
      this.snapshotBytes = Buffer.byteLength(lines[0]) + 1;
      this.rewrite = torn;
      this.lastMark = markOf(this.path);
    } catch (error) {
      this.setTrouble(
        'anchors-unreadable',
        `cannot read the anchors at ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** One line of the file folded in; false when it is not an anchors line. */
  private readLine(parsed: AnchorsLine, first: boolean): boolean {
    if (
      parsed === null ||
      typeof parsed !== 'object' ||
      (first && parsed.format !== FORMAT) ||
      typeof parsed.streams !== 'object' ||
      parsed.streams === null
    )
      return false;
    if (
      first &&
      parsed.firstEvent &&
      typeof parsed.firstEvent.id === 'string' &&
      typeof parsed.firstEvent.hash === 'string'
    )
      this.legacyFirst = parsed.firstEvent;
    if (
      parsed.store &&
      typeof parsed.store.storeId === 'string' &&
      Number.isInteger(parsed.store.position)
    )
      this.storeAnchor = parsed.store;
    for (const [stream, a] of Object.entries(parsed.streams)) {
      if (Number.isInteger(a.revision) && typeof a.hash === 'string')
        this.anchors.set(stream, a);
    }
    return true;
  }

  /** Moves the store's anchor to the last position seen (never back, never onto another store). */
  private async takeStoreAnchor(): Promise<void> {
    if (this.troubleValue || this.storeIdValue === undefined) return;
    const position = this.position;
    if (this.storeAnchor && position <= this.storeAnchor.position) return;
    const sealAt = this.store.sealAt?.bind(this.store);
    const seal = sealAt ? await sealAt(position) : undefined;
    if (sealAt && seal === undefined) return;
    // Only forward from a sound anchor: a log rewritten under the old anchor must not be vouched for.
    const old = this.storeAnchor;
    if (sealAt && old?.seal !== undefined && old.position > 0) {
      const now = await sealAt(old.position);
      if (now !== old.seal) {
        this.setTrouble(
          'anchor-mismatch',
          `the store's seal at anchored position ${old.position} is not the one anchored`,
        );
        return;
      }
    }
    if (this.troubleValue) return;
    this.storeAnchor = {
      storeId: this.storeIdValue,
      position,
      ...(seal !== undefined ? { seal } : {}),
    };
    this.dirty = true;
  }

  private scheduleFlush(): void {
    this.dirty = true;
    if (this.flushTimer || !this.path) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.moveStoreAnchor();
      void Promise.resolve(this.anchoring).then(() => this.flush());
    }, 200);
    this.flushTimer.unref();
  }

  /**
   * Writes what changed: one line appended (O_APPEND), or the whole file rewritten atomically (a
   * temporary file renamed over it) when there is none yet, it ended torn, or the lines since the
   * last snapshot have grown past REWRITE_FACTOR times it. Never over another store's anchors.
   */
  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.dirty || !this.path || this.trouble()) return;
    try {
      const size = this.lastMark?.size ?? 0;
      if (
        this.rewrite ||
        this.lastMark === undefined ||
        size >
          Math.max(REWRITE_FLOOR_BYTES, REWRITE_FACTOR * this.snapshotBytes)
      ) {
        mkdirSync(dirname(this.path), { recursive: true });
        const tmp = `${this.path}.tmp`;
        const line = `{"format":${JSON.stringify(FORMAT)},"version":3,"store":${JSON.stringify(this.storeAnchor ?? null)},"streams":${streamsJson(this.anchors)}}\n`;
        writeFileSync(tmp, line);
        renameSync(tmp, this.path);
        this.snapshotBytes = Buffer.byteLength(line);
        this.rewrite = false;
      } else {
        appendFileSync(
          this.path,
          `{"store":${JSON.stringify(this.storeAnchor ?? null)},"streams":${streamsJson(this.changed)}}\n`,
        );
      }
      this.changed.clear();
      this.lastMark = markOf(this.path);
      this.dirty = false;
    } catch (error) {
      // the next write starts the file afresh: an append may have been cut off half-way, and
      // what it left is this service's own doing, not a replacement
      this.rewrite = true;
      this.lastMark = markOf(this.path);
      this.logger.error(
        `cannot write the anchors at ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/**
 * The anchors as the JSON object a line holds, written entry by entry: `Object.fromEntries` of a
 * map of some hundred streams, in an order that changes from write to write, took a millisecond a
 * write (each object a new chain of hidden classes), five times what serialising it takes.
 */
function streamsJson(anchors: ReadonlyMap<string, StreamAnchor>): string {
  let json = '';
  for (const [stream, anchor] of anchors)
    json += `${json === '' ? '{' : ','}${JSON.stringify(stream)}:${JSON.stringify(anchor)}`;
  return json === '' ? '{}' : `${json}}`;
}

/** A line of the anchors file as read (checked field by field in `readLine`). */
interface AnchorsLine {
  format?: string;
  firstEvent?: { id: string; hash: string } | null;
  store?: StoreAnchor | null;
  streams?: Record<string, StreamAnchor>;
}
