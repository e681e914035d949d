import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { call, createSession, sseEvents, start } from './emulator-helpers.js';

interface Seen {
  url: string;
  authorization: string | undefined;
  body: Record<string, any>;
}

/** A tiny OpenAI-compatible server: streams a text answer, or a tool call split over deltas, or fails. */
function fakeOpenAi(seen: Seen[]): Server {
  return createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as Record<string, any>;
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
    const last = body.messages.at(-1);
    if (last.content === 'fail') {
      res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":{"message":"model overloaded"}}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const send = (delta: unknown, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    if (last.role === 'user' && /weather/.test(last.content)) {
      send({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_up', type: 'function', function: { name: 'get_weather', arguments: '' } }] });
      send({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] });
      send({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, 'tool_calls');
    } else {
      for (const piece of ['Bonjour', ', ', 'le monde.']) send({ content: piece });
      send({}, 'stop');
    }
    res.end('data: [DONE]\n\n');
  });
}

let upstream: Server;
let emulator: Emulator;
const seen: Seen[] = [];

beforeAll(async () => {
  upstream = fakeOpenAi(seen);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const port = (upstream.address() as AddressInfo).port;
  emulator = await start({
    llm: { upstream: undefined },
    env: { PERSO_EMULATOR_LLM_URL: `http://127.0.0.1:${port}/v1/`, PERSO_EMULATOR_LLM_MODEL: 'tiny-model', PERSO_EMULATOR_LLM_KEY: 'sk-test' },
  });
});
afterAll(async () => {
  await emulator.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const WEATHER_TOOL = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };

describe('the upstream LLM engine (PERSO_EMULATOR_LLM_*)', () => {
  it('is reported as the active engine', () => {
    expect(emulator.engines.llm).toMatch(/^upstream tiny-model at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions$/);
  });

  it('translates text deltas into Perso message lines', async () => {
    const id = await createSession(emulator);
    const { status, text } = await call(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: [{ role: 'user', content: 'Say hello in French' }], tools: [] } });
    expect(status).toBe(200);
    const events = sseEvents(text);
    expect(events.pop()).toEqual({ status: 'success', type: 'done' });
    expect(events.every((event) => event.status === 'success' && event.type === 'message')).toBe(true);
    expect(events.map((event) => event.content).join('')).toBe('Bonjour, le monde.');
    const request = seen.at(-1)!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({ model: 'tiny-model', stream: true });
    expect(request.body.messages[0]).toEqual({ role: 'system', content: expect.stringContaining('assistant') });
    expect(request.body).not.toHaveProperty('tools');
  });

  it('assembles streamed tool-call deltas into one Perso tool_call line, and maps the history back', async () => {
    const id = await createSession(emulator);
    const first = await call(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER_TOOL] } });
    expect(sseEvents(first.text)).toEqual([
      { status: 'success', type: 'tool_call', content: '', tool_calls: [{ id: 'call_up', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
      { status: 'success', type: 'done' },
    ]);
    expect(seen.at(-1)!.body.tools).toEqual([WEATHER_TOOL]);

    const history = [
      { role: 'user', content: 'weather in Paris?' },
      { role: 'assistant', type: 'tool_call', content: '', tool_calls: [{ id: 'call_up', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
      { role: 'tool', content: '{"temperature":18}', tool_call_id: 'call_up' },
    ];
    await call(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: history, tools: [WEATHER_TOOL] } });
    expect(seen.at(-1)!.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: history[1]!.tool_calls },
      { role: 'tool', content: '{"temperature":18}', tool_call_id: 'call_up' },
    ]);
  });

  it('answers an upstream failure as a 502 API error', async () => {
    const id = await createSession(emulator);
    const { status, body } = await call<{ errors: Array<{ code: string; detail: string }> }>(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: [{ role: 'user', content: 'fail' }] } });
    expect(status).toBe(502);
    expect(body.errors[0]!.code).toBe('llm_upstream_error');
    expect(body.errors[0]!.detail).toContain('model overloaded');
  });

  it('still lets rules win over the upstream', async () => {
    const id = await createSession(emulator);
    emulator.llm.addRule({ pattern: 'secret', reply: 'Ruled.' });
    const before = seen.length;
    const { text } = await call(emulator, 'POST', `/api/v1/session/${id}/llm/v2/`, { json: { messages: [{ role: 'user', content: 'the secret' }] } });
    expect(sseEvents(text).map((event) => event.content).join('')).toBe('Ruled.');
    expect(seen.length).toBe(before);
  });
});
