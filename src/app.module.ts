import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig, APP_CONFIG } from './config/app-config';
import { CLOCK, systemClock, Clock } from './shared/time';
import { EventStoreModule } from './event-store/event-store.module';
import type { EventStore } from './event-store/event-store.port';
import { LedgerModule } from './ledger/ledger.module';
import { ExposureModule } from './exposure/exposure.module';
import { ScenariosModule } from './scenarios/scenarios.module';
import { LiveModule } from './live/live.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { SeedModule } from './seed/seed.module';
import { HttpPlatformReady } from './common/http-platform';

export interface AppModuleOptions {
  config: AppConfig;
  clock?: Clock;
  /**
   * A store already opened (start-up opens it first to fail in one sentence, and hands it on
   * so that the file is opened, locked and quick-checked once); the application closes it.
   */
  store?: EventStore;
}

/** Configuration and the clock come in from the edge (tests pin them). */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        options.store
          ? EventStoreModule.withStore(options.store)
          : EventStoreModule,
        AuthModule,
        LedgerModule,
        ExposureModule,
        ScenariosModule,
        LiveModule,
        AuditModule,
        HealthModule,
        SeedModule,
        DashboardModule, // last: its catch-all must come after every API route
      ],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        HttpPlatformReady,
      ],
      exports: [APP_CONFIG, CLOCK],
    };
  }
}
