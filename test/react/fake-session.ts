/**
 * A stand-in for `createSession` that keeps the contract the React bindings
 * rely on: it opens a "peer" at once, resolves when the test connects it,
 * and on `signal` abort closes the peer and rejects with an AbortError.
 */
import type { ConnectionState, CreateSessionOptions, Session } from '../../src/client/index.js';

export interface FakeBackend {
  /** Everything that happened, in order: `getSessionId`, `create <id>`, `stop <id>`, `abort <id>`. */
  log: string[];
  /** Session ids whose peer is open. */
  openPeers: Set<string>;
  /** createSession calls not yet settled, by session id. */
  pending: Map<string, { options: CreateSessionOptions; connect(): void; fail(error: Error): void }>;
  sessions: FakeSession[];
  createSession(options: CreateSessionOptions): Promise<Session>;
  /** A `getSessionId` that answers s1, s2, … at once. */
  getSessionId(signal: AbortSignal): Promise<string>;
}

export class FakeSession {
  readonly videos: Array<HTMLVideoElement | null> = [];
  private state: ConnectionState = 'connected';
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly closeListeners = new Set<(manual: boolean) => void>();
  private closedAs: boolean | null = null;
  readonly actor = {
    getSnapshot: () => ({ status: this.closedAs === null ? 'active' : 'done', output: { reason: this.closedAs ? 'manual' : 'link-lost' }, context: { outcome: null } }),
  };

  constructor(
    readonly id: string,
    private readonly backend: FakeBackend,
  ) {}

  getSessionId(): string {
    return this.id;
  }

  getConnectionState(): ConnectionState {
    return this.state;
  }

  subscribeConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onClose(listener: (manual: boolean) => void): () => void {
    if (this.closedAs !== null) {
      const manual = this.closedAs;
      queueMicrotask(() => listener(manual));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  setSrc(video: HTMLVideoElement | null): void {
    this.videos.push(video);
  }

  stopSession(): void {
    if (this.closedAs !== null) return;
    this.backend.log.push(`stop ${this.id}`);
    this.close(true);
  }

  /** The test's hand on the link. */
  setConnectionState(state: ConnectionState): void {
    this.state = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }

  lose(): void {
    this.close(false);
  }

  private close(manual: boolean): void {
    this.closedAs = manual;
    this.backend.openPeers.delete(this.id);
    this.setConnectionState('closed');
    for (const listener of [...this.closeListeners]) listener(manual);
  }
}

export function fakeBackend(): FakeBackend {
  let issued = 0;
  const backend: FakeBackend = {
    log: [],
    openPeers: new Set(),
    pending: new Map(),
    sessions: [],
    async getSessionId() {
      backend.log.push('getSessionId');
      return `s${++issued}`;
    },
    createSession(options) {
      const id = options.sessionId;
      backend.log.push(`create ${id}`);
      backend.openPeers.add(id);
      return new Promise<Session>((resolve, reject) => {
        const settle = (): void => {
          backend.pending.delete(id);
          options.signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = (): void => {
          settle();
          backend.log.push(`abort ${id}`);
          backend.openPeers.delete(id);
          reject(new DOMException('createSession() was aborted', 'AbortError'));
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        backend.pending.set(id, {
          options,
          connect() {
            settle();
            const session = new FakeSession(id, backend);
            backend.sessions.push(session);
            resolve(session as unknown as Session);
          },
          fail(error) {
            settle();
            backend.openPeers.delete(id);
            reject(error);
          },
        });
      });
    },
  };
  return backend;
}
