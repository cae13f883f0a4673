/** Tuning of the live channel. Read once from the environment (documented in the README). */
export interface LiveOptions {
  /** A `: heartbeat` comment (SSE) or a ping (WebSocket) this often, so proxies keep idle streams open. */
  heartbeatMs: number;
  /** Bytes a client may have waiting in its connection's buffer before it is sent `resync` and closed. */
  maxBufferBytes: number;
  /** Recent events kept in memory, so a resume within them is served without reading the store. */
  ringSize: number;
  /** Live events a resuming client may have queued while its history is replayed from the store. */
  maxPending: number;
  /**
   * How long the channel keeps folding after its last client has gone (ms); then it stops and
   * drops what it folded until a client connects again (null: it always folds). It starts idle.
   */
  idleAfterMs: number | null;
}

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  heartbeatMs: 15_000,
  maxBufferBytes: 1024 * 1024,
  ringSize: 10_000,
  maxPending: 10_000,
  idleAfterMs: 60_000,
};

/** `never`, or a whole number of milliseconds (0: idle as soon as the last client has gone). */
function idleAfter(env: NodeJS.ProcessEnv, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULT_LIVE_OPTIONS.idleAfterMs;
  if (raw === 'never') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(
      `${name} must be "never" or a whole number of milliseconds, got "${raw}"`,
    );
  return value;
}

function positiveInt(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function liveOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): LiveOptions {
  return {
    heartbeatMs: positiveInt(
      env,
      'TANGLE_LIVE_HEARTBEAT_MS',
      DEFAULT_LIVE_OPTIONS.heartbeatMs,
    ),
    maxBufferBytes: positiveInt(
      env,
      'TANGLE_LIVE_MAX_BUFFER_BYTES',
      DEFAULT_LIVE_OPTIONS.maxBufferBytes,
    ),
    ringSize: positiveInt(
      env,
      'TANGLE_LIVE_RING_SIZE',
      DEFAULT_LIVE_OPTIONS.ringSize,
    ),
    maxPending: positiveInt(
      env,
      'TANGLE_LIVE_MAX_PENDING',
      DEFAULT_LIVE_OPTIONS.maxPending,
    ),
    idleAfterMs: idleAfter(env, 'TANGLE_LIVE_IDLE_AFTER_MS'),
  };
}
