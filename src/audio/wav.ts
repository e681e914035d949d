/**
 * WAV (RIFF) encoding and decoding, with no dependency so it fits the browser
 * bundle. Encodes PCM16; decodes integer PCM of 8, 16, 24 and 32 bits, IEEE
 * float of 32 and 64 bits and 8-bit G.711 A-law and µ-law (plain or
 * WAVE_FORMAT_EXTENSIBLE), skipping chunks it does not need (LIST, fact, …)
 * and honouring odd-size padding.
 */
import { InvalidArgumentError } from '../errors.js';

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  /** One array per channel, samples in [-1, 1]. */
  samples: Float32Array[];
}

interface WavFormat {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;
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

/** The sample rate in a WAV header; `InvalidArgumentError` when `wavData` is not a WAV file. */
export function getWavSampleRate(wavData: ArrayBuffer | Uint8Array): number {
  const bytes = toBytes(wavData);
  return readChunks(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), false).format.sampleRate;
}

export function isWav(bytes: ArrayBuffer | Uint8Array): boolean {
  const b = toBytes(bytes);
  return b.length >= 12 && tagAt(b, 0) === 'RIFF' && tagAt(b, 8) === 'WAVE';
}

/** An ID3 tag or an MPEG audio frame header (not AAC's ADTS, which has layer 0). */
export function isMp3(bytes: ArrayBuffer | Uint8Array): boolean {
  const b = toBytes(bytes);
  if (b.length >= 3 && tagAt(b, 0, 3) === 'ID3') return true;
  if (b.length < 2 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 0x03;
  const layer = (b[1]! >> 1) & 0x03;
  return version !== 0x01 && layer !== 0x00;
}

function readChunks(view: DataView, needData = true): { format: WavFormat; dataOffset: number; dataLength: number } {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  if (!isWav(bytes)) throw new InvalidArgumentError('wavData', 'is not a WAV file (no RIFF/WAVE header)');
  let format: WavFormat | undefined;
  let offset = 12;
  while (offset + 8 <= view.byteLength) {
    const id = tagAt(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = readFormat(view, body, size);
      if (!needData) return { format, dataOffset: 0, dataLength: 0 };
    } else if (id === 'data') {
      if (!format) throw new InvalidArgumentError('wavData', 'has its data chunk before the fmt chunk');
      // Streamed WAVs may announce a size of 0 or 0xFFFFFFFF: take what is there.
      const available = view.byteLength - body;
      const dataLength = size === 0 || size > available ? available : size;
      return { format, dataOffset: body, dataLength };
    }
    offset = body + size + (size % 2);
  }
  throw new InvalidArgumentError('wavData', format ? 'has no data chunk' : 'has no fmt chunk');
}

function readFormat(view: DataView, at: number, size: number): WavFormat {
  if (size < 16 || at + 16 > view.byteLength) throw new InvalidArgumentError('wavData', 'has a truncated fmt chunk');
  let formatTag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (formatTag === FORMAT_EXTENSIBLE) {
    // The sub-format GUID starts with the actual format tag.
    if (size < 40 || at + 26 > view.byteLength) throw new InvalidArgumentError('wavData', 'has a truncated extensible fmt chunk');
    formatTag = view.getUint16(at + 24, true);
  }
  const supported =
    (formatTag === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) ||
    (formatTag === FORMAT_FLOAT && [32, 64].includes(bitsPerSample)) ||
    ((formatTag === FORMAT_ALAW || formatTag === FORMAT_MULAW) && bitsPerSample === 8);
  if (!supported) throw new InvalidArgumentError('wavData', `uses an unsupported encoding (format ${formatTag}, ${bitsPerSample} bits)`);
  if (channels < 1 || sampleRate < 1) throw new InvalidArgumentError('wavData', `has ${channels} channels at ${sampleRate} Hz`);
  if (blockAlign < channels * (bitsPerSample / 8)) throw new InvalidArgumentError('wavData', `has a block align of ${blockAlign} bytes, too small for its samples`);
  return { formatTag, channels, sampleRate, bitsPerSample, blockAlign };
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

function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new InvalidArgumentError('wavData', 'must be an ArrayBuffer or a Uint8Array');
}

function tagAt(bytes: Uint8Array, at: number, length = 4): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function writeTag(view: DataView, at: number, tag: string): void {
  for (let i = 0; i < tag.length; i++) view.setUint8(at + i, tag.charCodeAt(i));
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
