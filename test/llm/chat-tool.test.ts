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

  it.each(['', 'has space', 'ünïcode', 'a'.repeat(65), 'dot.name'])('rejects the name %j', (name) => {
    expect(() => new ChatTool(name, 'd', schema, () => ({ one: 1 }))).toThrow(InvalidArgumentError);
  });

  it('rejects a missing call function or schema', () => {
    expect(() => new ChatTool('ok', 'd', schema, undefined as never)).toThrow(InvalidArgumentError);
    expect(() => new ChatTool('ok', 'd', null as never, () => ({ one: 1 }))).toThrow(InvalidArgumentError);
  });
});
