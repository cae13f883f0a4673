import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  EventStore,
  EventStoreHealth,
  EVENT_STORE,
} from '../event-store/event-store.port';
import {
  HealthContribution,
  HealthRegistry,
  HealthStatus,
} from './health.registry';

export interface HealthResponse {
  /** `up` (all well), `degraded` (serving, some part impaired), `starting`, or `down`. */
  status: HealthStatus;
  /** True when requests can be served: the store is ready and no part is `down` or `starting`. */
  ready: boolean;
  eventStore: EventStoreHealth;
  parts: Record<string, HealthContribution>;
}

/** GET /health: liveness and readiness with the event store's state; 200 when ready, 503 otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  async health(
    @Res({ passthrough: true }) res: Response,
  ): Promise<HealthResponse> {
    const [eventStore, parts] = await Promise.all([
      this.storeHealth(),
      this.registry.collect(),
    ]);
    const status = overallStatus(eventStore, parts);
    const ready = status === 'up' || status === 'degraded';
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, ready, eventStore, parts };
  }

  private async storeHealth(): Promise<EventStoreHealth> {
    try {
      return await this.store.health();
    } catch (error) {
      return {
        kind: this.store.kind,
        state: 'unavailable',
        location: 'unknown',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

export function overallStatus(
  store: EventStoreHealth,
  parts: Record<string, HealthContribution>,
): HealthStatus {
  if (store.state !== 'ready') return 'down';
  const statuses = Object.values(parts).map((p) => p.status);
  if (statuses.includes('down')) return 'down';
  if (statuses.includes('starting')) return 'starting';
  if (statuses.includes('degraded')) return 'degraded';
  return 'up';
}
