import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { createSession, SessionClosedError } from '../../src/client/index.js';
import type { Session } from '../../src/client/index.js';
import { eventually, newSessionId, RTCPeerConnection, startTestEmulator } from './harness.js';

// Real WebRTC against the emulator on a shared 2-core box: generous bounds, no timing assertions.
vi.setConfig({ testTimeout: 60_000 });

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

async function open(): Promise<Session> {
  const sessionId = await newSessionId(emulator);
  return createSession({ sessionId, width: 640, height: 360, clientTools: [], apiServer: emulator.url, RTCPeerConnection });
}

async function post(path: string, json: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) });
  return { status: response.status, body: await response.json() };
}

describe('stopSession()', () => {
  it('ends the session on the server (SESSION_END) and the id cannot be re-attached', async () => {
    const session = await open();
    const id = session.getSessionId();
    const closes: boolean[] = [];
    session.onClose((manual) => closes.push(manual));
    session.stopSession();
    expect(closes).toEqual([true]);
    const info = await eventually(() => {
      const current = emulator.sessions.get(id)!;
      return current.status === 'TERMINATED' && current;
    }, 10_000, 'TERMINATED');
    expect(info.termination_reason).toBe('GRACEFUL_TERMINATION');
    await eventually(() => emulator.sessions.get(id)!.events.some((event) => event.event === 'SESSION_END'), 10_000, 'the SESSION_END event');

    const exchange = await post(`/api/v1/session/${id}/exchange/`, { client_sdp: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(exchange.status).toBe(400);
    await expect(createSession({ sessionId: id, width: 640, height: 360, apiServer: emulator.url, RTCPeerConnection })).rejects.toThrow(/GRACEFUL_TERMINATION/);
  });

  it('hangs up after the server: the client closes its peer connection once the emulator has closed the channel', async () => {
    // Closing first would race the emulator's last sends, which @roamhq/wrtc turns into a SIGSEGV (docs/emulator.md, "Ending a link").
    const channelStateAtClose: string[] = [];
    const channels: RTCDataChannel[] = [];
    class WatchedPeerConnection extends RTCPeerConnection {
      override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
        const channel = super.createDataChannel(label, init);
        channels.push(channel);
        return channel;
      }
      override close(): void {
        channelStateAtClose.push(channels[0]?.readyState ?? 'none');
        super.close();
      }
    }
    const sessionId = await newSessionId(emulator);
    const session = await createSession({ sessionId, width: 640, height: 360, clientTools: [], apiServer: emulator.url, RTCPeerConnection: WatchedPeerConnection });
    session.stopSession();
    expect(session.getConnectionState()).toBe('closed');
    expect(channelStateAtClose).toEqual([]);
    await eventually(() => channelStateAtClose.length > 0, 10_000, 'the client closing its peer connection');
    expect(channelStateAtClose).toEqual(['closed']);
    expect(emulator.sessions.get(sessionId)!.status).toBe('TERMINATED');
  });

  it('neither waits for nor fails with the SESSION_END request', async () => {
    const session = await open();
    const id = session.getSessionId();
    emulator.faults.failRequests({ method: 'POST', path: `/api/v1/session/${id}/event/create/`, status: 500 });
    session.stopSession();
    expect(session.getConnectionState()).toBe('closed');
    // The failed announcement leaves no trace; the closed channel still ends the session.
    await eventually(() => emulator.faults.list().requests.length === 0, 10_000, 'the SESSION_END request');
    await eventually(() => emulator.sessions.get(id)!.status === 'TERMINATED', 10_000, 'TERMINATED by the channel close');
    expect(emulator.sessions.get(id)!.events.some((event) => event.event === 'SESSION_END')).toBe(false);
  });
});

describe('a session the server ends', () => {
  it('expireSession reaches the client as a typed close, with no reconnect attempt', async () => {
    const session = await open();
    const id = session.getSessionId();
    const closes: boolean[] = [];
    const errors: Error[] = [];
    session.onClose((manual) => closes.push(manual));
    session.setErrorHandler((error) => errors.push(error));
    // Every exchange the client would try afterwards is caught here: none may come.
    emulator.faults.failRequests({ path: `/api/v1/session/${id}/exchange/`, status: 500, count: 100 });
    const expiredAt = Date.now();
    emulator.faults.expireSession(id, 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED');
    await eventually(() => closes.length === 1, 20_000, 'onClose');
    console.log(`expireSession → onClose(false): ${Date.now() - expiredAt} ms`);
    expect(closes).toEqual([false]);
    expect(session.actor.getSnapshot().output).toMatchObject({ reason: 'terminated', terminationReason: 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED' });
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('MAX_MIN_PER_SESSION_QUOTA_EXCEEDED')]);
    expect(emulator.faults.list().requests[0]!.remaining).toBe(100);
    let closedError: unknown;
    try {
      session.processTTSTF('hello');
    } catch (error) {
      closedError = error;
    }
    expect(closedError).toBeInstanceOf(SessionClosedError);
    expect((closedError as SessionClosedError).reason).toBe('terminated');
    emulator.faults.clear();
  });
});
