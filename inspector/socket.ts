/**
 * The least a WebSocket must offer the adapter: the browser's `WebSocket`,
 * Node's `ws` and `mock-socket` all fit.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

export interface ReconnectOptions {
  /** First delay before reconnecting after a close. @default 500 */
  initialDelayMs?: number;
  /** The delay doubles per failed attempt up to this. @default 10000 */
  maxDelayMs?: number;
}

export interface QueuedSocketOptions extends ReconnectOptions {
  url: string;
  WebSocket: WebSocketConstructorLike;
  /** Messages kept while not connected; the oldest go first. */
  maxQueue: number;
  /**
   * Called on every (re)connect. `before` is sent ahead of the queued messages,
   * `after` behind them; `dropped` counts messages lost to the queue bound.
   */
  onOpen(dropped: number): { before: string[]; after: string[] };
}

export interface QueuedSocket {
  send(data: string): void;
  close(): void;
  readonly connected: boolean;
}

const OPEN = 1;

/**
 * A WebSocket that queues while it is not open and reconnects with
 * exponential backoff until `close()`.
 */
export function createQueuedSocket(options: QueuedSocketOptions): QueuedSocket {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  let queue: string[] = [];
  let dropped = 0;
  let socket: WebSocketLike | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const isOpen = (): boolean => socket !== undefined && socket.readyState === OPEN;

  const enqueue = (data: string): void => {
    queue.push(data);
    if (queue.length > options.maxQueue) {
      queue.shift();
      dropped += 1;
    }
  };

  const transmit = (current: WebSocketLike, data: string): boolean => {
    try {
      current.send(data);
      return true;
    } catch {
      return false;
    }
  };

  const flush = (current: WebSocketLike): void => {
    const { before, after } = options.onOpen(dropped);
    dropped = 0;
    const pending = [...before, ...queue, ...after];
    queue = [];
    for (let index = 0; index < pending.length; index += 1) {
      if (!transmit(current, pending[index]!)) {
        for (const rest of pending.slice(index)) enqueue(rest);
        return;
      }
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || timer !== undefined) return;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(() => {
      timer = undefined;
      connect();
    }, delay);
    // A forgotten inspector must not keep a Node process alive.
    (timer as { unref?: () => void }).unref?.();
  };

  const connect = (): void => {
    if (closed) return;
    let current: WebSocketLike;
    try {
      current = new options.WebSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      attempt = 0;
      flush(current);
    };
    current.onerror = () => {};
    current.onclose = () => {
      if (socket !== current) return;
      socket = undefined;
      scheduleReconnect();
    };
  };

  connect();

  return {
    send(data) {
      if (closed) return;
      if (!isOpen() || !transmit(socket!, data)) enqueue(data);
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queue = [];
      const current = socket;
      socket = undefined;
      if (current) {
        try {
          current.close(1000, 'detached');
        } catch {
          // Already closing or never opened: nothing left to release.
        }
      }
    },
    get connected() {
      return isOpen();
    },
  };
}
