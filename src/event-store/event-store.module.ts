import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { Clock, CLOCK } from '../shared/time';
import { EventStore, EVENT_STORE } from './event-store.port';
import { openEventStore } from './open-event-store';

/** Closes the store when the application shuts down (SIGTERM, app.close()). */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    const { location } = await this.store.health();
    await this.store.close();
    this.logger.log(`closed the ${this.store.kind} event store at ${location}`);
  }
}

/**
 * Opens the store `APP_CONFIG.eventStoreUrl` names and provides it under `EVENT_STORE` to every
 * module. Opening fails start-up with one sentence naming the URL or path.
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG, CLOCK],
      useFactory: async (
        config: AppConfig,
        clock: Clock,
      ): Promise<EventStore> => {
        const store = await openEventStore(config.eventStoreUrl, { clock });
        await announce(store);
        return store;
      },
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {
  /**
   * Provides an already opened store (tests: `EventStoreModule.withStore(createInMemoryEventStore())`),
   * globally under `EVENT_STORE`; it is closed when the application shuts down.
   */
  static withStore(store: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: async (): Promise<EventStore> => {
            await announce(store);
            return store;
          },
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}

/** One line at start saying which store serves and where its log ends. */
async function announce(store: EventStore): Promise<void> {
  const { location, headPosition } = await store.health();
  new Logger('EventStore').log(
    `opened the ${store.kind} event store at ${location} (head position ${headPosition ?? 0})`,
  );
}
