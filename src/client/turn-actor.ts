import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import type { LlmTurnInput, TurnEvent } from '../../machines/session.types.js';
import { toolActivityObserver } from '../llm/tool-activity.js';
import { toolsByName } from '../llm/tool-runner.js';
import { runLlmTurn } from '../llm/turn-runner.js';
import type { ChatMessage, LLMChunk } from '../llm/types.js';
import type { LlmTurnRun, OpenLlmStream } from '../llm/turn-runner.js';
import { TurnSpeech } from './turn-speech.js';

/** The actor's side of one turn: what it may still say, and whether the turn is over. */
interface TurnLine {
  /** Until the chart stops the actor. */
  live: boolean;
  /** The turn ran to its end: stopping the actor then has nothing to cancel. */
  settled: boolean;
}

/** Sees every chunk of a live turn as the turn actor gets it (turn timelines: the first `message`); never the chart's business. */
export type TurnWatcher = (turnId: string, chunk: LLMChunk) => void;

/**
 * The chart's `llmTurn` actor: runs one turn with the shared turn runner and
 * reports it as `TurnEvent`s tagged with its turn id: phase changes, history
 * commits, finished messages, speech, the end. A network read costs the chart
 * nothing: the chunks go straight to the requester's `onChunk` and the text
 * shown so far to the turn's `draft`. It owns nothing the chart needs
 * afterwards; stopping it before the turn ended (cancel, clear-buffer,
 * session end) aborts the stream and silences it.
 */
export function createTurnActor(openStream: OpenLlmStream, toolTimeoutMs: number, watch?: TurnWatcher) {
  return fromCallback<EventObject, LlmTurnInput>(({ input, sendBack }) => {
    const { turnId, signal } = input;
    const line: TurnLine = { live: true, settled: false };
    const tell = (event: TurnEvent): void => {
      if (line.live) sendBack(event);
    };
    const controller = new AbortController();
    const onCallerAbort = (): void => tell({ type: 'LLM.ABORT', turnId });
    if (signal?.aborted) onCallerAbort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });

    void runTurn(input, { openStream, toolTimeoutMs, signal: controller.signal }, line, tell, watch);

    return () => {
      line.live = false;
      signal?.removeEventListener('abort', onCallerAbort);
      if (!line.settled) controller.abort();
    };
  });
}

async function runTurn(
  input: LlmTurnInput,
  io: Pick<LlmTurnRun, 'openStream' | 'toolTimeoutMs' | 'signal'>,
  line: TurnLine,
  tell: (event: TurnEvent) => void,
  watch?: TurnWatcher,
): Promise<void> {
  const { turnId, draft, onChunk } = input;
  const deliver = (chunk: LLMChunk): void => {
    if (!line.live) return;
    watch?.(turnId, chunk);
    onChunk?.(chunk);
  };
  let runningTools = false;
  // Each speakable unit is spoken as soon as the stream completes it; the chat log gets the whole message.
  const speech = input.speak ? new TurnSpeech((text) => tell({ type: 'LLM.SPEECH', turnId, text })) : null;
  try {
    const run = {
      conversation: input.history,
      tools: toolsByName(input.tools),
      ...io,
      commit: (entry: ChatMessage) => tell({ type: 'LLM.COMMIT', turnId, entry }),
      rollBack: () => tell({ type: 'LLM.ROLLBACK', turnId }),
      toolObserver: toolActivityObserver((activity) => tell({ type: 'LLM.TOOL', turnId, activity })),
    };
    for await (const chunk of runLlmTurn(run)) {
      if (chunk.type === 'message') {
        if (runningTools) {
          runningTools = false;
          tell({ type: 'LLM.PHASE', turnId, phase: 'streaming' });
        }
        if (chunk.finish) {
          draft.text = '';
          tell({ type: 'LLM.MESSAGE', turnId, text: chunk.message });
        } else {
          draft.text = chunk.message;
        }
        speech?.message(chunk);
      } else if (chunk.type === 'tool_call' && !runningTools) {
        runningTools = true;
        tell({ type: 'LLM.PHASE', turnId, phase: 'runningTools' });
      } else if (chunk.type === 'error') {
        tell({ type: 'LLM.ERROR', turnId, error: chunk.error });
      }
      deliver(chunk);
    }
    line.settled = true;
    tell({ type: 'LLM.DONE', turnId });
  } catch (error) {
    // Once stopped (the only source of an abort here) the actor is silent, so only real failures get through.
    line.settled = true;
    tell({ type: 'LLM.FAILED', turnId, error });
  }
}
