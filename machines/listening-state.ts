import type { SessionSnapshot } from './chat-states.js';

/** Hands-free listening as an app shows it. */
export type ListeningState = 'off' | 'starting' | 'listening' | 'user-speaking' | 'transcribing';

/** The listening state a session snapshot is in: the user speaking wins over a transcription still running. */
export function toListeningState(snapshot: SessionSnapshot): ListeningState {
  if (snapshot.status !== 'active' || snapshot.matches({ active: { listening: 'off' } })) return 'off';
  if (snapshot.matches({ active: { listening: { on: { microphone: 'starting' } } } })) return 'starting';
  if (snapshot.matches({ active: { listening: { on: { user: 'speaking' } } } })) return 'user-speaking';
  if (snapshot.matches({ active: { listening: { on: { stt: 'transcribing' } } } })) return 'transcribing';
  return 'listening';
}
