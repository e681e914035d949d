/**
 * Reading a WAV (RIFF) header: whether bytes are WAV or MP3, and the format
 * and data position of a WAV file. Small and eager (the client entry's
 * `getWavSampleRate`); the codec itself (wav.ts) loads on demand.
 */
import { InvalidArgumentError } from '../errors.js';

export interface WavFormat {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

export const FORMAT_PCM = 1;
export const FORMAT_FLOAT = 3;
export const FORMAT_ALAW = 6;
export const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

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

export function readChunks(view: DataView, needData = true): { format: WavFormat; dataOffset: number; dataLength: number } {
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

export function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new InvalidArgumentError('wavData', 'must be an ArrayBuffer or a Uint8Array');
}

export function tagAt(bytes: Uint8Array, at: number, length = 4): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

