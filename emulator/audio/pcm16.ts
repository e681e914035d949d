/**
 * The emulator's audio is mono PCM16 (what libwebrtc's audio source takes and
 * what Flite and PocketSphinx speak); the SDK's WAV codec and resampler work
 * on Float32 in [-1, 1]. These adapt one to the other.
 */
import { downmixToMono, resample } from '../../src/audio/resample.js';
import { decodeWav, encodeWav } from '../../src/audio/wav.js';

/** Mono PCM16 audio and its rate. */
export interface Pcm16 {
  samples: Int16Array;
  sampleRate: number;
}

export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 0x8000;
  return out;
}

/** Rounds and clips to 16 bits; the exact inverse of `int16ToFloat32`. */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-0x8000, Math.min(0x7fff, Math.round(samples[i]! * 0x8000)));
  return out;
}

/** Any WAV the SDK decodes (integer, float, G.711; any channel count) mixed down to mono; the SDK's `InvalidArgumentError` when it cannot. */
export function decodeWav16(bytes: Uint8Array): Pcm16 {
  const { samples, sampleRate } = decodeWav(bytes);
  return { samples: float32ToInt16(downmixToMono(samples)), sampleRate };
}

export function encodeWav16(samples: Int16Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encodeWav(samples, sampleRate));
}

/** The SDK's windowed-sinc resampler on PCM16; the same array when the rates match. */
export function resamplePcm16(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples;
  return float32ToInt16(resample(int16ToFloat32(samples), fromRate, toRate));
}
