/** GET /health: the service's and each part's status. */

/** `up` and `degraded` are ready; `starting` and `down` are not. */
export const HEALTH_STATUSES = ['up', 'degraded', 'starting', 'down'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];
