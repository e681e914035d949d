import type { ListeningOptions } from './hands-free.js';
import type { InspectionEvent, Observer } from 'xstate';
import type { ReconnectPolicy } from '../../machines/reconnect-policy.js';
import { InvalidArgumentError } from '../errors.js';
import type { ChatTool } from '../llm/chat-tool.js';
import type { PageEvents } from './wake-signals.js';

/** The recorder `startProcessSTT` uses; `WavRecorder` by default. */
export interface SpeechRecorder {
  start(): Promise<void>;
  stop(): Promise<File>;
  cancel(): void;
}

/** Timings of the session; the defaults follow PROTOCOL.md. */
export interface SessionTimeouts {
  /** Interval of `ping` messages. @default 1000 */
  pingIntervalMs?: number;
  /** Without any server message for this long, the link is dead and the session reconnects. @default 30000 */
  linkDeadMs?: number;
  /** Bound on connecting (session info, ICE servers, negotiation, first media). @default 20000 */
  connectTimeoutMs?: number;
  /** Interval of `SESSION_DURING` for sessions without WebRTC. @default 10000 */
  heartbeatIntervalMs?: number;
  /** How long a call that needs the link (`processSTF`) waits while the session reconnects. @default 15000 */
  linkWaitTimeoutMs?: number;
  /**
   * The longest the offer waits for the ICE candidate it needs (server-reflexive
   * or relay with STUN/TURN servers, else host) before it goes out with what
   * was gathered (docs/client.md, "When the offer goes out"). @default 1000
   */
  iceGatheringTimeoutMs?: number;
  /** How often the connection quality is sampled (`getStats()`) while connected. @default 2000 */
  qualitySampleIntervalMs?: number;
  /** After the page becomes visible or the browser goes online, a ping unanswered this long means the link is dead. @default 2000 */
  linkCheckTimeoutMs?: number;
}

export interface CreateSessionOptions {
  sessionId: string;
  /** Width of the rendered avatar, in pixels. */
  width: number;
  /** Height of the rendered avatar, in pixels. */
  height: number;
  /** Tools the LLM may call; names must be unique. @default [] */
  clientTools?: ChatTool[];
  /** How long a client tool without its own `timeoutMs` may run before the LLM is answered `{error: "timeout"}`. @default 30000 */
  toolTimeoutMs?: number;
  /** @default "https://platform.perso.ai" */
  apiServer?: string;
  /** Aborting it while connecting stops the session and rejects with `AbortError`. */
  signal?: AbortSignal;
  /** An XState inspection observer, passed to `createActor` (see `perso-interactive-sdk-web/inspector`). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** The WebRTC implementation; the global one by default. In Node pass `@roamhq/wrtc`'s. */
  RTCPeerConnection?: typeof RTCPeerConnection;
  /**
   * @deprecated Legacy two-way audio: the microphone (or silence) is sent to
   * the server, and `startProcessSTT` / `stopProcessSTT` use `record-start` /
   * `record-end-stt`. @default false
   */
  enableVoiceChat?: boolean;
  /** When and how often to retry after the link drops. @default defaultReconnectPolicy */
  reconnectPolicy?: ReconnectPolicy;
  timeouts?: SessionTimeouts;
  /**
   * Where `visibilitychange` and `online` come from: when the page becomes
   * visible or the browser goes online, the session checks its link at once.
   * The page's `document` and `window` by default; `false` turns it off.
   */
  pageEvents?: PageEvents | false;
  /**
   * Hands-free conversation from the start: once connected the session calls
   * `startListening(options)` (`true` for the defaults). A microphone that
   * cannot be opened reaches the error handlers; the session stays usable.
   */
  handsFree?: boolean | ListeningOptions;
  /** Completed turn timelines `getTurnTimelines()` keeps (the newest); 0 keeps none (the `turn-timeline` event still fires). @default 20 */
  turnTimelineLimit?: number;
  /** Makes the recorder for `startProcessSTT` (tests, custom audio graphs). @default 16 kHz `WavRecorder` */
  createRecorder?: () => SpeechRecorder;
}

/** `createSession(apiServer, sessionId, width, height, clientTools)` */
export type PositionalCreateSessionArgs = [apiServer: string, sessionId: string, width: number, height: number, clientTools: ChatTool[]];
/** @deprecated `createSession(apiServer, sessionId, width, height, enableVoiceChat, clientTools)` */
export type LegacyCreateSessionArgs = [apiServer: string, sessionId: string, width: number, height: number, enableVoiceChat: boolean, clientTools: ChatTool[]];

export type CreateSessionArgs = [options: CreateSessionOptions] | PositionalCreateSessionArgs | LegacyCreateSessionArgs;

/** The three call styles of `createSession`, as one options object, checked. */
export function normalizeCreateSessionArgs(args: readonly unknown[]): CreateSessionOptions {
  let options: CreateSessionOptions;
  if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null) {
    options = { ...(args[0] as CreateSessionOptions) };
  } else if (args.length === 5) {
    const [apiServer, sessionId, width, height, clientTools] = args as PositionalCreateSessionArgs;
    options = { apiServer, sessionId, width, height, clientTools };
  } else if (args.length === 6) {
    const [apiServer, sessionId, width, height, enableVoiceChat, clientTools] = args as LegacyCreateSessionArgs;
    options = { apiServer, sessionId, width, height, enableVoiceChat, clientTools };
  } else {
    throw new InvalidArgumentError(
      'arguments',
      'call createSession({ sessionId, width, height, clientTools }) or createSession(apiServer, sessionId, width, height, clientTools)',
    );
  }
  if (typeof options.sessionId !== 'string' || options.sessionId.trim() === '') {
    throw new InvalidArgumentError('sessionId', 'must be a non-empty string');
  }
  for (const key of ['width', 'height'] as const) {
    const value = options[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidArgumentError(key, `must be a positive number, got ${String(value)}`);
    }
  }
  if (options.clientTools !== undefined && !Array.isArray(options.clientTools)) {
    throw new InvalidArgumentError('clientTools', 'must be an array of ChatTool');
  }
  const limit = options.turnTimelineLimit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new InvalidArgumentError('turnTimelineLimit', `must be a whole number of turns (0 or more), got ${String(limit)}`);
  }
  if (options.apiServer !== undefined && typeof options.apiServer !== 'string') {
    throw new InvalidArgumentError('apiServer', 'must be a string');
  }
  return options;
}
