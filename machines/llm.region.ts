import { and } from 'xstate';
import { sessionSetup } from './session.setup.js';

const current = 'isCurrentTurn' as const;
const ended = (reason: 'done' | 'cancelled' | 'aborted' | 'failed') => ({ type: 'endTurn', params: { reason } }) as const;

/**
 * LLM turns, one at a time. `LLM.REQUEST` carries everything a turn needs;
 * the `llmTurn` actor runs it and reports `TurnEvent`s tagged with its turn
 * id (events of any other turn are ignored): phase changes, history
 * commits, finished messages, speech, the end — never one per network read.
 * The chunks themselves go straight from the actor to the requester's
 * `onChunk`, and the text shown so far to the turn's `draft`. The chart keeps
 * the history and the chat log (also of the app's `processTTSTF` lines), asks
 * the avatar to speak, and emits `llm.end`
 * for whoever follows the turn.
 */
export const llmRegion = sessionSetup.createStateConfig({
  initial: 'idle',
  on: { 'SPEECH.REQUEST': { actions: 'logSpokenLine' } },
  states: {
    idle: {
      on: { 'LLM.REQUEST': { guard: 'isValidRequest', target: 'active', actions: ['startTurn', 'logUserMessage'] } },
    },
    active: {
      invoke: {
        src: 'llmTurn',
        input: ({ context, event }) => {
          const request = event.type === 'LLM.REQUEST' ? event : null;
          return {
            turnId: context.llmTurn?.turnId ?? '',
            history: context.history,
            tools: request?.tools ?? context.input.clientTools ?? [],
            speak: context.llmTurn?.speak ?? false,
            draft: context.llmTurn?.draft ?? { text: '' },
            ...(request?.signal ? { signal: request.signal } : {}),
            ...(request?.onChunk ? { onChunk: request.onChunk } : {}),
          };
        },
      },
      on: {
        'LLM.COMMIT': { guard: current, actions: 'commitEntry' },
        'LLM.ROLLBACK': { guard: current, actions: 'rollBackHistory' },
        'LLM.MESSAGE': { guard: current, actions: 'logAssistantMessage' },
        'LLM.SPEECH': { guard: current, actions: 'requestTurnSpeech' },
        'LLM.TOOL': { guard: current, actions: 'reportToolActivity' },
        'LLM.ERROR': { guard: current, actions: 'reportTurnError' },
        'LLM.DONE': { guard: current, target: 'idle', actions: ['commitDraft', ended('done')] },
        'LLM.FAILED': { guard: current, target: 'idle', actions: ['commitDraft', 'reportTurnError', ended('failed')] },
        'LLM.ABORT': { guard: current, target: 'idle', actions: ['keepDraftInHistory', 'commitDraft', ended('aborted')] },
        'LLM.CANCEL': { guard: current, target: 'idle', actions: ['keepDraftInHistory', 'commitDraft', ended('cancelled')] },
        CLEAR_BUFFER: { target: 'idle', actions: ['keepDraftInHistory', 'commitDraft', ended('cancelled')] },
      },
      initial: 'streaming',
      states: {
        streaming: {
          on: { 'LLM.PHASE': { guard: and([current, { type: 'phaseIs', params: { phase: 'runningTools' as const } }]), target: 'runningTools' } },
        },
        runningTools: {
          on: { 'LLM.PHASE': { guard: and([current, { type: 'phaseIs', params: { phase: 'streaming' as const } }]), target: 'streaming' } },
        },
      },
    },
  },
});
