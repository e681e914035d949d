/**
 * A whole conversation turn through the chart on simulated time, with no
 * network: the real turn actor (src/client/turn-actor.ts) reads scripted
 * `/llm/v2/` answers, runs a client tool between two rounds, and the chart
 * asks the avatar to speak; the avatar's `stf` and the speaking deadline are
 * driven by XState's SimulatedClock alone.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import { FIRST_UTTERANCE_MARGIN_MS, NEXT_UTTERANCE_MARGIN_MS } from '../../machines/session.setup.js';
import { ChatTool } from '../../src/llm/chat-tool.js';
import type { LlmRequestBody } from '../../src/llm/turn-runner.js';
import type { LLMChunk } from '../../src/llm/types.js';
import { encodeLlmLine, LLM_DONE_LINE } from '../../src/protocol/llm-stream.js';
import type { LlmLinePayload } from '../../src/protocol/llm-stream.js';
import { createTurnActor } from '../../src/client/turn-actor.js';
import { deferred } from './connection-harness.js';
import { startSession } from './session-harness.js';

const weatherCall = { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Seoul"}' } };

/** One scripted answer: its lines, then the terminal `done` line. */
function answer(...lines: LlmLinePayload[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode([...lines.map((line) => ({ status: 'success' as const, ...line })), LLM_DONE_LINE].map(encodeLlmLine).join(''));
  return new ReadableStream({ start: (controller) => (controller.enqueue(bytes), controller.close()) });
}

function conversation() {
  const clock = new SimulatedClock();
  clock.set(1_000);
  const requests: LlmRequestBody[] = [];
  const rounds = [
    () => answer({ type: 'message', content: 'Let me check.' }, { type: 'tool_call', content: '', tool_calls: [weatherCall] }),
    () => answer({ type: 'message', content: 'It is sunny in Seoul.' }),
    () => answer({ type: 'message', content: 'You are welcome.' }),
  ];
  const openStream = async (body: LlmRequestBody) => {
    requests.push(structuredClone(body));
    return rounds[requests.length - 1]!();
  };
  const toolAnswer = deferred<{ sky: string }>();
  const weather = new ChatTool('get_weather', 'The weather in a city', { type: 'object', properties: { city: { type: 'string' } } }, () => toolAnswer.promise);
  const s = startSession({}, { clock, llmTurn: createTurnActor(openStream, 30_000) });
  s.notify({ type: 'LINK.STATUS', status: 'connected' });
  return { ...s, clock, requests, toolAnswer, weather, snapshot: () => s.actor.getSnapshot() };
}

describe('a full turn on simulated time', () => {
  it('request → chunks → tool round → speech request → stf → idle', async () => {
    const s = conversation();
    const chunks: LLMChunk[] = [];
    s.send({ type: 'LLM.REQUEST', turnId: 'turn-1', message: 'Weather in Seoul?', tools: [s.weather], speak: true, onChunk: (chunk) => chunks.push(chunk) });
    expect(s.snapshot().matches({ active: { llm: { active: 'streaming' } } })).toBe(true);
    expect(s.chatStates()).toEqual(['LLM']);

    // Round one streams its text, then asks for the tool: the chart follows the phase.
    await waitFor(s.actor, (snapshot) => snapshot.matches({ active: { llm: { active: 'runningTools' } } }));
    expect(s.requests[0]!.messages).toEqual([{ role: 'user', type: 'message', content: 'Weather in Seoul?' }]);
    expect(s.requests[0]!.tools.map((tool) => tool.function.name)).toEqual(['get_weather']);
    expect(s.snapshot().context.chatLog.map((entry) => entry.text)).toEqual(['Let me check.', 'Weather in Seoul?']);
    expect(s.sentMessages('ttstf')).toEqual([{ type: 'ttstf', data: { message: 'Let me check.' } }]);
    expect(s.chatStates()).toEqual(['ANALYZING', 'LLM']);

    // The tool answers; round two carries the exchange and streams the final answer, which the avatar is asked to speak.
    s.toolAnswer.resolve({ sky: 'clear' });
    await waitFor(s.actor, (snapshot) => snapshot.matches({ active: { llm: 'idle' } }));
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.messages.slice(-2)).toEqual([
      { role: 'assistant', type: 'tool_call', content: '', tool_calls: [weatherCall] },
      { role: 'tool', type: 'tool_call', content: '{"sky":"clear"}', tool_call_id: 'call_1' },
    ]);
    expect(s.sentMessages('ttstf')).toEqual([
      { type: 'ttstf', data: { message: 'Let me check.' } },
      { type: 'ttstf', data: { message: 'It is sunny in Seoul.' } },
    ]);
    expect(s.chatStates()).toEqual(['ANALYZING']);
    expect(s.snapshot().context.pendingSpeech).toBe(2);

    // Whoever follows the turn: every chunk from the actor at the request's onChunk, then the chart's end.
    expect(chunks.map((chunk) => chunk.type)).toEqual(['message', 'message', 'tool_call', 'tool_result', 'message', 'message']);
    expect(s.emitted.filter((e) => e.type === 'llm.end')).toEqual([{ type: 'llm.end', turnId: 'turn-1', reason: 'done' }]);

    // History and log are chart context, stamped with the chart's clock.
    expect(s.snapshot().context.history.map((entry) => entry.role)).toEqual(['user', 'assistant', 'assistant', 'tool', 'assistant']);
    expect(s.snapshot().context.chatLog.map((entry) => [entry.text, entry.isUser, entry.timestamp.getTime()])).toEqual([
      ['It is sunny in Seoul.', false, 1_000],
      ['Let me check.', false, 1_000],
      ['Weather in Seoul?', true, 1_000],
    ]);

    // The avatar starts each utterance: it speaks until their durations plus the margins have passed on the clock, not before.
    s.clock.increment(250);
    s.serverStf(1_500, 'Let me check.');
    expect(s.chatStates()).toEqual(['ANALYZING', 'SPEAKING']);
    s.clock.increment(500);
    s.serverStf(1_200, 'It is sunny in Seoul.');
    expect(s.chatStates()).toEqual(['SPEAKING']);
    const speakingUntil = 1_250 + 1_500 + FIRST_UTTERANCE_MARGIN_MS + 1_200 + NEXT_UTTERANCE_MARGIN_MS;
    expect(s.snapshot().context.speakingUntil).toBe(speakingUntil);
    s.clock.increment(speakingUntil - 1_750 - 1);
    expect(s.chatStates()).toEqual(['SPEAKING']);
    s.clock.increment(1);
    expect(s.chatStates()).toEqual([]);
    expect(s.snapshot().context.speakingUntil).toBeNull();
    expect(s.emitted.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('the next turn starts from the history the first one left in the chart', async () => {
    const s = conversation();
    s.send({ type: 'LLM.REQUEST', turnId: 'turn-1', message: 'Weather in Seoul?', tools: [s.weather] });
    s.toolAnswer.resolve({ sky: 'clear' });
    await waitFor(s.actor, (snapshot) => snapshot.matches({ active: { llm: 'idle' } }));
    const history = s.snapshot().context.history;
    expect(s.sentMessages('ttstf')).toEqual([]);
    s.send({ type: 'LLM.REQUEST', turnId: 'turn-2', message: 'Thanks!' });
    await waitFor(s.actor, (snapshot) => snapshot.context.turnCount === 2 && snapshot.matches({ active: { llm: 'idle' } }));
    expect(s.requests[2]!.messages).toEqual([...history, { role: 'user', type: 'message', content: 'Thanks!' }]);
    expect(s.snapshot().context.chatLog[0]).toMatchObject({ text: 'You are welcome.', isUser: false });
  });
});
