import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import {
  CompanyReadsController,
  DealReadsController,
  ExposureAdminController,
  ExposuresController,
} from './exposure.controller';
import { ExposureDatesController } from './exposure-dates.controller';
import { ExposureProjection } from './exposure.projection';
import { ExposureQueries } from './exposure.query-service';
import {
  IndexWarmer,
  INDEX_WARMING,
  indexWarmingFromEnv,
} from './index-warmer';

/**
 * Exposure read side: the projection (runner → ExposureProjection.work → temporal index + read model),
 * the point-in-time queries and their HTTP routes. Exports `ExposureProjection` (its `index()` is
 * the serving TemporalIndex; `index().envelopes()` the real history for scenario overlays; `feed$`
 * the committed events with that index, which the live channel follows) and `ExposureQueries`.
 * `IndexWarmer` reads the deals kept as text while the server waits (`TANGLE_WARM_INDEX`).
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [
    CompanyReadsController,
    DealReadsController,
    ExposuresController,
    ExposureDatesController,
    ExposureAdminController,
  ],
  providers: [
    ExposureProjection,
    ExposureQueries,
    IndexWarmer,
    { provide: INDEX_WARMING, useFactory: () => indexWarmingFromEnv() },
  ],
  exports: [ExposureProjection, ExposureQueries, IndexWarmer],
})
export class ExposureModule {}
