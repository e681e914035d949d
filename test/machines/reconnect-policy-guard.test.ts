/**
 * The user's reconnect policy is code the SDK does not control: whatever it
 * does, the connection either follows a valid answer or gives up with a close
 * reason that says what went wrong. One row per answer, run on simulated time.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { ReconnectPolicy } from '../../machines/reconnect-policy.js';
import { planRetry } from '../../machines/reconnect-policy.js';
import { startConnection } from './connection-harness.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const policyThat = (answer: () => unknown): ReconnectPolicy => ({ nextRetryDelayMs: answer as () => number | null });

type Row = { policy: ReconnectPolicy; state: 'retrying' | 'closed'; error?: RegExp };

const table: Record<string, Row> = {
  'a delay of 250 ms': { policy: policyThat(() => 250), state: 'retrying' },
  'a delay of 0 ms': { policy: policyThat(() => 0), state: 'retrying' },
  null: { policy: policyThat(() => null), state: 'closed', error: /^The link was lost and could not be restored$/ },
  throws: {
    policy: policyThat(() => {
      throw new Error('policy bug');
    }),
    state: 'closed',
    error: /reconnect policy threw \(policy bug\)/,
  },
  'throws a non-Error': {
    policy: policyThat(() => {
      throw 'nope';
    }),
    state: 'closed',
    error: /reconnect policy threw \("nope"\)/,
  },
  NaN: { policy: policyThat(() => Number.NaN), state: 'closed', error: /answered NaN, not a delay/ },
  'a negative delay': { policy: policyThat(() => -5), state: 'closed', error: /answered -5, not a delay/ },
  Infinity: { policy: policyThat(() => Number.POSITIVE_INFINITY), state: 'closed', error: /answered Infinity, not a delay/ },
  undefined: { policy: policyThat(() => undefined), state: 'closed', error: /answered undefined, not a delay/ },
  'a string': { policy: policyThat(() => '100'), state: 'closed', error: /answered "100", not a delay/ },
};

async function linkLost(policy: ReconnectPolicy) {
  const clock = new SimulatedClock();
  const h = startConnection({ reconnectPolicy: policy, clock });
  await flush();
  h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: h.peer.lastAttemptId() });
  h.peer.emit({ type: 'PEER.LINK_UP', attemptId: h.peer.lastAttemptId() });
  expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
  h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
  return { ...h, clock };
}

describe('reconnect policy answers × what the connection does', () => {
  for (const [answer, row] of Object.entries(table)) {
    it(`${answer} → ${row.state === 'retrying' ? 'waits, then restarts ICE' : 'closes with link-lost'}`, async () => {
      const h = await linkLost(row.policy);
      if (row.state === 'retrying') {
        expect(h.snapshot().matches({ rtc: { reconnecting: 'backoff' } })).toBe(true);
        h.clock.increment(h.snapshot().context.retryDelayMs!);
        await flush();
        expect(h.snapshot().matches({ rtc: { reconnecting: 'restartingIce' } })).toBe(true);
        expect(h.outcome()).toBeNull();
        return;
      }
      expect(h.outcome()?.reason).toBe('link-lost');
      expect((h.outcome()?.error as Error).message).toMatch(row.error!);
      expect(h.statuses()).toEqual(['connecting', 'connected', 'reconnecting', 'closed']);
      expect(h.peer.stops).toBe(1);
    });
  }

  it('keeps what the policy threw as the cause', () => {
    const bug = new Error('policy bug');
    const throwing = policyThat(() => {
      throw bug;
    });
    const plan = planRetry(throwing, { retryCount: 0, elapsedMs: 0 });
    expect(plan.delayMs).toBeNull();
    expect(plan.failure?.cause).toBe(bug);
  });

  it('measures the time since the link dropped on the actor system clock', async () => {
    const seen: number[] = [];
    const h = await linkLost({ nextRetryDelayMs: ({ retryCount, elapsedMs }) => (seen.push(elapsedMs), retryCount < 1 ? 700 : null) });
    h.clock.increment(700);
    await flush();
    const attempt = h.peer.lastAttemptId();
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: attempt, error: new Error('no') });
    expect(seen).toEqual([0, 700]);
    expect(h.outcome()?.reason).toBe('link-lost');
  });
});
