import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionQuality } from '../../machines/connection-quality.js';
import { connectedConnection, fixedPolicy, startConnection } from './connection-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const flush = () => vi.advanceTimersByTimeAsync(0);

const connected = connectedConnection;

describe('an early link check (page visible again, back online)', () => {
  it('pings at once and reconnects when nothing answers within linkCheckTimeoutMs, long before linkDeadMs', async () => {
    const h = await connected();
    await vi.advanceTimersByTimeAsync(500);
    const pingsBefore = h.peer.sent('ping').length;
    h.send({ type: 'LINK.CHECK', reason: 'visible' });
    expect(h.peer.sent('ping')).toHaveLength(pingsBefore + 1);
    expect(h.snapshot().matches({ rtc: { ready: { liveness: 'checking' } } })).toBe(true);
    await vi.advanceTimersByTimeAsync(1999);
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.snapshot().matches({ rtc: 'reconnecting' })).toBe(true);
    expect(h.statuses()).toEqual(['connecting', 'connected', 'reconnecting']);
  });

  it('goes back to waiting out linkDeadMs when the server answers, and forwards the answer', async () => {
    const h = await connected();
    h.send({ type: 'LINK.CHECK', reason: 'online' });
    h.peer.emit({ type: 'PEER.MESSAGE', message: { type: 'ping', data: {} } });
    expect(h.snapshot().matches({ rtc: { ready: { liveness: 'alive' } } })).toBe(true);
    expect(h.notices.filter((n) => n.type === 'SERVER.MESSAGE')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(h.snapshot().matches({ rtc: 'reconnecting' })).toBe(true);
  });

  it('skips the backoff wait while reconnecting: the session check and ICE restart start now', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([60_000]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'test' });
    expect(h.snapshot().matches({ rtc: { reconnecting: 'backoff' } })).toBe(true);
    const restartsBefore = h.peer.negotiations().filter((n) => n.iceRestart).length;
    h.send({ type: 'LINK.CHECK', reason: 'visible' });
    expect(h.snapshot().matches({ rtc: { reconnecting: 'checkingSession' } })).toBe(true);
    await flush();
    expect(h.snapshot().matches({ rtc: { reconnecting: 'restartingIce' } })).toBe(true);
    expect(h.peer.negotiations().filter((n) => n.iceRestart)).toHaveLength(restartsBefore + 1);
  });

  it('is ignored while connecting', async () => {
    const h = startConnection();
    await flush();
    h.send({ type: 'LINK.CHECK', reason: 'visible' });
    expect(h.snapshot().matches({ rtc: { connecting: 'negotiating' } })).toBe(true);
  });
});

describe('quality samples', () => {
  it('are forwarded to the parent as LINK.QUALITY while ready', async () => {
    const h = await connected();
    const quality: ConnectionQuality = { level: 'good', measured: 'good', figures: null, at: 1 };
    h.send({ type: 'QUALITY.SAMPLED', quality });
    expect(h.notices.filter((n) => n.type === 'LINK.QUALITY')).toEqual([{ type: 'LINK.QUALITY', quality }]);
  });
});
