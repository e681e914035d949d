/** Messages on the `message` data channel (PROTOCOL.md, "Messages on the message channel"). */

export type AudioFormat = 'wav' | 'mp3';

export type ClientMessage =
  | { type: 'ping'; data: Record<string, never> }
  | { type: 'ttstf'; data: { message: string } }
  | { type: 'stf'; data: { message: string; file_ref: string; format: AudioFormat } }
  | { type: 'change-size'; data: { width: number; height: number } }
  | { type: 'set-template'; data: { model?: string; dress?: string } }
  | { type: 'clear-buffer'; data: Record<string, never> }
  | { type: 'record-start'; data: Record<string, never> }
  | { type: 'record-end-stt'; data: { language?: string } }
  | { type: 'record-end-translate'; data: { src_lang: string; dst_lang: string } };

/** Messages that ask the avatar to speak; each one counts towards ANALYZING. */
export type SpeechMessage = Extract<ClientMessage, { type: 'ttstf' | 'stf' }>;

export type ServerMessage =
  | { type: 'ping'; data: Record<string, never> }
  | { type: 'stf'; data: { message: string; duration: number } }
  | { type: 'stt'; data: { text: string } }
  | { type: 'stt-error'; data: { code: string } };
