import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedPolicy, startConnection, STF_INFO } from './connection-harness.js';
import type { SessionInfoLike } from '../../machines/connection.types.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const TERMINATED: SessionInfoLike = { ...STF_INFO, status: 'TERMINATED', termination_reason: 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED' };
const LIVE: SessionInfoLike = { ...STF_INFO, status: 'IN_PROGRESS', termination_reason: null };

/** A connection whose session info answers the scripted values in turn (the last one repeats). */
async function connectedWith(answers: Array<SessionInfoLike | Error>, delaysMs = [100, 100, 100]) {
  let calls = 0;
  const h = startConnection({
    reconnectPolicy: fixedPolicy(delaysMs),
    info: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  await vi.advanceTimersByTimeAsync(0);
  h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
  h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
  expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
  return { h, infoCalls: () => calls };
}

/** Connected; afterwards the session info never answers. */
async function connectedThenSilentInfo() {
  let first = true;
  const info = () => (first ? ((first = false), Promise.resolve(LIVE)) : new Promise<SessionInfoLike>(() => {}));
  const h = startConnection({ reconnectPolicy: fixedPolicy([100]), info });
  await vi.advanceTimersByTimeAsync(0);
  h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
  h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
  return h;
}

describe('a session the server has ended', () => {
  it('is not retried: the reconnect reads TERMINATED and closes with the server’s termination_reason', async () => {
    const { h, infoCalls } = await connectedWith([LIVE, TERMINATED]);
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'channel closed' });
    await vi.advanceTimersByTimeAsync(100);
    expect(infoCalls()).toBe(2);
    expect(h.outcome()).toMatchObject({ reason: 'terminated', terminationReason: 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED' });
    expect(String((h.outcome()!.error as Error).message)).toContain('MAX_MIN_PER_SESSION_QUOTA_EXCEEDED');
    expect(h.peer.negotiations().filter((n) => n.iceRestart)).toEqual([]);
    expect(h.statuses()).toEqual(['connecting', 'connected', 'reconnecting', 'closed']);
    expect(h.peer.stops).toBe(1);
  });

  it('a live session is retried as before', async () => {
    const { h } = await connectedWith([LIVE]);
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'disconnected' });
    await vi.advanceTimersByTimeAsync(100);
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'restartingIce' } });
    expect(h.peer.negotiations().at(-1)).toEqual({ type: 'negotiate', attemptId: 2, iceRestart: true });
  });

  it('an unreadable session info (network down) is treated as transient: the retry goes ahead', async () => {
    const { h } = await connectedWith([LIVE, new Error('fetch failed')]);
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(100);
    expect(h.peer.negotiations().at(-1)).toEqual({ type: 'negotiate', attemptId: 2, iceRestart: true });
  });

  it('a session info that never answers holds the retry only for the negotiation timeout', async () => {
    const h = await connectedThenSilentInfo();
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(100);
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'checkingSession' } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'restartingIce' } });
  });

  it('ended while reconnecting: the failed restart is followed by a check that stops the retries', async () => {
    const { h, infoCalls } = await connectedWith([LIVE, LIVE, TERMINATED]);
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(100);
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 2, error: new Error('exchange: 400 invalid') });
    await vi.advanceTimersByTimeAsync(100);
    expect(infoCalls()).toBe(3);
    expect(h.outcome()).toMatchObject({ reason: 'terminated', terminationReason: 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED' });
    expect(h.peer.lastAttemptId()).toBe(2);
  });

  it('the link coming back while the session is checked returns to ready', async () => {
    const h = await connectedThenSilentInfo();
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'disconnected' });
    await vi.advanceTimersByTimeAsync(100);
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
  });

  it('attaching to a terminated session closes at once with the reason, without a peer negotiation', async () => {
    const h = startConnection({ info: async () => ({ ...STF_INFO, status: 'TERMINATED', termination_reason: 'GRACEFUL_TERMINATION' }) });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.outcome()).toMatchObject({ reason: 'terminated', terminationReason: 'GRACEFUL_TERMINATION' });
    expect(h.peer.starts).toBe(0);
    expect(h.statuses()).toEqual(['connecting', 'closed']);
  });
});
