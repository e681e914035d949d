import { useInsertionEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** A ref that always holds the latest `value` once committed: callbacks read it instead of re-subscribing. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useInsertionEffect(() => {
    ref.current = value;
  });
  return ref;
}
