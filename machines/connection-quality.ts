/**
 * Connection quality: figures sampled from the WebRTC link while it is up,
 * reduced to a level with hysteresis. Pure; the sampler lives in src/client.
 */

export type ConnectionQualityLevel = 'excellent' | 'good' | 'poor' | 'lost';

/** What one sample window (about 2 s) measured; `null` where the browser reports nothing. */
export interface ConnectionFigures {
  /** Length of the window, ms. */
  windowMs: number;
  /**
   * Round trip of `ping` on the message channel, ms: the median of the
   * answers in the window, or the age of a ping still unanswered when older.
   */
  rttMs: number | null;
  /** Pings answered in the window. */
  pingsAnswered: number;
  /** The ICE candidate pair's `currentRoundTripTime`, ms. */
  networkRttMs: number | null;
  /** Inbound jitter, the worse of audio and video, ms. */
  jitterMs: number | null;
  /** Share of inbound RTP packets lost in the window, %. */
  packetLossPercent: number | null;
  /** Video frames decoded per second in the window. */
  videoFps: number | null;
  /** Video freezes that started in the window, and their total length (ms). */
  freezeCount: number | null;
  freezeDurationMs: number | null;
  /** Share of audio samples concealed (made up for missing packets) in the window, %. */
  audioConcealmentPercent: number | null;
}

export interface ConnectionQuality {
  /** The reported level (after hysteresis). */
  level: ConnectionQualityLevel;
  /** The level this sample alone measured. */
  measured: ConnectionQualityLevel;
  /** The figures of the latest sample; `null` before the first one or once the link is down. */
  figures: ConnectionFigures | null;
  /** `performance.now()` of the sample. */
  at: number;
}

type Limits = { rttMs: number; jitterMs: number; packetLossPercent: number; minVideoFps: number; freezeShare: number; audioConcealmentPercent: number };

/**
 * A figure past a `good` limit makes the sample at most `good`; past a `poor`
 * limit, `poor`. `lost`: in the window no video frame was decoded and no
 * ping was answered. Otherwise `excellent`. `freezeShare` is the frozen
 * share of the window (`good`: any freeze at all).
 */
export const QUALITY_LIMITS: { good: Limits; poor: Limits } = {
  good: { rttMs: 300, jitterMs: 30, packetLossPercent: 2, minVideoFps: 20, freezeShare: 0, audioConcealmentPercent: 3 },
  poor: { rttMs: 1000, jitterMs: 100, packetLossPercent: 8, minVideoFps: 12, freezeShare: 0.25, audioConcealmentPercent: 15 },
};

const RANK: Record<ConnectionQualityLevel, number> = { excellent: 0, good: 1, poor: 2, lost: 3 };

function pastLimits(figures: ConnectionFigures, limits: Limits): boolean {
  const above = (value: number | null, limit: number): boolean => value !== null && value > limit;
  const frozenShare = figures.freezeDurationMs === null || figures.windowMs <= 0 ? null : figures.freezeDurationMs / figures.windowMs;
  return (
    above(figures.rttMs, limits.rttMs) ||
    above(figures.jitterMs, limits.jitterMs) ||
    above(figures.packetLossPercent, limits.packetLossPercent) ||
    (figures.videoFps !== null && figures.videoFps < limits.minVideoFps) ||
    above(frozenShare, limits.freezeShare) ||
    (limits.freezeShare === 0 && (figures.freezeCount ?? 0) > 0) ||
    above(figures.audioConcealmentPercent, limits.audioConcealmentPercent)
  );
}

/** The level of one sample on its own (QUALITY_LIMITS). */
export function classifyFigures(figures: ConnectionFigures): ConnectionQualityLevel {
  if (!figures.videoFps && figures.pingsAnswered === 0) return 'lost';
  if (pastLimits(figures, QUALITY_LIMITS.poor)) return 'poor';
  if (pastLimits(figures, QUALITY_LIMITS.good)) return 'good';
  return 'excellent';
}

/** Consecutive samples a change needs: worse levels show fast (`lost` at once), better ones must hold. */
export const QUALITY_HYSTERESIS = { worseSamples: 2, lostSamples: 1, betterSamples: 3 } as const;

export interface QualityTrend {
  /** The reported level; `null` before the first sample. */
  level: ConnectionQualityLevel | null;
  /** A change under way: its direction, the level it would report and how many samples agree. */
  pending: { worse: boolean; level: ConnectionQualityLevel; samples: number } | null;
}

export const INITIAL_QUALITY_TREND: QualityTrend = { level: null, pending: null };

/**
 * Folds one sample's level into the trend. The first sample sets the level;
 * after that a different level must be measured for several samples in a row
 * (QUALITY_HYSTERESIS), and the change goes to the mildest level of that run,
 * so one bad or good sample does not flip it back and forth.
 */
export function reduceQuality(trend: QualityTrend, measured: ConnectionQualityLevel): QualityTrend {
  if (trend.level === null) return { level: measured, pending: null };
  if (measured === trend.level) return { level: trend.level, pending: null };
  const worse = RANK[measured] > RANK[trend.level];
  const previous = trend.pending?.worse === worse ? trend.pending : null;
  const mildest = (a: ConnectionQualityLevel, b: ConnectionQualityLevel) => ((worse ? RANK[a] < RANK[b] : RANK[a] > RANK[b]) ? a : b);
  const pending = { worse, level: previous ? mildest(previous.level, measured) : measured, samples: (previous?.samples ?? 0) + 1 };
  const needed = worse ? (pending.level === 'lost' ? QUALITY_HYSTERESIS.lostSamples : QUALITY_HYSTERESIS.worseSamples) : QUALITY_HYSTERESIS.betterSamples;
  return pending.samples >= needed ? { level: pending.level, pending: null } : { level: trend.level, pending };
}
