import { useEffect, useState, useSyncExternalStore } from 'react';
import { createSession } from '../src/client/index.js';
import type { CreateSessionOptions, Session } from '../src/client/index.js';
import { SessionKeeper } from './session-keeper.js';
import { useLatest } from './use-latest.js';
import type { PersoSessionState } from './session-keeper.js';

export interface UsePersoSessionOptions extends Omit<CreateSessionOptions, 'sessionId' | 'signal'> {
  /**
   * Asks your server for a session id (your server holds the API key). Abort
   * `signal` with the request: it fires when the component lets go of the
   * session before it started.
   */
  getSessionId: (signal: AbortSignal) => Promise<string>;
  /**
   * The session is created once per mount and again only when `key` changes
   * (the old one is stopped first); other options are read when it starts.
   */
  key?: string | number;
}

/**
 * Owns one session: starts it when the component mounts, stops it on
 * unmount (aborting a start in flight), StrictMode-safe.
 */
export function usePersoSession(options: UsePersoSessionOptions): PersoSessionState {
  const latest = useLatest(options);
  const [keeper] = useState(() => new SessionKeeper((signal) => openSession(latest.current, signal)));
  const key = options.key;
  useEffect(() => keeper.hold(key), [keeper, key]);
  return useSyncExternalStore(keeper.subscribe, keeper.getState, keeper.getState);
}

async function openSession(options: UsePersoSessionOptions, signal: AbortSignal): Promise<Session> {
  const { getSessionId, key: _key, ...createOptions } = options;
  if (typeof getSessionId !== 'function') throw new TypeError('usePersoSession() needs a getSessionId function that asks your server for a session id');
  const sessionId = await getSessionId(signal);
  signal.throwIfAborted();
  return createSession({ ...createOptions, sessionId, signal });
}
