import { describe, expect, it } from 'vitest';
import { ChatTool } from '../../src/llm/chat-tool.js';
import type { ToolEnd, ToolFailure, ToolObserver, ToolStart } from '../../src/llm/tool-activity.js';
import { runTool } from '../../src/llm/tool-runner.js';

function recorder() {
  const seen: Array<['start', ToolStart] | ['end', ToolEnd] | ['error', ToolFailure]> = [];
  const observer: ToolObserver = {
    started: (start) => seen.push(['start', start]),
    ended: (end) => seen.push(['end', end]),
    failed: (failure) => seen.push(['error', failure]),
  };
  return { seen, observer };
}

const call = (args: string, id = 'call_1') => ({ id, type: 'function' as const, function: { name: 'get_weather', arguments: args } });
const schema = { type: 'object' as const, properties: {} };

describe('runTool tells its observer what the tool does', () => {
  it('start then end, with the arguments, the result and a duration', async () => {
    const weather = new ChatTool('get_weather', 'weather', schema, async (args: Record<string, unknown>) => ({ city: args.city, temperature: 22 }));
    const { seen, observer } = recorder();
    await runTool(weather, call('{"city":"Paris"}'), 1000, observer);
    expect(seen.map(([kind]) => kind)).toEqual(['start', 'end']);
    expect(seen[0]![1]).toMatchObject({ callId: 'call_1', name: 'get_weather', arguments: { city: 'Paris' }, at: expect.any(Number) });
    expect(seen[1]![1]).toMatchObject({ arguments: { city: 'Paris' }, result: { city: 'Paris', temperature: 22 }, durationMs: expect.any(Number) });
    expect((seen[1]![1] as ToolEnd).durationMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['throws', async () => Promise.reject(new Error('no network')), '{}', /no network/],
    ['times out', () => new Promise<object>(() => undefined), '{}', /timeout/],
    ['gets arguments that are not JSON', async () => ({}), '{city', /Invalid arguments/],
    ['returns something that is not JSON', async () => ({ big: BigInt(1) }), '{}', /not JSON-serialisable/],
  ])('start then error when the tool %s', async (_, body, args, message) => {
    const tool = new ChatTool('get_weather', 'weather', schema, body as () => Promise<object>);
    const { seen, observer } = recorder();
    const outcome = await runTool(tool, call(args), 50, observer);
    expect(seen.map(([kind]) => kind)).toEqual(['start', 'error']);
    expect((seen[1]![1] as ToolFailure).error.message).toMatch(message);
    expect(outcome.content).toMatch(/"error"/);
  });
});
