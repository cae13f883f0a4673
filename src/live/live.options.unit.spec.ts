import { DEFAULT_LIVE_OPTIONS, liveOptionsFromEnv } from './live.options';

describe('live options from the environment', () => {
  it('given nothing set, then the defaults: idle a minute after the last client', () => {
    expect(liveOptionsFromEnv({})).toEqual(DEFAULT_LIVE_OPTIONS);
    expect(DEFAULT_LIVE_OPTIONS.idleAfterMs).toBe(60_000);
  });

  it('given TANGLE_LIVE_IDLE_AFTER_MS "never", 0 or a number of milliseconds, then null, 0 or that number', () => {
    const idle = (value: string) =>
      liveOptionsFromEnv({ TANGLE_LIVE_IDLE_AFTER_MS: value }).idleAfterMs;
    expect(idle('never')).toBeNull();
    expect(idle('0')).toBe(0);
    expect(idle('1500')).toBe(1500);
  });

  it.each(['-1', '1.5', 'soon', 'Never'])(
    'given TANGLE_LIVE_IDLE_AFTER_MS "%s", then an error naming the setting',
    (value) => {
      expect(() =>
        liveOptionsFromEnv({ TANGLE_LIVE_IDLE_AFTER_MS: value }),
      ).toThrow(
        `TANGLE_LIVE_IDLE_AFTER_MS must be "never" or a whole number of milliseconds, got "${value}"`,
      );
    },
  );

  it('given a ring size that is not a positive whole number, then an error naming it', () => {
    expect(() => liveOptionsFromEnv({ TANGLE_LIVE_RING_SIZE: '0' })).toThrow(
      'TANGLE_LIVE_RING_SIZE must be a positive integer, got "0"',
    );
  });
});
