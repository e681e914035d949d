import { describe, expect, it } from 'vitest';
import { TTSDecodeError } from '../../src/errors.js';
import { TTS_TARGET_SAMPLE_RATE } from '../../src/audio/constants.js';
import { base64ToBytes, decodeTtsAudio } from '../../src/audio/tts-audio.js';
import { decodeWav, encodeWav, getWavSampleRate } from '../../src/audio/wav.js';
import { frequencyByZeroCrossings, sine } from './signals.js';

function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');
}

const mp3Frame = new Uint8Array([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]);

describe('decodeTtsAudio', () => {
  it('returns WAV bytes untouched as audio/wav by default', async () => {
    const wav = new Uint8Array(encodeWav(sine(440, 24000, 0.1), 24000));
    const blob = await decodeTtsAudio(toBase64(wav));
    expect(blob.type).toBe('audio/wav');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(wav);
  });

  it('converts 24 kHz stereo WAV to 16 kHz mono WAV with resample', async () => {
    const left = sine(1000, 24000, 0.5);
    const interleaved = new Float32Array(left.length * 2);
    left.forEach((v, i) => {
      interleaved[2 * i] = v;
      interleaved[2 * i + 1] = v;
    });
    const blob = await decodeTtsAudio(toBase64(encodeWav(interleaved, 24000, 2)), { resample: true });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(blob.type).toBe('audio/wav');
    expect(getWavSampleRate(bytes)).toBe(TTS_TARGET_SAMPLE_RATE);
    const decoded = decodeWav(bytes);
    expect(decoded.channels).toBe(1);
    expect(decoded.samples[0]!.length).toBe(8000);
    expect(frequencyByZeroCrossings(decoded.samples[0]!, 16000)).toBeCloseTo(1000, 0);
  });

  it('keeps 16 kHz mono WAV as is with resample', async () => {
    const wav = new Uint8Array(encodeWav(sine(440, 16000, 0.05), 16000));
    const blob = await decodeTtsAudio(toBase64(wav), { resample: true });
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(wav);
  });

  it('returns MP3 as audio/mpeg, and explains why it cannot resample it outside a browser', async () => {
    const blob = await decodeTtsAudio(toBase64(mp3Frame));
    expect(blob.type).toBe('audio/mpeg');
    await expect(decodeTtsAudio(toBase64(mp3Frame), { resample: true })).rejects.toThrow(/OfflineAudioContext/);
    await expect(decodeTtsAudio(toBase64(mp3Frame), { resample: true })).rejects.toBeInstanceOf(TTSDecodeError);
  });

  it.each([
    ['bytes that are neither WAV nor MP3', toBase64(new TextEncoder().encode('<html>oops</html>'))],
    ['invalid base64', '***not base64***'],
    ['an empty string', ''],
    ['a broken WAV (resampled)', toBase64(new Uint8Array(encodeWav(new Int16Array(4), 24000)).subarray(0, 30))],
  ])('rejects %s with TTSDecodeError', async (label, base64) => {
    await expect(decodeTtsAudio(base64, { resample: label.includes('resampled') })).rejects.toBeInstanceOf(TTSDecodeError);
  });
});

describe('base64ToBytes', () => {
  it('accepts URL-safe alphabet, missing padding, whitespace and a data: URL prefix', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x01]);
    const standard = Buffer.from(bytes).toString('base64');
    expect(base64ToBytes(standard)).toEqual(bytes);
    expect(base64ToBytes(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    expect(base64ToBytes(`data:audio/wav;base64,${standard.slice(0, 4)}\n${standard.slice(4)}`)).toEqual(bytes);
  });
});
