/**
 * Tool activity as session events (`tool-start`, `tool-end`, `tool-error`):
 * the SDK against the emulator, whose scripted model calls the client tool
 * that matches the question, over real WebRTC.
 */
import { describe, expect, it, vi } from 'vitest';
import { ChatTool } from '../../src/client/index.js';
import type { Session, ToolEnd, ToolFailure, ToolStart } from '../../src/client/index.js';
import { useSessionFixture } from './harness.js';

vi.setConfig({ testTimeout: 60_000 });

const fixture = useSessionFixture();
const schema = { type: 'object' as const, properties: { location: { type: 'string', description: 'City name' } }, required: ['location'] };

type Seen = ['tool-start', ToolStart] | ['tool-end', ToolEnd] | ['tool-error', ToolFailure] | ['answered', string];

/** Everything the app hears, in order: the three tool events and, from `subscribeChatLog`, each finished answer. */
function listen(session: Session): Seen[] {
  const seen: Seen[] = [];
  session.on('tool-start', (start) => seen.push(['tool-start', start]));
  session.on('tool-end', (end) => seen.push(['tool-end', end]));
  session.on('tool-error', (failure) => seen.push(['tool-error', failure]));
  session.subscribeChatLog((log) => {
    if (log[0] && !log[0].isUser) seen.push(['answered', log[0].text]);
  });
  return seen;
}

describe('tool activity is on the session’s event map', () => {
  it('processChat: tool-start with the arguments, then tool-end with the result and the duration, before the answer', async () => {
    const weather = new ChatTool('get_weather', 'Get current weather for a location', schema, async () => ({ temperature: 22, condition: 'Sunny' }));
    const session = await fixture.open({ clientTools: [weather] });
    const seen = listen(session);
    await session.processChat("What's the weather in Paris?");
    expect(seen.map(([name]) => name)).toEqual(['tool-start', 'tool-end', 'answered']);
    const [, start] = seen[0] as ['tool-start', ToolStart];
    const [, end] = seen[1] as ['tool-end', ToolEnd];
    expect(start).toEqual({ callId: expect.any(String), name: 'get_weather', arguments: { location: 'Paris' }, at: expect.any(Number) });
    expect(end).toMatchObject({ callId: start.callId, name: 'get_weather', arguments: { location: 'Paris' }, at: start.at, result: { temperature: 22, condition: 'Sunny' } });
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('processLLM: a tool that throws is a tool-error with the error; the model hears it and the turn goes on', async () => {
    const weather = new ChatTool('get_weather', 'Get current weather for a location', schema, async () => {
      throw new Error('the weather service is down');
    });
    const session = await fixture.open();
    const seen = listen(session);
    const types: string[] = [];
    for await (const chunk of session.processLLM({ message: "What's the weather in Seoul?", tools: [weather] })) types.push(chunk.type);
    expect(types).toContain('tool_result');
    expect(types.at(-1)).toBe('message');
    const tools = seen.filter(([name]) => name !== 'answered');
    expect(tools.map(([name]) => name)).toEqual(['tool-start', 'tool-error']);
    const [, failure] = tools[1] as ['tool-error', ToolFailure];
    expect(failure).toMatchObject({ name: 'get_weather', arguments: { location: 'Seoul' } });
    expect(failure.error).toBeInstanceOf(Error);
    expect(failure.error.message).toBe('the weather service is down');
    expect(failure.durationMs).toBeGreaterThanOrEqual(0);
  });
});
