/**
 * Reading the session statechart from React. Built on React's own
 * `useSyncExternalStore` rather than `@xstate/react`'s `useSelector` (a thin
 * layer over the same hook): it costs no extra dependency or peer version to
 * keep in step, and the selectors here need nothing more.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { SessionSnapshot } from '../machines/chat-states.js';
import type { Session } from '../src/client/index.js';
import { useTargetSession } from './context.js';

interface SelectorStore<T> {
  subscribe(onChange: () => void): () => void;
  get(): T;
}

const noSubscription = (): (() => void) => () => undefined;

/**
 * `select(snapshot)` of the session's actor, re-rendering only when the
 * selected value changes by `equal`. `select` and `equal` must be stable
 * (module-level functions). Without a session the value is `fallback`.
 */
export function useSessionSelector<T>(
  session: Session | null | undefined,
  select: (snapshot: SessionSnapshot) => T,
  fallback: T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const target = useTargetSession(session);
  const store = useMemo(() => (target ? selectorStore(target, select, equal) : null), [target, select, equal]);
  const get = store ? store.get : () => fallback;
  return useSyncExternalStore(store ? store.subscribe : noSubscription, get, get);
}

function selectorStore<T>(session: Session, select: (snapshot: SessionSnapshot) => T, equal: (a: T, b: T) => boolean): SelectorStore<T> {
  const { actor } = session;
  let lastSnapshot = actor.getSnapshot();
  let lastValue = select(lastSnapshot);
  return {
    subscribe(onChange) {
      const subscription = actor.subscribe({ next: onChange, error: onChange, complete: onChange });
      return () => subscription.unsubscribe();
    },
    get() {
      const snapshot = actor.getSnapshot();
      if (snapshot === lastSnapshot) return lastValue;
      lastSnapshot = snapshot;
      const next = select(snapshot);
      if (!equal(lastValue, next)) lastValue = next;
      return lastValue;
    },
  };
}
