import { Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health.registry';

/** GET /health and the registry every part reports into. */
@Global()
@Module({
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}
