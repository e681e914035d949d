/**
 * Any WAV a client may upload (8–32-bit PCM, float, A-law, µ-law; any rate;
 * any channel count) as 16 kHz mono 16-bit samples, the only input
 * PocketSphinx's acoustic model understands.
 */
import { decodeWav16, resamplePcm16, type Pcm16 } from '../../audio/pcm16.js';
import { SttInputError } from './engine.js';

export const TARGET_RATE = 16000;

export function toPcm16kMono(bytes: Uint8Array): Int16Array {
  let decoded: Pcm16;
  try {
    decoded = decodeWav16(bytes);
  } catch (error) {
    throw new SttInputError(`The audio is not a readable WAV file: ${(error as Error).message}`);
  }
  const { samples, sampleRate } = decoded;
  if (sampleRate < 1000 || sampleRate > 384000) throw new SttInputError(`Unsupported sample rate ${sampleRate}`);
  return resamplePcm16(samples, sampleRate, TARGET_RATE);
}
