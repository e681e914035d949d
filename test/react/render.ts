/**
 * A minimal React renderer for hook tests (no testing library): renders into
 * happy-dom's document inside `act`, in <StrictMode> unless told otherwise.
 */
import { act, createElement, StrictMode } from 'react';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';

Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });

export interface Rendered {
  container: HTMLElement;
  rerender(element: ReactElement): Promise<void>;
  unmount(): Promise<void>;
}

export async function render(element: ReactElement, { strict = true }: { strict?: boolean } = {}): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const wrap = (child: ReactElement): ReactElement => (strict ? createElement(StrictMode, null, child) : child);
  await act(async () => root.render(wrap(element)));
  return {
    container,
    rerender: (next) => act(async () => root.render(wrap(next))),
    async unmount() {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

/** Runs `action` (if any), then lets pending promise callbacks run, inside `act` so React applies what they set. */
export function settle(action?: () => void): Promise<void> {
  return act(async () => {
    action?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}
