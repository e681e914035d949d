import type { SessionEmitted } from '../../machines/session.types.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Requests the facade sent to the session actor, answered by its `reply.*` emitted events. */
export class Replies {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  nextId(kind: string): string {
    this.counter += 1;
    return `${kind}-${this.counter}`;
  }

  wait<T>(requestId: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  settle(event: Extract<SessionEmitted, { type: 'reply.done' | 'reply.failed' }>): void {
    const pending = this.pending.get(event.requestId);
    if (!pending) return;
    this.pending.delete(event.requestId);
    if (event.type === 'reply.done') pending.resolve(event.value);
    else pending.reject(event.error);
  }

  rejectAll(error: (requestId: string) => unknown): void {
    for (const [requestId, pending] of this.pending) pending.reject(error(requestId));
    this.pending.clear();
  }
}
