import { describe, expect, it } from 'vitest';
import type { TurnTimeline } from '../../src/client/turn-timeline.js';
import { turnWaterfall } from '../../src/client/turn-waterfall.js';

const timeline = (marks: TurnTimeline['marks'], startedAt = 100): TurnTimeline => ({ turnId: 't', startedAt, marks, end: 'spoken', endedAt: 2000 });

describe('turnWaterfall', () => {
  it('lays a spoken turn out as one bar per span, in ms from the turn start', () => {
    const waterfall = turnWaterfall(
      timeline({ llmRequestSent: 101, llmFirstByte: 150, firstMessage: 160, firstTtstfSent: 161, firstStf: 400, firstVideoFrame: 430, llmStreamEnd: 300, speechEnd: 1500 }),
    );
    expect(waterfall.originAt).toBe(100);
    expect(waterfall.totalMs).toBe(1400);
    expect(waterfall.latencyMs).toBe(330);
    expect(waterfall.bars.map((bar) => [bar.step, bar.fromMs, bar.toMs])).toEqual([
      ['llmRequestSent', 0, 1],
      ['llmFirstByte', 1, 50],
      ['firstMessage', 50, 60],
      ['firstTtstfSent', 60, 61],
      ['firstStf', 61, 300],
      ['firstVideoFrame', 300, 330],
      ['llmStreamEnd', 1, 200],
      ['speechEnd', 300, 1400],
    ]);
  });

  it('starts a hands-free turn at the user speech end, and bridges steps that did not happen', () => {
    const waterfall = turnWaterfall(timeline({ userSpeechEnd: 40, sttAnswered: 90, llmRequestSent: 105, firstMessage: 130, llmStreamEnd: 140 }));
    expect(waterfall.originAt).toBe(40);
    expect(waterfall.bars.map((bar) => [bar.step, bar.fromMs, bar.toMs])).toEqual([
      ['sttAnswered', 0, 50],
      ['llmRequestSent', 50, 65],
      ['firstMessage', 65, 90],
      ['llmStreamEnd', 65, 100],
    ]);
  });

  it('draws no bar for a turn that ended before any step', () => {
    expect(turnWaterfall(timeline({}))).toEqual({ originAt: 100, totalMs: 0, latencyMs: 0, bars: [] });
  });
});
