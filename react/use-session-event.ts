import { useEffect } from 'react';
import type { Session, SessionEventMap, SessionEventName } from '../src/client/index.js';
import { useTargetSession } from './context.js';
import { useLatest } from './use-latest.js';

/**
 * Calls `handler` for each `name` event of `session.on` (the typed event
 * map). The latest `handler` runs, so it may close over fresh state; it is
 * not a dependency.
 */
export function useSessionEvent<Name extends SessionEventName>(
  name: Name,
  handler: (payload: SessionEventMap[Name]) => void,
  session?: Session | null,
): void {
  const target = useTargetSession(session);
  const latest = useLatest(handler);
  useEffect(() => {
    if (!target) return;
    return target.on(name, (payload) => latest.current(payload));
  }, [target, name, latest]);
}
