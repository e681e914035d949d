import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectedConnection, deferred, fixedPolicy, startConnection, TEXT_ONLY_INFO } from './connection-harness.js';
import type { IceServer, SessionInfoLike } from '../../machines/connection.types.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const flush = () => vi.advanceTimersByTimeAsync(0);

const connected = connectedConnection;

describe('connecting', () => {
  it('fetches session info and ICE servers concurrently, then negotiates and waits for media', async () => {
    const info = deferred<SessionInfoLike>();
    const ice = deferred<IceServer[]>();
    const h = startConnection({ info: () => info.promise, ice: () => ice.promise });
    expect(h.snapshot().value).toEqual({ connecting: { discovering: { info: 'loading', ice: 'loading' } } });
    ice.resolve([{ urls: 'turn:example', username: 'u', credential: 'c' }]);
    await flush();
    expect(h.snapshot().value).toEqual({ connecting: { discovering: { info: 'loading', ice: 'loaded' } } });
    info.resolve({ capability: [{ name: 'STF_WEBRTC' }] });
    await flush();
    expect(h.snapshot().value).toEqual({ rtc: { connecting: 'negotiating' } });
    expect(h.peer.input).toEqual({ iceServers: [{ urls: 'turn:example', username: 'u', credential: 'c' }] });
    expect(h.peer.negotiations()).toEqual([{ type: 'negotiate', attemptId: 1, iceRestart: false }]);

    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
    expect(h.snapshot().value).toEqual({ rtc: { connecting: 'awaitingMedia' } });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
    expect(h.statuses()).toEqual(['connecting', 'connected']);
    expect(h.peer.sent('change-size')).toEqual([{ type: 'send', message: { type: 'change-size', data: { width: 640, height: 360 } } }]);
  });

  it('accepts STF_ONPREMISE as a WebRTC capability', async () => {
    const h = startConnection({ info: async () => ({ capability: [{ name: 'STF_ONPREMISE' }] }) });
    await flush();
    expect(h.snapshot().matches({ rtc: 'connecting' })).toBe(true);
  });

  it.each([
    ['session info fails', { info: async () => Promise.reject(new Error('info 500')) }, 'info 500'],
    ['ICE servers fail on a WebRTC session', { ice: async () => Promise.reject(new Error('ice 500')) }, 'ice 500'],
  ])('closes with connect-failed when %s', async (_, options, message) => {
    const h = startConnection(options);
    await flush();
    expect(h.outcome()).toMatchObject({ reason: 'connect-failed', error: { message } });
    expect(h.statuses()).toEqual(['connecting', 'closed']);
  });

  it('closes with connect-failed when the negotiation fails or the peer cannot start', async () => {
    const h = startConnection();
    await flush();
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 1, error: new Error('exchange 502') });
    expect(h.outcome()).toMatchObject({ reason: 'connect-failed', error: { message: 'exchange 502' } });
    expect(h.peer.stops).toBe(1);

    const h2 = startConnection();
    await flush();
    h2.peer.emit({ type: 'PEER.FAILED', error: new Error('no RTCPeerConnection') });
    expect(h2.outcome()).toMatchObject({ reason: 'connect-failed' });
  });

  it('gives up when the link does not come up within connectTimeoutMs', async () => {
    const h = startConnection();
    await flush();
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
    await vi.advanceTimersByTimeAsync(19_000);
    expect(h.outcome()).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.outcome()).toMatchObject({ reason: 'connect-failed' });
  });

  it('keeps messages sent before the link is ready and delivers them in order once it is', async () => {
    const h = startConnection();
    await flush();
    h.send({ type: 'SEND', message: { type: 'ttstf', data: { message: 'one' } } });
    h.send({ type: 'SEND', message: { type: 'ttstf', data: { message: 'two' } } });
    expect(h.peer.sent('ttstf')).toEqual([]);
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 1 });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
    expect(h.peer.sent('ttstf').map((c) => c.type === 'send' && c.message.data)).toEqual([{ message: 'one' }, { message: 'two' }]);
  });
});

describe('ready', () => {
  it('pings once a second, forwards server messages and applies size changes', async () => {
    const h = await connected();
    expect(h.peer.sent('ping')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(h.peer.sent('ping')).toHaveLength(3);
    h.peer.emit({ type: 'PEER.MESSAGE', message: { type: 'stf', data: { message: 'hi', duration: 500 } } });
    expect(h.notices).toContainEqual({ type: 'SERVER.MESSAGE', message: { type: 'stf', data: { message: 'hi', duration: 500 } } });
    h.send({ type: 'CHANGE_SIZE', width: 100, height: 200 });
    expect(h.peer.sent('change-size').at(-1)).toEqual({ type: 'send', message: { type: 'change-size', data: { width: 100, height: 200 } } });
  });

  it('treats 30 s without any message from the server as a dead link; any message keeps it alive', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([1_000]) });
    await vi.advanceTimersByTimeAsync(29_000);
    h.peer.emit({ type: 'PEER.MESSAGE', message: { type: 'ping', data: {} } });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.snapshot().matches({ rtc: 'reconnecting' })).toBe(true);
  });

  it('stops pinging outside ready', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([60_000]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'disconnected' });
    const pings = h.peer.sent('ping').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.peer.sent('ping')).toHaveLength(pings);
  });
});

describe('reconnecting', () => {
  it('backs off, restarts ICE with a new attempt and returns to ready', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([500]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'disconnected' });
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'backoff' } });
    await vi.advanceTimersByTimeAsync(499);
    expect(h.peer.negotiations()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.peer.negotiations().at(-1)).toEqual({ type: 'negotiate', attemptId: 2, iceRestart: true });
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 2 });
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'awaitingLink' } });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 2 });
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
    expect(h.statuses()).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(h.peer.starts).toBe(1);
    expect(h.snapshot().context.retryCount).toBe(0);
  });

  it('retries after a failed or timed-out restart, each with a new attemptId', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([100, 200, 300, 400]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(100);
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 2, error: new Error('exchange failed') });
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'backoff' } });
    await vi.advanceTimersByTimeAsync(200);
    expect(h.peer.lastAttemptId()).toBe(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'backoff' } });
    await vi.advanceTimersByTimeAsync(300);
    expect(h.peer.lastAttemptId()).toBe(4);
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 4 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'backoff' } });
  });

  it('ignores the results of a superseded attempt', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([100, 100]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.peer.lastAttemptId()).toBe(3);
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 2 });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 2 });
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 2, error: new Error('late') });
    expect(h.snapshot().value).toEqual({ rtc: { reconnecting: 'restartingIce' } });
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 3 });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 3 });
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
  });

  it('queues messages sent while reconnecting and delivers them once the link is back', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([100]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    h.send({ type: 'SEND', message: { type: 'ttstf', data: { message: 'later' } } });
    h.send({ type: 'SEND', message: { type: 'clear-buffer', data: {} } });
    expect(h.peer.sent('ttstf')).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 2 });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 2 });
    const delivered = h.peer.sent().filter((c) => c.type === 'send' && c.message.type !== 'ping' && c.message.type !== 'change-size');
    expect(delivered.map((c) => c.type === 'send' && c.message.type)).toEqual(['ttstf', 'clear-buffer']);
    expect(h.snapshot().context.outbox).toEqual([]);
  });

  it('delivers a message the closing channel refused first on the next link, before those queued after it', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([100]) });
    const refused = { type: 'ttstf', data: { message: 'first' } } as const;
    h.send({ type: 'SEND', message: refused });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'channel closing' });
    h.send({ type: 'SEND', message: { type: 'ttstf', data: { message: 'second' } } });
    h.peer.emit({ type: 'PEER.SEND_FAILED', message: refused });
    await vi.advanceTimersByTimeAsync(100);
    const before = h.peer.sent('ttstf').length;
    h.peer.emit({ type: 'PEER.NEGOTIATED', attemptId: 2 });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 2 });
    const delivered = h.peer.sent('ttstf').slice(before);
    expect(delivered.map((c) => c.type === 'send' && c.message.data)).toEqual([{ message: 'first' }, { message: 'second' }]);
    expect(h.snapshot().context).toMatchObject({ outbox: [], unsent: [] });
  });

  it('returns to ready when the link recovers by itself during backoff', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([5_000]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'disconnected' });
    h.peer.emit({ type: 'PEER.LINK_UP', attemptId: 1 });
    expect(h.snapshot().matches({ rtc: 'ready' })).toBe(true);
  });

  it('closes with link-lost once the policy gives up, and frees the peer', async () => {
    const h = await connected({ reconnectPolicy: fixedPolicy([100]) });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(100);
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 2, error: new Error('no') });
    expect(h.outcome()).toMatchObject({ reason: 'link-lost' });
    expect(h.statuses()).toEqual(['connecting', 'connected', 'reconnecting', 'closed']);
    expect(h.peer.stops).toBe(1);
  });

  it('passes the retry count and the time since the link dropped to the policy', async () => {
    const seen: Array<{ retryCount: number; elapsedMs: number }> = [];
    const h = await connected({
      reconnectPolicy: {
        nextRetryDelayMs: (context) => {
          seen.push(context);
          return context.retryCount < 2 ? 1_000 : null;
        },
      },
    });
    h.peer.emit({ type: 'PEER.LINK_DOWN', reason: 'failed' });
    await vi.advanceTimersByTimeAsync(1_000);
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 2, error: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    h.peer.emit({ type: 'PEER.NEGOTIATION_FAILED', attemptId: 3, error: 2 });
    expect(seen).toEqual([
      { retryCount: 0, elapsedMs: 0 },
      { retryCount: 1, elapsedMs: 1_000 },
      { retryCount: 2, elapsedMs: 2_000 },
    ]);
    expect(h.outcome()).toMatchObject({ reason: 'link-lost' });
  });
});

describe('sessions without WebRTC', () => {
  it('sends SESSION_START, then SESSION_DURING every 10 s, and never creates a peer', async () => {
    const h = startConnection({ info: async () => TEXT_ONLY_INFO });
    await flush();
    expect(h.sessionEvents).toEqual(['SESSION_START']);
    expect(h.statuses()).toEqual(['connecting', 'connected']);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(h.sessionEvents).toEqual(['SESSION_START']);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sessionEvents).toEqual(['SESSION_START', 'SESSION_DURING', 'SESSION_DURING']);
    expect(h.peer.starts).toBe(0);
    h.send({ type: 'SEND', message: { type: 'ttstf', data: { message: 'dropped' } } });
    expect(h.snapshot().context.outbox).toEqual([]);
  });

  it('still runs when the ICE servers cannot be fetched', async () => {
    const h = startConnection({ info: async () => TEXT_ONLY_INFO, ice: async () => Promise.reject(new Error('404')) });
    await flush();
    expect(h.snapshot().matches('heartbeat')).toBe(true);
  });

  it('closes with heartbeat-failed when a heartbeat fails', async () => {
    const h = startConnection({
      info: async () => TEXT_ONLY_INFO,
      sessionEvent: async ({ event }) => {
        if (event === 'SESSION_DURING') throw new Error('session expired');
      },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.outcome()).toMatchObject({ reason: 'heartbeat-failed', error: { message: 'session expired' } });
  });

  it('closes with connect-failed when SESSION_START fails', async () => {
    const h = startConnection({ info: async () => TEXT_ONLY_INFO, sessionEvent: async () => Promise.reject(new Error('nope')) });
    await flush();
    expect(h.outcome()).toMatchObject({ reason: 'connect-failed' });
  });
});
