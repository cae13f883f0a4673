import {
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { ProjectionUpdates } from './projection-updates';
import { ProjectionsDatabase } from './projections-database';

@Injectable()
class ProjectionsDatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(ProjectionsDatabase) private readonly database: ProjectionsDatabase,
  ) {}
  onApplicationShutdown(): void {
    this.database.close();
  }
}

/**
 * Shared projection infrastructure: the projections' SQLite file (`APP_CONFIG.projectionsPath`)
 * and {@link ProjectionUpdates}, the stream the live channel turns into SSE / WebSocket messages.
 */
@Global()
@Module({
  providers: [
    ProjectionUpdates,
    {
      provide: ProjectionsDatabase,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new ProjectionsDatabase(config.projectionsPath),
    },
    ProjectionsDatabaseLifecycle,
  ],
  exports: [ProjectionUpdates, ProjectionsDatabase],
})
export class ProjectionsModule {}
