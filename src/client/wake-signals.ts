import { fromCallback } from 'xstate';
import type { ConnectionEvent } from '../../machines/connection.types.js';

/** A `document`-like target: fires `visibilitychange` and says whether the page is visible. */
export interface VisibilityTarget extends EventTarget {
  readonly visibilityState: string;
}

/**
 * Where the session hears that the page is back: `document` for
 * `visibilitychange`, `window` for `online`. Each defaults to the page's own
 * (absent in Node, where a test passes `EventTarget`s); `false` turns the
 * early link check off.
 */
export interface PageEvents {
  document?: VisibilityTarget | null;
  window?: EventTarget | null;
}

const globals = globalThis as { document?: VisibilityTarget; addEventListener?: unknown };

/**
 * The connection machine's `wakeSignals`: sends `LINK.CHECK` when the page
 * becomes visible again or the browser reports `online`, so a link that
 * died while the page slept is found at once rather than after `linkDeadMs`.
 */
export function createWakeSignals(events: PageEvents | false = {}) {
  return fromCallback<ConnectionEvent>(({ sendBack }) => {
    if (events === false) return undefined;
    const page = events.document === undefined ? (globals.document ?? null) : events.document;
    const window = events.window === undefined ? (typeof globals.addEventListener === 'function' ? (globalThis as unknown as EventTarget) : null) : events.window;
    const onVisibility = (): void => {
      if (page?.visibilityState === 'visible') sendBack({ type: 'LINK.CHECK', reason: 'visible' });
    };
    const onOnline = (): void => sendBack({ type: 'LINK.CHECK', reason: 'online' });
    page?.addEventListener('visibilitychange', onVisibility);
    window?.addEventListener('online', onOnline);
    return () => {
      page?.removeEventListener('visibilitychange', onVisibility);
      window?.removeEventListener('online', onOnline);
    };
  });
}
