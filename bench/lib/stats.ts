/** Order statistics of one series of repeated measurements. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/**
 * Median (mean of the two middle values for an even count) and p95 by the
 * nearest-rank method, so p95 is always a value that was actually observed.
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p95 = sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / n;
  return { n, median, p95, min: sorted[0]!, max: sorted[n - 1]!, mean };
}

/** Element-wise ratio of two series measured in alternation (a[i] / b[i]). */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  const count = Math.min(numerators.length, denominators.length);
  return Array.from({ length: count }, (_, index) => numerators[index]! / denominators[index]!);
}
