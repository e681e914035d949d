import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark } from '../lib/main.js';
import type { SessionTrace } from '../lib/probe.js';
import { seriesFigure, type Figure } from '../lib/result.js';
import { sessionFactory, type OpenedSession } from '../lib/sessions.js';

/** Milestones of one session start, in ms after `createSession` was called. */
interface StartTimeline {
  firstRequest: number;
  sessionInfoSent: number;
  sessionInfo: number;
  iceServersSent: number;
  iceServers: number;
  localDescription: number | null;
  iceGathered: number | null;
  offerSent: number;
  answer: number;
  firstTrack: number;
  channelOpen: number;
  ready: number;
  firstFrame: number | null;
}

function request(trace: SessionTrace, method: string, endpoint: string): { sentAt: number; answeredAt: number } {
  const found = trace.requests.find((candidate) => candidate.method === method && candidate.endpoint === endpoint);
  if (found?.answeredAt === undefined) throw new Error(`${method} /${endpoint} was not answered`);
  return { sentAt: found.sentAt, answeredAt: found.answeredAt };
}

function timeline(opened: OpenedSession): StartTimeline {
  const { trace, startedAt } = opened;
  if (trace.trackAt.length === 0 || trace.channelOpenAt === undefined) {
    throw new Error(`session ${trace.sessionId} became ready without a track or an open channel in the trace`);
  }
  const since = (at: number): number => at - startedAt;
  const info = request(trace, 'GET', '');
  const ice = request(trace, 'GET', 'ice-servers/');
  const exchange = request(trace, 'POST', 'exchange/');
  return {
    firstRequest: since(Math.min(...trace.requests.map((candidate) => candidate.sentAt))),
    sessionInfoSent: since(info.sentAt),
    sessionInfo: since(info.answeredAt),
    iceServersSent: since(ice.sentAt),
    iceServers: since(ice.answeredAt),
    localDescription: trace.localDescriptionAt === undefined ? null : since(trace.localDescriptionAt),
    iceGathered: trace.iceGatheringCompleteAt === undefined ? null : since(trace.iceGatheringCompleteAt),
    offerSent: since(exchange.sentAt),
    answer: since(exchange.answeredAt),
    firstTrack: since(Math.min(...trace.trackAt)),
    channelOpen: since(trace.channelOpenAt),
    ready: since(opened.readyAt),
    firstFrame: trace.video?.firstFrameAt === undefined ? null : since(trace.video.firstFrameAt),
  };
}

/**
 * Phases, in the order the SDK goes through them. Session info and ICE
 * servers are fetched in parallel (the chart's `discovering` state), and so
 * media and the channel come up in parallel after the answer: those pairs
 * are each measured from their common start.
 */
const phases: Array<{ key: string; label: string; of(t: StartTimeline): number | null }> = [
  { key: 'setup', label: 'phase: setup (createSession → first request)', of: (t) => t.firstRequest },
  { key: 'sessionInfo', label: 'phase: session info (GET /session/{id}/)', of: (t) => t.sessionInfo - t.sessionInfoSent },
  { key: 'iceServers', label: 'phase: ICE servers (GET /ice-servers/)', of: (t) => t.iceServers - t.iceServersSent },
  { key: 'discovery', label: 'phase: both answered (createSession → info + ICE)', of: (t) => Math.max(t.sessionInfo, t.iceServers) },
  { key: 'offer', label: 'phase: offer (peer, createOffer, ICE gathering)', of: (t) => t.offerSent - Math.max(t.sessionInfo, t.iceServers) },
  {
    key: 'offerCreation',
    label: '  of which: createOffer → setLocalDescription',
    of: (t) => (t.localDescription === null ? null : t.localDescription - Math.max(t.sessionInfo, t.iceServers)),
  },
  {
    key: 'iceGathering',
    label: '  of which: ICE gathering (to "complete")',
    of: (t) => (t.localDescription === null || t.iceGathered === null ? null : t.iceGathered - t.localDescription),
  },
  { key: 'exchange', label: 'phase: exchange (POST /exchange/ round trip)', of: (t) => t.answer - t.offerSent },
  { key: 'firstMedia', label: 'phase: first media (answer → remote track)', of: (t) => t.firstTrack - t.answer },
  { key: 'channelOpen', label: 'phase: channel open (answer → message open)', of: (t) => t.channelOpen - t.answer },
  { key: 'readySignal', label: 'phase: SDK ready after last of track/open', of: (t) => t.ready - Math.max(t.firstTrack, t.channelOpen) },
  { key: 'total', label: 'createSession → ready (total)', of: (t) => t.ready },
  { key: 'firstFrame', label: 'createSession → first decoded video frame', of: (t) => t.firstFrame },
];

const round = (ms: number): number => Math.round(ms * 100) / 100;

async function firstFrame(opened: OpenedSession, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (opened.trace.video?.firstFrameAt === undefined && performance.now() < deadline) await sleep(5);
}

await runBenchmark({
  name: 'session-start',
  title: 'Session start: createSession → ready, split by phase, sessions one after another',
  async run(context) {
    const count = context.reps(30, 10);
    const warmUp = 2;
    const emulator = await startEmulatorProcess();
    try {
      const factory = await sessionFactory(emulator.url, emulator.apiKey);
      const timelines: StartTimeline[] = [];
      const createIdMs: number[] = [];
      /** The statechart's own view of the same starts, to check the boundary timings against. */
      const stateTimelines: Array<Array<{ at: number; actor: string; state: string }>> = [];
      for (let index = 0; index < warmUp + count; index += 1) {
        const idStarted = performance.now();
        const sessionId = await factory.newSessionId();
        const idMs = performance.now() - idStarted;
        const opened = await factory.open({ sessionId, recordStates: true });
        await firstFrame(opened, 5_000);
        if (index >= warmUp) {
          timelines.push(timeline(opened));
          stateTimelines.push(opened.states.map((change) => ({ ...change, at: round(change.at - opened.startedAt) })));
          createIdMs.push(idMs);
          if (timelines.length % 10 === 0) context.log(`${timelines.length}/${count} sessions`);
        }
        await factory.close(opened);
      }
      const figures: Figure[] = [seriesFigure('createSessionId', 'createSessionId (POST /session/, not in total)', 'ms', createIdMs)];
      for (const phase of phases) {
        const samples = timelines.map(phase.of).filter((value): value is number => value !== null);
        if (samples.length > 0) figures.push(seriesFigure(phase.key, phase.label, 'ms', samples));
        else context.error(`${phase.label}: no samples`);
      }
      const connectionReady = stateTimelines
        .map((changes) => changes.find((change) => change.actor === 'connection' && change.state.includes('"ready"'))?.at)
        .filter((at): at is number => at !== undefined);
      if (connectionReady.length > 0) {
        figures.push(seriesFigure('chartReady', 'statechart: connection actor enters ready', 'ms', connectionReady, {
          note: 'from the inspect option; cross-checks the boundary timings',
        }));
      }
      return { figures, details: { warmUpSessionsDiscarded: warmUp, timelinesMs: timelines, stateTimelinesMs: stateTimelines } };
    } finally {
      await emulator.close();
    }
  },
});
