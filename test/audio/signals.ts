/** Test signals and measurements. */
export function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return samples;
}

/** Frequency from the zero crossings of the middle of the signal (edges skipped). */
export function frequencyByZeroCrossings(samples: Float32Array, sampleRate: number): number {
  const from = Math.floor(samples.length * 0.1);
  const to = Math.floor(samples.length * 0.9);
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const periods = crossings.length - 1;
  return (periods * sampleRate) / (crossings.at(-1)! - crossings[0]!);
}

/** Amplitude of one frequency in the middle of the signal (a single DFT bin, Hann-windowed). */
export function amplitudeAt(samples: Float32Array, sampleRate: number, frequency: number): number {
  const from = Math.floor(samples.length * 0.1);
  const n = Math.floor(samples.length * 0.8);
  let re = 0;
  let im = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const angle = (2 * Math.PI * frequency * i) / sampleRate;
    re += samples[from + i]! * w * Math.cos(angle);
    im -= samples[from + i]! * w * Math.sin(angle);
    windowSum += w;
  }
  return (2 * Math.hypot(re, im)) / windowSum;
}
