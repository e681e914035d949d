/**
 * TTS audio converted to 16 kHz mono WAV (`TTS_TARGET_SAMPLE_RATE`), for
 * `decodeTtsAudio(..., { resample: true })`: WAV here, MP3 through the
 * browser's `OfflineAudioContext`. Part of the on-demand audio codec.
 */
import { TTSDecodeError } from '../errors.js';
import { TTS_TARGET_SAMPLE_RATE } from './constants.js';
import { downmixToMono, resample as resampleTo } from './resample.js';
import { decodeWav, encodeWav } from './wav.js';

export function wavAt16k(bytes: Uint8Array<ArrayBuffer>): Blob {
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

export async function mp3At16k(bytes: Uint8Array): Promise<Blob> {
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
