import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runBenchmark, type BenchmarkContext } from '../lib/main.js';
import type { ChannelMessage, RequestTiming, SessionTrace } from '../lib/probe.js';
import { below, seriesFigure, type Figure } from '../lib/result.js';
import { sessionFactory } from '../lib/sessions.js';
import { PUBLISHED, TARGETS } from '../lib/yardstick.js';

/** A 3-sentence answer, streamed over 1 s: the yardstick turn. */
const SENTENCES = ['Busan is a port city in Korea.', 'It is famous for its beaches and its seafood.', 'Many people visit it every summer.'];
const ANSWER = SENTENCES.join(' ');
const QUESTION = 'Tell me about Busan';
const STREAM_MS = 1000;

/** Token-level: words with their leading space, as an LLM streams them. */
const TOKENS = ANSWER.split(/(?= )/);

const PACINGS = [
  // The rule's reply as a list is streamed as exactly those chunks, `pace` ms apart.
  { key: 'token', label: 'token-level', reply: TOKENS, paceMs: Math.round(STREAM_MS / (TOKENS.length - 1)) },
  // As a string it is streamed in sentence chunks (each with its trailing space).
  { key: 'sentence', label: 'sentence-level', reply: ANSWER, paceMs: Math.round(STREAM_MS / (SENTENCES.length - 1)) },
] as const;

interface Turn {
  /** All in ms after `processChat` was called. */
  llmFirstByte: number;
  /** The network read that brought the first sentence's end mark. */
  firstEndArrived: number;
  /** The read that brought the character after it (what decides the sentence is over), or the stream's end. */
  firstEndDecided: number;
  llmEnded: number;
  ttstfSent: number;
  stfReceived: number;
  firstTtstfText: string;
  ttstfCount: number;
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

/** The assistant text the stream had delivered after each network read. */
function textAfterEachRead(llm: RequestTiming): Array<{ at: number; text: string }> {
  let body = '';
  return (llm.bodyChunks ?? []).map((chunk) => {
    body += chunk.text;
    let text = '';
    for (const line of body.split('\n')) {
      if (!line.startsWith('data: ')) continue;
      try {
        const parsed = JSON.parse(line.slice(6)) as { type?: string; content?: string };
        if (parsed.type === 'message' && typeof parsed.content === 'string') text += parsed.content;
      } catch {
        // The last line may still be incomplete.
      }
    }
    return { at: chunk.at, text };
  });
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
  const llm = trace.requests.slice(requestsFrom).find((request) => request.endpoint === 'llm/v2/');
  if (llm?.firstChunkAt === undefined || llm.endedAt === undefined) throw new Error('the turn made no complete /llm/v2/ request');
  const reads = textAfterEachRead(llm);
  const firstSentence = SENTENCES[0]!;
  const endArrived = reads.find((read) => read.text.includes(firstSentence));
  const endDecided = reads.find((read) => read.text.length > read.text.indexOf(firstSentence) + firstSentence.length && read.text.includes(firstSentence));
  if (!endArrived) throw new Error('the stream never brought the first sentence');
  const since = (at: number): number => at - startedAt;
  return {
    llmFirstByte: since(llm.firstChunkAt),
    firstEndArrived: since(endArrived.at),
    firstEndDecided: since(endDecided?.at ?? llm.endedAt),
    llmEnded: since(llm.endedAt),
    ttstfSent: since(ttstf.at),
    stfReceived: since(stf.at),
    firstTtstfText: String((ttstf.data as { message?: unknown } | undefined)?.message ?? ''),
    ttstfCount: trace.sent.slice(sentFrom).filter((message) => message.type === 'ttstf').length,
  };
}

async function measure(context: BenchmarkContext, pacing: (typeof PACINGS)[number], count: number, warmUp: number): Promise<{ figures: Figure[]; turns: Turn[] }> {
  const emulator = await startEmulatorProcess({
    port: 0,
    llm: { pace: pacing.paceMs, upstream: null, rules: [{ pattern: QUESTION, reply: pacing.reply }] },
    stt: { upstream: null },
    staticDir: false,
  });
  try {
    const factory = await sessionFactory(emulator.url, emulator.apiKey);
    const opened = await factory.open();
    const { session, trace } = opened;
    const turns: Turn[] = [];
    for (let index = 0; index < warmUp + count; index += 1) {
      const measured = await turn(trace, () => session.processChat(QUESTION));
      if (index >= warmUp) turns.push(measured);
      // Stop the avatar so every turn starts from silence.
      session.clearBuffer();
      await sleep(250);
    }
    await factory.close(opened);
    const wrongFirst = turns.filter((t) => t.firstTtstfText !== SENTENCES[0]);
    if (wrongFirst.length > 0) context.error(`${pacing.label}: the first \`ttstf\` was not the first sentence (${JSON.stringify(wrongFirst[0]!.firstTtstfText)})`);
    const label = (text: string): string => `${pacing.label}: ${text}`;
    const key = (name: string): string => `${pacing.key}.${name}`;
    const figures: Figure[] = [
      seriesFigure(key('toTtstf'), label('processChat → first `ttstf` sent'), 'ms', turns.map((t) => t.ttstfSent), {
        note: `published SDK ${PUBLISHED.firstTtstfMs} ms (it speaks each \`message\` line as it comes, fragments included)`,
      }),
      seriesFigure(key('toStf'), label('processChat → first `stf` (avatar speaks)'), 'ms', turns.map((t) => t.stfReceived), {
        note: `published SDK ${PUBLISHED.firstStfMs} ms`,
      }),
      seriesFigure(key('firstEnd'), label('processChat → first sentence end arrives'), 'ms', turns.map((t) => t.firstEndArrived)),
      seriesFigure(key('afterEnd'), label('SDK: first sentence end arrives → `ttstf` sent'), 'ms', turns.map((t) => t.ttstfSent - t.firstEndArrived), {
        target: below(TARGETS.ttstfAfterSentenceEndMs),
        note: 'includes waiting for the character after the end mark (it tells "Korea." from "3.14")',
      }),
      seriesFigure(key('afterDecided'), label('SDK: character after the end arrives → `ttstf` sent'), 'ms', turns.map((t) => t.ttstfSent - t.firstEndDecided)),
      seriesFigure(key('ttstfCount'), label('`ttstf` messages per answer'), 'count', turns.map((t) => t.ttstfCount)),
      seriesFigure(key('emulatorSpeech'), label('emulator: `ttstf` → `stf` (TTS + render start)'), 'ms', turns.map((t) => t.stfReceived - t.ttstfSent)),
    ];
    return { figures, turns };
  } finally {
    await emulator.close();
  }
}

await runBenchmark({
  name: 'first-speech',
  title: 'Time to first speech: processChat(text) with a paced 3-sentence answer over 1 s → first `ttstf` → avatar `stf`',
  async run(context) {
    const count = context.reps(15, 5);
    const warmUp = 1;
    const figures: Figure[] = [];
    const details: Record<string, unknown> = { warmUpTurnsDiscarded: warmUp, answer: ANSWER };
    for (const pacing of PACINGS) {
      context.log(`${pacing.label} pacing, ${pacing.paceMs} ms between chunks`);
      const measured = await measure(context, pacing, count, warmUp);
      figures.push(...measured.figures);
      details[`${pacing.key}TurnsMs`] = measured.turns;
    }
    return { figures, details };
  },
});
