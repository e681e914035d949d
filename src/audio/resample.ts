/**
 * Band-limited sample-rate conversion: a windowed-sinc (Blackman) low-pass
 * evaluated at each output instant, so downsampling does not fold energy
 * above the new Nyquist frequency back into the audible band.
 */
import { InvalidArgumentError } from '../errors.js';

/** Zero crossings of the sinc on each side: ~70 taps for 48 kHz → 16 kHz. */
const ZERO_CROSSINGS = 12;
/** Table points per zero crossing; the kernel is interpolated linearly between them. */
const TABLE_RESOLUTION = 512;
/** The pass band ends a little below the target Nyquist to leave room for the transition band. */
const CUTOFF = 0.92;

let kernelTable: Float32Array | undefined;

/** Windowed sinc from 0 to ZERO_CROSSINGS, built once (lazily, so importing costs nothing). */
function kernel(): Float32Array {
  if (kernelTable) return kernelTable;
  const table = new Float32Array(ZERO_CROSSINGS * TABLE_RESOLUTION + 2);
  for (let i = 0; i < table.length; i++) {
    const x = i / TABLE_RESOLUTION;
    if (x >= ZERO_CROSSINGS) continue;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const phase = (Math.PI * x) / ZERO_CROSSINGS;
    const blackman = 0.42 + 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    table[i] = sinc * blackman;
  }
  kernelTable = table;
  return table;
}

/**
 * `samples` at `fromRate` converted to `toRate`; the result has
 * `Math.round(samples.length * toRate / fromRate)` samples.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !Number.isFinite(fromRate)) throw new InvalidArgumentError('fromRate', `must be a positive number, got ${fromRate}`);
  if (!(toRate > 0) || !Number.isFinite(toRate)) throw new InvalidArgumentError('toRate', `must be a positive number, got ${toRate}`);
  if (fromRate === toRate) return samples.slice();
  const ratio = toRate / fromRate;
  const outputLength = Math.round(samples.length * ratio);
  const output = new Float32Array(outputLength);
  const table = kernel();
  // In input samples: the filter's cutoff as a fraction of the input Nyquist, and its reach.
  const scale = Math.min(1, ratio) * CUTOFF;
  const reach = ZERO_CROSSINGS / scale;
  const step = scale * TABLE_RESOLUTION;
  const last = samples.length - 1;
  for (let i = 0; i < outputLength; i++) {
    const center = i / ratio;
    const first = Math.max(0, Math.ceil(center - reach));
    const end = Math.min(last, Math.floor(center + reach));
    let sum = 0;
    let weight = 0;
    for (let j = first; j <= end; j++) {
      const position = Math.abs(j - center) * step;
      const index = Math.floor(position);
      const fraction = position - index;
      const w = table[index]! + (table[index + 1]! - table[index]!) * fraction;
      sum += samples[j]! * w;
      weight += w;
    }
    // Normalising by the summed weights keeps unity gain at DC, also near the edges.
    output[i] = weight > 0 ? sum / weight : 0;
  }
  return output;
}

/** The average of the channels (which must have equal lengths). */
export function downmixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 0) throw new InvalidArgumentError('channels', 'must hold at least one channel');
  if (channels.length === 1) return channels[0]!.slice();
  const length = channels[0]!.length;
  if (channels.some((channel) => channel.length !== length)) throw new InvalidArgumentError('channels', 'must all have the same length');
  const mono = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) mono[i]! += channel[i]!;
  }
  const gain = 1 / channels.length;
  for (let i = 0; i < length; i++) mono[i]! *= gain;
  return mono;
}
