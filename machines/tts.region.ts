import { sessionSetup } from './session.setup.js';

/** `processTTS` calls in flight; each runs in its own `synthesize` child, named by its request id. */
export const ttsRegion = sessionSetup.createStateConfig({
  initial: 'idle',
  exit: 'stopSyntheses',
  on: {
    'TTS.REQUEST': { target: '.synthesizing', actions: ['trackSynthesis', 'spawnSynthesis'] },
  },
  states: {
    idle: {},
    synthesizing: {
      always: { guard: 'noSynthesisPending', target: 'idle' },
      on: {
        'TTS.SETTLED': { actions: ['releaseSynthesis', 'forgetSynthesis', 'replySynthesis'] },
        'TTS.FAILED': { actions: ['releaseSynthesis', 'forgetSynthesis', 'replySynthesis'] },
        CLEAR_BUFFER: { target: 'idle', actions: 'dropSyntheses' },
      },
    },
  },
});
