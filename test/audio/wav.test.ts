import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { decodeWav, encodeWav, getWavSampleRate, isMp3, isWav } from '../../src/audio/wav.js';
import { sine } from './signals.js';

const { WaveFile } = wavefile;

function maxDifference(actual: Float32Array, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  return actual.reduce((max, value, i) => Math.max(max, Math.abs(value - expected[i]!)), 0);
}

describe('encodeWav', () => {
  it('writes a PCM16 WAV that wavefile reads back with the same header and samples', () => {
    const samples = new Float32Array([0, 0.5, -0.5, 1, -1, 2, -2, 0.25]);
    const bytes = new Uint8Array(encodeWav(samples, 16000));
    expect(bytes.length).toBe(44 + samples.length * 2);
    const wav = new WaveFile(bytes);
    const fmt = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; byteRate: number; blockAlign: number; bitsPerSample: number };
    expect(fmt).toMatchObject({ audioFormat: 1, numChannels: 1, sampleRate: 16000, byteRate: 32000, blockAlign: 2, bitsPerSample: 16 });
    expect(Array.from(wav.getSamples(false, Int16Array) as unknown as Int16Array)).toEqual([0, 16384, -16384, 32767, -32768, 32767, -32768, 8192]);
  });

  it('writes interleaved stereo and Int16 input as is', () => {
    const interleaved = new Int16Array([1, -1, 2, -2, 3, -3]);
    const wav = new WaveFile(new Uint8Array(encodeWav(interleaved, 44100, 2)));
    expect((wav.fmt as { numChannels: number; sampleRate: number }).numChannels).toBe(2);
    expect((wav.fmt as { sampleRate: number }).sampleRate).toBe(44100);
    expect(Array.from(wav.getSamples(true, Int16Array) as unknown as Int16Array)).toEqual([1, -1, 2, -2, 3, -3]);
  });

  it('rejects bad arguments', () => {
    expect(() => encodeWav(new Float32Array(3), 16000, 2)).toThrow(InvalidArgumentError);
    expect(() => encodeWav(new Float32Array(2), 0)).toThrow(InvalidArgumentError);
  });
});

describe('decodeWav', () => {
  it('round-trips encodeWav within PCM16 precision', () => {
    const samples = sine(440, 16000, 0.1);
    const decoded = decodeWav(encodeWav(samples, 16000));
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.channels).toBe(1);
    expect(decoded.samples[0]!.length).toBe(samples.length);
    expect(maxDifference(decoded.samples[0]!, samples)).toBeLessThan(1 / 32000);
  });

  it.each([
    ['8', 1 / 100],
    ['16', 1 / 30000],
    ['24', 1 / 8_000_000],
    ['32', 1e-7],
    ['32f', 1e-7],
  ])('decodes %s-bit stereo written by wavefile', (bitDepth, tolerance) => {
    const left = Array.from(sine(300, 22050, 0.05, 0.8));
    const right = left.map((v) => -v / 2);
    const scale = bitDepth === '32f' ? 1 : bitDepth === '8' ? 127 : 2 ** (Number(bitDepth) - 1) - 1;
    const toInt = (v: number) => (bitDepth === '8' ? Math.round(v * scale) + 128 : bitDepth === '32f' ? v : Math.round(v * scale));
    const wav = new WaveFile();
    wav.fromScratch(2, 22050, bitDepth, [left.map(toInt), right.map(toInt)]);
    const decoded = decodeWav(wav.toBuffer());
    expect(decoded).toMatchObject({ sampleRate: 22050, channels: 2 });
    expect(maxDifference(decoded.samples[0]!, left)).toBeLessThan(tolerance * 2 + 1 / scale);
    expect(maxDifference(decoded.samples[1]!, right)).toBeLessThan(tolerance * 2 + 1 / scale);
  });

  it.each([
    ['A-law', 6, (wav: InstanceType<typeof WaveFile>) => wav.fromALaw()],
    ['µ-law', 7, (wav: InstanceType<typeof WaveFile>) => wav.fromMuLaw()],
  ] as const)('expands every 8-bit G.711 %s code as wavefile does', (_name, formatTag, expand) => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const bytes = new Uint8Array(encodeWav(new Int16Array(128), 8000));
    const view = new DataView(bytes.buffer);
    view.setUint16(20, formatTag, true);
    view.setUint32(28, 8000, true);
    view.setUint16(32, 1, true);
    view.setUint16(34, 8, true);
    bytes.set(codes, 44);
    const reference = new WaveFile(bytes);
    expand(reference);
    const decoded = decodeWav(bytes);
    expect(decoded).toMatchObject({ sampleRate: 8000, channels: 1 });
    expect(Array.from(decoded.samples[0]!, (v) => Math.round(v * 32768))).toEqual(Array.from(reference.getSamples(false, Int16Array) as unknown as Int16Array));
  });

  it('skips a LIST chunk with odd-size padding before the data', () => {
    const plain = new Uint8Array(encodeWav(new Int16Array([100, -200, 300]), 8000));
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([5, 0, 0, 0, 73, 78, 70, 79, 33, 0]));
    const bytes = new Uint8Array(plain.length + list.length);
    bytes.set(plain.subarray(0, 36));
    bytes.set(list, 36);
    bytes.set(plain.subarray(36), 36 + list.length);
    new DataView(bytes.buffer).setUint32(4, bytes.length - 8, true);
    const decoded = decodeWav(bytes);
    expect(Array.from(decoded.samples[0]!, (v) => Math.round(v * 32768))).toEqual([100, -200, 300]);
    expect(getWavSampleRate(bytes)).toBe(8000);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE 24-bit with a data size announced as unknown (streamed)', () => {
    const pcm = [1000, -1000, 8388607].flatMap((v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff]);
    const bytes = new Uint8Array(12 + 8 + 40 + 8 + pcm.length);
    const view = new DataView(bytes.buffer);
    const tag = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
    tag(0, 'RIFF');
    view.setUint32(4, bytes.length - 8, true);
    tag(8, 'WAVE');
    tag(12, 'fmt ');
    view.setUint32(16, 40, true);
    view.setUint16(20, 0xfffe, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, 48000, true);
    view.setUint32(28, 48000 * 3, true);
    view.setUint16(32, 3, true);
    view.setUint16(34, 24, true);
    view.setUint16(36, 22, true); // cbSize
    view.setUint16(38, 24, true); // valid bits
    view.setUint32(40, 4, true); // channel mask
    view.setUint16(44, 1, true); // sub-format GUID starts with PCM
    tag(60, 'data');
    view.setUint32(64, 0xffffffff, true);
    bytes.set(pcm, 68);
    const decoded = decodeWav(bytes);
    expect(decoded.sampleRate).toBe(48000);
    expect(Array.from(decoded.samples[0]!, (v) => Math.round(v * 8388608))).toEqual([1000, -1000, 8388607]);
  });

  it('rejects what is not a decodable WAV with InvalidArgumentError', () => {
    expect(() => decodeWav(new Uint8Array([1, 2, 3]))).toThrow(InvalidArgumentError);
    const truncated = new Uint8Array(encodeWav(new Int16Array(4), 8000)).subarray(0, 30);
    expect(() => decodeWav(truncated)).toThrow(InvalidArgumentError);
    const adpcm = new Uint8Array(encodeWav(new Int16Array(4), 8000));
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expect(() => decodeWav(adpcm)).toThrow(/unsupported encoding/);
  });
});

describe('format sniffing', () => {
  it('getWavSampleRate reads the header only', () => {
    expect(getWavSampleRate(encodeWav(new Int16Array(0), 24000))).toBe(24000);
    expect(() => getWavSampleRate(new Uint8Array(44))).toThrow(InvalidArgumentError);
  });

  it('tells WAV and MP3 apart from other bytes', () => {
    const wav = new Uint8Array(encodeWav(new Int16Array(2), 16000));
    expect(isWav(wav)).toBe(true);
    expect(isMp3(wav)).toBe(false);
    expect(isMp3(new Uint8Array([0x49, 0x44, 0x33, 4, 0]))).toBe(true);
    expect(isMp3(new Uint8Array([0xff, 0xfb, 0x90, 0x64]))).toBe(true);
    expect(isMp3(new Uint8Array([0xff, 0xf1, 0x50, 0x80]))).toBe(false);
    expect(isWav(new Uint8Array([0x52, 0x49, 0x46, 0x46]))).toBe(false);
  });
});
