import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionsModule } from '../projections/projections.module';
import {
  CompanyReadsController,
  DealReadsController,
  ExposureAdminController,
  ExposuresController,
} from './exposure.controller';
import { ExposureDatesController } from './exposure-dates.controller';
import { ExposureProjection } from './exposure.projection';
import { ExposureProjectionHandler } from './exposure.projection-handler';
import { ExposureQueries } from './exposure.query-service';

/**
 * Exposure read side: the projection (runner → EventBus → handler → temporal index + read model),
 * the point-in-time queries and their HTTP routes. Exports `ExposureProjection` (its `index()` is
 * the serving TemporalIndex; `index().envelopes()` the real history for scenario overlays) and
 * `ExposureQueries`; `ProjectionUpdates` comes from the global ProjectionsModule.
 */
@Module({
  imports: [CqrsModule, ProjectionsModule],
  controllers: [
    CompanyReadsController,
    DealReadsController,
    ExposuresController,
    ExposureDatesController,
    ExposureAdminController,
  ],
  providers: [ExposureProjection, ExposureProjectionHandler, ExposureQueries],
  exports: [ExposureProjection, ExposureQueries],
})
export class ExposureModule {}
