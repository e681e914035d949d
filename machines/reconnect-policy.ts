/** What a reconnect policy sees when the link has dropped. */
export interface RetryContext {
  /** Retries already scheduled since the link dropped (0 before the first). */
  retryCount: number;
  /** Milliseconds since the link dropped. */
  elapsedMs: number;
}

/** Decides when to try again after the link dropped; `null` gives up. */
export interface ReconnectPolicy {
  nextRetryDelayMs(context: RetryContext): number | null;
}

export interface BackoffPolicyOptions {
  /** Delay before the first retry. @default 300 */
  initialDelayMs?: number;
  /** Upper bound of any single delay (before jitter). @default 5000 */
  maxDelayMs?: number;
  /** Growth factor between consecutive delays. @default 2 */
  multiplier?: number;
  /** Share of each delay that is randomised, 0–1. @default 0.3 */
  jitterRatio?: number;
  /** Retries allowed before giving up. @default 8 */
  maxRetries?: number;
  /** Give up once the link has been down this long. @default 30000 */
  budgetMs?: number;
}

/**
 * Exponential backoff with jitter and a budget: a delay of
 * `initialDelayMs · multiplier^retryCount`, capped at `maxDelayMs`, of which
 * `jitterRatio` is drawn at random (so clients that lost the link together do
 * not come back together), until `maxRetries` or `budgetMs` is spent.
 */
export function createBackoffPolicy(options: BackoffPolicyOptions = {}): ReconnectPolicy {
  const {
    initialDelayMs = 300,
    maxDelayMs = 5000,
    multiplier = 2,
    jitterRatio = 0.3,
    maxRetries = 8,
    budgetMs = 30_000,
  } = options;
  return {
    nextRetryDelayMs({ retryCount, elapsedMs }) {
      if (retryCount >= maxRetries || elapsedMs >= budgetMs) return null;
      const base = Math.min(maxDelayMs, initialDelayMs * multiplier ** retryCount);
      const jitter = base * jitterRatio * Math.random();
      const delay = Math.round(base * (1 - jitterRatio) + jitter);
      return Math.min(delay, Math.max(0, budgetMs - elapsedMs));
    },
  };
}

export const defaultReconnectPolicy: ReconnectPolicy = createBackoffPolicy();

/** What the connection does next: wait `delayMs`, or give up (`null`), with `failure` when the policy itself failed. */
export interface RetryPlan {
  delayMs: number | null;
  failure?: Error;
}

/**
 * Asks the user's policy for the next delay. The policy is code the user
 * supplies, so it never throws into the chart: a throw, or an answer that is
 * neither a delay (a finite number ≥ 0) nor `null`, gives up reconnecting,
 * and `failure` says why.
 */
export function planRetry(policy: ReconnectPolicy, context: RetryContext): RetryPlan {
  let answer: unknown;
  try {
    answer = policy.nextRetryDelayMs(context);
  } catch (error) {
    return { delayMs: null, failure: new Error(`The reconnect policy threw (${describe(error)}), so the session stopped reconnecting`, { cause: error }) };
  }
  if (answer === null) return { delayMs: null };
  if (typeof answer === 'number' && Number.isFinite(answer) && answer >= 0) return { delayMs: answer };
  return { delayMs: null, failure: new Error(`The reconnect policy answered ${describe(answer)}, not a delay in milliseconds or null, so the session stopped reconnecting`) };
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
