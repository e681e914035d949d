import type { VoiceActivityDetector } from '../src/audio/vad/voice-listener.js';
import type { VoiceListenerEvent } from '../src/client/voice-actor.js';
import type { ChatTool } from '../src/llm/chat-tool.js';
import type { ToolActivity } from '../src/llm/tool-activity.js';
import type { ChatMessage, LLMChunk } from '../src/llm/types.js';
import type { ConnectionQuality } from './connection-quality.js';
import type { ConnectionNotice, ConnectionOutcome, LinkStatus } from './connection.types.js';
import type { AudioFormat, SpeechMessage } from '../src/protocol/message-channel.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

export interface ChatLogEntry {
  text: string;
  isUser: boolean;
  timestamp: Date;
  /** An answer the user interrupted by speaking over it (hands-free barge-in); the text is what was shown by then. */
  interrupted?: true;
}

/** What hands-free listening runs with (`startListening()` builds it). */
export interface ListeningRequest {
  detector: VoiceActivityDetector;
  /** Speaking while the avatar answers interrupts it. */
  bargeIn: boolean;
  /** Voice turns are spoken by the avatar (false on a session without one). */
  speak: boolean;
  language?: string;
  onLevel?: (rms: number) => void;
}

/** Hands-free listening while it is on. */
export interface ListeningContext {
  request: ListeningRequest;
  /** The `startListening()` call waiting for the microphone, if any. */
  requestId: string | null;
  /** Finished utterances waiting for their transcript, oldest first. */
  utterances: File[];
  /** The transcript waiting for the `llm` region to be idle. */
  transcript: string | null;
}

export interface TtsRequestOptions {
  /** Resample the audio to `TTS_TARGET_SAMPLE_RATE`. */
  resample?: boolean;
  locale?: string;
  output_format?: string;
}

export interface SessionInput {
  width: number;
  height: number;
  /** Legacy two-way audio: STT through `record-start` / `record-end-stt` on the uplink. @default false */
  voiceChat?: boolean;
  /** @default defaultReconnectPolicy */
  reconnectPolicy?: ReconnectPolicy;
  /** Tools the LLM may call in a turn whose request names none. @default [] */
  clientTools?: ChatTool[];
  /** How long a `processSTF` upload waits for a link that is reconnecting. @default 15000 */
  linkWaitTimeoutMs?: number;
}

/** `processSTF`: a file to upload over the avatar link, then speak. */
export interface UploadRequest {
  requestId: string;
  file: Blob;
  format: AudioFormat;
  message: string;
}

/** `transcribeAudio`: a recording to send to `/stt/`. */
export interface TranscriptionRequest {
  requestId: string;
  file: Blob;
  language?: string;
}

/** `logSessionEvent`: a `SESSION_LOG` event for the server. */
export interface SessionLogRequest {
  requestId: string;
  detail?: string;
}

/** Requests the chart works through one at a time, oldest first, each answered with `reply.*`. */
export interface RequestQueues {
  uploads: UploadRequest[];
  transcriptions: TranscriptionRequest[];
  sessionLogs: SessionLogRequest[];
}

export type RequestQueue = keyof RequestQueues;

export interface UploadInput {
  file: Blob;
}

export interface SessionLogInput {
  detail?: string;
}

/** The running LLM turn, as the chart keeps it. */
export interface LlmTurn {
  turnId: string;
  message: string;
  /** Each finished assistant message is spoken by the avatar. */
  speak: boolean;
  /** The requester follows the chunks (`processLLM`): a turn error reaches it as a chunk, not as an `error`. */
  streamed: boolean;
  /** The user message and each finished assistant message go into the chat log (not for `processLLM`, as published). */
  logged: boolean;
  /** The history's length before the turn's user message (where `LLM.ROLLBACK` cuts it). */
  historyStart: number;
  draft: TurnDraft;
}

/**
 * The text of the running turn's current message shown so far. The turn
 * actor writes it as the stream goes, so a network read costs no statechart
 * event; the chart reads it only when the turn ends before that message
 * finished (cancelled, aborted, failed), to keep the text in the chat log and
 * the history.
 */
export interface TurnDraft {
  text: string;
}

/** Receives every chunk of a turn, in order, straight from the turn actor (not through the chart). */
export type TurnChunkSink = (chunk: LLMChunk) => void;

/**
 * Everything a turn needs. The chart starts it whoever sends it (the facade,
 * or the chart itself, e.g. after a hands-free transcript).
 */
export interface LlmRequest {
  type: 'LLM.REQUEST';
  /** @default a new id the chart makes */
  turnId?: string;
  message: string;
  /** @default the session's `clientTools` */
  tools?: ChatTool[];
  /** @default false */
  speak?: boolean;
  /** @default false */
  streamed?: boolean;
  /** The turn's messages go into the chat log (`processLLM` turns stay out of it). @default true */
  logged?: boolean;
  /** The caller's signal: aborting it sends `LLM.ABORT` for this turn. */
  signal?: AbortSignal;
  /** The requester's feed of the turn's chunks (`processLLM`). */
  onChunk?: TurnChunkSink;
}

/** What a running turn reports to the chart, each tagged with its turn id. */
export type TurnEvent =
  | { type: 'LLM.PHASE'; turnId: string; phase: 'streaming' | 'runningTools' }
  /** A history entry the turn settled (runner's commit rules). */
  | { type: 'LLM.COMMIT'; turnId: string; entry: ChatMessage }
  /** The server refused a request: the history forgets the turn, its user message included. */
  | { type: 'LLM.ROLLBACK'; turnId: string }
  /** An assistant message finished (emoji removed, as shown). */
  | { type: 'LLM.MESSAGE'; turnId: string; text: string }
  /** Text the avatar should speak (prepared for speech). */
  | { type: 'LLM.SPEECH'; turnId: string; text: string }
  /** A client tool started, ended or failed (`session.on('tool-start' | 'tool-end' | 'tool-error')`). */
  | { type: 'LLM.TOOL'; turnId: string; activity: ToolActivity }
  /** The turn failed; its last chunk says why. */
  | { type: 'LLM.ERROR'; turnId: string; error: Error }
  /** The caller's signal aborted the turn. */
  | { type: 'LLM.ABORT'; turnId: string }
  | { type: 'LLM.DONE'; turnId: string }
  /** The turn threw (not a stream error: those are `LLM.ERROR` chunks). */
  | { type: 'LLM.FAILED'; turnId: string; error: unknown };

/** How a turn ended, as `llm.end` tells it. */
export type TurnEnd = 'done' | 'cancelled' | 'aborted' | 'failed';

export interface SessionContext {
  input: SessionInput;
  voiceChat: boolean;
  /** How the session ended, once it has. */
  outcome: ConnectionOutcome | null;
  /** Speech requests (`ttstf` / `stf`) sent and not yet started by the avatar. */
  pendingSpeech: number;
  /** Deadline of the current utterance(s) on the chart's clock (`chartNow`), while speaking. */
  speakingUntil: number | null;
  llmTurn: LlmTurn | null;
  /** Turns the chart started; names the ones that came without an id. */
  turnCount: number;
  /** The conversation sent to the LLM (user, assistant, tool-call and tool entries). */
  history: ChatMessage[];
  /** Newest first. */
  chatLog: ChatLogEntry[];
  /** Ids of `processTTS` calls in flight (also the ids of their actors). */
  ttsRequests: string[];
  sttRequestId: string | null;
  sttLanguage: string | undefined;
  recordingTimeoutMs: number | null;
  lastRecordedAudioFile: File | null;
  /** The latest connection-quality sample; `lost` while the link is down. `null` before the first one. */
  connectionQuality: ConnectionQuality | null;
  /** Hands-free listening, while on. */
  listening: ListeningContext | null;
  /** Uploads, transcriptions and session-log events waiting or in progress. */
  requests: RequestQueues;
  /** The avatar's media (`null` until the renderer's tracks arrive, and after a new peer connection until its do). */
  remoteStream: MediaStream | null;
}

export type SessionEvent =
  | ConnectionNotice
  | { type: 'SESSION.STOP' }
  | { type: 'CHANGE_SIZE'; width: number; height: number }
  /**
   * `logged`: the app's own line (`processTTSTF`), which also goes into the history and the chat log as an assistant message.
   * `turnId`: the LLM turn whose answer this is (none for speech the app asked for).
   */
  | { type: 'SPEECH.REQUEST'; message: SpeechMessage; logged?: { text: string }; turnId?: string }
  | { type: 'CLEAR_BUFFER' }
  | LlmRequest
  | { type: 'LLM.CANCEL'; turnId: string }
  | TurnEvent
  | { type: 'TTS.REQUEST'; requestId: string; text: string; options?: TtsRequestOptions }
  | { type: 'TTS.SETTLED'; requestId: string; audio: Blob | undefined }
  | { type: 'TTS.FAILED'; requestId: string; error: unknown }
  | { type: 'STT.START'; requestId: string; timeoutMs?: number }
  | { type: 'STT.STOP'; requestId: string; language?: string }
  | { type: 'RECORDER.STARTED' }
  | { type: 'RECORDER.STOPPED'; file: File }
  | { type: 'RECORDER.FAILED'; error: unknown }
  | { type: 'LISTEN.START'; requestId: string; request: ListeningRequest }
  | { type: 'LISTEN.STOP' }
  /** Raised by a barge-in after its `CLEAR_BUFFER`, so the answer that one stopped (and committed) is there to mark. */
  | { type: 'BARGE_IN' }
  | VoiceListenerEvent
  | ({ type: 'UPLOAD.REQUEST' } & UploadRequest)
  | ({ type: 'TRANSCRIBE.REQUEST' } & TranscriptionRequest)
  | ({ type: 'SESSION_LOG.REQUEST' } & SessionLogRequest);

/**
 * What the session tells the outside world (`actor.on(type, …)`): answers to
 * requests that carried a `requestId`, transcripts, and errors nobody awaits.
 */
export type SessionEmitted =
  | { type: 'reply.done'; requestId: string; value?: Blob | string }
  | { type: 'reply.failed'; requestId: string; error: unknown }
  | { type: 'transcript'; text: string }
  | { type: 'llm.start'; turnId: string; message: string }
  | { type: 'llm.end'; turnId: string; reason: TurnEnd; error?: unknown }
  | { type: 'tool-activity'; turnId: string; activity: ToolActivity }
  | { type: 'error'; error: unknown }
  | { type: 'connection-quality'; quality: ConnectionQuality }
  | { type: 'speech-start' }
  | { type: 'speech-end'; durationMs: number }
  | { type: 'barge-in' }
  /** Speech went to the avatar (`ttstf` / `stf`); `turnId` when an LLM turn asked for it. */
  | { type: 'speech.requested'; turnId: string | null }
  /** A server `stf` started the oldest requested utterance. */
  | { type: 'speech.started'; durationMs: number }
  /** The avatar went silent; `cleared` when `CLEAR_BUFFER` stopped it and dropped what was queued. */
  | { type: 'speech.stopped'; cleared: boolean }
  /** The avatar did not start the requested speech in time; the requests are dropped. */
  | { type: 'speech.abandoned' };

export type { LinkStatus };

/** The `llmTurn` actor's input; it reports back with `TurnEvent`s. */
export interface LlmTurnInput {
  turnId: string;
  /** The conversation so far, ending with the user's message. */
  history: ChatMessage[];
  tools: ChatTool[];
  speak: boolean;
  signal?: AbortSignal;
  /** Where the actor writes the text shown so far. */
  draft: TurnDraft;
  onChunk?: TurnChunkSink;
}

export interface SynthesisInput {
  requestId: string;
  text: string;
  options?: TtsRequestOptions;
}

export interface TranscriptionInput {
  file: Blob;
  language?: string;
}

/** Commands the session sends to its `recorder` actor. */
export type RecorderCommand = { type: 'stop' };
