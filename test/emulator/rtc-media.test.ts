import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WaveFile } from 'wavefile';
import { decodeWav16, encodeWav16, resamplePcm16 } from '../../emulator/audio/pcm16.js';
import { MediaClock } from '../../emulator/rtc/media-clock.js';
import { Playout } from '../../emulator/rtc/playout.js';
import { UploadStore } from '../../emulator/rtc/uploads.js';
import { InvalidArgumentError } from '../../src/errors.js';

const sine = (length: number, rate: number, frequency: number, amplitude = 10_000) =>
  Int16Array.from({ length }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / rate)));

const zeroCrossingHz = (samples: Int16Array, rate: number) => {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1] as number) < 0 !== (samples[i] as number) < 0) crossings++;
  return crossings / 2 / (samples.length / rate);
};

describe('WAV', () => {
  it('round-trips PCM16 mono, readable by wavefile', () => {
    const samples = sine(1600, 16_000, 440);
    const bytes = encodeWav16(samples, 16_000);
    const independent = new WaveFile(bytes);
    expect(independent.fmt).toMatchObject({ sampleRate: 16_000, numChannels: 1, bitsPerSample: 16 });
    expect(decodeWav16(bytes)).toEqual({ samples, sampleRate: 16_000 });
  });

  it.each([
    ['24-bit stereo', '24', 2],
    ['8-bit mono', '8', 1],
    ['32-bit float stereo', '32f', 2],
    ['32-bit integer mono', '32', 1],
  ])('decodes %s to mono PCM16', (_name, bitDepth, channels) => {
    const tone = Array.from(sine(441, 44_100, 1000));
    const scaled = (value: number) => {
      if (bitDepth === '8') return Math.round(value / 256) + 128;
      if (bitDepth === '24') return value * 256;
      if (bitDepth === '32') return value * 65536;
      return value / 32768;
    };
    const channel = tone.map(scaled);
    const wav = new WaveFile();
    wav.fromScratch(channels, 44_100, bitDepth, channels === 1 ? channel : [channel, channel]);
    const decoded = decodeWav16(wav.toBuffer());
    expect(decoded.sampleRate).toBe(44_100);
    expect(decoded.samples.length).toBe(441);
    for (let i = 0; i < tone.length; i++) expect(Math.abs((decoded.samples[i] as number) - (tone[i] as number))).toBeLessThanOrEqual(bitDepth === '8' ? 300 : 2);
  });

  it('takes what is there when a streamed WAV leaves its data size at 0', () => {
    const bytes = encodeWav16(sine(100, 8000, 200), 8000);
    new DataView(bytes.buffer).setUint32(40, 0, true);
    expect(decodeWav16(bytes).samples.length).toBe(100);
  });

  it('refuses what it cannot read', () => {
    expect(() => decodeWav16(new TextEncoder().encode('ID3 not a wav at all'))).toThrow(InvalidArgumentError);
    const adpcm = new WaveFile();
    adpcm.fromScratch(1, 8000, '16', new Array(1017).fill(100));
    adpcm.toIMAADPCM();
    expect(() => decodeWav16(adpcm.toBuffer())).toThrow(/unsupported/);
  });
});

describe('resampling', () => {
  it('keeps duration and pitch', () => {
    const input = sine(44_100, 44_100, 440);
    const output = resamplePcm16(input, 44_100, 16_000);
    expect(output.length).toBe(16_000);
    expect(zeroCrossingHz(output, 16_000)).toBeCloseTo(440, -1);
    expect(resamplePcm16(input, 44_100, 44_100)).toBe(input);
  });
});

describe('playout', () => {
  const frame = () => new Int16Array(160);

  it('plays in request order, waits for audio still being prepared, announces each start with its length', async () => {
    const started: Array<[string, number]> = [];
    const playout = new Playout((message, count) => started.push([message, count]));
    let resolveFirst: (samples: Int16Array) => void = () => {};
    playout.enqueue('first', new Promise((resolve) => (resolveFirst = resolve)));
    playout.enqueue('second', Promise.resolve(new Int16Array(200).fill(100)));
    await Promise.resolve();
    expect(playout.nextFrame(frame()).speaking).toBe(false);
    resolveFirst(new Int16Array(250).fill(1000));
    await Promise.resolve();
    const out = frame();
    expect(playout.nextFrame(out)).toEqual({ sumOfSquares: 160 * 1000 * 1000, speaking: true });
    const tail = frame();
    expect(playout.nextFrame(tail).sumOfSquares).toBe(90 * 1000 * 1000);
    expect(tail.subarray(90).every((s) => s === 0)).toBe(true);
    expect(started).toEqual([['first', 250]]);
    playout.nextFrame(frame());
    expect(started).toEqual([['first', 250], ['second', 200]]);
  });

  it('drops utterances whose audio failed or is empty', async () => {
    const started: string[] = [];
    const playout = new Playout((message) => started.push(message));
    playout.enqueue('broken', Promise.reject(new Error('tts down')));
    playout.enqueue('empty', Promise.resolve(new Int16Array(0)));
    playout.enqueue('fine', Promise.resolve(new Int16Array(10).fill(5)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    playout.nextFrame(frame());
    expect(started).toEqual(['fine']);
  });

  it('clear() silences the very next frame and drops the queue, even audio that arrives later', async () => {
    const started: string[] = [];
    const playout = new Playout((message) => started.push(message));
    playout.enqueue('now', Promise.resolve(new Int16Array(16_000).fill(1000)));
    let late: (samples: Int16Array) => void = () => {};
    playout.enqueue('late', new Promise((resolve) => (late = resolve)));
    await Promise.resolve();
    playout.nextFrame(frame());
    playout.clear();
    late(new Int16Array(1000).fill(1000));
    await Promise.resolve();
    expect(playout.nextFrame(frame())).toEqual({ sumOfSquares: 0, speaking: false });
    expect(started).toEqual(['now']);
    expect(playout.queued).toBe(0);
  });
});

describe('upload store', () => {
  it('keeps the newest ten and forgets uploads after five minutes', () => {
    let now = 0;
    const store = new UploadStore(10, 300_000, () => now);
    const refs = Array.from({ length: 12 }, (_, i) => store.put(new Uint8Array([i])));
    expect(new Set(refs).size).toBe(12);
    expect(store.get(refs[0] as string)).toBeNull();
    expect(store.get(refs[1] as string)).toBeNull();
    expect(store.get(refs[11] as string)).toEqual(new Uint8Array([11]));
    now = 299_999;
    expect(store.size).toBe(10);
    now = 300_001;
    expect(store.get(refs[11] as string)).toBeNull();
    expect(store.size).toBe(0);
  });
});

describe('media clock', () => {
  // Fake timers and a fake Date: the test moves time itself, so a loaded
  // machine cannot stall the clock and change what the test observes.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once per frame period against absolute times, however late its wake-ups', () => {
    const times: number[] = [];
    const clock = new MediaClock(10, 20, 10, (_index, timeMs) => times.push(timeMs), () => Date.now());
    clock.start();
    for (let step = 0; step < 25; step++) {
      // Each wake-up comes 3 ms late; aiming at absolute times keeps that from adding up.
      vi.setSystemTime(Date.now() + 3);
      vi.advanceTimersByTime(17);
    }
    clock.stop();
    const count = times.length;
    vi.advanceTimersByTime(60);
    expect(times.length).toBe(count);
    expect(count).toBeGreaterThanOrEqual(49);
    expect(count).toBeLessThanOrEqual(51);
    expect(times.every((time, index) => time === index * 10)).toBe(true);
    expect(clock.skippedFrames).toBe(0);
  });

  it('skips frames after a stall instead of bursting them', () => {
    const indexes: number[] = [];
    const clock = new MediaClock(10, 20, 5, (index) => indexes.push(index), () => Date.now());
    clock.start();
    vi.setSystemTime(Date.now() + 200);
    vi.advanceTimersByTime(30);
    clock.stop();
    expect(clock.skippedFrames).toBeGreaterThan(10);
    expect(indexes.length).toBeLessThan(15);
    expect(indexes[0]).toBe(clock.skippedFrames);
  });
});
