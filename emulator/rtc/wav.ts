/** Mono PCM16 audio and its rate. */
export interface Pcm16 {
  samples: Int16Array;
  sampleRate: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

interface WavFormat {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
}

function readSample(view: DataView, offset: number, format: number, bits: number): number {
  if (format === FORMAT_FLOAT) {
    const value = bits === 64 ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
    return Math.max(-1, Math.min(1, value)) * 32767;
  }
  switch (bits) {
    case 8:
      return (view.getUint8(offset) - 128) << 8;
    case 16:
      return view.getInt16(offset, true);
    case 24:
      return ((view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16)) >> 8);
    default:
      return view.getInt32(offset, true) >> 16;
  }
}

function readFormat(view: DataView, offset: number, size: number): WavFormat {
  if (size < 16) throw new WavFormatError('fmt chunk too short');
  let format = view.getUint16(offset, true);
  if (format === FORMAT_EXTENSIBLE && size >= 26) format = view.getUint16(offset + 24, true);
  const result = {
    format,
    channels: view.getUint16(offset + 2, true),
    sampleRate: view.getUint32(offset + 4, true),
    bitsPerSample: view.getUint16(offset + 14, true),
  };
  const supported = (format === FORMAT_PCM && [8, 16, 24, 32].includes(result.bitsPerSample)) || (format === FORMAT_FLOAT && [32, 64].includes(result.bitsPerSample));
  if (!supported) throw new WavFormatError(`unsupported WAV encoding (format ${format}, ${result.bitsPerSample} bits)`);
  if (result.channels < 1 || result.sampleRate < 1) throw new WavFormatError('WAV without channels or sample rate');
  return result;
}

/** Decodes a RIFF/WAVE file (integer PCM 8–32 bit or float 32/64, any channel count) to mono PCM16. */
export function decodeWav(bytes: Uint8Array): Pcm16 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavFormatError('not a RIFF/WAVE file');
  let format: WavFormat | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') format = readFormat(view, body, size);
    if (id === 'data') {
      if (!format) throw new WavFormatError('data chunk before fmt chunk');
      // Streams written live often leave the data size at 0 or 0xFFFFFFFF: take what is there.
      const end = size === 0 || body + size > bytes.byteLength ? bytes.byteLength : body + size;
      return { samples: mixDown(view, body, end, format), sampleRate: format.sampleRate };
    }
    offset = body + size + (size & 1);
  }
  throw new WavFormatError('WAV without a data chunk');
}

function mixDown(view: DataView, start: number, end: number, { format, channels, bitsPerSample }: WavFormat): Int16Array {
  const bytesPerSample = bitsPerSample / 8;
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor((end - start) / frameBytes);
  const out = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    const base = start + frame * frameBytes;
    for (let channel = 0; channel < channels; channel++) sum += readSample(view, base + channel * bytesPerSample, format, bitsPerSample);
    out[frame] = Math.max(-32768, Math.min(32767, Math.round(sum / channels)));
  }
  return out;
}

/** A 44-byte-header PCM16 mono WAV. */
export function encodeWav({ samples, sampleRate }: Pcm16): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const writeTag = (offset: number, text: string): void => {
    for (let i = 0; i < 4; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  writeTag(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  writeTag(8, 'WAVE');
  writeTag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeTag(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] as number, true);
  return bytes;
}
