import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { EventStore, EVENT_STORE } from '../event-store/event-store.port';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseImportText } from '../ledger/application/import.format';
import { ImportService } from '../ledger/application/import.service';
import {
  AI_BUILDOUT_DIR,
  datasetFiles,
  readDataset,
} from './ai-buildout.dataset';

/** The actor recorded on every event the data set writes. */
export const SEED_ACTOR = 'seed';

export interface SeedFailure {
  readonly file: string;
  readonly line: number;
  readonly command: string;
  readonly id: string | null;
  readonly message: string;
}

export interface SeedReport {
  readonly lines: number;
  /** Lines that wrote new events. */
  readonly recorded: number;
  /** Lines already in the store (same idempotency key): nothing written again. */
  readonly alreadyPresent: number;
  readonly failed: readonly SeedFailure[];
  /** The store's head position after the load (read-your-writes: `?minPosition=`). */
  readonly position: number;
}

export interface SeedProgress {
  (done: number, total: number): void;
}

/**
 * Loads a data set through the import service (the path of POST /import), file by file, line by
 * line. Every line carries an idempotency key, so a second load records nothing new; a line the
 * ledger refuses is reported with its file and line number and the load goes on.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly imports: ImportService,
  ) {}

  /** On start: the configured data set goes into an EMPTY store only (a store with any event is left alone). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seed !== 'ai-buildout') return;
    if (!(await this.isStoreEmpty())) {
      this.logger.log(
        'the store already holds events: the ai-buildout data set is not loaded again',
      );
      return;
    }
    const report = await this.load();
    const summary = `loaded the ai-buildout data set: ${report.recorded} of ${report.lines} lines recorded`;
    if (report.failed.length === 0) this.logger.log(summary);
    else {
      this.logger.warn(`${summary}, ${report.failed.length} refused`);
      for (const f of report.failed)
        this.logger.warn(
          `${f.file}:${f.line} ${f.command} ${f.id ?? ''}: ${f.message}`,
        );
    }
  }

  async isStoreEmpty(): Promise<boolean> {
    for await (const _ of this.store.readAll({ maxCount: 1 })) return false;
    return true;
  }

  async load(
    dir: string = AI_BUILDOUT_DIR,
    onProgress?: SeedProgress,
  ): Promise<SeedReport> {
    const files = datasetFiles(dir);
    const total = readDataset(dir).length;
    let head = await this.headPosition();
    let done = 0;
    let recorded = 0;
    let alreadyPresent = 0;
    const failed: SeedFailure[] = [];
    for (const path of files) {
      const file = basename(path);
      // The same path as POST /import: each line validated by its DTO, then run through the ledger.
      const summary = await this.imports.run(
        parseImportText(readFileSync(path, 'utf8')),
        {
          actor: SEED_ACTOR,
          correlationId: `seed-ai-buildout-${file.replace(/\.ndjson$/, '')}`,
          onLine: () => onProgress?.(++done, total),
        },
      );
      for (const r of summary.results) {
        if (!r.ok) {
          failed.push({
            file,
            line: r.line,
            command: r.command ?? '?',
            id: r.id ?? null,
            message: r.error?.message ?? 'refused',
          });
        } else if (r.position !== undefined && r.position > head) {
          // Idempotent replays answer with the first write's position: nothing new was written.
          recorded += 1;
          head = r.position;
        } else {
          alreadyPresent += 1;
        }
      }
    }
    return {
      lines: total,
      recorded,
      alreadyPresent,
      failed,
      position: Math.max(head, 0),
    };
  }

  private async headPosition(): Promise<number> {
    for await (const e of this.store.readAll({
      direction: 'backwards',
      maxCount: 1,
    }))
      return e.position;
    return -1;
  }
}
