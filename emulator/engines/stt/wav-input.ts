/**
 * Any WAV a client may upload (8–32-bit PCM, float, A-law, µ-law; any rate;
 * any channel count) as 16 kHz mono 16-bit samples, the only input
 * PocketSphinx's acoustic model understands.
 */
import * as wavefileModule from 'wavefile';
import { SttInputError } from './engine.js';

type WaveFileClass = typeof wavefileModule.WaveFile;
// wavefile ships a UMD main and an ESM module; Node's ESM loader sees only a default export.
const WaveFile: WaveFileClass =
  (wavefileModule as { WaveFile?: WaveFileClass }).WaveFile ?? (wavefileModule as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

export const TARGET_RATE = 16000;

export function toPcm16kMono(bytes: Uint8Array): Int16Array {
  let channels: Float32Array[];
  let sampleRate: number;
  try {
    const wav = new WaveFile(bytes);
    const { audioFormat, numChannels, sampleRate: rate } = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number };
    sampleRate = rate;
    if (audioFormat === 6) wav.fromALaw();
    else if (audioFormat === 7) wav.fromMuLaw();
    else if (audioFormat === 17) wav.fromIMAADPCM();
    wav.toBitDepth('32f');
    const samples = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
    channels = numChannels > 1 ? (samples as Float32Array[]) : [samples as Float32Array];
  } catch (error) {
    throw new SttInputError(`The audio is not a readable WAV file: ${(error as Error).message}`);
  }
  if (!Number.isFinite(sampleRate) || sampleRate < 1000 || sampleRate > 384000) throw new SttInputError(`Unsupported sample rate ${sampleRate}`);
  return toInt16(resampleLinear(downmix(channels), sampleRate, TARGET_RATE));
}

function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const length = Math.min(...channels.map((channel) => channel.length));
  const mono = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i]! += channel[i]! / channels.length;
  return mono;
}

/** Linear interpolation; when downsampling, each output sample averages the input span it covers (a crude low-pass). */
function resampleLinear(input: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return input;
  const ratio = from / to;
  const output = new Float32Array(Math.floor(input.length / ratio));
  for (let i = 0; i < output.length; i++) {
    const position = i * ratio;
    if (ratio > 1) {
      const start = Math.floor(position);
      const end = Math.min(input.length, Math.max(start + 1, Math.floor(position + ratio)));
      let sum = 0;
      for (let j = start; j < end; j++) sum += input[j]!;
      output[i] = sum / (end - start);
    } else {
      const index = Math.floor(position);
      const fraction = position - index;
      output[i] = input[index]! * (1 - fraction) + (input[Math.min(index + 1, input.length - 1)] ?? 0) * fraction;
    }
  }
  return output;
}

function toInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767)));
  return out;
}
