import type { SnapshotFrom } from 'xstate';
import { ChatState } from './chat-state.js';
import type { LinkStatus } from './connection.types.js';
import type { SessionMachine } from './session.machine.js';

export type SessionSnapshot = SnapshotFrom<SessionMachine>;

/** The chat states (PROTOCOL.md, "Chat states") a session snapshot is in. */
export function toChatStates(snapshot: SessionSnapshot): Set<ChatState> {
  const states = new Set<ChatState>();
  if (snapshot.status !== 'active') return states;
  if (
    snapshot.matches({ active: { input: { capturing: 'starting' } } }) ||
    snapshot.matches({ active: { input: { capturing: 'recording' } } }) ||
    snapshot.matches({ active: { input: { uplink: 'recording' } } })
  ) {
    states.add(ChatState.RECORDING);
  }
  if (snapshot.matches({ active: { llm: 'active' } })) states.add(ChatState.LLM);
  if (snapshot.matches({ active: { avatar: { requests: 'analyzing' } } })) states.add(ChatState.ANALYZING);
  if (snapshot.matches({ active: { avatar: { playback: 'speaking' } } })) states.add(ChatState.SPEAKING);
  if (snapshot.matches({ active: { tts: 'synthesizing' } })) states.add(ChatState.TTS);
  return states;
}

/** The link status a session snapshot shows. */
export function toLinkStatus(snapshot: SessionSnapshot): LinkStatus {
  if (snapshot.status !== 'active') return 'closed';
  if (snapshot.matches({ active: { link: 'connected' } })) return 'connected';
  if (snapshot.matches({ active: { link: 'reconnecting' } })) return 'reconnecting';
  return 'connecting';
}

/** Whether the microphone is being recorded for STT (`isSTTRecording()`). */
export function isRecording(snapshot: SessionSnapshot): boolean {
  return toChatStates(snapshot).has(ChatState.RECORDING);
}

/**
 * Whether an STT recording is open for the app (`isSTTRecording()`): from the
 * start until `stopProcessSTT()` — also once the timeout stopped the
 * microphone (finishing without a stop request, or `recorded`).
 */
export function holdsSttRecording(snapshot: SessionSnapshot): boolean {
  if (snapshot.status !== 'active') return false;
  if (isRecording(snapshot) || snapshot.matches({ active: { input: 'recorded' } })) return true;
  return snapshot.matches({ active: { input: { capturing: 'finishing' } } }) && snapshot.context.sttRequestId === null;
}

export function sameChatStates(a: ReadonlySet<ChatState>, b: ReadonlySet<ChatState>): boolean {
  return a.size === b.size && [...a].every((state) => b.has(state));
}

/** Whether the session has an avatar link (`STF_WEBRTC`), once its connection knows. */
export function hasAvatarLink(snapshot: SessionSnapshot): boolean {
  const connection = snapshot.children.connection?.getSnapshot();
  return connection !== undefined && 'context' in connection && connection.context.hasStf === true;
}
