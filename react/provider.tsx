import type { ReactNode } from 'react';
import { PersoSessionContext } from './context.js';
import { usePersoSession } from './use-perso-session.js';
import type { UsePersoSessionOptions } from './use-perso-session.js';

export interface PersoSessionProviderProps extends Omit<UsePersoSessionOptions, 'key'> {
  /** `usePersoSession`'s `key` (React keeps the `key` prop for itself): a new value stops the session and starts another. */
  sessionKey?: string | number;
  children?: ReactNode;
}

/** Owns one session (see `usePersoSession`) and shares it with the hooks and `<AvatarVideo>` inside. */
export function PersoSessionProvider({ sessionKey, children, ...options }: PersoSessionProviderProps) {
  const state = usePersoSession({ ...options, key: sessionKey });
  return <PersoSessionContext.Provider value={state}>{children}</PersoSessionContext.Provider>;
}
