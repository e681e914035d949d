import { describe, expect, it } from 'vitest';
import { classifyFigures, INITIAL_QUALITY_TREND, reduceQuality } from '../../machines/connection-quality.js';
import type { ConnectionFigures, ConnectionQualityLevel, QualityTrend } from '../../machines/connection-quality.js';
import { figuresBetween, readMediaCounters } from '../../src/rtc/media-stats.js';
import { PingRoundTrips } from '../../src/rtc/ping-round-trips.js';

const healthy: ConnectionFigures = {
  windowMs: 2000,
  rttMs: 4,
  pingsAnswered: 2,
  networkRttMs: 1,
  jitterMs: 2,
  packetLossPercent: 0,
  videoFps: 25,
  freezeCount: 0,
  freezeDurationMs: 0,
  audioConcealmentPercent: 0.5,
};

describe('classifyFigures', () => {
  it.each<[string, Partial<ConnectionFigures>, ConnectionQualityLevel]>([
    ['a healthy window', {}, 'excellent'],
    ['browsers that report no figures beyond frames', { rttMs: null, networkRttMs: null, jitterMs: null, packetLossPercent: null, freezeCount: null, freezeDurationMs: null, audioConcealmentPercent: null }, 'excellent'],
    ['a ping round trip past 300 ms', { rttMs: 450 }, 'good'],
    ['a ping round trip past 1 s', { rttMs: 1500 }, 'poor'],
    ['17 fps', { videoFps: 17 }, 'good'],
    ['5 fps', { videoFps: 5 }, 'poor'],
    ['one short freeze', { freezeCount: 1, freezeDurationMs: 200 }, 'good'],
    ['frozen for 40 % of the window', { freezeCount: 2, freezeDurationMs: 800 }, 'poor'],
    ['3 % packet loss', { packetLossPercent: 3 }, 'good'],
    ['10 % packet loss', { packetLossPercent: 10 }, 'poor'],
    ['50 ms jitter', { jitterMs: 50 }, 'good'],
    ['20 % of the audio concealed', { audioConcealmentPercent: 20 }, 'poor'],
    ['no frames and no ping answered', { videoFps: 0, pingsAnswered: 0, rttMs: 2100 }, 'lost'],
    ['no frames but pings answered', { videoFps: 0, pingsAnswered: 2 }, 'poor'],
  ])('%s is %s', (_, change, level) => {
    expect(classifyFigures({ ...healthy, ...change })).toBe(level);
  });
});

describe('reduceQuality', () => {
  const run = (levels: ConnectionQualityLevel[], from: QualityTrend = INITIAL_QUALITY_TREND) => {
    let trend = from;
    return levels.map((level) => (trend = reduceQuality(trend, level)).level);
  };

  it('takes the first sample as it is', () => {
    expect(run(['poor'])).toEqual(['poor']);
  });

  it('worsens after two samples in a row, to the mildest of them; lost shows at once', () => {
    expect(run(['excellent', 'poor', 'good', 'poor'])).toEqual(['excellent', 'excellent', 'good', 'good']);
    expect(run(['excellent', 'lost'])).toEqual(['excellent', 'lost']);
  });

  it('improves only after three better samples in a row, so a good sample between bad ones does not flap', () => {
    expect(run(['poor', 'excellent', 'poor', 'excellent', 'poor'])).toEqual(['poor', 'poor', 'poor', 'poor', 'poor']);
    expect(run(['poor', 'excellent', 'good', 'excellent'])).toEqual(['poor', 'poor', 'poor', 'good']);
  });

  it('a sample at the current level cancels a change under way', () => {
    expect(run(['excellent', 'poor', 'excellent', 'poor'])).toEqual(['excellent', 'excellent', 'excellent', 'excellent']);
  });
});

describe('PingRoundTrips', () => {
  it('pairs each answer with the oldest ping waiting, and forgets pings unanswered for giveUpMs', () => {
    let now = 0;
    const pings = new PingRoundTrips(() => now, 5000);
    pings.sent();
    now = 1000;
    pings.sent();
    now = 1500;
    pings.answered();
    now = 2500;
    pings.answered();
    expect(pings.take()).toEqual({ roundTripsMs: [1500, 1500], oldestWaitingMs: null });
    pings.sent();
    now = 4000;
    expect(pings.take()).toEqual({ roundTripsMs: [], oldestWaitingMs: 1500 });
    now = 8000;
    pings.sent();
    now = 8010;
    pings.answered();
    expect(pings.take()).toEqual({ roundTripsMs: [10], oldestWaitingMs: null });
    pings.sent();
    pings.reset();
    pings.answered();
    expect(pings.take()).toEqual({ roundTripsMs: [], oldestWaitingMs: null });
  });
});

/** A getStats() report as a Map, the way browsers and wrtc hand it out. */
function report(entries: Array<Record<string, unknown>>): RTCStatsReport {
  return new Map(entries.map((entry) => [entry.id as string, entry])) as unknown as RTCStatsReport;
}

function chromiumLike(frames: number, freezes: number, freezeS: number, lost: number, received: number, concealed: number, samples: number) {
  return report([
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
    { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.012 },
    { id: 'X', type: 'candidate-pair', currentRoundTripTime: 0.5 },
    { id: 'V', type: 'inbound-rtp', kind: 'video', framesDecoded: frames, freezeCount: freezes, totalFreezesDuration: freezeS, packetsLost: lost, packetsReceived: received, jitter: 0.004 },
    { id: 'A', type: 'inbound-rtp', kind: 'audio', concealedSamples: concealed, totalSamplesReceived: samples, packetsLost: 0, packetsReceived: received, jitter: 0.02 },
  ]);
}

describe('readMediaCounters and figuresBetween', () => {
  it("reads a browser's inbound-rtp counters and the selected pair, and turns two reports into the window's figures", () => {
    const first = readMediaCounters(chromiumLike(100, 1, 0.3, 0, 1000, 1000, 100_000), 10_000);
    const second = readMediaCounters(chromiumLike(120, 2, 0.8, 20, 1180, 6000, 196_000), 12_000);
    expect(second).toMatchObject({ networkRttS: 0.012, jitterS: 0.02, packetsLost: 20, packetsReceived: 2360 });
    expect(figuresBetween(first, second, { roundTripsMs: [30, 10, 20], oldestWaitingMs: 5 })).toEqual({
      windowMs: 2000,
      rttMs: 20,
      pingsAnswered: 3,
      networkRttMs: 12,
      jitterMs: 20,
      packetLossPercent: 5.26,
      videoFps: 10,
      freezeCount: 1,
      freezeDurationMs: 500,
      audioConcealmentPercent: 5.21,
    });
  });

  it("reads libwebrtc's deprecated track entries where inbound-rtp lacks freezes and concealment", () => {
    const wrtcLike = (frames: number, freezes: number) =>
      report([
        { id: 'V', type: 'inbound-rtp', kind: 'video', framesDecoded: frames, packetsLost: 0, packetsReceived: 10, trackId: 'TV' },
        { id: 'TV', type: 'track', kind: 'video', remoteSource: true, freezeCount: freezes, totalFreezesDuration: freezes * 0.5 },
        { id: 'A', type: 'inbound-rtp', kind: 'audio', packetsLost: 0, packetsReceived: 10 },
        { id: 'TA', type: 'track', kind: 'audio', remoteSource: true, concealedSamples: 0, totalSamplesReceived: 16_000 },
        { id: 'P', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.001 },
      ]);
    const figures = figuresBetween(readMediaCounters(wrtcLike(0, 0), 0), readMediaCounters(wrtcLike(50, 2), 2000), { roundTripsMs: [], oldestWaitingMs: 2500 });
    expect(figures).toMatchObject({ videoFps: 25, freezeCount: 2, freezeDurationMs: 1000, networkRttMs: 1, rttMs: 2500, pingsAnswered: 0, jitterMs: null });
  });
});
