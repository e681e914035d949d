import { INSPECTOR_WS_PATH, type HubMessage } from '../protocol.js';

export interface HubConnectionHandlers {
  onMessage(message: HubMessage): void;
  onStatus(connected: boolean): void;
}

/**
 * The viewer's socket to the hub: reconnects with backoff, and asks the hub
 * for a fresh replay (by reconnecting) rather than trying to patch gaps.
 */
export function connectToHub(url: string, handlers: HubConnectionHandlers): void {
  let attempt = 0;
  const open = (): void => {
    const socket = new WebSocket(url);
    socket.onopen = () => {
      attempt = 0;
      handlers.onStatus(true);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      try {
        handlers.onMessage(JSON.parse(event.data) as HubMessage);
      } catch {
        // A malformed frame is skipped; the next snapshot brings the page back in line.
      }
    };
    socket.onclose = () => {
      handlers.onStatus(false);
      const delay = Math.min(10_000, 500 * 2 ** attempt);
      attempt += 1;
      setTimeout(open, delay);
    };
  };
  open();
}

/** The hub URL for this page: `?hub=ws://…` if given, else `/inspector/ws` on the page's own host. */
export function viewerUrl(location: Location): string {
  const override = new URLSearchParams(location.search).get('hub');
  const url = new URL(override ?? INSPECTOR_WS_PATH, location.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  url.searchParams.set('role', 'viewer');
  return url.toString();
}
