import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { downmixToMono, resample } from '../../src/audio/resample.js';
import { amplitudeAt, frequencyByZeroCrossings, sine } from './signals.js';

describe('resample', () => {
  it.each([
    [48000, 16000],
    [22050, 16000],
    [44100, 16000],
    [24000, 16000],
    [8000, 16000],
  ])('%i Hz → %i Hz keeps the duration and a 1 kHz sine’s frequency and level', (from, to) => {
    const input = sine(1000, from, 0.5);
    const output = resample(input, from, to);
    expect(output.length).toBe(Math.round((input.length * to) / from));
    expect(frequencyByZeroCrossings(output, to)).toBeCloseTo(1000, 0);
    expect(amplitudeAt(output, to, 1000)).toBeCloseTo(0.5, 1);
  });

  it('removes content above the new Nyquist instead of folding it back (no aliasing)', () => {
    // 11 kHz is above 8 kHz (Nyquist of 16 kHz); a naive decimator would alias it to 5 kHz.
    const input = sine(11000, 48000, 0.5);
    const output = resample(input, 48000, 16000);
    expect(amplitudeAt(output, 16000, 5000)).toBeLessThan(0.005);
    const rms = Math.sqrt(output.slice(800, -800).reduce((sum, v) => sum + v * v, 0) / (output.length - 1600));
    expect(rms).toBeLessThan(0.005);
  });

  it('keeps a DC level and copies when the rates match', () => {
    const dc = new Float32Array(4800).fill(0.25);
    const out = resample(dc, 48000, 16000);
    out.forEach((v) => expect(v).toBeCloseTo(0.25, 5));
    const same = resample(dc, 16000, 16000);
    expect(same).not.toBe(dc);
    expect(same).toEqual(dc);
    expect(resample(new Float32Array(0), 48000, 16000)).toHaveLength(0);
  });

  it('rejects rates that are not positive', () => {
    expect(() => resample(new Float32Array(4), 0, 16000)).toThrow(InvalidArgumentError);
    expect(() => resample(new Float32Array(4), 16000, Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('downmixToMono', () => {
  it('averages the channels', () => {
    expect(Array.from(downmixToMono([new Float32Array([1, 0.5]), new Float32Array([0, -0.5])]))).toEqual([0.5, 0]);
    const only = new Float32Array([0.1]);
    expect(downmixToMono([only])).toEqual(only);
    expect(() => downmixToMono([])).toThrow(InvalidArgumentError);
    expect(() => downmixToMono([new Float32Array(1), new Float32Array(2)])).toThrow(InvalidArgumentError);
  });
});
