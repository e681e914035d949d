/**
 * Speech while the answer streams, through the session chart and the real
 * turn actor (createTurnActor over the shared turn runner): only the LLM
 * stream is a stand-in, given as bytes cut into reads.
 */
import { createActor, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../emulator/avatar/prng.js';
import type { ConnectionEvent } from '../../machines/connection.types.js';
import type { ConnectionMachine } from '../../machines/connection.machine.js';
import { sessionMachine } from '../../machines/session.machine.js';
import type { LlmRequest } from '../../machines/session.types.js';
import { createTurnActor } from '../../src/client/turn-actor.js';
import { ChatTool } from '../../src/llm/chat-tool.js';
import type { OpenLlmStream } from '../../src/llm/turn-runner.js';
import { encodeLlmLine, type LlmLinePayload } from '../../src/protocol/llm-stream.js';
import { fakeConnection } from '../machines/session-harness.js';

const ANSWER =
  'Busan is a port city in Korea. It is famous for its beaches 😀 and its seafood! Dr. Kim said it costs $2.50, e.g. for a ticket, ' +
  'and that the night market, which opens at seven, is the best place in the whole city to try everything at once: fish cakes, ' +
  'pancakes and tea. Many people visit it every summer';

const encoder = new TextEncoder();
const lines = (payloads: LlmLinePayload[]): Uint8Array => encoder.encode(payloads.map((payload) => encodeLlmLine({ status: 'success', ...payload })).join(''));
const messages = (pieces: string[]): LlmLinePayload[] => pieces.map((content) => ({ type: 'message', content }));

/** `bytes` in reads cut at random places (UTF-8 sequences included: the decoder joins them). */
function randomReads(bytes: Uint8Array, next: () => number): Uint8Array[] {
  const reads: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(next() * (next() < 0.5 ? 8 : 200));
    reads.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return reads;
}

/** `text` as an LLM could stream it: pieces of random length, a token, a word or a whole sentence. */
function randomPieces(text: string, next: () => number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; ) {
    let end = Math.min(text.length, index + 1 + Math.floor(next() * (next() < 0.7 ? 6 : 60)));
    if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end += 1;
    pieces.push(text.slice(index, end));
    index = end;
  }
  return pieces;
}

/** A stream that hands over `reads` one at a time; a read may first wait for a gate. */
function streamOf(reads: Uint8Array[], gates: ReadonlyMap<number, Promise<void>> = new Map()): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await gates.get(next);
      if (next < reads.length) controller.enqueue(reads[next++]!);
      if (next >= reads.length) controller.close();
    },
  });
}

function startChart(openStream: OpenLlmStream) {
  const received: ConnectionEvent[] = [];
  const machine = sessionMachine.provide({
    actors: { connection: fakeConnection(received) as unknown as ConnectionMachine, llmTurn: createTurnActor(openStream, 1_000) },
  });
  const actor = createActor(machine, { input: { width: 640, height: 360 } });
  actor.start();
  const spoken = (): string[] => received.flatMap((event) => (event.type === 'SEND' && event.message.type === 'ttstf' ? [event.message.data.message] : []));
  const sent = (): string[] => received.flatMap((event) => (event.type === 'SEND' ? [event.message.type] : []));
  const turn = async (request: Omit<LlmRequest, 'type'>): Promise<void> => {
    actor.send({ type: 'LLM.REQUEST', ...request });
    await waitFor(actor, (snapshot) => snapshot.context.llmTurn === null);
  };
  return { actor, spoken, sent, turn };
}

function deferred(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('a spoken turn says each speakable unit as the stream completes it', () => {
  /** What the splitter makes of the whole text at once; the last unit gets an end mark when spoken (a falling tone). */
  const UNITS = [
    'Busan is a port city in Korea.',
    'It is famous for its beaches and its seafood!',
    'Dr. Kim said it costs $2.50, e.g. for a ticket, and that the night market, which opens at seven,',
    'is the best place in the whole city to try everything at once: fish cakes, pancakes and tea.',
    'Many people visit it every summer.',
  ];

  it('gives the same units, in order, for token-level, sentence-level and random streams cut into random reads', async () => {
    const next = createPrng(12);
    const sentences = ANSWER.split(/(?<=[.!]) /).map((sentence, index, all) => (index < all.length - 1 ? `${sentence} ` : sentence));
    const streams = [ANSWER.split(/(?= )/), sentences, ...Array.from({ length: 30 }, () => randomPieces(ANSWER, next))];
    for (const pieces of streams) {
      const reads = randomReads(lines(messages(pieces)), next);
      const chart = startChart(async () => streamOf(reads));
      await chart.turn({ turnId: 't', message: 'Busan?', speak: true });
      expect(chart.spoken()).toEqual(UNITS);
      // The chat log and the history hold the whole message.
      const { context } = chart.actor.getSnapshot();
      expect(context.chatLog[0]).toMatchObject({ text: ANSWER.replace('😀', ''), isUser: false });
      expect(context.history.at(-1)).toEqual({ role: 'assistant', type: 'message', content: ANSWER.replace('😀', '') });
      chart.actor.stop();
    }
  });

  it('sends the first unit before the rest of the stream arrives, and nothing of a turn that does not speak', async () => {
    const gate = deferred();
    const reads = [lines(messages(['Busan is a port city', ' in Korea. It is'])), lines(messages([' famous.']))];
    const chart = startChart(async () => streamOf(reads, new Map([[1, gate.promise]])));
    chart.actor.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Busan?', speak: true });
    await waitFor(chart.actor, () => chart.spoken().length > 0);
    expect(chart.spoken()).toEqual(['Busan is a port city in Korea.']);
    gate.open();
    await waitFor(chart.actor, (snapshot) => snapshot.context.llmTurn === null);
    expect(chart.spoken()).toEqual(['Busan is a port city in Korea.', 'It is famous.']);

    const quiet = startChart(async () => streamOf([lines(messages(['One. ', 'Two.']))]));
    await quiet.turn({ turnId: 't2', message: 'Count', speak: false });
    expect(quiet.spoken()).toEqual([]);
  });

  it('says the text before a tool round when the tool call arrives, then the answer after it', async () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } };
    const rounds = [
      [lines([...messages(['Let me check', ' the weather']), { type: 'tool_call', content: '', tool_calls: [call] }])],
      [lines(messages(['It is ', 'sunny.']))],
    ];
    const order: string[] = [];
    const chart = startChart(async () => streamOf(rounds.shift()!));
    const tool = new ChatTool('get_weather', 'Weather', { type: 'object', properties: {} }, () => {
      order.push(...chart.spoken());
      return { sunny: true };
    });
    await chart.turn({ turnId: 't', message: 'Weather?', speak: true, tools: [tool] });
    expect(order).toEqual(['Let me check the weather.']);
    expect(chart.spoken()).toEqual(['Let me check the weather.', 'It is sunny.']);
  });

  it('clearBuffer mid-answer: what was not sent is never sent, and nothing more of the turn is spoken', async () => {
    const gate = deferred();
    const reads = [lines(messages(['First sentence. Second', ' sentence'])), lines(messages([' goes on. Third one.']))];
    const chart = startChart(async () => streamOf(reads, new Map([[1, gate.promise]])));
    chart.actor.send({ type: 'LLM.REQUEST', turnId: 't', message: 'Talk', speak: true });
    await waitFor(chart.actor, () => chart.spoken().length > 0);
    chart.actor.send({ type: 'CLEAR_BUFFER' });
    gate.open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chart.spoken()).toEqual(['First sentence.']);
    expect(chart.sent()).toEqual(['ttstf', 'clear-buffer']);
    // The text shown so far is kept, as for any cancelled turn.
    expect(chart.actor.getSnapshot().context.chatLog[0]).toMatchObject({ text: 'First sentence. Second sentence', isUser: false });
  });
});
