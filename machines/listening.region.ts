import { sessionSetup } from './session.setup.js';

/**
 * Hands-free conversation. While `on`, the `voiceListener` actor runs a voice
 * activity detector on the microphone; three parallel parts follow it:
 * - `microphone`: `starting` until the detector is live (then
 *   `startListening()` resolves), `live` after;
 * - `user`: `quiet` ⇄ `speaking`, from the detector's speech start and end;
 *   a speech start while the avatar answers is a barge-in (what
 *   `clearBuffer()` does), unless `bargeIn` is off;
 * - `stt`: each finished utterance is queued, transcribed with the session's
 *   STT endpoint, and, when it has words, starts a spoken LLM turn as soon as
 *   the `llm` region is idle — the chart starts that turn itself.
 * Listening and a `startProcessSTT()` recording exclude each other (one
 * microphone, and every utterance is transcribed already): each start is
 * refused with a `MicrophoneBusyError` while the other runs.
 */
export const listeningRegion = sessionSetup.createStateConfig({
  initial: 'off',
  states: {
    off: {
      on: {
        'LISTEN.START': [
          { guard: 'isRecording', actions: 'refuseListening' },
          { guard: 'isRecordingUplink', actions: 'refuseListening' },
          { target: 'on', actions: 'startListening' },
        ],
      },
    },
    on: {
      type: 'parallel',
      invoke: {
        id: 'voiceListener',
        src: 'voiceListener',
        input: ({ context, self }) => ({ detector: context.listening!.request.detector, session: self, onLevel: context.listening!.request.onLevel }),
      },
      on: {
        'LISTEN.START': { actions: 'replyAlreadyListening' },
        'LISTEN.STOP': { target: 'off', actions: ['replyListeningStopped', 'stopListening'] },
        'VOICE.FAILED': { target: 'off', actions: [{ type: 'replyListeningFailed', params: ({ event }) => ({ error: event.error }) }, 'stopListening'] },
        BARGE_IN: { actions: ['markAnswerInterrupted', 'emitBargeIn'] },
      },
      states: {
        microphone: {
          initial: 'starting',
          states: {
            starting: { on: { 'VOICE.READY': { target: 'live', actions: 'replyListening' } } },
            live: {},
          },
        },
        user: {
          initial: 'quiet',
          states: {
            quiet: {
              on: {
                'VOICE.SPEECH_START': [
                  { guard: 'shouldBargeIn', target: 'speaking', actions: ['emitSpeechStart', 'bargeIn'] },
                  { target: 'speaking', actions: 'emitSpeechStart' },
                ],
              },
            },
            speaking: {
              on: {
                'VOICE.SPEECH_END': { target: 'quiet', actions: ['emitSpeechEnd', 'queueUtterance'] },
                'VOICE.MISFIRE': { target: 'quiet' },
              },
            },
          },
        },
        stt: {
          initial: 'idle',
          states: {
            idle: {
              always: { guard: 'hasQueuedUtterance', target: 'transcribing' },
            },
            transcribing: {
              invoke: {
                src: 'transcribe',
                input: ({ context }) => ({ file: context.listening!.utterances[0]!, language: context.listening!.request.language }),
                onDone: { target: 'answering', actions: { type: 'takeTranscript', params: ({ event }) => ({ text: event.output }) } },
                onError: { target: 'idle', actions: [{ type: 'dropUtterance', params: ({ event }) => ({ error: event.error }) }] },
              },
            },
            answering: {
              always: [
                { guard: 'transcriptHasNoWords', target: 'idle', actions: 'forgetTranscript' },
                { guard: 'llmIsIdle', target: 'idle', actions: ['requestVoiceTurn', 'forgetTranscript'] },
              ],
            },
          },
        },
      },
    },
  },
});
