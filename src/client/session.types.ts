/** The facade's public types (`Session` methods' options and answers) and what `createSession` hands it. */
import type { Actor } from 'xstate';
import type { LinkStatus } from '../../machines/connection.types.js';
import type { TtsRequestOptions } from '../../machines/session.types.js';
import type { ChatTool } from '../llm/chat-tool.js';
import type { provideSessionMachine } from './session-actors.js';

export type SessionActor = Actor<ReturnType<typeof provideSessionMachine>>;

export interface ProcessLLMOptions {
  message: string;
  /** The client tools for this turn instead of the session's `clientTools`. */
  tools?: ChatTool[];
  /** Aborting ends the generator with `AbortError`. */
  signal?: AbortSignal;
}

export type ProcessTTSOptions = TtsRequestOptions;

export interface STTResponse {
  text: string;
}

export type ConnectionState = LinkStatus;

/** @internal What `createSession` hands the facade besides the actor. */
export interface SessionParts {
  sessionId: string;
  /** The microphone of a legacy voice-chat session. */
  localStream: MediaStream | null;
  /** Completed turn timelines kept for `getTurnTimelines()`. */
  turnTimelineLimit: number;
  /** Lets go of what `createSession` opened (the voice-chat microphone). */
  release(): void;
}
