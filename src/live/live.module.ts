import { Module } from '@nestjs/common';
import { ExposureModule } from '../exposure/exposure.module';
import { ScenariosModule } from '../scenarios/scenarios.module';
import { LiveController } from './live.controller';
import { LiveGateway } from './live.gateway';
import { LiveHub } from './live-hub.service';
import { LIVE_OPTIONS, liveOptionsFromEnv } from './live.options';

/** GET /live (SSE) and ws /live/ws: committed changes as they happen, resumable by position. */
@Module({
  imports: [ExposureModule, ScenariosModule],
  controllers: [LiveController],
  providers: [
    { provide: LIVE_OPTIONS, useFactory: () => liveOptionsFromEnv() },
    LiveHub,
    LiveGateway,
  ],
  exports: [LiveHub],
})
export class LiveModule {}
