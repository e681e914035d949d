import { assertEvent } from 'xstate';
import { sessionSetup } from './session.setup.js';

export const llmRegion = sessionSetup.createStateConfig({
  initial: 'idle',
  states: {
    idle: {
      on: { 'LLM.REQUEST': { target: 'active', actions: ['startTurn', 'logUserMessage'] } },
    },
    active: {
      invoke: {
        src: 'llmTurn',
        input: ({ event, self }) => {
          assertEvent(event, 'LLM.REQUEST');
          return { turnId: event.turnId, message: event.message, session: self };
        },
        onDone: { target: 'idle', actions: ['commitDraft', 'endTurn'] },
        onError: {
          target: 'idle',
          actions: ['commitDraft', 'endTurn', { type: 'reportError', params: ({ event }) => ({ error: event.error }) }],
        },
      },
      on: {
        'LLM.DRAFT': { actions: 'storeDraft' },
        'LLM.MESSAGE': { actions: 'logAssistantMessage' },
        CLEAR_BUFFER: { target: 'idle', actions: ['commitDraft', 'endTurn'] },
        'LLM.CANCEL': { guard: 'isCurrentTurn', target: 'idle', actions: ['commitDraft', 'endTurn'] },
      },
      initial: 'streaming',
      states: {
        streaming: {
          on: { 'LLM.PHASE': { guard: { type: 'phaseIs', params: { phase: 'runningTools' } }, target: 'runningTools' } },
        },
        runningTools: {
          on: { 'LLM.PHASE': { guard: { type: 'phaseIs', params: { phase: 'streaming' } }, target: 'streaming' } },
        },
      },
    },
  },
});
