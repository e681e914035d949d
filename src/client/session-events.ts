import type { ChatState } from '../../machines/chat-state.js';
import type { ConnectionQuality } from '../../machines/connection-quality.js';
import type { LinkStatus } from '../../machines/connection.types.js';
import type { ListeningState } from '../../machines/listening-state.js';
import type { ToolEnd, ToolFailure, ToolStart } from '../llm/tool-activity.js';
import type { TurnTimeline } from './turn-timeline.js';
import type { ChatLogEntry } from '../../machines/session.types.js';
import { callApp } from './app-callbacks.js';

/** Why `play()` on the bound video element was refused: the browser wants a user gesture first. */
export interface AutoplayBlocked {
  /** The browser's refusal (a `NotAllowedError` DOMException). */
  error: Error;
  /** The video plays muted meanwhile; `session.resumeAudio()` from a click turns the sound on. */
  mutedPlayback: boolean;
}

/** Events of `session.on(name, listener)`: the name and what the listener gets. */
export interface SessionEventMap {
  /** The chat states changed (`subscribeChatStates`). */
  'chat-states': Set<ChatState>;
  /** The chat log changed, newest first (`subscribeChatLog`). */
  'chat-log': ChatLogEntry[];
  /** The link's state changed (`subscribeConnectionState`). */
  'connection-state': LinkStatus;
  /** An error nobody awaits: a failed `processChat` turn, a lost link, a throwing `session.on` listener (`setErrorHandler`). */
  error: Error;
  /** The session closed, once: `manualClosed` after `stopSession()` (`onClose`). */
  close: { manualClosed: boolean };
  /** Every sample of the link's quality (about every 2 s while connected), and `lost` when it drops. */
  'connection-quality': ConnectionQuality;
  /** The browser blocked the avatar's sound until a user gesture. */
  'autoplay-blocked': AutoplayBlocked;
  /** Hands-free: the user started speaking. */
  'speech-start': Record<string, never>;
  /** Hands-free: the user stopped speaking; the utterance lasted `durationMs`. */
  'speech-end': { durationMs: number };
  /** Recognised text of an utterance (hands-free) or of `stopProcessSTT()` / `transcribeAudio()`. */
  transcript: { text: string };
  /** Hands-free: the user spoke over the avatar's answer, which was stopped as `clearBuffer()` does. */
  'barge-in': Record<string, never>;
  /** Hands-free listening changed state (`getListeningState()`). */
  'listening-state': ListeningState;
  /** A client tool was called: its name and arguments (the raw text when they are not a JSON object). */
  'tool-start': ToolStart;
  /** A client tool answered: what it returned and how long it took. */
  'tool-end': ToolEnd;
  /** A client tool threw, timed out, got arguments that are not JSON or returned something that is not; the model is told `{error}`. */
  'tool-error': ToolFailure;
  /** A turn's latency timeline, once the turn is over (its speech ended, or it ended without any); `getTurnTimelines()` keeps the last ones. */
  'turn-timeline': TurnTimeline;
}

export type SessionEventName = keyof SessionEventMap;
export type SessionEventListener<K extends SessionEventName> = (payload: SessionEventMap[K]) => void;

/**
 * A typed listener registry; a throwing listener does not stop the others,
 * and its error goes to `onListenerError` (or, without one, to the console).
 */
export class SessionEvents {
  private readonly listeners = new Map<SessionEventName, Set<(payload: never) => void>>();

  on<K extends SessionEventName>(name: K, listener: SessionEventListener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends SessionEventName>(name: K, payload: SessionEventMap[K], onListenerError?: (error: unknown) => void): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      if (!onListenerError) {
        callApp(`"${name}" listener`, listener as SessionEventListener<K>, payload);
        continue;
      }
      try {
        (listener as SessionEventListener<K>)(payload);
      } catch (error) {
        onListenerError(error);
      }
    }
  }
}
