import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Optional,
  Req,
  Res,
} from '@nestjs/common';
import { basename } from 'node:path';
import { AuthService, isLoopback } from '../auth/auth.service';
import { HttpReply, HttpRequest } from '../common/http-platform';
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
    @Optional() private readonly auth?: AuthService,
  ) {}

  @Get()
  async health(
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<HealthResponse> {
    const [found, parts] = await Promise.all([
      this.storeHealth(),
      this.registry.collect(),
    ]);
    // Anyone may ask whether the service is up; only a local or authenticated caller learns
    // where its files are (an absolute path tells an outsider about the host).
    const eventStore = this.mayKnowPaths(req)
      ? found
      : { ...found, location: redact(found) };
    const status = overallStatus(eventStore, parts);
    const ready = status === 'up' || status === 'degraded';
    void res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, ready, eventStore, parts };
  }

  private mayKnowPaths(req: HttpRequest): boolean {
    if (isLoopback(req.socket?.remoteAddress)) return true;
    if (!this.auth?.tokensConfigured) return false;
    try {
      this.auth.authenticate(
        req.headers.authorization,
        req.socket?.remoteAddress,
      );
      return true;
    } catch {
      return false;
    }
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

/** The file's name without its directory (SQLite); a URL is already redacted of credentials. */
function redact(health: EventStoreHealth): string {
  if (health.kind !== 'sqlite' || health.location === ':memory:')
    return health.location;
  return basename(health.location);
}
