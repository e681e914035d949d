import { createContext, useContext } from 'react';
import type { Session } from '../src/client/index.js';
import type { PersoSessionState } from './session-keeper.js';

export const PersoSessionContext = createContext<PersoSessionState | null>(null);

/** The `{ session, status, error }` of the nearest `<PersoSessionProvider>`. */
export function useSession(): PersoSessionState {
  const state = useContext(PersoSessionContext);
  if (!state) throw new Error('useSession() must be called inside a <PersoSessionProvider>');
  return state;
}

/** `session` when given (null included), else the provider's session, else null. */
export function useTargetSession(session: Session | null | undefined): Session | null {
  const state = useContext(PersoSessionContext);
  return session === undefined ? (state?.session ?? null) : session;
}
