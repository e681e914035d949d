/**
 * WAV (RIFF) encoding and decoding, with no dependency so it fits the browser
 * bundle (in the audio chunk that loads on demand; the header reader is in
 * wav-header.ts). Encodes PCM16; decodes integer PCM of 8, 16, 24 and 32 bits, IEEE
 * float of 32 and 64 bits and 8-bit G.711 A-law and µ-law (plain or
 * WAVE_FORMAT_EXTENSIBLE), skipping chunks it does not need (LIST, fact, …)
 * and honouring odd-size padding.
 */
import { InvalidArgumentError } from '../errors.js';
import { FORMAT_ALAW, FORMAT_FLOAT, FORMAT_MULAW, FORMAT_PCM, readChunks, toBytes, type WavFormat } from './wav-header.js';

export { getWavSampleRate, isMp3, isWav } from './wav-header.js';

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  /** One array per channel, samples in [-1, 1]. */
  samples: Float32Array[];
}

const HEADER_BYTES = 44;

/**
 * PCM16 little-endian WAV of `samples` (interleaved when `channels` > 1).
 * Float samples are clipped to [-1, 1].
 */
export function encodeWav(samples: Float32Array | Int16Array, sampleRate: number, channels = 1): ArrayBuffer {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new InvalidArgumentError('sampleRate', `must be a positive integer, got ${sampleRate}`);
  if (!Number.isInteger(channels) || channels < 1 || channels > 65535) throw new InvalidArgumentError('channels', `must be a positive integer, got ${channels}`);
  if (samples.length % channels !== 0) throw new InvalidArgumentError('samples', `length ${samples.length} is not a multiple of ${channels} channels`);
  const dataBytes = samples.length * 2;
  const buffer = new ArrayBuffer(HEADER_BYTES + dataBytes);
  const view = new DataView(buffer);
  writeTag(view, 0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  writeTag(view, 8, 'WAVE');
  writeTag(view, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  writeTag(view, 36, 'data');
  view.setUint32(40, dataBytes, true);
  const pcm = new Int16Array(buffer, HEADER_BYTES, samples.length);
  if (samples instanceof Int16Array) {
    pcm.set(samples);
  } else {
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]!));
      pcm[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
    }
  }
  if (!littleEndianHost()) {
    for (let i = 0; i < samples.length; i++) view.setInt16(HEADER_BYTES + i * 2, pcm[i]!, true);
  }
  return buffer;
}

export function decodeWav(data: ArrayBuffer | Uint8Array): DecodedWav {
  const bytes = toBytes(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { format, dataOffset, dataLength } = readChunks(view);
  const bytesPerSample = format.bitsPerSample / 8;
  const frames = Math.floor(dataLength / format.blockAlign);
  const read = sampleReader(view, format);
  const samples = Array.from({ length: format.channels }, () => new Float32Array(frames));
  for (let frame = 0; frame < frames; frame++) {
    const base = dataOffset + frame * format.blockAlign;
    for (let channel = 0; channel < format.channels; channel++) {
      samples[channel]![frame] = read(base + channel * bytesPerSample);
    }
  }
  return { sampleRate: format.sampleRate, channels: format.channels, samples };
}

function sampleReader(view: DataView, { formatTag, bitsPerSample }: WavFormat): (at: number) => number {
  if (formatTag === FORMAT_FLOAT) {
    return bitsPerSample === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  }
  if (formatTag === FORMAT_ALAW) return (at) => aLawToLinear(view.getUint8(at)) / 0x8000;
  if (formatTag === FORMAT_MULAW) return (at) => muLawToLinear(view.getUint8(at)) / 0x8000;
  switch (bitsPerSample) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 0x8000;
    case 24:
      return (at) => (((view.getUint8(at + 2) << 24) | (view.getUint8(at + 1) << 16) | (view.getUint8(at) << 8)) >> 8) / 0x800000;
    default:
      return (at) => view.getInt32(at, true) / 0x80000000;
  }
}

/** ITU-T G.711 A-law expansion to a 16-bit value. */
function aLawToLinear(code: number): number {
  const a = code ^ 0x55;
  const segment = (a & 0x70) >> 4;
  const mantissa = (a & 0x0f) << 4;
  const magnitude = segment === 0 ? mantissa + 8 : (mantissa + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** ITU-T G.711 µ-law expansion to a 16-bit value. */
function muLawToLinear(code: number): number {
  const u = ~code & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

function writeTag(view: DataView, at: number, tag: string): void {
  for (let i = 0; i < tag.length; i++) view.setUint8(at + i, tag.charCodeAt(i));
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
