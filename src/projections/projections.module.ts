import {
  BeforeApplicationShutdown,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ProjectionsDatabase } from './projections-database';

@Injectable()
class ProjectionsDatabaseLifecycle
  implements BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(ProjectionsDatabase) private readonly database: ProjectionsDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}
  /** While the store is still open: the event at the furthest checkpoint, for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.database.confirm(this.store).catch(() => undefined);
  }
  onApplicationShutdown(): void {
    this.database.close();
  }
}

/** Shared projection infrastructure: the projections' SQLite file (`APP_CONFIG.projectionsPath`). */
@Global()
@Module({
  providers: [
    {
      provide: ProjectionsDatabase,
      inject: [APP_CONFIG, EVENT_STORE],
      useFactory: async (config: AppConfig, store: EventStore) => {
        const database = new ProjectionsDatabase(config.projectionsPath);
        try {
          // Before any projection reads its checkpoint: never serve or extend another store's.
          const { rebuilt } = await database.bindToStore(store);
          if (rebuilt)
            new Logger('Projections').warn(
              `the projections at ${config.projectionsPath} do not belong to this event store (${rebuilt}): dropped, every projection rebuilds from the start`,
            );
        } catch (error) {
          database.close();
          throw error;
        }
        return database;
      },
    },
    ProjectionsDatabaseLifecycle,
  ],
  exports: [ProjectionsDatabase],
})
export class ProjectionsModule {}
