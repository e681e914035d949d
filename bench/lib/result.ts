import type { Environment } from './environment.js';
import { summarize, type Summary } from './stats.js';

/** A target a figure is held to; it is checked against the median. */
export interface Target {
  comparison: '<=' | '>=' | '<' | '>';
  value: number;
}

export interface Figure {
  key: string;
  label: string;
  unit: string;
  /** Repeated measurements: median, p95, min, max. */
  summary?: Summary;
  /** A single measured value (a size, a count) that has no spread. */
  value?: number;
  target?: Target;
  /** Whether the median (or value) meets the target; absent without a target. */
  met?: boolean;
  note?: string;
  /** Kept in the JSON but left out of the printed table, which shows the headline figures. */
  detail?: boolean;
}

export interface BenchmarkResult {
  name: string;
  title: string;
  quick: boolean;
  environment: Environment;
  durationMs: number;
  figures: Figure[];
  /** Raw samples and anything else a reader needs to re-derive the figures. */
  details: Record<string, unknown>;
  /** What could not be measured, and why. */
  errors: string[];
}

function meets(value: number, target: Target): boolean {
  switch (target.comparison) {
    case '<=': return value <= target.value;
    case '>=': return value >= target.value;
    case '<': return value < target.value;
    case '>': return value > target.value;
  }
}

interface FigureOptions {
  target?: Target;
  note?: string;
  detail?: boolean;
}

export function seriesFigure(key: string, label: string, unit: string, samples: readonly number[], options: FigureOptions = {}): Figure {
  const summary = summarize(samples);
  return {
    key, label, unit, summary,
    ...(options.target ? { target: options.target, met: meets(summary.median, options.target) } : {}),
    ...(options.note ? { note: options.note } : {}),
    ...(options.detail ? { detail: true } : {}),
  };
}

export function valueFigure(key: string, label: string, unit: string, value: number, options: FigureOptions = {}): Figure {
  return {
    key, label, unit, value,
    ...(options.target ? { target: options.target, met: meets(value, options.target) } : {}),
    ...(options.note ? { note: options.note } : {}),
    ...(options.detail ? { detail: true } : {}),
  };
}

/**
 * A rate (MB/s, events/s) from repeated timings of the same `amount` of work.
 * Its columns are the rates of the time order statistics, so `p95` is the
 * rate at the 95th-percentile time — the slow tail, as for a latency — and
 * `min` is the rate of the slowest run.
 */
export function rateFigure(key: string, label: string, unit: string, amount: number, timesS: readonly number[], options: FigureOptions = {}): Figure {
  const times = summarize(timesS);
  const summary: Summary = {
    n: times.n,
    median: amount / times.median,
    p95: amount / times.p95,
    min: amount / times.max,
    max: amount / times.min,
    mean: amount / times.mean,
  };
  return {
    key, label, unit, summary,
    ...(options.target ? { target: options.target, met: meets(summary.median, options.target) } : {}),
    ...(options.note ? { note: options.note } : {}),
    ...(options.detail ? { detail: true } : {}),
  };
}

export const atMost = (value: number): Target => ({ comparison: '<=', value });
export const atLeast = (value: number): Target => ({ comparison: '>=', value });
export const below = (value: number): Target => ({ comparison: '<', value });
