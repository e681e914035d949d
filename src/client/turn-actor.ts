import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import type { LlmTurnInput, TurnEvent } from '../../machines/session.types.js';
import { toolsByName } from '../llm/tool-runner.js';
import { runLlmTurn } from '../llm/turn-runner.js';
import type { ChatMessage } from '../llm/types.js';
import type { LlmTurnRun, OpenLlmStream } from '../llm/turn-runner.js';
import { TurnSpeech } from './turn-speech.js';

/**
 * The chart's `llmTurn` actor: runs one turn with the shared turn runner and
 * reports it as `TurnEvent`s tagged with its turn id. It owns nothing the
 * chart needs afterwards (history commits go back as `LLM.COMMIT`); stopping
 * it (cancel, clear-buffer, session end) aborts the stream and silences it.
 */
export function createTurnActor(openStream: OpenLlmStream, toolTimeoutMs: number) {
  return fromCallback<EventObject, LlmTurnInput>(({ input, sendBack }) => {
    const { turnId, signal } = input;
    let live = true;
    const tell = (event: TurnEvent): void => {
      if (live) sendBack(event);
    };
    const controller = new AbortController();
    const onCallerAbort = (): void => tell({ type: 'LLM.ABORT', turnId });
    if (signal?.aborted) onCallerAbort();
    else signal?.addEventListener('abort', onCallerAbort, { once: true });

    void runTurn(input, { openStream, toolTimeoutMs, signal: controller.signal }, tell);

    return () => {
      live = false;
      signal?.removeEventListener('abort', onCallerAbort);
      controller.abort();
    };
  });
}

async function runTurn(
  input: LlmTurnInput,
  io: Pick<LlmTurnRun, 'openStream' | 'toolTimeoutMs' | 'signal'>,
  tell: (event: TurnEvent) => void,
): Promise<void> {
  const { turnId } = input;
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
    };
    for await (const chunk of runLlmTurn(run)) {
      if (chunk.type === 'tool_call' && !runningTools) {
        runningTools = true;
        tell({ type: 'LLM.PHASE', turnId, phase: 'runningTools' });
      } else if (chunk.type === 'message' && runningTools) {
        runningTools = false;
        tell({ type: 'LLM.PHASE', turnId, phase: 'streaming' });
      }
      if (chunk.type === 'message' && chunk.finish) {
        tell({ type: 'LLM.MESSAGE', turnId, text: chunk.message });
        speech?.finish(chunk.message);
      } else if (chunk.type === 'message') {
        speech?.shown(chunk.message);
      } else if (chunk.type === 'error') {
        tell({ type: 'LLM.ERROR', turnId, error: chunk.error });
      }
      tell({ type: 'LLM.CHUNK', turnId, chunk });
    }
    tell({ type: 'LLM.DONE', turnId });
  } catch (error) {
    // Once stopped (the only source of an abort here) the actor is silent, so only real failures get through.
    tell({ type: 'LLM.FAILED', turnId, error });
  }
}
