import { useMemo, useSyncExternalStore } from 'react';
import type { ConnectionQuality, Session } from '../src/client/index.js';
import { useTargetSession } from './context.js';

const noSubscription = (): (() => void) => () => undefined;
const none = (): null => null;

/**
 * The link's latest quality sample (`connection-quality` events, about every
 * 2 s while connected; `lost` when it drops); null before the first sample
 * and without a session.
 */
export function useConnectionQuality(session?: Session | null): ConnectionQuality | null {
  const target = useTargetSession(session);
  const store = useMemo(() => {
    if (!target) return null;
    // The last sample seen, so that reading it twice gives the same object.
    let latest = target.getConnectionQuality();
    return {
      subscribe: (onChange: () => void) =>
        target.on('connection-quality', (quality) => {
          latest = quality;
          onChange();
        }),
      get: () => latest,
    };
  }, [target]);
  return useSyncExternalStore(store ? store.subscribe : noSubscription, store ? store.get : none, store ? store.get : none);
}
