import type { ActorRef, Snapshot } from 'xstate';
import type { ConnectionQuality } from './connection-quality.js';
import type { ConnectionNotice, ConnectionOutcome, LinkStatus } from './connection.types.js';
import type { SpeechMessage } from '../src/protocol/message-channel.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

export interface ChatLogEntry {
  text: string;
  isUser: boolean;
  timestamp: Date;
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
}

export interface LlmTurn {
  turnId: string;
  message: string;
}

export interface SessionContext {
  input: SessionInput;
  voiceChat: boolean;
  /** How the session ended, once it has. */
  outcome: ConnectionOutcome | null;
  /** Speech requests (`ttstf` / `stf`) sent and not yet started by the avatar. */
  pendingSpeech: number;
  /** `Date.now()`-based deadline of the current utterance(s), while speaking. */
  speakingUntil: number | null;
  llmTurn: LlmTurn | null;
  /** Assistant text of the running turn not yet in the chat log. */
  llmDraft: string;
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
}

export type SessionEvent =
  | ConnectionNotice
  | { type: 'SESSION.STOP' }
  | { type: 'CHANGE_SIZE'; width: number; height: number }
  | { type: 'SPEECH.REQUEST'; message: SpeechMessage }
  | { type: 'CLEAR_BUFFER' }
  | { type: 'LLM.REQUEST'; turnId: string; message: string }
  | { type: 'LLM.CANCEL'; turnId: string }
  | { type: 'LLM.PHASE'; phase: 'streaming' | 'runningTools' }
  | { type: 'LLM.DRAFT'; text: string }
  | { type: 'LLM.MESSAGE'; text: string }
  | { type: 'TTS.REQUEST'; requestId: string; text: string; options?: TtsRequestOptions }
  | { type: 'TTS.SETTLED'; requestId: string; audio: Blob | undefined }
  | { type: 'TTS.FAILED'; requestId: string; error: unknown }
  | { type: 'STT.START'; requestId: string; timeoutMs?: number }
  | { type: 'STT.STOP'; requestId: string; language?: string }
  | { type: 'RECORDER.STARTED' }
  | { type: 'RECORDER.STOPPED'; file: File }
  | { type: 'RECORDER.FAILED'; error: unknown };

/**
 * What the session tells the outside world (`actor.on(type, …)`): answers to
 * requests that carried a `requestId`, transcripts, and errors nobody awaits.
 */
export type SessionEmitted =
  | { type: 'reply.done'; requestId: string; value?: Blob | string }
  | { type: 'reply.failed'; requestId: string; error: unknown }
  | { type: 'transcript'; text: string }
  | { type: 'error'; error: unknown }
  | { type: 'connection-quality'; quality: ConnectionQuality };

export type { LinkStatus };

/** An LLM turn reports its progress (`LLM.PHASE`, `LLM.DRAFT`, `LLM.MESSAGE`, `SPEECH.REQUEST`) to `session`. */
export interface LlmTurnInput extends LlmTurn {
  session: ActorRef<Snapshot<unknown>, SessionEvent>;
}

export interface SynthesisInput {
  requestId: string;
  text: string;
  options?: TtsRequestOptions;
}

export interface TranscriptionInput {
  file: File;
  language?: string;
}

/** Commands the session sends to its `recorder` actor. */
export type RecorderCommand = { type: 'stop' };
