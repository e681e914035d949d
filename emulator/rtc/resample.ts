/**
 * Linear-interpolation resampling of mono PCM16. Plenty for an emulator's
 * speech (the avatar's mouth and an STT engine do not hear the difference),
 * and cheap on a shared CPU.
 */
export function resamplePcm16(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || samples.length === 0) return samples;
  const outLength = Math.max(1, Math.round((samples.length * toRate) / fromRate));
  const out = new Int16Array(outLength);
  const step = fromRate / toRate;
  const last = samples.length - 1;
  for (let i = 0; i < outLength; i++) {
    const position = i * step;
    const index = Math.floor(position);
    const a = samples[Math.min(index, last)] as number;
    const b = samples[Math.min(index + 1, last)] as number;
    out[i] = Math.round(a + (b - a) * (position - index));
  }
  return out;
}
