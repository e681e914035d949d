import { and } from 'xstate';
import { sessionSetup } from './session.setup.js';

const isStf = { type: 'serverSent', params: { type: 'stf' } } as const;

export const avatarRegion = sessionSetup.createStateConfig({
  type: 'parallel',
  on: {
    CLEAR_BUFFER: { target: ['.requests.idle', '.playback.silent'], actions: 'forgetSpeech' },
  },
  states: {
    requests: {
      initial: 'idle',
      states: {
        idle: {
          on: { 'SPEECH.REQUEST': { target: 'analyzing', actions: 'countSpeechRequest' } },
        },
        analyzing: {
          after: {
            speechStartTimeoutMs: {
              target: 'idle',
              actions: ['forgetPendingSpeech', { type: 'reportError', params: () => ({ error: new Error('The avatar did not start the requested speech in time') }) }],
            },
          },
          on: {
            'SPEECH.REQUEST': { target: 'analyzing', reenter: true, actions: 'countSpeechRequest' },
            'SERVER.MESSAGE': [
              { guard: and([isStf, 'isLastPendingSpeech']), target: 'idle', actions: 'settleSpeechRequest' },
              { guard: isStf, target: 'analyzing', reenter: true, actions: 'settleSpeechRequest' },
            ],
          },
        },
      },
    },
    playback: {
      initial: 'silent',
      states: {
        silent: {
          on: { 'SERVER.MESSAGE': { guard: and([isStf, 'hasPendingSpeech']), target: 'speaking', actions: 'startSpeaking' } },
        },
        speaking: {
          after: { speakingDeadlineMs: { target: 'silent', actions: 'stopSpeaking' } },
          on: { 'SERVER.MESSAGE': { guard: isStf, target: 'speaking', reenter: true, actions: 'extendSpeaking' } },
        },
      },
    },
  },
});
