/**
 * The soak scenarios: ordinary use of the published client against the
 * emulator, long enough and concurrent enough that a native crash, a lost
 * turn or a leak shows. Each returns figures and its failures (a lost turn,
 * a rejected call); the emulator's own crash is checked by the caller.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatTool } from '../src/client/index.js';
import type { ChannelMessage, SessionTrace } from '../bench/lib/probe.js';
import { sessionFactory, type OpenedSession, type SessionFactory } from '../bench/lib/sessions.js';
import { settledMemory, type EmulatorHost } from './emulator-host.js';

/** A small avatar: the soak is about lifetimes, and the client decodes every session's video. */
const SIZE = { width: 320, height: 180 };
const TURN_TIMEOUT_MS = 30_000;
/** Pings this often keep the emulator sending on the channel: one answer every few milliseconds. */
const HANG_UP_PING_MS = 2;
/** A hang-up lands at a random moment within this many milliseconds of the first answer. */
const HANG_UP_SPREAD_MS = 3;

export interface ScenarioResult {
  figures: Record<string, number | string>;
  failures: string[];
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function waitForMessage(trace: SessionTrace, from: number, type: string, timeoutMs = TURN_TIMEOUT_MS): Promise<ChannelMessage> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = trace.received.slice(from).find((message) => message.type === type);
    if (found) return found;
    if (performance.now() > deadline) throw new Error(`no \`${type}\` from the avatar within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Runs `speak` and waits for the avatar to start speaking (`stf`); answers the time to it. */
async function spokenTurn(opened: OpenedSession, speak: (session: OpenedSession['session']) => Promise<unknown>): Promise<number> {
  const from = opened.trace.received.length;
  const startedAt = performance.now();
  await Promise.all([speak(opened.session), waitForMessage(opened.trace, from, 'stf')]);
  return performance.now() - startedAt;
}

/** Forced collections on both sides, as between the turns of a long session. */
async function collectEverywhere(host: EmulatorHost): Promise<void> {
  await Promise.all([host.memory(), host.mode === 'own-process' ? settledMemory() : Promise.resolve()]);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
};

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const numerator = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const denominator = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return denominator === 0 ? NaN : numerator / denominator;
}

export async function openFactory(host: EmulatorHost): Promise<SessionFactory> {
  return sessionFactory(host.url, host.apiKey);
}

/** N concurrent sessions, each speaking T chat turns, with forced GC between turns. */
export async function concurrentTurns(host: EmulatorHost, sessions: number, turns: number): Promise<ScenarioResult> {
  const factory = await openFactory(host);
  const failures: string[] = [];
  const times: number[] = [];
  let spoken = 0;
  const opened: OpenedSession[] = [];
  // One at a time: each trace attaches to the next peer connection made.
  while (opened.length < sessions) opened.push(await factory.open(SIZE));
  await Promise.all(
    opened.map(async (session, index) => {
      for (let turn = 0; turn < turns; turn += 1) {
        try {
          times.push(await spokenTurn(session, (s) => s.processChat(`Hello! This is session ${index}, turn ${turn}. Who are you?`)));
          spoken += 1;
        } catch (error) {
          failures.push(`session ${index} turn ${turn}: ${describeError(error)}`);
        }
        session.session.clearBuffer();
        await collectEverywhere(host);
      }
    }),
  );
  await Promise.all(opened.map((session) => factory.close(session)));
  return { figures: { sessions, turns: sessions * turns, spoken, lost: sessions * turns - spoken, medianTurnMs: Math.round(median(times)), maxTurnMs: Math.round(Math.max(0, ...times)), turnTimeoutMs: TURN_TIMEOUT_MS }, failures };
}

/** create → speak → stop, again and again; the emulator's RSS after GC, and its slope after warm-up. */
export async function createSpeakStopCycles(host: EmulatorHost, cycles: number, warmUp: number, sampleEvery: number): Promise<ScenarioResult & { slopeMBPerSession: number }> {
  const factory = await openFactory(host);
  const failures: string[] = [];
  const samples: Array<[number, number]> = [];
  const heapSamples: Array<[number, number]> = [];
  const start = await host.memory();
  for (let cycle = 1; cycle <= cycles; cycle += 1) {
    try {
      const opened = await factory.open(SIZE);
      await spokenTurn(opened, async (session) => session.processTTSTF(`Cycle ${cycle}. Hello there.`));
      await factory.close(opened);
    } catch (error) {
      failures.push(`cycle ${cycle}: ${describeError(error)}`);
    }
    if (cycle >= warmUp && (cycle - warmUp) % sampleEvery === 0) {
      const { rssMB, heapUsedMB } = await host.memory();
      samples.push([cycle, rssMB]);
      heapSamples.push([cycle, heapUsedMB]);
    }
  }
  const end = await host.memory();
  const slopeMBPerSession = slope(samples);
  return {
    slopeMBPerSession,
    figures: {
      cycles,
      lost: failures.length,
      rssStartMB: round(start.rssMB),
      rssAfterWarmUpMB: round(samples[0]?.[1] ?? NaN),
      rssEndMB: round(end.rssMB),
      heapEndMB: round(end.heapUsedMB),
      rssSlopeMBPerSession: round(slopeMBPerSession, 3),
      heapSlopeMBPerSession: round(slope(heapSamples), 3),
      warmUpCycles: warmUp,
    },
    failures,
  };
}

/**
 * The ttstf path under collection pressure: peer-host speakText → Flite worker
 * → playout → RTCAudioSource.onData, one utterance queued right behind the
 * last while forced collections run in both processes (in-process: the same
 * one). It was suspected of native crashes of its own.
 */
export async function ttstfUnderGc(host: EmulatorHost, utterances: number): Promise<ScenarioResult> {
  const factory = await openFactory(host);
  const failures: string[] = [];
  const opened = await factory.open(SIZE);
  let spoken = 0;
  for (let utterance = 0; utterance < utterances; utterance += 1) {
    try {
      await spokenTurn(opened, async (session) => session.processTTSTF(`Utterance ${utterance}, while memory is collected.`));
      spoken += 1;
    } catch (error) {
      failures.push(`utterance ${utterance}: ${describeError(error)}`);
    }
    await collectEverywhere(host);
  }
  const frames = opened.trace.video?.frames ?? 0;
  await factory.close(opened);
  return { figures: { utterances, spoken, lost: utterances - spoken, videoFrames: frames }, failures };
}

/**
 * Sessions stopped while the avatar is answering: each pings every
 * HANG_UP_PING_MS, so the emulator is sending on the channel when
 * stopSession() hangs up, at a moment that varies from cycle to cycle. A
 * server send that races the client's close of the channel is what
 * @roamhq/wrtc turns into a SIGSEGV (docs/emulator.md, "Ending a link").
 */
export async function hangUpWhileAnswering(host: EmulatorHost, cycles: number): Promise<ScenarioResult> {
  const factory = await openFactory(host);
  const failures: string[] = [];
  let answered = 0;
  for (let cycle = 1; cycle <= cycles; cycle += 1) {
    try {
      const opened = await factory.open({ ...SIZE, timeouts: { pingIntervalMs: HANG_UP_PING_MS } });
      const from = opened.trace.received.length;
      await waitForMessage(opened.trace, from, 'ping');
      answered += 1;
      await sleep(Math.random() * HANG_UP_SPREAD_MS);
      await factory.close(opened);
    } catch (error) {
      failures.push(`cycle ${cycle}: ${describeError(error)}`);
    }
  }
  return { figures: { cycles, answered, lost: cycles - answered }, failures };
}

/** processTTS again and again beside a live session whose video must keep flowing. */
export async function ttsBesideLiveSession(host: EmulatorHost, requests: number): Promise<ScenarioResult> {
  const factory = await openFactory(host);
  const failures: string[] = [];
  const live = await factory.open(SIZE);
  const worker = await factory.open(SIZE);
  const framesBefore = live.trace.video?.frames ?? 0;
  const startedAt = performance.now();
  let answered = 0;
  let longestFrameGapMs = 0;
  for (let request = 0; request < requests; request += 1) {
    try {
      if (live.trace.video) live.trace.video.maxGapMs = 0;
      const blob = await worker.session.processTTS(`Request ${request}: the weather is fine today.`);
      if (!blob || blob.size < 1000) throw new Error(`processTTS answered ${blob ? `${blob.size} bytes` : 'nothing'}`);
      answered += 1;
      longestFrameGapMs = Math.max(longestFrameGapMs, live.trace.video?.maxGapMs ?? 0);
    } catch (error) {
      failures.push(`request ${request}: ${describeError(error)}`);
    }
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const fps = ((live.trace.video?.frames ?? 0) - framesBefore) / seconds;
  if (fps < 10) failures.push(`the live session's video slowed to ${fps.toFixed(1)} fps`);
  await Promise.all([factory.close(live), factory.close(worker)]);
  return { figures: { requests, answered, lost: requests - answered, liveFps: round(fps, 1), longestFrameGapMs: Math.round(longestFrameGapMs) }, failures };
}

/** Every message type on one session, in a fidelity-style script, repeated. */
export async function everyMessageType(host: EmulatorHost, rounds: number): Promise<ScenarioResult> {
  const factory = await openFactory(host);
  const failures: string[] = [];
  const toolCalls: unknown[] = [];
  const weather = new ChatTool(
    'get_weather',
    'Get current weather for a location',
    { type: 'object', properties: { location: { type: 'string', description: 'City name' } }, required: ['location'] },
    async (args) => {
      toolCalls.push(args);
      return { temperature: 22, condition: 'Sunny' };
    },
  );
  const opened = await factory.open({ ...SIZE, clientTools: [weather] });
  const { session } = opened;
  const steps: Array<[string, () => Promise<void>]> = [
    ['ttstf', () => spokenTurn(opened, async (s) => s.processTTSTF('Welcome to the soak test.')).then(() => undefined)],
    [
      'stf upload',
      async () => {
        const audio = await session.processTTS('This audio is uploaded for the avatar.');
        if (!audio) throw new Error('processTTS answered nothing');
        await spokenTurn(opened, (s) => s.processSTF(audio, 'wav', 'This audio is uploaded for the avatar.'));
      },
    ],
    [
      'change-size',
      async () => {
        session.changeSize(SIZE.width * 2, SIZE.height * 2);
        await waitForFrameSize(opened.trace, SIZE.width * 2);
        session.changeSize(SIZE.width, SIZE.height);
        await waitForFrameSize(opened.trace, SIZE.width);
      },
    ],
    [
      'clear-buffer',
      async () => {
        await spokenTurn(opened, async (s) => s.processTTSTF('A long sentence that the avatar will not finish, because the buffer is cleared.'));
        session.clearBuffer();
      },
    ],
    [
      'chat with tools',
      async () => {
        const calls = toolCalls.length;
        await spokenTurn(opened, (s) => s.processChat("What's the weather in Paris?"));
        if (toolCalls.length !== calls + 1) throw new Error('the chat did not call get_weather');
        session.clearBuffer();
      },
    ],
    [
      'tts',
      async () => {
        const audio = await session.processTTS('Text to speech only.');
        if (!audio || audio.size < 1000) throw new Error('processTTS answered no audio');
      },
    ],
    [
      'stt',
      async () => {
        if (!host.sttAvailable) return;
        const audio = await session.processTTS('Hello world.', { resample: true });
        const text = await session.transcribeAudio(audio!);
        if (!text.toLowerCase().includes('hello')) throw new Error(`transcribeAudio heard "${text}"`);
      },
    ],
  ];
  let done = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, step] of steps) {
      try {
        await step();
        done += 1;
      } catch (error) {
        failures.push(`round ${round} ${name}: ${describeError(error)}`);
      }
      await collectEverywhere(host);
    }
  }
  await factory.close(opened);
  return { figures: { rounds, steps: rounds * steps.length, done, lost: rounds * steps.length - done, stt: host.sttAvailable ? 'checked' : 'pocketsphinx missing' }, failures };
}

async function waitForFrameSize(trace: SessionTrace, width: number): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (trace.video?.width !== width) {
    if (performance.now() > deadline) throw new Error(`the video did not become ${width} wide (still ${trace.video?.width})`);
    await sleep(20);
  }
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
