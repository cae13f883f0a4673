import { randomUUID } from 'node:crypto';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig, APP_CONFIG } from '../../src/config/app-config';
import {
  EventStore,
  EVENT_STORE,
} from '../../src/event-store/event-store.port';
import { HealthModule } from '../../src/health/health.module';
import { SCHEMA_VERSION } from '../../src/ledger/domain/ledger.events';
import { entityOf, DatedEvent } from '../../src/exposure/domain/dated-event';
import { ExposureModule } from '../../src/exposure/exposure.module';
import { EXPOSURE_PROJECTION_OPTIONS } from '../../src/exposure/exposure.projection';
import { Clock, CLOCK } from '../../src/shared/time';
import { streams } from '../../src/shared/ids';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

/** Wires the exposure read side around a given store (module + embedded store, no HTTP). */
@Global()
@Module({})
export class ExposureHarnessModule {
  static with(options: {
    store: EventStore;
    projectionsPath: string;
    clock: Clock;
    batchSize?: number;
  }): DynamicModule {
    const config: AppConfig = {
      port: 0,
      host: '127.0.0.1',
      eventStoreUrl: 'sqlite::memory:',
      seed: 'none',
      tokens: [],
      projectionsPath: options.projectionsPath,
    };
    return {
      module: ExposureHarnessModule,
      global: true,
      imports: [CqrsModule.forRoot(), HealthModule, ExposureModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock },
        { provide: EVENT_STORE, useValue: options.store },
        {
          provide: EXPOSURE_PROJECTION_OPTIONS,
          useValue: { batchSize: options.batchSize },
        },
      ],
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, EXPOSURE_PROJECTION_OPTIONS],
    };
  }
}

/** Appends a fixture history to the store as the ledger stores it (one append per event). */
export async function appendHistory(
  store: EventStore,
  envelopes: readonly DatedEvent[],
  clock?: ManualClock,
): Promise<number> {
  let position = 0;
  for (const e of envelopes) {
    clock?.set(new Date(e.recordedAtMs).toISOString());
    const entity = entityOf(e.event);
    const stream =
      entity.kind === 'deal'
        ? streams.deal(entity.id)
        : streams.company(entity.id);
    const result = await store.append(
      stream,
      [
        {
          id: randomUUID(),
          type: e.event.type,
          data: e.event.data as never,
          metadata: {
            effectiveAt: new Date(e.effectiveAtMs).toISOString(),
            actor: 'test',
            reason: null,
            correlationId: randomUUID(),
            causationId: null,
            schemaVersion: SCHEMA_VERSION[e.event.type],
          },
        },
      ],
      'any',
    );
    position = result.position;
  }
  return position;
}
