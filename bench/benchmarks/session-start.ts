import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark } from '../lib/main.js';
import type { SessionTrace } from '../lib/probe.js';
import { seriesFigure, type Figure } from '../lib/result.js';
import { sessionFactory, type OpenedSession } from '../lib/sessions.js';

/** Milestones of one session start, in ms after `createSession` was called. */
interface StartTimeline {
  sessionInfo: number;
  iceServers: number;
  offerSent: number;
  answer: number;
  firstTrack: number;
  channelOpen: number;
  ready: number;
  firstFrame: number | null;
}

function answeredAt(trace: SessionTrace, method: string, endpoint: string): number {
  const request = trace.requests.find((candidate) => candidate.method === method && candidate.endpoint === endpoint);
  if (request?.answeredAt === undefined) throw new Error(`${method} /${endpoint} was not answered`);
  return request.answeredAt;
}

function timeline(opened: OpenedSession): StartTimeline {
  const { trace, startedAt } = opened;
  const exchange = trace.requests.find((request) => request.endpoint === 'exchange/');
  if (!exchange || trace.trackAt.length === 0 || trace.channelOpenAt === undefined) {
    throw new Error(`session ${trace.sessionId} became ready without exchange, track or open channel in the trace`);
  }
  const since = (at: number): number => at - startedAt;
  return {
    sessionInfo: since(answeredAt(trace, 'GET', '')),
    iceServers: since(answeredAt(trace, 'GET', 'ice-servers/')),
    offerSent: since(exchange.sentAt),
    answer: since(answeredAt(trace, 'POST', 'exchange/')),
    firstTrack: since(Math.min(...trace.trackAt)),
    channelOpen: since(trace.channelOpenAt),
    ready: since(opened.readyAt),
    firstFrame: trace.video?.firstFrameAt === undefined ? null : since(trace.video.firstFrameAt),
  };
}

async function firstFrame(opened: OpenedSession, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (opened.trace.video?.firstFrameAt === undefined && performance.now() < deadline) await sleep(5);
}

/** Phase durations: consecutive milestones; media and channel run in parallel after the answer. */
const phases: Array<{ key: string; label: string; of(t: StartTimeline): number | null }> = [
  { key: 'sessionInfo', label: 'phase: session info (GET /session/{id}/)', of: (t) => t.sessionInfo },
  { key: 'iceServers', label: 'phase: ICE servers (GET /ice-servers/)', of: (t) => t.iceServers - t.sessionInfo },
  { key: 'offer', label: 'phase: offer (peer, createOffer, ICE gathering)', of: (t) => t.offerSent - t.iceServers },
  { key: 'exchange', label: 'phase: exchange (POST /exchange/ round trip)', of: (t) => t.answer - t.offerSent },
  { key: 'firstMedia', label: 'phase: first media (answer → remote track)', of: (t) => t.firstTrack - t.answer },
  { key: 'channelOpen', label: 'phase: channel open (answer → message open)', of: (t) => t.channelOpen - t.answer },
  { key: 'readySignal', label: 'phase: SDK ready after last of track/open', of: (t) => t.ready - Math.max(t.firstTrack, t.channelOpen) },
  { key: 'total', label: 'createSession → ready (total)', of: (t) => t.ready },
  { key: 'firstFrame', label: 'createSession → first decoded video frame', of: (t) => t.firstFrame },
];

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
      for (let index = 0; index < warmUp + count; index += 1) {
        const idStarted = performance.now();
        const sessionId = await factory.newSessionId();
        const idMs = performance.now() - idStarted;
        const opened = await factory.open({ sessionId });
        await firstFrame(opened, 5_000);
        if (index >= warmUp) {
          timelines.push(timeline(opened));
          createIdMs.push(idMs);
        }
        await factory.close(opened);
        if ((index + 1) % 10 === 0) context.log(`${index + 1 - warmUp}/${count} sessions`);
      }
      const figures: Figure[] = [seriesFigure('createSessionId', 'createSessionId (POST /session/, not in total)', 'ms', createIdMs)];
      for (const phase of phases) {
        const samples = timelines.map(phase.of).filter((value): value is number => value !== null);
        if (samples.length > 0) figures.push(seriesFigure(phase.key, phase.label, 'ms', samples));
        else context.error(`${phase.label}: no samples`);
      }
      return { figures, details: { warmUpSessionsDiscarded: warmUp, timelinesMs: timelines } };
    } finally {
      await emulator.close();
    }
  },
});
