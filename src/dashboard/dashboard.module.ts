import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DASHBOARD_DIST, defaultDashboardDist } from './dashboard.paths';

/** The dashboard at `/`: import it last in AppModule so API routes are matched first. */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DASHBOARD_DIST, useFactory: defaultDashboardDist }],
})
export class DashboardModule {}
