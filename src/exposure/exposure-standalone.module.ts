import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { EventStoreModule } from '../event-store/event-store.module';
import { HealthModule } from '../health/health.module';
import { Clock, CLOCK, systemClock } from '../shared/time';
import { ExposureModule } from './exposure.module';
import {
  ExposureProjectionOptions,
  EXPOSURE_PROJECTION_OPTIONS,
} from './exposure.projection';

/**
 * The exposure projection without the HTTP application: for `npm run rebuild` and the
 * benchmark (a Nest application context: store, projection, health registry).
 */
@Global()
@Module({})
export class ExposureStandaloneModule {
  static forRoot(options: {
    config: AppConfig;
    clock?: Clock;
    projection?: ExposureProjectionOptions;
  }): DynamicModule {
    return {
      module: ExposureStandaloneModule,
      global: true,
      imports: [EventStoreModule, HealthModule, ExposureModule],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: EXPOSURE_PROJECTION_OPTIONS,
          useValue: options.projection ?? {},
        },
      ],
      exports: [APP_CONFIG, CLOCK, EXPOSURE_PROJECTION_OPTIONS],
    };
  }
}
