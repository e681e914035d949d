import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark } from '../lib/main.js';
import type { ChannelMessage, RequestTiming, SessionTrace } from '../lib/probe.js';
import { below, seriesFigure, type Figure } from '../lib/result.js';
import { sessionFactory } from '../lib/sessions.js';

interface Turn {
  /** All in ms after `processChat` was called. */
  llmAnswered: number;
  llmFirstByte: number;
  llmEnded: number;
  ttstfSent: number;
  stfReceived: number;
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await sleep(1);
  }
}

function firstOf(messages: ChannelMessage[], from: number, type: string): ChannelMessage | undefined {
  return messages.slice(from).find((message) => message.type === type);
}

async function turn(trace: SessionTrace, speak: () => unknown): Promise<Turn> {
  const sentFrom = trace.sent.length;
  const receivedFrom = trace.received.length;
  const requestsFrom = trace.requests.length;
  const startedAt = performance.now();
  const finished = Promise.resolve(speak());
  const ttstf = await waitFor(() => firstOf(trace.sent, sentFrom, 'ttstf'), 15_000, '`ttstf` sent');
  const stf = await waitFor(() => firstOf(trace.received, receivedFrom, 'stf'), 15_000, '`stf` received');
  await finished;
  const llm: RequestTiming | undefined = trace.requests.slice(requestsFrom).find((request) => request.endpoint === 'llm/v2/');
  if (llm?.answeredAt === undefined || llm.firstChunkAt === undefined || llm.endedAt === undefined) {
    throw new Error('the turn made no complete /llm/v2/ request');
  }
  const since = (at: number): number => at - startedAt;
  return {
    llmAnswered: since(llm.answeredAt),
    llmFirstByte: since(llm.firstChunkAt),
    llmEnded: since(llm.endedAt),
    ttstfSent: since(ttstf.at),
    stfReceived: since(stf.at),
  };
}

await runBenchmark({
  name: 'first-speech',
  title: 'Time to first speech: processChat(text) → `ttstf` sent → avatar `stf`',
  async run(context) {
    const count = context.reps(25, 8);
    const warmUp = 2;
    const emulator = await startEmulatorProcess();
    try {
      const factory = await sessionFactory(emulator.url, emulator.apiKey);
      const opened = await factory.open();
      const { session, trace } = opened;
      const turns: Turn[] = [];
      for (let index = 0; index < warmUp + count; index += 1) {
        const measured = await turn(trace, () => session.processChat('Hello! Who are you?'));
        if (index >= warmUp) turns.push(measured);
        // Stop the avatar so every turn starts from silence.
        session.clearBuffer();
        await sleep(250);
      }
      await factory.close(opened);
      const figures: Figure[] = [
        seriesFigure('toTtstf', 'processChat → first `ttstf` sent', 'ms', turns.map((t) => t.ttstfSent)),
        seriesFigure('toStf', 'processChat → avatar `stf` received', 'ms', turns.map((t) => t.stfReceived)),
        seriesFigure('llmFirstByte', 'processChat → first LLM stream byte', 'ms', turns.map((t) => t.llmFirstByte)),
        seriesFigure('sdkOverhead', 'SDK: first LLM stream byte → `ttstf` sent', 'ms', turns.map((t) => t.ttstfSent - t.llmFirstByte), {
          target: below(2),
        }),
        seriesFigure('afterStreamEnd', 'SDK: LLM stream end → `ttstf` sent', 'ms', turns.map((t) => t.ttstfSent - t.llmEnded)),
        seriesFigure('emulatorSpeech', 'emulator: `ttstf` → `stf` (TTS + render start)', 'ms', turns.map((t) => t.stfReceived - t.ttstfSent)),
      ];
      return { figures, details: { warmUpTurnsDiscarded: warmUp, turnsMs: turns } };
    } finally {
      await emulator.close();
    }
  },
});
