/**
 * SessionKeeper without React: letting go and holding the same key again in
 * one go (what StrictMode and Fast Refresh do to an effect) keeps the session
 * that is already up; a different key replaces it, old first.
 */
import { describe, expect, it } from 'vitest';
import { SessionKeeper } from '../../react/session-keeper.js';
import { fakeBackend } from './fake-session.js';

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function keeperOn(backend: ReturnType<typeof fakeBackend>): SessionKeeper {
  return new SessionKeeper(async (signal) => backend.createSession({ sessionId: await backend.getSessionId(signal), width: 1, height: 1, signal }));
}

describe('SessionKeeper', () => {
  it('keeps a connected session across an effect re-run with the same key', async () => {
    const backend = fakeBackend();
    const keeper = keeperOn(backend);
    const release = keeper.hold('k');
    await flush();
    backend.pending.get('s1')!.connect();
    await flush();
    const session = keeper.getState().session;
    expect(keeper.getState().status).toBe('connected');
    release();
    const releaseAgain = keeper.hold('k');
    await flush();
    expect(keeper.getState().session).toBe(session);
    expect(backend.log).toEqual(['getSessionId', 'create s1']);
    releaseAgain();
    await flush();
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1']);
    expect(keeper.getState().status).toBe('idle');
  });

  it('replaces the session for another key: stops the old one, then opens the new one', async () => {
    const backend = fakeBackend();
    const keeper = keeperOn(backend);
    const release = keeper.hold(1);
    await flush();
    backend.pending.get('s1')!.connect();
    await flush();
    release();
    keeper.hold(2);
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1']);
    expect(keeper.getState()).toMatchObject({ status: 'connecting', session: null });
    await flush();
    expect(backend.log).toEqual(['getSessionId', 'create s1', 'stop s1', 'getSessionId', 'create s2']);
  });

  it('notifies subscribers once per change and not after they unsubscribe', async () => {
    const backend = fakeBackend();
    const keeper = keeperOn(backend);
    let calls = 0;
    const unsubscribe = keeper.subscribe(() => calls++);
    keeper.hold('k');
    expect(calls).toBe(1);
    await flush();
    backend.pending.get('s1')!.connect();
    await flush();
    expect(calls).toBe(2);
    unsubscribe();
    backend.sessions[0]!.setConnectionState('reconnecting');
    expect(calls).toBe(2);
    expect(keeper.getState().status).toBe('reconnecting');
  });
});
