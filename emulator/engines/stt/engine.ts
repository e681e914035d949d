/** What the emulator needs from a speech recogniser, and how it fails. */

export interface SttStatus {
  available: boolean;
  /** For the start-up banner: the engine, or why it is unavailable and how to fix it. */
  detail: string;
}

export interface SttEngine {
  /** The transcript of a WAV file (any rate, channels, PCM or float depth). */
  transcribe(wav: Uint8Array, language?: string): Promise<string>;
  status(): Promise<SttStatus>;
}

/** The engine is not installed; answered as 503 `stt_unavailable`. */
export class SttUnavailableError extends Error {
  override name = 'SttUnavailableError';
}

/** The audio cannot be read; answered as 400 `invalid` on `audio`. */
export class SttInputError extends Error {
  override name = 'SttInputError';
}

export const POCKETSPHINX_INSTALL_HINT = 'sudo apt-get install pocketsphinx pocketsphinx-en-us';
