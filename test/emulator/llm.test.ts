import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { call, createSession, REST_SESSION, sseEvents, start, WEBRTC_SESSION } from './emulator-helpers.js';

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'City name, e.g. Paris' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location'],
    },
  },
};
const VOLUME_TOOL = {
  type: 'function',
  function: {
    name: 'set_volume',
    description: 'Change the speaker volume',
    parameters: { type: 'object', properties: { level: { type: 'integer', description: 'Volume from 0 to 100' } }, required: ['level'] },
  },
};
const SEARCH_TOOL = {
  type: 'function',
  function: {
    name: 'search_products',
    description: 'Search the product catalogue',
    parameters: { type: 'object', properties: { query: { type: 'string', description: 'What to look for' } }, required: ['query'] },
  },
};

let emulator: Emulator;
let session: string;
beforeAll(async () => {
  emulator = await start();
  session = await createSession(emulator);
});
afterAll(() => emulator.close());

const DONE = { status: 'success', type: 'done' };

/** The answer's lines before the `done` line that must close every complete answer. */
async function ask(messages: unknown[], tools: unknown[] = [], id = session, target = emulator) {
  const answer = await call(target, 'POST', `/api/v1/session/${id}/llm/v2/`, { key: null, json: { messages, tools } });
  if (answer.status !== 200) return { ...answer, events: [] };
  const lines = sseEvents(answer.text);
  expect(lines.at(-1)).toEqual(DONE);
  return { ...answer, events: lines.slice(0, -1) };
}

const textOf = (events: Array<Record<string, unknown>>) => events.filter((event) => event.type === 'message').map((event) => event.content).join('');
const user = (content: string) => ({ role: 'user', content });

describe('the LLM stream format', () => {
  it('streams `data: <json>` lines, each with status success, as text/event-stream', async () => {
    const { status, headers, text } = await ask([user('What can you do?')]);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^data: \{.*\}$/);
    const payloads = lines.slice(0, -1).map((line) => JSON.parse(line.slice(6)) as unknown);
    for (const payload of payloads.slice(0, -1)) expect(payload).toMatchObject({ status: 'success', type: 'message', content: expect.any(String) });
    // The published client commits its text only when a line of another type follows: the done line.
    expect(payloads.at(-1)).toEqual(DONE);
    expect(payloads.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a request without messages, or with tools that are not a list', async () => {
    for (const [json, attr] of [[{}, 'messages'], [{ messages: [] }, 'messages'], [{ messages: [user('hi')], tools: {} }, 'tools'], [{ messages: [user('hi')], tools: [{ type: 'function' }] }, 'tools']] as const) {
      const answer = await call<{ errors: Array<{ attr: string }> }>(emulator, 'POST', `/api/v1/session/${session}/llm/v2/`, { json });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]!.attr).toBe(attr);
    }
  });
});

describe('the scripted engine', () => {
  it('greets with the avatar name', async () => {
    expect(textOf((await ask([user('Hello!')])).events)).toMatch(/^Hello! I'm Aria\./);
    const leo = await createSession(emulator, REST_SESSION);
    expect(textOf((await ask([user('hi there')], [], leo)).events)).toContain("I'm Leo");
  });

  it.each([
    ['What is your name?', /My name is Aria/],
    ['What time is it?', /It's \d\d:\d\d UTC/],
    ['What can you do?', /call the tools/],
    ['Thanks a lot', /You're welcome/],
    ['What is 12 * 3?', /is 36\b/],
    ['Tell me about quantum computing', /You asked about quantum computing/],
  ])('answers %j sensibly', async (question, expected) => {
    expect(textOf((await ask([user(question)])).events)).toMatch(expected);
  });

  it('is deterministic for the same conversation', async () => {
    const first = textOf((await ask([user('Tell me about whales')])).events);
    expect(textOf((await ask([user('Tell me about whales')])).events)).toBe(first);
  });

  it('answers the last user message of a longer conversation', async () => {
    const { events } = await ask([user('Hello'), { role: 'assistant', type: 'message', content: "Hello! I'm Aria." }, user('what is your name')]);
    expect(textOf(events)).toMatch(/My name is Aria/);
  });

  it('calls the tool that matches the words, with arguments read from the message by the schema', async () => {
    const { events } = await ask([user("What's the weather in Paris?")], [VOLUME_TOOL, WEATHER_TOOL, SEARCH_TOOL]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'success', type: 'tool_call', tool_calls: [{ id: expect.any(String), type: 'function', function: { name: 'get_weather' } }] });
    const call = (events[0]!.tool_calls as Array<{ function: { arguments: string } }>)[0]!;
    expect(JSON.parse(call.function.arguments)).toEqual({ location: 'Paris' });
  });

  it.each([
    ['Set the volume to 30 please', VOLUME_TOOL, { level: 30 }],
    ['weather in new york in fahrenheit', WEATHER_TOOL, { location: 'New York', unit: 'fahrenheit' }],
    ['Search for red running shoes', SEARCH_TOOL, { query: 'red running shoes' }],
  ])('reads %j as %o', async (message, tool, expected) => {
    const { events } = await ask([user(message)], [VOLUME_TOOL, WEATHER_TOOL, SEARCH_TOOL].filter((item) => item !== tool).concat(tool));
    const call = (events[0]!.tool_calls as Array<{ function: { name: string; arguments: string } }>)[0]!;
    expect(call.function.name).toBe(tool.function.name);
    expect(JSON.parse(call.function.arguments)).toEqual(expected);
  });

  it('asks for a required argument the message does not give', async () => {
    const { events } = await ask([user('How is the weather?')], [WEATHER_TOOL]);
    expect(events.every((event) => event.type === 'message')).toBe(true);
    expect(textOf(events)).toMatch(/Which location/);
  });

  it('does not call a tool that has nothing to do with the message', async () => {
    const { events } = await ask([user('What is your name?')], [WEATHER_TOOL, VOLUME_TOOL]);
    expect(events.every((event) => event.type === 'message')).toBe(true);
  });

  it('answers from the tool result on the follow-up call, mentioning its values', async () => {
    const toolCall = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } };
    const messages = [
      user("What's the weather in Paris?"),
      { role: 'assistant', type: 'tool_call', content: '', tool_calls: [toolCall] },
      { role: 'tool', content: JSON.stringify({ location: 'Paris', temperature: 18, condition: 'sunny' }), tool_call_id: 'call_1' },
    ];
    const { events } = await ask(messages, [WEATHER_TOOL]);
    const text = textOf(events);
    expect(events.every((event) => event.type === 'message')).toBe(true);
    for (const value of ['Paris', '18', 'sunny']) expect(text).toContain(value);
  });

  it('reports a failed tool on the follow-up call', async () => {
    const toolCall = { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{}' } };
    const { events } = await ask([user('weather in Oslo'), { role: 'assistant', type: 'tool_call', content: '', tool_calls: [toolCall] }, { role: 'tool', content: '{"error":"service down"}', tool_call_id: 'call_2' }], [WEATHER_TOOL]);
    expect(textOf(events)).toMatch(/Sorry, get weather failed: service down/);
  });

  it("runs an MCP server's tool itself: a tool call, the tool line, then the answer in the same stream", async () => {
    const id = await createSession(emulator, { ...WEBRTC_SESSION, mcp_servers: ['mcp-clock'] });
    const first = await ask([user('What time is it in Tokyo?')], [], id);
    expect(first.events.length).toBeGreaterThan(2);
    expect(first.events.slice(2).every((event) => event.type === 'message')).toBe(true);
    expect(textOf(first.events.slice(2))).toMatch(/get world time says city is Tokyo/i);
    const call = (first.events[0]!.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>)[0]!;
    expect(call.function.name).toBe('get_world_time');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Tokyo' });
    expect(first.events[1]).toMatchObject({ status: 'success', role: 'tool', type: 'tool_call', tool_call_id: call.id });
    expect(JSON.parse(first.events[1]!.content as string)).toMatchObject({ city: 'Tokyo', timezone: 'Asia/Tokyo', time: expect.stringMatching(/^\d\d:\d\d$/) });
    const follow = await ask([user('What time is it in Tokyo?'), { role: 'assistant', type: 'tool_call', content: '', tool_calls: [call] }, { role: 'tool', content: first.events[1]!.content, tool_call_id: call.id }], [], id);
    expect(textOf(follow.events)).toMatch(/Tokyo/);
  });
});

describe('rules', () => {
  it('win over the script: text, RegExp, exact chunks; clearRules restores the script', async () => {
    emulator.llm.addRule({ pattern: 'favourite colour', reply: 'Blue. Definitely blue.' });
    emulator.llm.addRule({ pattern: /^ping$/i, reply: ['po', 'ng'] });
    expect(textOf((await ask([user('What is your FAVOURITE COLOUR?')])).events)).toBe('Blue. Definitely blue.');
    expect((await ask([user('Ping')])).events.map((event) => event.content)).toEqual(['po', 'ng']);
    expect(emulator.llm.rules).toHaveLength(2);
    emulator.llm.clearRules();
    expect(textOf((await ask([user('ping')])).events)).toMatch(/You asked about ping/);
  });

  it('call a tool, and answer the follow-up with their reply (or let the engine summarise)', async () => {
    const id = emulator.llm.addRule({ pattern: 'lights', toolCall: { name: 'toggle_lights', arguments: { on: true } }, reply: 'The lights are on.' });
    const first = await ask([user('lights please')]);
    const call = (first.events[0]!.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>)[0]!;
    expect(call.function).toEqual({ name: 'toggle_lights', arguments: '{"on":true}' });
    const history = [user('lights please'), { role: 'assistant', type: 'tool_call', content: '', tool_calls: [call] }, { role: 'tool', content: '{"ok":true}', tool_call_id: call.id }];
    expect(textOf((await ask(history)).events)).toBe('The lights are on.');
    emulator.llm.removeRule(id);
    emulator.llm.addRule({ pattern: 'lights', toolCall: { name: 'toggle_lights', arguments: '{"on": tru' } });
    const malformed = await ask([user('lights please')]);
    expect((malformed.events[0]!.tool_calls as Array<{ function: { arguments: string } }>)[0]!.function.arguments).toBe('{"on": tru');
    expect(textOf((await ask(history)).events)).toMatch(/toggle lights says ok is true/i);
    emulator.llm.clearRules();
  });

  it('are managed over HTTP with the API key', async () => {
    const added = await call<{ ids: string[] }>(emulator, 'POST', '/_emulator/llm/rules', { json: { rules: [{ regex: '^hola', reply: '¡Hola!' }, { pattern: 'bonjour', reply: 'Salut !' }] } });
    expect(added.status).toBe(201);
    expect(added.body.ids).toHaveLength(2);
    const listed = await call<Array<Record<string, unknown>>>(emulator, 'GET', '/_emulator/llm/rules');
    expect(listed.body).toEqual([
      { id: added.body.ids[0], regex: '^hola', flags: 'i', reply: '¡Hola!' },
      { id: added.body.ids[1], pattern: 'bonjour', reply: 'Salut !' },
    ]);
    expect(textOf((await ask([user('Hola amigo')])).events)).toBe('¡Hola!');
    expect((await call(emulator, 'DELETE', `/_emulator/llm/rules/${added.body.ids[0]}`)).status).toBe(200);
    expect((await call(emulator, 'GET', '/_emulator/llm/rules', { key: null })).status).toBe(401);
    const bad = await call<{ errors: Array<{ attr: string }> }>(emulator, 'POST', '/_emulator/llm/rules', { json: { regex: '(' , reply: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.attr).toBe('regex');
    await call(emulator, 'DELETE', '/_emulator/llm/rules');
    expect(emulator.llm.rules).toHaveLength(0);
  });
});

describe('pacing', () => {
  it('spaces chunks by the configured pace', async () => {
    const paced = await start({ llm: { pace: 80 } });
    try {
      const id = await createSession(paced);
      paced.llm.addRule({ pattern: 'count', reply: ['one ', 'two ', 'three ', 'four'] });
      const response = await fetch(`${paced.url}/api/v1/session/${id}/llm/v2/`, { method: 'POST', body: JSON.stringify({ messages: [user('count')] }) });
      const arrivals: number[] = [];
      const decoder = new TextDecoder();
      for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
        const lines = decoder.decode(bytes).split('\n').filter(Boolean).length;
        for (let i = 0; i < lines; i++) arrivals.push(performance.now());
      }
      expect(arrivals).toHaveLength(5);
      expect(arrivals.at(-2)! - arrivals[0]!).toBeGreaterThanOrEqual(3 * 80 * 0.9);
    } finally {
      await paced.close();
    }
  });
});
