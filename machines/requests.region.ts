import { sessionSetup } from './session.setup.js';

const queued = (queue: 'uploads' | 'transcriptions' | 'sessionLogs') => ({ type: 'hasQueued', params: { queue } }) as const;

/**
 * Requests answered with `reply.*`, each kind worked through one at a time,
 * oldest first: `processSTF` uploads (which wait for a link that is
 * reconnecting, up to `linkWaitTimeoutMs`, then are spoken), `transcribeAudio`
 * transcriptions, and `logSessionEvent` events. Each actor is invoked with its
 * queue's name as id, which `answerRequest` reads back from its done/error event.
 */
export const requestsRegion = sessionSetup.createStateConfig({
  type: 'parallel',
  on: {
    'UPLOAD.REQUEST': { actions: 'queueRequest' },
    'TRANSCRIBE.REQUEST': { actions: 'queueRequest' },
    'SESSION_LOG.REQUEST': { actions: 'queueRequest' },
  },
  states: {
    upload: {
      initial: 'idle',
      states: {
        idle: { always: { guard: queued('uploads'), target: 'waitingForLink' } },
        waitingForLink: {
          always: { guard: 'linkIsUp', target: 'uploading' },
          after: { linkWaitTimeoutMs: { target: 'idle', actions: 'failUploadNoLink' } },
        },
        uploading: {
          invoke: {
            id: 'uploads',
            src: 'uploadFile',
            input: ({ context }) => ({ file: context.requests.uploads[0]!.file }),
            onDone: { target: 'idle', actions: 'answerRequest' },
            onError: { target: 'idle', actions: 'answerRequest' },
          },
        },
      },
    },
    transcription: {
      initial: 'idle',
      states: {
        idle: { always: { guard: queued('transcriptions'), target: 'transcribing' } },
        transcribing: {
          invoke: {
            id: 'transcriptions',
            src: 'transcribe',
            input: ({ context }) => {
              const { file, language } = context.requests.transcriptions[0]!;
              return language === undefined ? { file } : { file, language };
            },
            onDone: { target: 'idle', actions: 'answerRequest' },
            onError: { target: 'idle', actions: 'answerRequest' },
          },
        },
      },
    },
    sessionLog: {
      initial: 'idle',
      states: {
        idle: { always: { guard: queued('sessionLogs'), target: 'sending' } },
        sending: {
          invoke: {
            id: 'sessionLogs',
            src: 'logSessionEvent',
            input: ({ context }) => {
              const { detail } = context.requests.sessionLogs[0]!;
              return detail === undefined ? {} : { detail };
            },
            onDone: { target: 'idle', actions: 'answerRequest' },
            onError: { target: 'idle', actions: 'answerRequest' },
          },
        },
      },
    },
  },
});
