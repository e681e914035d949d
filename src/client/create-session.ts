import { createActor } from 'xstate';
import { DEFAULT_API_SERVER } from '../api/validate.js';
import { TTS_TARGET_SAMPLE_RATE } from '../audio/constants.js';
import { createWavRecorder } from '../audio/wav-recorder.js';
import { AbortError } from '../errors.js';
import { toolsByName } from '../llm/tool-runner.js';
import { checkedToolTimeout } from '../llm/turn-runner.js';
import { normalizeCreateSessionArgs } from './options.js';
import type { CreateSessionOptions, LegacyCreateSessionArgs, PositionalCreateSessionArgs } from './options.js';
import { provideSessionMachine } from './session-actors.js';
import { Session } from './session.js';
import { DEFAULT_TURN_TIMELINE_LIMIT } from './turn-timeline-feed.js';
import { openUplinkAudio } from './uplink-audio.js';

/**
 * Connects to a session created on your server and resolves once the avatar
 * link is up (or, for a session without WebRTC, once it has started).
 */
export function createSession(options: CreateSessionOptions): Promise<Session>;
export function createSession(...args: PositionalCreateSessionArgs): Promise<Session>;
/** @deprecated Use `createSession({ sessionId, width, height, clientTools, enableVoiceChat })`. */
export function createSession(...args: LegacyCreateSessionArgs): Promise<Session>;
export async function createSession(...args: unknown[]): Promise<Session> {
  const options = normalizeCreateSessionArgs(args);
  if (options.signal?.aborted) throw new AbortError('createSession() was aborted', { cause: options.signal.reason });
  const apiServer = options.apiServer ?? DEFAULT_API_SERVER;
  const sessionId = options.sessionId.trim();
  // Before the microphone opens: bad tools (duplicate names) reject without leaving it on.
  const clientTools = [...toolsByName(options.clientTools ?? [], 'clientTools').values()];
  const toolTimeoutMs = checkedToolTimeout(options.toolTimeoutMs);
  const uplink = options.enableVoiceChat ? await openUplinkAudio() : null;
  let session: Session | null = null;

  const machine = provideSessionMachine({
    apiServer,
    sessionId,
    createRecorder: options.createRecorder ?? (() => createWavRecorder({ targetSampleRate: TTS_TARGET_SAMPLE_RATE })),
    RTCPeerConnection: options.RTCPeerConnection,
    localAudioTrack: () => uplink?.track ?? null,
    onLlmStep: (step) => session?.llmStep(step),
    onLlmMessage: (turnId) => session?.llmMessage(turnId),
    toolTimeoutMs,
    timeouts: options.timeouts ?? {},
    pageEvents: options.pageEvents,
  });
  const actor = createActor(machine, {
    input: {
      width: options.width,
      height: options.height,
      voiceChat: options.enableVoiceChat ?? false,
      reconnectPolicy: options.reconnectPolicy,
      clientTools,
      ...(options.timeouts?.linkWaitTimeoutMs === undefined ? {} : { linkWaitTimeoutMs: options.timeouts.linkWaitTimeoutMs }),
    },
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  session = new Session(actor, {
    sessionId,
    localStream: uplink?.stream ?? null,
    turnTimelineLimit: options.turnTimelineLimit ?? DEFAULT_TURN_TIMELINE_LIMIT,
    release: () => uplink?.release(),
  });
  actor.start();
  await session.connected(options.signal);
  if (options.handsFree) session.listenOnceConnected(options.handsFree === true ? {} : options.handsFree);
  return session;
}
