import { fromCallback } from 'xstate';
import { classifyFigures, INITIAL_QUALITY_TREND, reduceQuality } from '../../machines/connection-quality.js';
import type { ConnectionEvent } from '../../machines/connection.types.js';
import { figuresBetween, readMediaCounters } from '../rtc/media-stats.js';
import type { MediaCounters } from '../rtc/media-stats.js';
import type { PeerLink } from '../rtc/peer-link.js';
import type { PingRoundTrips } from '../rtc/ping-round-trips.js';

export const DEFAULT_QUALITY_SAMPLE_INTERVAL_MS = 2000;

export interface QualityMonitorOptions {
  /** The link to sample (the peer actor's current one). */
  link: () => PeerLink | null;
  pings: PingRoundTrips;
  /** @default 2000 */
  intervalMs?: number;
  now?: () => number;
}

/**
 * The connection machine's `qualityMonitor`: while the link is ready, every
 * `intervalMs` it reads `getStats()` and the ping round trips, and sends back
 * the window's figures and level (`QUALITY.SAMPLED`). Samples follow each
 * other (never overlap); a report the closing link cannot give is skipped.
 */
export function createQualityMonitor(options: QualityMonitorOptions) {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? DEFAULT_QUALITY_SAMPLE_INTERVAL_MS;
  return fromCallback<ConnectionEvent>(({ sendBack }) => {
    let previous: MediaCounters | null = null;
    let trend = INITIAL_QUALITY_TREND;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = true;

    const sample = async (): Promise<void> => {
      const link = options.link();
      if (!link) return;
      const report = await link.pc.getStats();
      if (!running) return;
      const counters = readMediaCounters(report, now());
      const pings = options.pings.take();
      if (previous) {
        const figures = figuresBetween(previous, counters, pings);
        const measured = classifyFigures(figures);
        trend = reduceQuality(trend, measured);
        sendBack({ type: 'QUALITY.SAMPLED', quality: { level: trend.level ?? measured, measured, figures, at: counters.atMs } });
      }
      previous = counters;
    };
    const schedule = (): void => {
      timer = setTimeout(() => {
        sample()
          .catch(() => undefined)
          .finally(() => running && schedule());
      }, intervalMs);
    };

    sample().catch(() => undefined).finally(() => running && schedule());
    return () => {
      running = false;
      if (timer) clearTimeout(timer);
    };
  });
}
