import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { ChatTool } from '../../src/llm/chat-tool.js';

const schema = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] };

describe('ChatTool', () => {
  it('keeps the seed positional constructor and builds its definition', () => {
    const call = (args: Record<string, unknown>) => ({ city: args.city, temperature: 22 });
    const tool = new ChatTool('get_weather', 'Weather for a city', schema, call, true);
    expect(tool).toMatchObject({ name: 'get_weather', description: 'Weather for a city', parameters: schema, call, executeOnly: true });
    expect(tool.toDefinition()).toEqual({
      type: 'function',
      function: { name: 'get_weather', description: 'Weather for a city', parameters: schema },
    });
    expect(new ChatTool('x-1', '', schema, call).executeOnly).toBe(false);
  });

  // As published, uniqueness in a session is the only naming rule.
  it.each(['has space', 'ünïcode', 'a'.repeat(65), 'dot.name', '날씨'])('takes the name %j', (name) => {
    expect(new ChatTool(name, 'd', schema, () => ({ one: 1 })).toDefinition().function.name).toBe(name);
  });

  it('rejects a name that is not a string', () => {
    expect(() => new ChatTool(42 as never, 'd', schema, () => ({ one: 1 }))).toThrow(InvalidArgumentError);
  });

  it('is generic over its arguments and result, and a typed tool fits a clientTools list (as in 1.6.1)', async () => {
    const typed = new ChatTool<{ city: string }, { temperature: number }>('get_weather', 'd', schema, async ({ city }) => ({ temperature: city.length }));
    const clientTools: ChatTool[] = [typed];
    expect(await clientTools[0]!.call({ city: 'Paris' })).toEqual({ temperature: 5 });
  });

  it('rejects a missing call function or schema', () => {
    expect(() => new ChatTool('ok', 'd', schema, undefined as never)).toThrow(InvalidArgumentError);
    expect(() => new ChatTool('ok', 'd', null as never, () => ({ one: 1 }))).toThrow(InvalidArgumentError);
  });
});
