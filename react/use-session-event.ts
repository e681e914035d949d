import { useEffect } from 'react';
import type { SessionEmitted } from '../machines/session.types.js';
import type { Session } from '../src/client/index.js';
import { useTargetSession } from './context.js';
import { useLatest } from './use-latest.js';

export type SessionEventName = SessionEmitted['type'];
export type SessionEventOf<Name extends SessionEventName> = Extract<SessionEmitted, { type: Name }>;

/**
 * Calls `handler` for each `name` event the session emits. The latest
 * `handler` runs, so it may close over fresh state; it is not a dependency.
 */
export function useSessionEvent<Name extends SessionEventName>(
  name: Name,
  handler: (event: SessionEventOf<Name>) => void,
  session?: Session | null,
): void {
  const target = useTargetSession(session);
  const latest = useLatest(handler);
  useEffect(() => {
    if (!target) return;
    const subscription = target.actor.on(name, (event) => latest.current(event as SessionEventOf<Name>));
    return () => subscription.unsubscribe();
  }, [target, name, latest]);
}
