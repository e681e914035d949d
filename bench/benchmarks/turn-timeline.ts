/**
 * Per-turn latency timelines as the SDK reports them (`turn-timeline`): the
 * median of each step over several `processChat` turns, in Node (wrtc) and in
 * Chromium, where the first video frame after the avatar's first `stf` is
 * marked with requestVideoFrameCallback on the bound video.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TURN_STEPS, type TurnStep, type TurnTimeline } from '../../src/client/index.js';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { openSdkPage } from '../lib/emulator-page.js';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark, type BenchmarkContext } from '../lib/main.js';
import { seriesFigure, type Figure } from '../lib/result.js';
import { sessionFactory } from '../lib/sessions.js';

const QUESTION = 'Where is Busan';
/** One short sentence, streamed in word chunks: a turn is over in a few seconds. */
const REPLY = ['Busan', ' is', ' a', ' port', ' city', ' in', ' Korea.'];
const PACE_MS = 40;

/** The spans worth a median of their own, besides each step from the turn start. */
const SPANS: ReadonlyArray<{ key: string; label: string; from: TurnStep; to: TurnStep }> = [
  { key: 'llmFirstByteAfterRequest', label: 'LLM request → first byte', from: 'llmRequestSent', to: 'llmFirstByte' },
  { key: 'ttstfAfterMessage', label: 'first `message` → first `ttstf` sent', from: 'firstMessage', to: 'firstTtstfSent' },
  { key: 'stfAfterTtstf', label: 'first `ttstf` → first `stf` (TTS + render start)', from: 'firstTtstfSent', to: 'firstStf' },
  { key: 'frameAfterStf', label: 'first `stf` → first video frame', from: 'firstStf', to: 'firstVideoFrame' },
];

function stepFigures(context: BenchmarkContext, timelines: TurnTimeline[], key: string, label: string): Figure[] {
  const figures: Figure[] = [];
  const ends = new Set(timelines.map((timeline) => timeline.end));
  if (ends.size !== 1 || !ends.has('spoken')) context.error(`${label}: not every turn ended spoken (${[...ends].join(', ')})`);
  for (const step of TURN_STEPS) {
    const samples = timelines.map((timeline) => timeline.marks[step]).filter((at): at is number => at !== undefined);
    const since = timelines.flatMap((timeline) => (timeline.marks[step] === undefined ? [] : [timeline.marks[step]! - timeline.startedAt]));
    if (samples.length === 0) continue;
    figures.push(seriesFigure(`${key}${step}`, `${label}turn start → ${step}`, 'ms', since, { ...(step === 'speechEnd' ? { note: 'the chart speaks until the announced durations + 2 s margin' } : {}) }));
  }
  for (const span of SPANS) {
    const samples = timelines.flatMap((timeline) => {
      const from = timeline.marks[span.from];
      const to = timeline.marks[span.to];
      return from === undefined || to === undefined ? [] : [to - from];
    });
    if (samples.length > 0) figures.push(seriesFigure(`${key}${span.key}`, `${label}${span.label}`, 'ms', samples));
  }
  return figures;
}

async function nodeTurns(apiServer: string, apiKey: string, count: number, warmUp: number): Promise<TurnTimeline[]> {
  const factory = await sessionFactory(apiServer, apiKey);
  const opened = await factory.open();
  try {
    const timelines: TurnTimeline[] = [];
    for (let index = 0; index < warmUp + count; index += 1) {
      const reported = new Promise<TurnTimeline>((resolve) => {
        const off = opened.session.on('turn-timeline', (timeline) => {
          off();
          resolve(timeline);
        });
      });
      await opened.session.processChat(QUESTION);
      const timeline = await reported;
      if (index >= warmUp) timelines.push(timeline);
      await sleep(100);
    }
    return timelines;
  } finally {
    await factory.close(opened);
  }
}

/** Runs in the page: the session, once, on a muted video element. */
async function openInPage({ sessionId, apiServer }: { sessionId: string; apiServer: string }): Promise<void> {
  type Session = { setSrc(video: HTMLVideoElement): void; processChat(text: string): Promise<void>; on(name: string, listener: (value: unknown) => void): () => void };
  const page = window as unknown as { __session?: Session; PersoInteractive: { createSession(options: object): Promise<Session> } };
  const session = await page.PersoInteractive.createSession({ sessionId, apiServer, width: 640, height: 360, clientTools: [] });
  const video = document.createElement('video');
  Object.assign(video, { muted: true, autoplay: true, playsInline: true });
  document.body.append(video);
  session.setSrc(video);
  page.__session = session;
}

/** Runs in the page: one turn, answered with its timeline. */
async function turnInPage(question: string): Promise<TurnTimeline> {
  const session = (window as unknown as { __session: { processChat(text: string): Promise<void>; on(name: string, listener: (value: unknown) => void): () => void } }).__session;
  const reported = new Promise<TurnTimeline>((resolve) => {
    const off = session.on('turn-timeline', (timeline) => {
      off();
      resolve(timeline as TurnTimeline);
    });
  });
  await session.processChat(question);
  return reported;
}

async function chromiumTurns(apiServer: string, sessionId: string, count: number, warmUp: number): Promise<TurnTimeline[]> {
  const browser = await launchChromium();
  try {
    const { page } = await openSdkPage(browser.context, { origin: apiServer, path: '/__bench/turn-timeline.html' });
    await page.evaluate(openInPage, { sessionId, apiServer });
    const timelines: TurnTimeline[] = [];
    for (let index = 0; index < warmUp + count; index += 1) {
      const timeline = await page.evaluate(turnInPage, QUESTION);
      if (index >= warmUp) timelines.push(timeline);
    }
    return timelines;
  } finally {
    await browser.close();
  }
}

await runBenchmark({
  name: 'turn-timeline',
  title: 'Per-turn latency timeline (`turn-timeline`): medians of each step of a spoken processChat turn, Node and Chromium',
  async run(context) {
    const count = context.reps(10, 4);
    const warmUp = 1;
    const emulator = await startEmulatorProcess({ port: 0, staticDir: false, llm: { pace: PACE_MS, upstream: null, rules: [{ pattern: QUESTION, reply: REPLY }] }, stt: { upstream: null } });
    try {
      context.log(`Node: ${count} turns`);
      const node = await nodeTurns(emulator.url, emulator.apiKey, count, warmUp);
      const figures = stepFigures(context, node, 'node.', 'Node: ');
      let chromium: TurnTimeline[] = [];
      try {
        context.log(`Chromium: ${count} turns`);
        const factory = await sessionFactory(emulator.url, emulator.apiKey);
        chromium = await chromiumTurns(emulator.url, await factory.newSessionId(), count, warmUp);
        figures.push(...stepFigures(context, chromium, 'chromium.', 'Chromium: '));
        if (chromium.some((timeline) => timeline.marks.firstVideoFrame === undefined)) context.error('Chromium: a turn has no first video frame mark');
      } catch (error) {
        context.error(`Chromium turns: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { figures, details: { warmUpTurnsDiscarded: warmUp, reply: REPLY.join(''), paceMs: PACE_MS, nodeTimelines: node, chromiumTimelines: chromium } };
    } finally {
      await emulator.close();
    }
  },
});
