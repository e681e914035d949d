import { sameChatStates, toChatStates, toLinkStatus } from '../machines/chat-states.js';
import type { SessionSnapshot } from '../machines/chat-states.js';
import type { ChatLogEntry, ChatState, ConnectionState, Session } from '../src/client/index.js';
import { useSessionSelector } from './use-session-selector.js';

// Each hook takes an explicit session (from `usePersoSession`) or, without one,
// uses the nearest `<PersoSessionProvider>`'s.

const NO_CHAT_STATES: ReadonlySet<ChatState> = new Set();
const NO_CHAT_LOG: readonly ChatLogEntry[] = [];

const selectChatLog = (snapshot: SessionSnapshot): readonly ChatLogEntry[] => snapshot.context.chatLog;
const selectConnectionState = (snapshot: SessionSnapshot): ConnectionState | null => toLinkStatus(snapshot);

/** What the session is doing now (RECORDING, LLM, ANALYZING, SPEAKING, TTS); empty without a session. */
export function useChatStates(session?: Session | null): ReadonlySet<ChatState> {
  return useSessionSelector(session, toChatStates, NO_CHAT_STATES, sameChatStates);
}

/** The conversation, newest first (as `subscribeChatLog`); empty without a session. Do not mutate it. */
export function useChatLog(session?: Session | null): readonly ChatLogEntry[] {
  return useSessionSelector(session, selectChatLog, NO_CHAT_LOG);
}

/** The session's link: connecting, connected, reconnecting or closed; null without a session. */
export function useConnectionState(session?: Session | null): ConnectionState | null {
  return useSessionSelector(session, selectConnectionState, null);
}
