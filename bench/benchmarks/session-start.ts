import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromiumStarter } from '../lib/chromium-start.js';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark, type BenchmarkContext } from '../lib/main.js';
import { below, seriesFigure, type Figure, type Target } from '../lib/result.js';
import { sessionFactory, type OpenedSession, type SessionFactory } from '../lib/sessions.js';
import { PHASES, timelineOf, type StartMarks, type StartTimeline } from '../lib/start-marks.js';
import { PUBLISHED, TARGETS } from '../lib/yardstick.js';

const round = (ms: number): number => Math.round(ms * 100) / 100;

async function firstFrame(opened: OpenedSession, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (opened.trace.video?.firstFrameAt === undefined && performance.now() < deadline) await sleep(5);
}

function nodeMarks(opened: OpenedSession): StartMarks {
  const { trace } = opened;
  return {
    startedAt: opened.startedAt,
    requests: trace.requests,
    localDescriptionAt: trace.localDescriptionAt,
    iceGatheringCompleteAt: trace.iceGatheringCompleteAt,
    trackAt: trace.trackAt,
    channelOpenAt: trace.channelOpenAt,
    readyAt: opened.readyAt,
    firstFrameAt: trace.video?.firstFrameAt,
  };
}

/** One figure per phase; `prefix` tells the Node and the Chromium runs apart. */
function phaseFigures(context: BenchmarkContext, timelines: StartTimeline[], prefix: { key: string; label: string }, targets: Record<string, { target: Target; note: string }> = {}): Figure[] {
  const figures: Figure[] = [];
  for (const phase of PHASES) {
    const samples = timelines.map(phase.of).filter((value): value is number => value !== null);
    const label = `${prefix.label}${phase.label}`;
    if (samples.length > 0) figures.push(seriesFigure(`${prefix.key}${phase.key}`, label, 'ms', samples, targets[phase.key] ?? {}));
    else context.error(`${label}: no samples`);
  }
  return figures;
}

async function nodeStarts(context: BenchmarkContext, factory: SessionFactory, count: number, warmUp: number) {
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
      timelines.push(timelineOf(nodeMarks(opened)));
      stateTimelines.push(opened.states.map((change) => ({ ...change, at: round(change.at - opened.startedAt) })));
      createIdMs.push(idMs);
      if (timelines.length % 10 === 0) context.log(`Node: ${timelines.length}/${count} sessions`);
    }
    await factory.close(opened);
  }
  return { timelines, createIdMs, stateTimelines };
}

async function chromiumStarts(context: BenchmarkContext, apiServer: string, factory: SessionFactory, count: number, warmUp: number): Promise<StartTimeline[]> {
  const starter = await chromiumStarter(apiServer);
  try {
    const timelines: StartTimeline[] = [];
    for (let index = 0; index < warmUp + count; index += 1) {
      const marks = await starter.start(await factory.newSessionId());
      if (index < warmUp) continue;
      timelines.push(timelineOf(marks));
      if (timelines.length % 10 === 0) context.log(`Chromium: ${timelines.length}/${count} sessions`);
    }
    return timelines;
  } finally {
    await starter.close();
  }
}

await runBenchmark({
  name: 'session-start',
  title: 'Session start: createSession → ready and → first video frame, split by phase, in Node (wrtc) and Chromium',
  async run(context) {
    const count = context.reps(30, 10);
    const warmUp = 2;
    const emulator = await startEmulatorProcess();
    try {
      const factory = await sessionFactory(emulator.url, emulator.apiKey);
      const node = await nodeStarts(context, factory, count, warmUp);
      const figures: Figure[] = [seriesFigure('createSessionId', 'createSessionId (POST /session/, not in total)', 'ms', node.createIdMs)];
      figures.push(...phaseFigures(context, node.timelines, { key: '', label: 'Node: ' }));
      const connectionReady = node.stateTimelines
        .map((changes) => changes.find((change) => change.actor === 'connection' && change.state.includes('"ready"'))?.at)
        .filter((at): at is number => at !== undefined);
      if (connectionReady.length > 0) {
        figures.push(seriesFigure('chartReady', 'Node: statechart: connection actor enters ready', 'ms', connectionReady, {
          note: 'from the inspect option; cross-checks the boundary timings',
        }));
      }
      let chromium: StartTimeline[] = [];
      try {
        chromium = await chromiumStarts(context, emulator.url, factory, count, warmUp);
        figures.push(
          ...phaseFigures(context, chromium, { key: 'chromium.', label: 'Chromium: ' }, {
            total: { target: below(TARGETS.chromiumReadyMs), note: `published SDK ${PUBLISHED.chromiumReadyMs} ms; target 0.6×` },
            firstFrame: { target: below(TARGETS.chromiumFirstFrameMs), note: `published SDK ${PUBLISHED.chromiumFirstFrameMs} ms; target 0.8×` },
          }),
        );
      } catch (error) {
        context.error(`Chromium session starts: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { figures, details: { warmUpSessionsDiscarded: warmUp, timelinesMs: node.timelines, chromiumTimelinesMs: chromium, stateTimelinesMs: node.stateTimelines } };
    } finally {
      await emulator.close();
    }
  },
});
