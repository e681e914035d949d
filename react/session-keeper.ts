/**
 * The life of the one session a `usePersoSession` owns, without React: who
 * holds it, when it opens, when it stops. React's StrictMode runs an effect,
 * its cleanup and the effect again in one go; the keeper lets go of a session
 * a microtask after its holder does, so a hold on the same key in between
 * keeps the session instead of opening a second one.
 */
import type { ConnectionState, Session } from '../src/client/index.js';

export type PersoSessionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'error';

export interface PersoSessionState {
  /** The connected session; null while connecting and after a failed start. It stays set once closed. */
  session: Session | null;
  status: PersoSessionStatus;
  /** Why the start failed or the session was lost; null otherwise. */
  error: Error | null;
}

/** Opens one session; aborting `signal` must abandon it (`createSession`'s `signal` does). */
export type OpenSession = (signal: AbortSignal) => Promise<Session>;

const IDLE: PersoSessionState = { session: null, status: 'idle', error: null };

/** One attempt: opening a session for a key, then living with it until it is let go of. */
interface Generation {
  readonly key: unknown;
  readonly controller: AbortController;
  session: Session | null;
  /** Settles once the attempt has settled and its session (if any) has closed. */
  finished: Promise<void>;
}

interface PendingRelease {
  key: unknown;
  cancelled: boolean;
}

export class SessionKeeper {
  private state: PersoSessionState = IDLE;
  private readonly listeners = new Set<() => void>();
  private current: Generation | null = null;
  private pendingRelease: PendingRelease | null = null;
  /** The previous generation's end: the next one opens only after it. */
  private previousFinished: Promise<void> = Promise.resolve();

  constructor(private readonly open: OpenSession) {}

  readonly getState = (): PersoSessionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Holds a session for `key` (opening it unless the one just let go of has
   * the same key); the returned function lets go of it.
   */
  hold(key: unknown): () => void {
    const pending = this.pendingRelease;
    if (pending && this.current && Object.is(pending.key, key) && Object.is(this.current.key, key)) {
      pending.cancelled = true;
      this.pendingRelease = null;
    } else {
      this.releaseNow();
      this.begin(key);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const release: PendingRelease = { key, cancelled: false };
      this.pendingRelease = release;
      queueMicrotask(() => {
        if (release.cancelled) return;
        this.releaseNow();
      });
    };
  }

  /** Ends the held generation now: aborts its start or stops its session. */
  private releaseNow(): void {
    if (this.pendingRelease) this.pendingRelease.cancelled = true;
    this.pendingRelease = null;
    const generation = this.current;
    if (!generation) return;
    this.current = null;
    generation.controller.abort();
    generation.session?.stopSession();
    this.previousFinished = generation.finished;
    this.setState(IDLE);
  }

  private begin(key: unknown): void {
    const controller = new AbortController();
    const generation: Generation = { key, controller, session: null, finished: Promise.resolve() };
    this.current = generation;
    this.setState({ session: null, status: 'connecting', error: null });
    const opened = this.previousFinished
      .then(() => {
        controller.signal.throwIfAborted();
        return this.open(controller.signal);
      })
      .then(
        (session) => {
          generation.session = session;
          // A start that ignored the abort still must not outlive its holder.
          if (controller.signal.aborted) session.stopSession();
          else this.follow(generation, session);
          return session;
        },
        (error: unknown) => {
          if (!controller.signal.aborted && this.current === generation) {
            this.setState({ session: null, status: 'error', error: toError(error) });
          }
          return null;
        },
      );
    generation.finished = opened.then((session) => (session ? closed(session) : undefined));
  }

  /** Mirrors the session's connection into the state until it closes. */
  private follow(generation: Generation, session: Session): void {
    const isCurrent = (): boolean => this.current === generation;
    const show = (connection: ConnectionState): void => {
      if (!isCurrent() || connection === 'closed') return;
      this.setState({ session, status: connection, error: null });
    };
    const unsubscribe = session.subscribeConnectionState(show);
    show(session.getConnectionState());
    session.onClose((manualClosed) => {
      unsubscribe();
      if (!isCurrent()) return;
      this.setState({ session, status: manualClosed ? 'closed' : 'error', error: manualClosed ? null : lostError(session) });
    });
  }

  private setState(state: PersoSessionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}

function closed(session: Session): Promise<void> {
  return new Promise((resolve) => session.onClose(() => resolve()));
}

/** The error a session that closed by itself ended with, or one naming its close reason. */
function lostError(session: Session): Error {
  const snapshot = session.actor.getSnapshot();
  const outcome = (snapshot.status === 'done' ? snapshot.output : snapshot.context.outcome) ?? null;
  if (outcome?.error instanceof Error) return outcome.error;
  return new Error(`The session closed (${outcome?.reason ?? 'unknown reason'})`, { cause: outcome?.error });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
