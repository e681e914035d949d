// @vitest-environment happy-dom
/**
 * usePersoSession's lifecycle with a fake createSession: one session per
 * mount under StrictMode, a start in flight aborted on unmount, a new session
 * only for a new key and only after the old one stopped.
 */
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersoSessionState, UsePersoSessionOptions } from '../../react/index.js';
import { PersoSessionProvider, usePersoSession, useSession } from '../../react/index.js';
import { fakeBackend, type FakeBackend } from './fake-session.js';
import { render, settle } from './render.js';

const holder = vi.hoisted(() => ({ backend: null as FakeBackend | null }));
vi.mock('../../src/client/create-session.js', () => ({
  createSession: (options: never) => holder.backend!.createSession(options),
}));

let backend: FakeBackend;
let seen: PersoSessionState[];

beforeEach(() => {
  backend = fakeBackend();
  holder.backend = backend;
  seen = [];
});

afterEach(() => {
  holder.backend = null;
});

function Probe(props: Partial<UsePersoSessionOptions>) {
  seen.push(usePersoSession({ getSessionId: backend.getSessionId, width: 640, height: 360, ...props }));
  return null;
}

const latest = (): PersoSessionState => seen.at(-1)!;

describe('usePersoSession', () => {
  it('creates exactly one session when StrictMode mounts its effects twice, and stops it on unmount', async () => {
    const view = await render(createElement(Probe));
    await settle();
    expect(backend.log).toEqual(['getSessionId', 'create s1']);
    expect(latest().status).toBe('connecting');
    await settle(() => backend.pending.get('s1')!.connect());
    expect(latest()).toMatchObject({ status: 'connected', error: null });
    expect(latest().session?.getSessionId()).toBe('s1');
    await view.unmount();
    await settle();
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1']);
    expect(backend.openPeers.size).toBe(0);
  });

  it('aborts a createSession in flight when unmounted mid-connect, leaving no peer', async () => {
    const view = await render(createElement(Probe));
    await settle();
    const { options } = backend.pending.get('s1')!;
    expect(backend.openPeers).toEqual(new Set(['s1']));
    await view.unmount();
    await settle();
    expect(options.signal?.aborted).toBe(true);
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'abort s1']);
    expect(backend.openPeers.size).toBe(0);
    expect(backend.sessions).toEqual([]);
  });

  it('aborts getSessionId when unmounted before it answered, and never calls createSession', async () => {
    let signal: AbortSignal | null = null;
    let answer: (id: string) => void = () => undefined;
    const getSessionId = (given: AbortSignal) => {
      signal = given;
      return new Promise<string>((resolve) => (answer = resolve));
    };
    const view = await render(createElement(Probe, { getSessionId }));
    await view.unmount();
    expect(signal!.aborted).toBe(true);
    answer('late');
    await settle();
    expect(backend.log).toEqual([]);
  });

  it('stops a session that connected although its start was aborted', async () => {
    // createSession({ signal }) may miss an abort (for example while it opens the microphone).
    backend.createSession = async (options) => {
      backend.log.push(`create ${options.sessionId}`);
      await Promise.resolve();
      const { FakeSession } = await import('./fake-session.js');
      const session = new FakeSession(options.sessionId, backend);
      backend.openPeers.add(options.sessionId);
      return session as never;
    };
    const view = await render(createElement(Probe));
    await view.unmount();
    await settle();
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1']);
    expect(backend.openPeers.size).toBe(0);
  });

  it('recreates the session only when key changes, stopping the old one before the new one starts', async () => {
    const view = await render(createElement(Probe, { key: 'a', width: 640 }));
    await settle();
    await settle(() => backend.pending.get('s1')!.connect());
    await view.rerender(createElement(Probe, { key: 'a', width: 320, getSessionId: (signal) => backend.getSessionId(signal) }));
    await settle();
    expect(backend.log).toEqual(['getSessionId', 'create s1']);
    await view.rerender(createElement(Probe, { key: 'b' }));
    await settle();
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1', 'getSessionId', 'create s2']);
    await settle(() => backend.pending.get('s2')!.connect());
    expect(latest().session?.getSessionId()).toBe('s2');
    expect(latest().status).toBe('connected');
    await view.unmount();
    await settle();
    expect(backend.openPeers.size).toBe(0);
  });

  it('starts with the options of the render it starts after', async () => {
    const view = await render(createElement(Probe, { key: 'a', width: 640 }));
    await settle();
    await settle(() => backend.pending.get('s1')!.connect());
    await view.rerender(createElement(Probe, { key: 'b', width: 320, apiServer: 'http://127.0.0.1:1' }));
    await settle();
    expect(backend.pending.get('s2')!.options).toMatchObject({ sessionId: 's2', width: 320, apiServer: 'http://127.0.0.1:1' });
    await view.unmount();
  });

  it('follows the link: reconnecting, connected again, closed after stopSession()', async () => {
    const view = await render(createElement(Probe));
    await settle();
    await settle(() => backend.pending.get('s1')!.connect());
    const fake = backend.sessions[0]!;
    await settle();
    await view.rerender(createElement(Probe));
    await settle(() => fake.setConnectionState('reconnecting'));
    expect(latest().status).toBe('reconnecting');
    await settle(() => fake.setConnectionState('connected'));
    expect(latest().status).toBe('connected');
    await settle(() => fake.stopSession());
    expect(latest()).toMatchObject({ status: 'closed', error: null });
    await view.unmount();
    expect(backend.log.filter((entry) => entry.startsWith('stop'))).toEqual(['stop s1']);
  });

  it('reports a lost session as an error', async () => {
    const view = await render(createElement(Probe));
    await settle();
    await settle(() => backend.pending.get('s1')!.connect());
    await settle(() => backend.sessions[0]!.lose());
    expect(latest().status).toBe('error');
    expect(latest().error?.message).toMatch(/link-lost/);
    await view.unmount();
  });

  it('reports a failed start with its error, and a missing getSessionId with a TypeError', async () => {
    const failing = await render(createElement(Probe, { getSessionId: () => Promise.reject(new Error('no sessions left')) }));
    await settle();
    expect(latest()).toMatchObject({ status: 'error', session: null });
    expect(latest().error?.message).toBe('no sessions left');
    await failing.unmount();
    const missing = await render(createElement(Probe, { getSessionId: undefined as never }));
    await settle();
    expect(latest().status).toBe('error');
    expect(latest().error).toBeInstanceOf(TypeError);
    await missing.unmount();
  });
});

describe('PersoSessionProvider', () => {
  function Reader() {
    seen.push(useSession());
    return null;
  }

  it('shares one session with the components inside, and its sessionKey recreates it', async () => {
    const tree = (sessionKey: number) =>
      createElement(PersoSessionProvider, { getSessionId: backend.getSessionId, width: 640, height: 360, sessionKey }, createElement(Reader), createElement(Reader));
    const view = await render(tree(1));
    await settle();
    await settle(() => backend.pending.get('s1')!.connect());
    const [first, second] = seen.slice(-2);
    expect(first!.session).toBe(second!.session);
    expect(first!.session?.getSessionId()).toBe('s1');
    await view.rerender(tree(2));
    await settle();
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1', 'getSessionId', 'create s2']);
    await view.unmount();
    await settle();
    expect(backend.openPeers.size).toBe(0);
  });

  it('useSession() outside a provider throws a clear error', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(render(createElement(Reader), { strict: false })).rejects.toThrow(/inside a <PersoSessionProvider>/);
    errors.mockRestore();
  });
});
