/**
 * `LlmProcessor`'s `callbacks` (as published). A processor has no avatar and
 * no chat log of its own to show; the callbacks hand an app what a session's
 * `processChat` does with a turn, so a standalone processor can be wired to a
 * UI and an avatar the same way: its chat states, its failures, its chat
 * log, and the text to speak.
 */
import { ChatState } from '../../machines/chat-state.js';
import type { ChatLogEntry } from '../../machines/session.types.js';
import { callApp } from '../client/app-callbacks.js';
import { TurnSpeech } from '../client/turn-speech.js';
import { InvalidArgumentError } from '../errors.js';
import type { LLMChunk } from './types.js';

export interface LlmProcessorCallbacks {
  /** `{LLM}` while a turn runs, then `{}` (the shape of `subscribeChatStates`). */
  onChatStateChange?: (states: Set<ChatState>) => void;
  /** A turn failed: the `LLMError` of its `error` chunk. Aborts are not failures. */
  onError?: (error: Error) => void;
  /**
   * The processor's chat log, newest first (the shape of `subscribeChatLog`):
   * the user message when a turn starts, each finished assistant message, and
   * the text shown so far of one cut short.
   */
  onChatLog?: (chatLog: ChatLogEntry[]) => void;
  /**
   * Text to speak, as `processChat` speaks it: each speakable unit of an
   * answer as soon as the stream completes it, prepared for speech. Hand it
   * to `session.processTTSTF` to have the avatar say it.
   */
  onTTSTF?: (message: string) => void;
}

const NAMES = ['onChatStateChange', 'onError', 'onChatLog', 'onTTSTF'] as const;

/** `callbacks` as given, checked: each one named must be a function. */
export function checkedCallbacks(callbacks: unknown): LlmProcessorCallbacks {
  if (callbacks === undefined) return {};
  if (typeof callbacks !== 'object' || callbacks === null) throw new InvalidArgumentError('callbacks', 'must be an object of callback functions');
  for (const name of NAMES) {
    const callback = (callbacks as Record<string, unknown>)[name];
    if (callback !== undefined && typeof callback !== 'function') throw new InvalidArgumentError(`callbacks.${name}`, 'must be a function');
  }
  return callbacks as LlmProcessorCallbacks;
}

/** Tells the callbacks about one turn, chunk by chunk. */
export class TurnCallbacks {
  /** Only with an `onTTSTF`: a turn nobody speaks costs nothing. */
  private readonly speech: TurnSpeech | null;
  /** The current message's text shown so far, not yet in the chat log. */
  private draft = '';

  constructor(
    private readonly callbacks: LlmProcessorCallbacks,
    /** The processor's chat log (newest first); the turn adds to it. */
    private readonly chatLog: ChatLogEntry[],
  ) {
    this.speech = callbacks.onTTSTF ? new TurnSpeech((text) => this.call('onTTSTF', text)) : null;
  }

  start(message: string): void {
    this.call('onChatStateChange', new Set([ChatState.LLM]));
    this.log(message, true);
  }

  chunk(chunk: LLMChunk): void {
    if (chunk.type === 'message') {
      // Fed the new pieces only: linear on any answer.
      this.speech?.message(chunk);
      if (chunk.finish) {
        this.draft = '';
        this.log(chunk.message, false);
      } else {
        this.draft = chunk.message;
      }
    } else if (chunk.type === 'error') {
      this.call('onError', chunk.error);
    }
  }

  /** The turn is over, however it ended. */
  end(): void {
    if (this.draft) this.log(this.draft, false);
    this.draft = '';
    this.call('onChatStateChange', new Set());
  }

  private log(text: string, isUser: boolean): void {
    this.chatLog.unshift({ text, isUser, timestamp: new Date() });
    this.call('onChatLog', [...this.chatLog]);
  }

  private call<K extends keyof LlmProcessorCallbacks>(name: K, ...args: Parameters<NonNullable<LlmProcessorCallbacks[K]>>): void {
    const callback = this.callbacks[name] as ((...a: typeof args) => void) | undefined;
    if (callback) callApp(`LlmProcessor ${name} callback`, callback, ...args);
  }
}
