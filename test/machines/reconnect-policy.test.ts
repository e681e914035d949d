import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackoffPolicy, defaultReconnectPolicy } from '../../machines/reconnect-policy.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createBackoffPolicy', () => {
  it('grows exponentially up to the cap, with the jitter share drawn from Math.random', () => {
    const policy = createBackoffPolicy({ initialDelayMs: 100, multiplier: 2, maxDelayMs: 1000, jitterRatio: 0.5, maxRetries: 10, budgetMs: 60_000 });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect([0, 1, 2, 3, 4, 5].map((retryCount) => policy.nextRetryDelayMs({ retryCount, elapsedMs: 0 }))).toEqual([50, 100, 200, 400, 500, 500]);
    vi.spyOn(Math, 'random').mockReturnValue(1);
    expect([0, 1, 2, 3, 4, 5].map((retryCount) => policy.nextRetryDelayMs({ retryCount, elapsedMs: 0 }))).toEqual([100, 200, 400, 800, 1000, 1000]);
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(policy.nextRetryDelayMs({ retryCount: 2, elapsedMs: 0 })).toBe(300);
  });

  it('gives up after maxRetries', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const policy = createBackoffPolicy({ maxRetries: 3 });
    expect(policy.nextRetryDelayMs({ retryCount: 2, elapsedMs: 0 })).not.toBeNull();
    expect(policy.nextRetryDelayMs({ retryCount: 3, elapsedMs: 0 })).toBeNull();
  });

  it('gives up once the time budget is spent and never schedules past it', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const policy = createBackoffPolicy({ initialDelayMs: 1000, maxDelayMs: 1000, budgetMs: 10_000, maxRetries: 100 });
    expect(policy.nextRetryDelayMs({ retryCount: 5, elapsedMs: 9_600 })).toBe(400);
    expect(policy.nextRetryDelayMs({ retryCount: 5, elapsedMs: 10_000 })).toBeNull();
  });

  it('has a default policy that retries for a while and then gives up', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const delays: number[] = [];
    let elapsedMs = 0;
    for (let retryCount = 0; ; retryCount++) {
      const delay = defaultReconnectPolicy.nextRetryDelayMs({ retryCount, elapsedMs });
      if (delay === null) break;
      delays.push(delay);
      elapsedMs += delay;
    }
    expect(delays.length).toBeGreaterThanOrEqual(4);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(elapsedMs).toBeLessThanOrEqual(30_000);
  });
});
