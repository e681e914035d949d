/**
 * A turn timeline as a waterfall: one bar per span between two steps, in ms
 * from the turn's origin (the user's speech end for a hands-free turn, else
 * the turn start). Pure layout, no DOM: the demo and the inspector page each
 * draw it their way.
 */
import type { TurnStep, TurnTimeline } from './turn-timeline.js';

export interface WaterfallBar {
  /** The step this bar ends at. */
  step: TurnStep;
  label: string;
  fromMs: number;
  toMs: number;
}

export interface TurnWaterfall {
  /** The `performance.now()` time of 0 on the axis. */
  originAt: number;
  /** From the origin to the last step. */
  totalMs: number;
  /**
   * From the origin to the last step before the speaking: the axis worth
   * drawing, since seconds of speech would squash the latency bars to slivers.
   */
  latencyMs: number;
  bars: WaterfallBar[];
}

type From = TurnStep | 'turnStart';

/** Each span: the step it ends at, and where it starts (the first of `from` that happened). */
const SPANS: ReadonlyArray<{ step: TurnStep; label: string; from: readonly From[] }> = [
  { step: 'sttAnswered', label: 'STT', from: ['userSpeechEnd'] },
  { step: 'llmRequestSent', label: 'LLM request', from: ['sttAnswered', 'turnStart'] },
  { step: 'llmFirstByte', label: 'LLM first byte', from: ['llmRequestSent'] },
  { step: 'firstMessage', label: 'first message', from: ['llmFirstByte', 'llmRequestSent'] },
  { step: 'firstTtstfSent', label: 'speech sent', from: ['firstMessage', 'llmRequestSent'] },
  { step: 'firstStf', label: 'avatar starts', from: ['firstTtstfSent'] },
  { step: 'firstVideoFrame', label: 'first frame', from: ['firstStf'] },
  { step: 'llmStreamEnd', label: 'LLM stream', from: ['llmRequestSent', 'turnStart'] },
  { step: 'speechEnd', label: 'speaking', from: ['firstStf'] },
];

export function turnWaterfall(timeline: TurnTimeline): TurnWaterfall {
  const { marks } = timeline;
  const originAt = Math.min(marks.userSpeechEnd ?? timeline.startedAt, timeline.startedAt);
  const at = (point: From): number | undefined => (point === 'turnStart' ? timeline.startedAt : marks[point]);
  const bars: WaterfallBar[] = [];
  for (const span of SPANS) {
    const to = marks[span.step];
    const from = span.from.map(at).find((time) => time !== undefined);
    if (to === undefined || from === undefined) continue;
    bars.push({ step: span.step, label: span.label, fromMs: Math.max(0, from - originAt), toMs: Math.max(from, to) - originAt });
  }
  const lastMs = Math.max(0, ...Object.values(marks).map((time) => time - originAt));
  const latencyMs = Math.max(0, ...bars.filter((bar) => bar.step !== 'speechEnd').map((bar) => bar.toMs));
  return { originAt, totalMs: lastMs, latencyMs: latencyMs || lastMs, bars };
}
