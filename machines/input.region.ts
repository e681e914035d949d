import { sessionSetup } from './session.setup.js';

/**
 * Speech input. `capturing` records the microphone locally (WAV) and
 * `transcribing` sends it to `/stt/`; `uplink` is the legacy voice-chat path,
 * where the server records the sent audio track. A hands-free `listening`
 * state (voice activity detection) will sit beside `capturing`.
 */
export const inputRegion = sessionSetup.createStateConfig({
  id: 'input',
  initial: 'idle',
  states: {
    idle: {
      on: {
        'STT.START': [
          { guard: 'isListening', actions: 'refuseRecording' },
          { guard: 'usesUplinkAudio', target: '#input.uplink', actions: 'storeSttStart' },
          { target: '#input.capturing', actions: 'storeSttStart' },
        ],
      },
    },
    capturing: {
      invoke: { id: 'recorder', src: 'recorder' },
      on: {
        'RECORDER.FAILED': {
          target: 'idle',
          actions: [{ type: 'replySttFailed', params: ({ event }) => ({ error: event.error }) }, 'clearSttRequest'],
        },
      },
      initial: 'starting',
      states: {
        starting: {
          on: { 'RECORDER.STARTED': { target: 'recording', actions: [{ type: 'replySttDone', params: {} }, 'clearSttRequest'] } },
        },
        recording: {
          after: { recordingTimeoutMs: 'finishing' },
          on: { 'STT.STOP': { target: 'finishing', actions: 'storeSttStop' } },
        },
        finishing: {
          entry: 'stopRecorder',
          on: {
            'STT.STOP': { actions: 'storeSttStop' },
            'RECORDER.STOPPED': [
              { guard: 'awaitsTranscript', target: '#input.transcribing', actions: 'storeRecordedFile' },
              { target: '#input.recorded', actions: 'storeRecordedFile' },
            ],
          },
        },
      },
    },
    recorded: {
      on: {
        'STT.START': [
        { guard: 'isListening', actions: 'refuseRecording' },
        { guard: 'usesUplinkAudio', target: '#input.uplink', actions: 'storeSttStart' },
        { target: '#input.capturing', actions: 'storeSttStart' },
      ],
        'STT.STOP': { target: 'transcribing', actions: 'storeSttStop' },
      },
    },
    transcribing: {
      invoke: {
        src: 'transcribe',
        input: ({ context }) => ({ file: context.lastRecordedAudioFile as File, language: context.sttLanguage }),
        onDone: { target: 'idle', actions: [{ type: 'replySttDone', params: ({ event }) => ({ text: event.output }) }, 'clearSttRequest'] },
        onError: {
          target: 'idle',
          actions: [{ type: 'replySttFailed', params: ({ event }) => ({ error: event.error }) }, 'clearSttRequest'],
        },
      },
    },
    uplink: {
      entry: ['sendRecordStart', { type: 'replySttDone', params: {} }, 'clearSttRequest'],
      initial: 'recording',
      states: {
        recording: {
          after: { recordingTimeoutMs: 'transcribing' },
          on: { 'STT.STOP': { target: 'transcribing', actions: 'storeSttStop' } },
        },
        transcribing: {
          entry: 'sendRecordEnd',
          after: {
            uplinkSttTimeoutMs: {
              target: '#input.idle',
              actions: [{ type: 'replySttFailed', params: () => ({ error: new Error('The server sent no transcript in time') }) }, 'clearSttRequest'],
            },
          },
          on: {
            'SERVER.MESSAGE': [
              {
                guard: { type: 'serverSent', params: { type: 'stt' } },
                target: '#input.idle',
                actions: [
                  { type: 'replySttDone', params: ({ event }) => ({ text: event.type === 'SERVER.MESSAGE' && event.message.type === 'stt' ? event.message.data.text : '' }) },
                  'clearSttRequest',
                ],
              },
              {
                guard: { type: 'serverSent', params: { type: 'stt-error' } },
                target: '#input.idle',
                actions: [
                  {
                    type: 'replySttFailed',
                    params: ({ event }) => ({
                      error: new Error(`The server could not transcribe the recording (${event.type === 'SERVER.MESSAGE' && event.message.type === 'stt-error' ? event.message.data.code : 'unknown'})`),
                    }),
                  },
                  'clearSttRequest',
                ],
              },
            ],
          },
        },
      },
    },
  },
});
