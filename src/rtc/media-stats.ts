import type { ConnectionFigures } from '../../machines/connection-quality.js';

/** Cumulative counters of one `getStats()` report, taken at `atMs` (`performance.now()`). */
export interface MediaCounters {
  atMs: number;
  packetsReceived: number;
  packetsLost: number;
  /** Inbound jitter, the worse of audio and video, s. */
  jitterS: number | null;
  framesDecoded: number | null;
  freezeCount: number | null;
  freezesDurationS: number | null;
  concealedSamples: number | null;
  samplesReceived: number | null;
  /** The selected candidate pair's current round trip, s. */
  networkRttS: number | null;
}

type Stat = Record<string, unknown> & { type: string; id: string };

const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const sum = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

/**
 * Reads the inbound media counters of `report`. Browsers put freezes and
 * concealment on `inbound-rtp`; libwebrtc builds such as @roamhq/wrtc still
 * put them on the deprecated `track` entries, which are read when
 * `inbound-rtp` lacks them.
 */
export function readMediaCounters(report: RTCStatsReport, atMs: number): MediaCounters {
  const stats: Stat[] = [];
  report.forEach((stat: Stat) => stats.push(stat));
  const counters: MediaCounters = {
    atMs,
    packetsReceived: 0,
    packetsLost: 0,
    jitterS: null,
    framesDecoded: null,
    freezeCount: null,
    freezesDurationS: null,
    concealedSamples: null,
    samplesReceived: null,
    networkRttS: null,
  };
  const tracks = stats.filter((stat) => stat.type === 'track' && stat.remoteSource === true);
  const trackOf = (kind: string) => tracks.find((stat) => stat.kind === kind);
  for (const stat of stats) {
    if (stat.type !== 'inbound-rtp') continue;
    const kind = stat.kind ?? stat.mediaType;
    const track = trackOf(String(kind));
    const pick = (key: string): number | null => numberOf(stat[key]) ?? numberOf(track?.[key]);
    counters.packetsReceived += numberOf(stat.packetsReceived) ?? 0;
    counters.packetsLost += Math.max(0, numberOf(stat.packetsLost) ?? 0);
    const jitter = numberOf(stat.jitter);
    if (jitter !== null) counters.jitterS = Math.max(counters.jitterS ?? 0, jitter);
    if (kind === 'video') {
      counters.framesDecoded = sum(counters.framesDecoded, pick('framesDecoded'));
      counters.freezeCount = sum(counters.freezeCount, pick('freezeCount'));
      counters.freezesDurationS = sum(counters.freezesDurationS, pick('totalFreezesDuration'));
    } else if (kind === 'audio') {
      counters.concealedSamples = sum(counters.concealedSamples, pick('concealedSamples'));
      counters.samplesReceived = sum(counters.samplesReceived, pick('totalSamplesReceived'));
    }
  }
  counters.networkRttS = selectedPairRtt(stats);
  return counters;
}

function selectedPairRtt(stats: Stat[]): number | null {
  const transport = stats.find((stat) => stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string');
  const pair =
    stats.find((stat) => stat.type === 'candidate-pair' && stat.id === transport?.selectedCandidatePairId) ??
    stats.find((stat) => stat.type === 'candidate-pair' && stat.nominated === true && stat.state === 'succeeded');
  return numberOf(pair?.currentRoundTripTime);
}

export interface PingFigures {
  roundTripsMs: number[];
  oldestWaitingMs: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const delta = (next: number | null, previous: number | null): number | null =>
  next === null || previous === null ? null : Math.max(0, next - previous);
const percent = (part: number | null, whole: number | null): number | null => (part === null || !whole ? null : (part / whole) * 100);
const round = (value: number | null, digits = 1): number | null => (value === null ? null : Number(value.toFixed(digits)));

/** The figures of the window between two reports, with the pings answered in it. */
export function figuresBetween(previous: MediaCounters, next: MediaCounters, pings: PingFigures): ConnectionFigures {
  const windowMs = Math.max(0, next.atMs - previous.atMs);
  const answeredRtt = median(pings.roundTripsMs);
  const rttMs = answeredRtt === null && pings.oldestWaitingMs === null ? null : Math.max(answeredRtt ?? 0, pings.oldestWaitingMs ?? 0);
  const lost = delta(next.packetsLost, previous.packetsLost) ?? 0;
  const received = delta(next.packetsReceived, previous.packetsReceived) ?? 0;
  const frames = delta(next.framesDecoded, previous.framesDecoded);
  const freezesS = delta(next.freezesDurationS, previous.freezesDurationS);
  return {
    windowMs: Math.round(windowMs),
    rttMs: round(rttMs),
    pingsAnswered: pings.roundTripsMs.length,
    networkRttMs: round(next.networkRttS === null ? null : next.networkRttS * 1000),
    jitterMs: round(next.jitterS === null ? null : next.jitterS * 1000),
    packetLossPercent: round(percent(lost, lost + received), 2),
    videoFps: round(frames === null || windowMs === 0 ? null : (frames * 1000) / windowMs),
    freezeCount: delta(next.freezeCount, previous.freezeCount),
    freezeDurationMs: round(freezesS === null ? null : freezesS * 1000, 0),
    audioConcealmentPercent: round(percent(delta(next.concealedSamples, previous.concealedSamples), delta(next.samplesReceived, previous.samplesReceived)), 2),
  };
}
