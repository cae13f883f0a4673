import { performance } from 'node:perf_hooks';

/** A read measured: its events, their rate by wall clock, and the CPU it took (every thread). */
export interface ReadRate {
  events: number;
  perSecond: number;
  cpuSeconds: number;
}

/** CPU seconds (user + system) of a `process.cpuUsage()` or `process.threadCpuUsage()` reading. */
export function seconds(used: NodeJS.CpuUsage): number {
  return (used.user + used.system) / 1e6;
}

/**
 * The rate of a read of `events` begun at `started` (`performance.now()`), with the process's CPU
 * usage `cpu` taken then.
 */
export function rateSince(
  events: number,
  started: number,
  cpu: NodeJS.CpuUsage,
): ReadRate {
  return {
    events,
    perSecond: events / ((performance.now() - started) / 1000),
    cpuSeconds: seconds(process.cpuUsage(cpu)),
  };
}
