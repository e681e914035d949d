// @vitest-environment happy-dom
/** useChatTool: one ChatTool per component whose calls run the latest handler; defineTool checks the spec where it is written. */
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { ChatTool } from '../../src/client/index.js';
import { defineTool, useChatTool } from '../../react/index.js';
import { render } from './render.js';

const weather = defineTool<{ location: string }>({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  call: ({ location }) => ({ location }),
});

describe('useChatTool', () => {
  it('keeps one tool across renders and calls the handler of the latest render', async () => {
    const tools: ChatTool[] = [];
    function Owner({ unit }: { unit: string }) {
      tools.push(useChatTool<{ location: string }>({ ...weather, call: ({ location }) => ({ answer: `${location} in ${unit}` }) }));
      return null;
    }
    const view = await render(createElement(Owner, { unit: 'celsius' }));
    await view.rerender(createElement(Owner, { unit: 'fahrenheit' }));
    expect(new Set(tools).size).toBe(1);
    const tool = tools[0]!;
    expect(tool.toDefinition()).toEqual({ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weather.parameters } });
    expect(tool.executeOnly).toBe(false);
    expect(tool.call({ location: 'Paris' })).toEqual({ answer: 'Paris in fahrenheit' });
    await view.unmount();
  });

  it('defineTool rejects a bad spec where it is defined (a name that is not a string, a schema that is not an object)', () => {
    expect(() => defineTool({ name: 42 as never, description: '', parameters: { type: 'object' }, call: () => ({}) })).toThrow(/name/);
    expect(() => defineTool({ name: 'get_weather', description: '', parameters: null as never, call: () => ({}) })).toThrow(/parameters/);
  });
});
