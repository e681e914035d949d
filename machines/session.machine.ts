import { avatarRegion } from './avatar.region.js';
import { inputRegion } from './input.region.js';
import { linkRegion } from './link.region.js';
import { listeningRegion } from './listening.region.js';
import { llmRegion } from './llm.region.js';
import { requestsRegion } from './requests.region.js';
import { sessionSetup } from './session.setup.js';
import { ttsRegion } from './tts.region.js';

export const sessionMachine = sessionSetup.createMachine({
  id: 'session',
  context: ({ input }) => ({
    input,
    voiceChat: input.voiceChat ?? false,
    outcome: null,
    pendingSpeech: 0,
    speakingUntil: null,
    llmTurn: null,
    turnCount: 0,
    history: [],
    chatLog: [],
    ttsRequests: [],
    sttRequestId: null,
    sttLanguage: undefined,
    recordingTimeoutMs: null,
    lastRecordedAudioFile: null,
    listening: null,
    connectionQuality: null,
    requests: { uploads: [], transcriptions: [], sessionLogs: [] },
    remoteStream: null,
  }),
  initial: 'active',
  output: ({ context }) => context.outcome ?? { reason: 'manual' },
  states: {
    active: {
      type: 'parallel',
      invoke: {
        id: 'connection',
        src: 'connection',
        input: ({ context }) => ({
          width: context.input.width,
          height: context.input.height,
          reconnectPolicy: context.input.reconnectPolicy,
        }),
        onDone: {
          target: 'closed',
          actions: [{ type: 'recordClose', params: ({ event }) => event.output }, 'reportCloseError'],
        },
      },
      on: {
        'SESSION.STOP': { target: 'closed', actions: [{ type: 'recordClose', params: { reason: 'manual' } }, 'announceSessionEnd'] },
      },
      states: {
        link: linkRegion,
        input: inputRegion,
        llm: llmRegion,
        tts: ttsRegion,
        avatar: avatarRegion,
        listening: listeningRegion,
        requests: requestsRegion,
      },
    },
    closed: { type: 'final' },
  },
});

export type SessionMachine = typeof sessionMachine;
