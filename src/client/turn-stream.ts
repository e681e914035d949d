import type { Actor, AnyActorLogic, Subscription } from 'xstate';
import type { SessionEmitted } from '../../machines/session.types.js';
import { AbortError } from '../errors.js';
import type { LLMChunk } from '../llm/types.js';

type TurnEnded = Extract<SessionEmitted, { type: 'llm.end' }> | { type: 'closed' };

/** The session actor as far as following a turn goes: its emitted turn events and its status. */
type TurnSource = Pick<Actor<AnyActorLogic>, 'on' | 'subscribe' | 'getSnapshot' | 'send'>;

/** Following one turn: the feed its actor hands chunks to (the request's `onChunk`), and the chunks as a stream. */
export interface TurnFollower {
  push: (chunk: LLMChunk) => void;
  chunks: AsyncGenerator<LLMChunk, void, undefined>;
}

/**
 * The chunks of turn `turnId`, as its actor hands them to `push`, until the
 * chart's `llm.end` for it: listening starts at once, so call this before
 * sending the turn's `LLM.REQUEST` (with `onChunk: push`). The stream ends
 * quietly when the turn was cancelled or the session closed, throws
 * `AbortError` as soon as `signal` aborts (no chunk after that), and throws a
 * turn's failure. A consumer that stops early (`break`, `return()`) cancels
 * the turn.
 */
export function followTurn(actor: TurnSource, turnId: string, signal?: AbortSignal): TurnFollower {
  const arrived: LLMChunk[] = [];
  let ended: TurnEnded | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const push = (chunk: LLMChunk): void => {
    arrived.push(chunk);
    notify();
  };
  const subscriptions: Subscription[] = [
    actor.on('llm.end', (event: Extract<SessionEmitted, { type: 'llm.end' }>) => {
      if (event.turnId !== turnId) return;
      ended = event;
      notify();
    }),
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status === 'active') return;
        ended ??= { type: 'closed' };
        notify();
      },
      error: () => {
        ended ??= { type: 'closed' };
        notify();
      },
    }),
  ];
  signal?.addEventListener('abort', notify);

  async function* chunks(): AsyncGenerator<LLMChunk, void, undefined> {
    let settled = false;
    try {
      for (;;) {
        if (signal?.aborted) {
          settled = true;
          throw new AbortError('The LLM turn was aborted', { cause: signal.reason });
        }
        const next = arrived.shift();
        if (next) {
          yield next;
          continue;
        }
        const end = ended as TurnEnded | null;
        if (end) {
          settled = true;
          if (end.type === 'llm.end' && end.reason === 'failed') throw end.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
      signal?.removeEventListener('abort', notify);
      if (!settled && ended === null && actor.getSnapshot().status === 'active') actor.send({ type: 'LLM.CANCEL', turnId });
    }
  }
  return { push, chunks: chunks() };
}
