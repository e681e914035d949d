/**
 * The `audio` field of a `/tts/` answer (base64 of WAV or MP3 bytes) as a Blob
 * that `processSTF` and an `<audio>` element accept.
 */
import { TTSDecodeError } from '../errors.js';
import { TTS_TARGET_SAMPLE_RATE } from './constants.js';
import { downmixToMono, resample as resampleTo } from './resample.js';
import { decodeWav, encodeWav, isMp3, isWav } from './wav.js';

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
  if (isWav(bytes)) return options.resample ? wavAt16k(bytes) : new Blob([bytes], { type: 'audio/wav' });
  if (isMp3(bytes)) return options.resample ? mp3At16k(bytes) : new Blob([bytes], { type: 'audio/mpeg' });
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

function wavAt16k(bytes: Uint8Array<ArrayBuffer>): Blob {
  let decoded;
  try {
    decoded = decodeWav(bytes);
  } catch (error) {
    throw new TTSDecodeError(`The TTS audio is a WAV file that cannot be decoded: ${(error as Error).message}`, { cause: error });
  }
  if (decoded.sampleRate === TTS_TARGET_SAMPLE_RATE && decoded.channels === 1) return new Blob([bytes], { type: 'audio/wav' });
  const mono = resampleTo(downmixToMono(decoded.samples), decoded.sampleRate, TTS_TARGET_SAMPLE_RATE);
  return new Blob([encodeWav(mono, TTS_TARGET_SAMPLE_RATE)], { type: 'audio/wav' });
}

async function mp3At16k(bytes: Uint8Array): Promise<Blob> {
  const Context = (globalThis as { OfflineAudioContext?: typeof OfflineAudioContext }).OfflineAudioContext;
  if (!Context) {
    throw new TTSDecodeError('Resampling MP3 TTS audio needs OfflineAudioContext (a browser); request WAV output or pass resample: false');
  }
  let audio: AudioBuffer;
  try {
    // decodeAudioData resamples to the context's rate; the length argument is irrelevant here.
    const context = new Context(1, 1, TTS_TARGET_SAMPLE_RATE);
    audio = await context.decodeAudioData(bytes.slice().buffer);
  } catch (error) {
    throw new TTSDecodeError(`The TTS audio is an MP3 file that cannot be decoded: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
  const mono = downmixToMono(channels);
  const samples = audio.sampleRate === TTS_TARGET_SAMPLE_RATE ? mono : resampleTo(mono, audio.sampleRate, TTS_TARGET_SAMPLE_RATE);
  return new Blob([encodeWav(samples, TTS_TARGET_SAMPLE_RATE)], { type: 'audio/wav' });
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
