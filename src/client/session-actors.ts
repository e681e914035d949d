import { fromCallback, fromPromise } from 'xstate';
import type { EventObject } from 'xstate';
import { connectionMachine } from '../../machines/connection.machine.js';
import type { SessionEventInput } from '../../machines/connection.types.js';
import { sessionMachine } from '../../machines/session.machine.js';
import type { RecorderCommand, SessionEvent, SessionLogInput, SynthesisInput, TranscriptionInput, UploadInput } from '../../machines/session.types.js';
import { sessionApi } from '../api/session-endpoints.js';
import { decodeTtsAudio } from '../audio/tts-audio.js';
import { LinkUnavailableError, STTError, TTSDecodeError, TTSError } from '../errors.js';
import { uploadFile } from '../rtc/file-upload.js';
import { createPeerActor } from '../rtc/peer-actor.js';
import type { PeerLink } from '../rtc/peer-link.js';
import { PingRoundTrips } from '../rtc/ping-round-trips.js';
import type { SessionTimeouts, SpeechRecorder } from './options.js';
import { createQualityMonitor } from './quality-monitor.js';
import { announceSessionEnd } from './session-end.js';
import { timedLlmStream } from './timed-llm-stream.js';
import type { LlmStreamStep } from './timed-llm-stream.js';
import { createTurnActor } from './turn-actor.js';
import { voiceListener } from './voice-actor.js';
import { createWakeSignals } from './wake-signals.js';
import type { PageEvents } from './wake-signals.js';

export interface SessionServices {
  apiServer: string;
  sessionId: string;
  createRecorder: () => SpeechRecorder;
  RTCPeerConnection?: typeof RTCPeerConnection;
  localAudioTrack?: () => MediaStreamTrack | null;
  /** Each LLM request going out and its first byte of answer (turn timelines). */
  onLlmStep?: (step: LlmStreamStep) => void;
  /** Each `message` chunk of a turn (turn timelines). */
  onLlmMessage?: (turnId: string) => void;
  /** For client tools without their own `timeoutMs`. */
  toolTimeoutMs: number;
  timeouts: SessionTimeouts;
  /** Where `visibilitychange` and `online` come from; the page's `document` and `window` by default. */
  pageEvents?: PageEvents | false;
}

function definedOnly<T extends Record<string, number | undefined>>(values: T): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Record<string, number>;
}

/** The session chart with every effect it names implemented against the Perso API and WebRTC. */
export function provideSessionMachine(services: SessionServices) {
  const { apiServer, sessionId, timeouts } = services;
  const pings = new PingRoundTrips();
  let currentLink: PeerLink | null = null;

  const connection = connectionMachine.provide({
    actors: {
      fetchSessionInfo: fromPromise(({ signal }) => sessionApi.getSessionInfo(apiServer, sessionId, signal)),
      fetchIceServers: fromPromise(({ signal }) => sessionApi.getIceServers(apiServer, sessionId, signal)),
      peer: createPeerActor({
        RTCPeerConnection: services.RTCPeerConnection,
        exchange: (offer, signal) => sessionApi.exchangeSdp(apiServer, sessionId, offer as { type: 'offer'; sdp: string }, signal),
        localAudioTrack: services.localAudioTrack,
        onLink: (link) => {
          currentLink = link;
        },
        iceGatheringTimeoutMs: timeouts.iceGatheringTimeoutMs,
        pings,
      }),
      qualityMonitor: createQualityMonitor({ link: () => currentLink, pings, intervalMs: timeouts.qualitySampleIntervalMs }),
      wakeSignals: createWakeSignals(services.pageEvents),
      sendSessionEvent: fromPromise<unknown, SessionEventInput>(({ input, signal }) =>
        sessionApi.createSessionEvent(apiServer, sessionId, input.event, undefined, signal),
      ),
    },
    delays: definedOnly({
      pingIntervalMs: timeouts.pingIntervalMs,
      linkDeadMs: timeouts.linkDeadMs,
      linkCheckTimeoutMs: timeouts.linkCheckTimeoutMs,
      connectTimeoutMs: timeouts.connectTimeoutMs,
      heartbeatIntervalMs: timeouts.heartbeatIntervalMs,
    }),
  });

  return sessionMachine.provide({
    actions: { announceSessionEnd: () => announceSessionEnd(apiServer, sessionId) },
    actors: {
      connection,
      llmTurn: createTurnActor(
        timedLlmStream((body, signal) => sessionApi.openLLMStream(apiServer, sessionId, body, signal), (step) => services.onLlmStep?.(step)),
        services.toolTimeoutMs,
        (turnId, chunk) => chunk.type === 'message' && services.onLlmMessage?.(turnId),
      ),
      synthesize: fromCallback<EventObject, SynthesisInput>(({ input, sendBack }) => {
        const controller = new AbortController();
        synthesize(services, input, controller.signal).then(
          (audio) => controller.signal.aborted || sendBack({ type: 'TTS.SETTLED', requestId: input.requestId, audio } satisfies SessionEvent),
          (error: unknown) => controller.signal.aborted || sendBack({ type: 'TTS.FAILED', requestId: input.requestId, error } satisfies SessionEvent),
        );
        return () => controller.abort();
      }),
      recorder: fromCallback<RecorderCommand>(({ sendBack, receive }) => {
        let live = true;
        let stopping = false;
        const tell = (event: SessionEvent): void => {
          if (live) sendBack(event);
        };
        let recorder: SpeechRecorder;
        try {
          recorder = services.createRecorder();
        } catch (error) {
          tell({ type: 'RECORDER.FAILED', error: new STTError('Could not create the recorder', error) });
          return () => void (live = false);
        }
        recorder.start().then(
          () => tell({ type: 'RECORDER.STARTED' }),
          (error: unknown) => tell({ type: 'RECORDER.FAILED', error: new STTError('Could not start recording from the microphone', error) }),
        );
        receive(() => {
          stopping = true;
          recorder.stop().then(
            (file) => tell({ type: 'RECORDER.STOPPED', file }),
            (error: unknown) => tell({ type: 'RECORDER.FAILED', error: new STTError('Could not finish the recording', error) }),
          );
        });
        return () => {
          live = false;
          if (!stopping) recorder.cancel();
        };
      }),
      transcribe: fromPromise<string, TranscriptionInput>(({ input, signal }) => transcribe(services, input.file, input.language, signal)),
      uploadFile: fromPromise<string, UploadInput>(async ({ input, signal }) => {
        if (!currentLink) throw new LinkUnavailableError('processSTF', 'no-webrtc');
        return uploadFile(currentLink.pc, input.file, { signal });
      }),
      logSessionEvent: fromPromise<unknown, SessionLogInput>(({ input, signal }) =>
        sessionApi.createSessionEvent(apiServer, sessionId, 'SESSION_LOG', input.detail, signal),
      ),
      voiceListener,
    },
  });
}

async function synthesize(services: SessionServices, input: SynthesisInput, signal: AbortSignal): Promise<Blob> {
  const { locale, output_format: outputFormat, resample } = input.options ?? {};
  let audio: string;
  try {
    const request = { text: input.text, ...(locale ? { locale } : {}), ...(outputFormat ? { output_format: outputFormat } : {}) };
    ({ audio } = await sessionApi.makeTTS(services.apiServer, services.sessionId, request, signal));
  } catch (error) {
    throw new TTSError(`TTS failed: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  try {
    return await decodeTtsAudio(audio, { resample: resample ?? false });
  } catch (error) {
    throw error instanceof TTSDecodeError ? error : new TTSDecodeError('Could not decode the TTS audio', { cause: error });
  }
}

export async function transcribe(services: Pick<SessionServices, 'apiServer' | 'sessionId'>, audio: Blob, language: string | undefined, signal?: AbortSignal): Promise<string> {
  try {
    const { text } = await sessionApi.makeSTT(services.apiServer, services.sessionId, audio, language, signal);
    return text;
  } catch (error) {
    throw new STTError(`STT failed: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
