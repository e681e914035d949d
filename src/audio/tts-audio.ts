/**
 * The `audio` field of a `/tts/` answer (base64 of WAV or MP3 bytes) as a Blob
 * that `processSTF` and an `<audio>` element accept.
 */
import { TTSDecodeError } from '../errors.js';
import { loadAudioCodec } from './load-audio.js';
import { isMp3, isWav } from './wav-header.js';

export interface DecodeTtsAudioOptions {
  /**
   * Convert to 16 kHz mono WAV (`TTS_TARGET_SAMPLE_RATE`). WAV is converted
   * here; MP3 is decoded with the browser's `OfflineAudioContext`.
   * @default false — the server's bytes are returned untouched.
   */
  resample?: boolean;
}

export async function decodeTtsAudio(base64: string, options: DecodeTtsAudioOptions = {}): Promise<Blob> {
  const bytes = base64ToBytes(base64);
  // Resampling needs the WAV codec and the resampler, which load on first use.
  if (isWav(bytes)) return options.resample ? (await loadAudioCodec()).wavAt16k(bytes) : new Blob([bytes], { type: 'audio/wav' });
  if (isMp3(bytes)) return options.resample ? (await loadAudioCodec()).mp3At16k(bytes) : new Blob([bytes], { type: 'audio/mpeg' });
  throw new TTSDecodeError(`The TTS audio is neither WAV nor MP3 (${bytes.length} bytes starting ${hexPrefix(bytes)})`);
}

/** Standard or URL-safe base64, with or without padding, whitespace or a `data:` URL prefix. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  if (typeof base64 !== 'string') throw new TTSDecodeError('The TTS audio is not a base64 string');
  const cleaned = base64
    .replace(/^data:[^,]*,/, '')
    .replace(/\s+/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  if (cleaned === '') throw new TTSDecodeError('The TTS audio is empty');
  const padded = cleaned.padEnd(Math.ceil(cleaned.length / 4) * 4, '=');
  let binary: string;
  try {
    binary = atob(padded);
  } catch (error) {
    throw new TTSDecodeError('The TTS audio is not valid base64', { cause: error });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
