import { Injectable } from '@nestjs/common';

import type { HealthStatus } from '../contracts';

export type { HealthStatus } from '../contracts';

export interface HealthContribution {
  status: HealthStatus;
  [detail: string]: unknown;
}

/**
 * Each part of the service (the store, each projection, rebuilds…) registers how to report
 * itself; GET /health gathers them. Readiness is false while any part is `down` or `starting`.
 */
@Injectable()
export class HealthRegistry {
  private readonly parts = new Map<
    string,
    () => HealthContribution | Promise<HealthContribution>
  >();

  register(
    name: string,
    report: () => HealthContribution | Promise<HealthContribution>,
  ): void {
    this.parts.set(name, report);
  }

  async collect(): Promise<Record<string, HealthContribution>> {
    const out: Record<string, HealthContribution> = {};
    for (const [name, report] of this.parts) {
      try {
        out[name] = await report();
      } catch (error) {
        out[name] = {
          status: 'down',
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }
    return out;
  }
}
