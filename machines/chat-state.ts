/** The user-facing activities of a session; several can be on at once. */
export const ChatState = {
  RECORDING: 'RECORDING',
  LLM: 'LLM',
  ANALYZING: 'ANALYZING',
  SPEAKING: 'SPEAKING',
  TTS: 'TTS',
} as const;

export type ChatState = (typeof ChatState)[keyof typeof ChatState];
