import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, InvalidArgumentError, LLMError, LLMStreamingResponseError, UNKNOWN_ERROR_CODE } from '../../src/errors.js';
import { ChatTool } from '../../src/llm/chat-tool.js';
import { LlmProcessor, MAX_LLM_REQUESTS_PER_TURN } from '../../src/llm/llm-processor.js';
import type { LLMChunk } from '../../src/llm/types.js';
import { gate, sse, startLlmServer, startStream, type Script } from './llm-server.js';

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script: Script) {
  const server = await startLlmServer(script);
  servers.push(server);
  return server;
}

async function collect(generator: AsyncGenerator<LLMChunk>): Promise<LLMChunk[]> {
  const chunks: LLMChunk[] = [];
  for await (const chunk of generator) chunks.push(chunk);
  return chunks;
}

const schema = { type: 'object' as const, properties: { city: { type: 'string' } } };
const weatherCall = (id: string, city = 'Seoul') => ({
  id,
  type: 'function',
  function: { name: 'get_weather', arguments: JSON.stringify({ city }) },
});

describe('LlmProcessor', () => {
  it('posts the history to /llm/v2/ and yields one chunk per network read with all pieces so far, then the complete finish chunk', async () => {
    const reads = [gate(), gate()];
    const server = await serve(async (_request, res) => {
      startStream(res);
      res.write(sse({ type: 'message', content: 'Hel' }) + sse({ type: 'message', content: 'lo 😀' }));
      await reads[0]!.promise;
      res.write(sse({ type: 'message', content: ', world' }));
      await reads[1]!.promise;
      res.end(sse({ type: 'message', content: '!' }).trimEnd());
    });
    const llm = new LlmProcessor({ apiServer: `${server.url}/ `, sessionId: 'sess-1' });
    const chunks: LLMChunk[] = [];
    for await (const chunk of llm.processLLM({ message: 'Hi' })) {
      chunks.push(chunk);
      reads[chunks.length - 1]?.open();
    }
    expect(chunks).toEqual([
      { type: 'message', chunks: ['Hel', 'lo '], message: 'Hello ', finish: false },
      { type: 'message', chunks: ['Hel', 'lo ', ', world'], message: 'Hello , world', finish: false },
      { type: 'message', chunks: ['Hel', 'lo ', ', world', '!'], message: 'Hello , world!', finish: false },
      { type: 'message', chunks: ['Hel', 'lo ', ', world', '!'], message: 'Hello , world!', finish: true },
    ]);
    expect(server.requests).toEqual([
      {
        method: 'POST',
        url: '/api/v1/session/sess-1/llm/v2/',
        contentType: 'application/json',
        body: { messages: [{ role: 'user', type: 'message', content: 'Hi' }], tools: [] },
      },
    ]);
    expect(llm.getMessageHistory()).toEqual([
      { role: 'user', type: 'message', content: 'Hi' },
      { role: 'assistant', type: 'message', content: 'Hello , world!' },
    ]);
  });

  it('runs a client tool, records the exchange as PROTOCOL.md says and asks again', async () => {
    const server = await serve((request, res, index) => {
      startStream(res);
      if (index === 0) {
        res.write(sse({ type: 'message', content: 'Let me check.' }));
        res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall('call_1')] }));
      } else {
        res.end(sse({ type: 'message', content: `Sunny, ${(request.body.messages.at(-1) as { content: string }).content}` }));
      }
    });
    const received: unknown[] = [];
    const weather = new ChatTool('get_weather', 'Weather', schema, async (args) => {
      received.push(args);
      return { temperature: 22 };
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [weather] });
    const chunks = await collect(llm.processLLM({ message: 'Weather?' }));

    expect(chunks).toEqual([
      { type: 'message', chunks: ['Let me check.'], message: 'Let me check.', finish: false },
      { type: 'message', chunks: ['Let me check.'], message: 'Let me check.', finish: true },
      { type: 'tool_call', tool_calls: [weatherCall('call_1')] },
      { type: 'tool_result', tool_call_id: 'call_1', name: 'get_weather', result: { temperature: 22 } },
      { type: 'message', chunks: ['Sunny, {"temperature":22}'], message: 'Sunny, {"temperature":22}', finish: false },
      { type: 'message', chunks: ['Sunny, {"temperature":22}'], message: 'Sunny, {"temperature":22}', finish: true },
    ]);
    expect(received).toEqual([{ city: 'Seoul' }]);
    const afterTools = [
      { role: 'user', type: 'message', content: 'Weather?' },
      { role: 'assistant', type: 'message', content: 'Let me check.' },
      { role: 'assistant', type: 'tool_call', content: '', tool_calls: [weatherCall('call_1')] },
      { role: 'tool', type: 'tool_call', content: '{"temperature":22}', tool_call_id: 'call_1' },
    ];
    expect(server.requests[0]!.body.tools).toEqual([weather.toDefinition()]);
    expect(server.requests[1]!.body.messages).toEqual(afterTools);
    expect(llm.getMessageHistory()).toEqual([...afterTools, { role: 'assistant', type: 'message', content: 'Sunny, {"temperature":22}' }]);
  });

  it('runs requested tools concurrently and reports a throwing tool as {error}', async () => {
    const server = await serve((_request, res, index) => {
      startStream(res);
      if (index === 0) {
        res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall('a', 'Seoul'), { ...weatherCall('b'), function: { name: 'fail', arguments: '{}' } }] }));
      } else {
        res.end(sse({ type: 'message', content: 'ok' }));
      }
    });
    const release = gate();
    let running = 0;
    let maxRunning = 0;
    const slow = new ChatTool('get_weather', 'w', schema, async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await release.promise;
      running -= 1;
      return 'sunny';
    });
    const failing = new ChatTool('fail', 'f', schema, () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      release.open();
      running -= 1;
      throw new Error('boom');
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [slow, failing] });
    const chunks = await collect(llm.processLLM({ message: 'go' }));
    expect(maxRunning).toBe(2);
    expect(chunks.filter((chunk) => chunk.type === 'tool_result')).toEqual([
      { type: 'tool_result', tool_call_id: 'b', name: 'fail', result: { error: 'boom' } },
      { type: 'tool_result', tool_call_id: 'a', name: 'get_weather', result: 'sunny' },
    ]);
    expect(server.requests[1]!.body.messages.slice(-2)).toEqual([
      { role: 'tool', type: 'tool_call', content: '"sunny"', tool_call_id: 'a' },
      { role: 'tool', type: 'tool_call', content: '{"error":"boom"}', tool_call_id: 'b' },
    ]);
  });

  it('ends the turn after executeOnly tools', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall('c1')] }));
    });
    const tool = new ChatTool('get_weather', 'w', schema, () => undefined as never, true);
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [tool] });
    const chunks = await collect(llm.processLLM({ message: 'go' }));
    expect(server.requests).toHaveLength(1);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['tool_call', 'tool_result']);
    expect(llm.getMessageHistory().at(-1)).toEqual({ role: 'tool', type: 'tool_call', content: 'null', tool_call_id: 'c1' });
  });

  it('records server-run tool lines in history only, and takes the answer from the same stream without a follow-up call', async () => {
    const searchCall = { id: 'srv_1', type: 'function', function: { name: 'search_docs', arguments: '{"q":"x"}' } };
    const server = await serve((_request, res) => {
      startStream(res);
      res.write(sse({ type: 'tool_call', content: '', tool_calls: [searchCall] }));
      res.write(sse({ role: 'tool', type: 'tool_call', content: '{"hits":1}', tool_call_id: 'srv_1' }));
      res.write(sse({ type: 'message', content: 'Found it.' }));
      res.end(sse({ type: 'done' }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    const chunks = await collect(llm.processLLM({ message: 'search' }));
    expect(chunks.map((chunk) => chunk.type)).toEqual(['tool_call', 'message', 'message']);
    expect(server.requests).toHaveLength(1);
    expect(llm.getMessageHistory()).toEqual([
      { role: 'user', type: 'message', content: 'search' },
      { role: 'assistant', type: 'tool_call', content: '', tool_calls: [searchCall] },
      { role: 'tool', type: 'tool_call', content: '{"hits":1}', tool_call_id: 'srv_1' },
      { role: 'assistant', type: 'message', content: 'Found it.' },
    ]);
  });

  it('follows up after an executeOnly client tool when the round also asked for a tool that is not a client tool', async () => {
    const searchCall = { id: 'srv_1', type: 'function', function: { name: 'search_docs', arguments: '{}' } };
    const server = await serve((_request, res, index) => {
      startStream(res);
      if (index === 0) res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall('c1'), searchCall] }));
      else res.end(sse({ type: 'message', content: 'Both done.' }));
    });
    const tool = new ChatTool('get_weather', 'w', schema, () => ({ ok: true }), true);
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [tool] });
    const chunks = await collect(llm.processLLM({ message: 'go' }));
    expect(server.requests).toHaveLength(2);
    expect(chunks.at(-1)).toMatchObject({ type: 'message', finish: true, message: 'Both done.' });
  });

  it('answers a client tool that never settles with {error: "timeout"} after its own timeoutMs and goes on', async () => {
    const server = await serve((request, res, index) => {
      startStream(res);
      if (index === 0) res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall('c1')] }));
      else res.end(sse({ type: 'message', content: `Tool said ${(request.body.messages.at(-1) as { content: string }).content}` }));
    });
    const hanging = new ChatTool('get_weather', 'w', schema, () => new Promise<object>(() => undefined), false, { timeoutMs: 50 });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [hanging] });
    const chunks = await collect(llm.processLLM({ message: 'go' }));
    expect(chunks.find((chunk) => chunk.type === 'tool_result')).toEqual({ type: 'tool_result', tool_call_id: 'c1', name: 'get_weather', result: { error: 'timeout' } });
    expect(server.requests[1]!.body.messages.at(-1)).toEqual({ role: 'tool', type: 'tool_call', content: '{"error":"timeout"}', tool_call_id: 'c1' });
    expect(chunks.at(-1)).toMatchObject({ type: 'message', finish: true, message: 'Tool said {"error":"timeout"}' });
  });

  it("uses the processor's toolTimeoutMs for tools without their own, and refuses a bad one", async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall('c1')] }));
    });
    const hanging = new ChatTool('get_weather', 'w', schema, () => new Promise<object>(() => undefined), true);
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [hanging], toolTimeoutMs: 50 });
    const chunks = await collect(llm.processLLM({ message: 'go' }));
    expect(chunks.at(-1)).toMatchObject({ type: 'tool_result', result: { error: 'timeout' } });
    for (const toolTimeoutMs of [0, -1, Number.NaN, Infinity]) {
      expect(() => new LlmProcessor({ sessionId: 's', toolTimeoutMs })).toThrow(InvalidArgumentError);
    }
    expect(() => new ChatTool('t', 'd', schema, () => ({}), false, { timeoutMs: 0 })).toThrow(InvalidArgumentError);
  });

  it('refuses two client tools of one name up front', () => {
    const first = new ChatTool('get_weather', 'w', schema, () => ({}));
    const second = new ChatTool('get_weather', 'other', schema, () => ({}));
    expect(() => new LlmProcessor({ sessionId: 's', clientTools: [first, second] })).toThrow(InvalidArgumentError);
  });

  it('rolls the history back after a refused request (413), so the next turn works', async () => {
    const server = await serve((request, res) => {
      const size = JSON.stringify(request.body).length;
      if (size > 10_000) {
        res.writeHead(413, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'too_large', detail: 'Request body too large', attr: null }] }));
        return;
      }
      startStream(res);
      res.end(sse({ type: 'message', content: 'Fine.' }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    await collect(llm.processLLM({ message: 'first' }));
    const failed = await collect(llm.processLLM({ message: 'x'.repeat(20_000) }));
    expect(failed).toHaveLength(1);
    expect((failed[0] as unknown as { error: LLMError }).error.underlyingError).toMatchObject({ errorCode: 413 });
    expect(llm.getMessageHistory()).toEqual([
      { role: 'user', type: 'message', content: 'first' },
      { role: 'assistant', type: 'message', content: 'Fine.' },
    ]);
    const next = await collect(llm.processLLM({ message: 'again' }));
    expect(next.at(-1)).toMatchObject({ type: 'message', finish: true, message: 'Fine.' });
    expect(llm.getMessageHistory()).toHaveLength(4);
  });

  it(`stops after ${MAX_LLM_REQUESTS_PER_TURN} LLM requests in all with an LLMError chunk`, async () => {
    const server = await serve((_request, res, index) => {
      startStream(res);
      res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall(`c${index}`)] }));
    });
    const tool = new ChatTool('get_weather', 'w', schema, () => ({ again: true }));
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [tool] });
    const chunks = await collect(llm.processLLM({ message: 'loop' }));
    expect(server.requests).toHaveLength(MAX_LLM_REQUESTS_PER_TURN);
    const last = chunks.at(-1)!;
    expect(last.type).toBe('error');
    expect((last as { error: Error }).error).toBeInstanceOf(LLMError);
    expect((last as { error: Error }).error.message).toMatch(/10 LLM requests/);
    // Every requested call still has its result, so the history stays valid for the next turn.
    const history = llm.getMessageHistory();
    expect(history.filter((entry) => entry.role === 'tool')).toHaveLength(MAX_LLM_REQUESTS_PER_TURN);
  });

  it('yields an ApiError from a 500 with an errors body as an LLMError chunk', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'llm_unavailable', detail: 'Model is down', attr: null }] }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    const chunks = await collect(llm.processLLM({ message: 'hi' }));
    expect(chunks).toHaveLength(1);
    const error = (chunks[0] as unknown as { error: LLMError }).error;
    expect(error).toBeInstanceOf(LLMError);
    expect(error.underlyingError).toBeInstanceOf(ApiError);
    expect(error.underlyingError).toMatchObject({ errorCode: 500, code: 'llm_unavailable', detail: 'Model is down' });
    // The server answered with an error instead of a stream: the turn left no trace.
    expect(llm.getMessageHistory()).toEqual([]);
  });

  it('survives an HTML 502 page', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    const chunks = await collect(new LlmProcessor({ apiServer: server.url, sessionId: 's' }).processLLM({ message: 'hi' }));
    expect((chunks[0] as unknown as { error: LLMError }).error.underlyingError).toMatchObject({ errorCode: 502, code: UNKNOWN_ERROR_CODE });
  });

  it('yields a stream error line as an LLMError wrapping the LLMStreamingResponseError, and keeps the text shown', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.write(sse({ type: 'message', content: 'Part' }));
      res.end(`data: ${JSON.stringify({ status: 'error', reason: 'quota exceeded' })}\n`);
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    const chunks = await collect(llm.processLLM({ message: 'hi' }));
    expect(chunks.at(0)).toMatchObject({ type: 'message', message: 'Part', finish: false });
    const last = chunks.at(-1) as unknown as { type: string; error: LLMError };
    expect(last.error).toBeInstanceOf(LLMError);
    expect(last.error.underlyingError).toBeInstanceOf(LLMStreamingResponseError);
    expect((last.error.underlyingError as LLMStreamingResponseError).description).toBe('quota exceeded');
    expect(llm.getMessageHistory()).toEqual([
      { role: 'user', type: 'message', content: 'hi' },
      { role: 'assistant', type: 'message', content: 'Part' },
    ]);
  });

  it('yields a dropped connection as an LLMError chunk', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.write(sse({ type: 'message', content: 'Par' }));
      setTimeout(() => res.destroy(), 50);
    });
    const chunks = await collect(new LlmProcessor({ apiServer: server.url, sessionId: 's' }).processLLM({ message: 'hi' }));
    expect(chunks.at(-1)).toMatchObject({ type: 'error', error: expect.any(LLMError) });
  });

  it('yields an unreachable server as an LLMError chunk', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    const chunks = await collect(new LlmProcessor({ apiServer: url, sessionId: 's' }).processLLM({ message: 'hi' }));
    expect(chunks).toEqual([{ type: 'error', error: expect.any(LLMError) }]);
    expect((chunks[0] as unknown as { error: LLMError }).error.underlyingError).toMatchObject({ name: 'NetworkError' });
  });

  it('stops at once on abort mid-stream, releases the connection and keeps the text shown', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.write(sse({ type: 'message', content: 'Once upon' }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    const controller = new AbortController();
    const chunks: LLMChunk[] = [];
    const turn = (async () => {
      for await (const chunk of llm.processLLM({ message: 'story', signal: controller.signal })) {
        chunks.push(chunk);
        controller.abort();
        // Committed at the moment of the abort, before the generator unwinds.
        expect(llm.getMessageHistory()).toEqual([
          { role: 'user', type: 'message', content: 'story' },
          { role: 'assistant', type: 'message', content: 'Once upon' },
        ]);
      }
    })();
    await expect(turn).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toHaveLength(1);
    await expect.poll(() => server.closedResponses()).toBe(1);
    expect(llm.getMessageHistory()).toHaveLength(2);
  });

  it('releases the connection when the consumer leaves the loop', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.write(sse({ type: 'message', content: 'Hello' }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    for await (const chunk of llm.processLLM({ message: 'hi' })) {
      expect(chunk.type).toBe('message');
      break;
    }
    await expect.poll(() => server.closedResponses()).toBe(1);
    expect(llm.getMessageHistory().at(-1)).toEqual({ role: 'assistant', type: 'message', content: 'Hello' });
  });

  it('throws AbortError and sends nothing for an already aborted signal', async () => {
    const server = await serve(() => undefined);
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    await expect(llm.processLLM({ message: 'hi', signal: AbortSignal.abort() }).next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });

  it.each(['', '   \n'])('rejects the message %j with InvalidArgumentError at the first next()', async (message) => {
    const llm = new LlmProcessor({ sessionId: 's', openStream: () => Promise.reject(new Error('not called')) });
    const generator = llm.processLLM({ message });
    await expect(generator.next()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(llm.getMessageHistory()).toEqual([]);
  });

  it('continues a given history, and clearHistory forgets it', async () => {
    const bodies: unknown[] = [];
    const history = [
      { role: 'user' as const, content: 'earlier' },
      { role: 'assistant' as const, type: 'message' as const, content: 'answer' },
    ];
    const llm = new LlmProcessor({
      sessionId: 's',
      history,
      openStream: async (body) => {
        bodies.push(body);
        return new Response(sse({ type: 'message', content: 'ok' })).body!;
      },
    });
    await collect(llm.processLLM({ message: 'now' }));
    // The entry handed in without `type` (as 1.6.1 apps write it) goes out with one.
    expect(bodies).toEqual([{ messages: [{ ...history[0], type: 'message' }, history[1], { role: 'user', type: 'message', content: 'now' }], tools: [] }]);
    const copy = llm.getMessageHistory();
    copy.pop();
    expect(llm.getMessageHistory()).toHaveLength(4);
    llm.clearHistory();
    expect(llm.getMessageHistory()).toEqual([]);
  });

  it('lets an app rebuild the text by slicing chunk.chunks past what it has shown (the published pattern)', async () => {
    const server = await serve(async (_request, res) => {
      startStream(res);
      for (const piece of ['Here ', 'is ', 'what ', 'I ', 'found. ']) {
        res.write(sse({ type: 'message', content: piece }));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      res.end(sse({ type: 'done' }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's' });
    let shown = 0;
    let bubble = '';
    for await (const chunk of llm.processLLM({ message: 'go' })) {
      if (chunk.type !== 'message') continue;
      bubble += chunk.chunks.slice(shown).join('');
      shown = chunk.chunks.length;
      expect(bubble).toBe(chunk.message);
    }
    expect(bubble).toBe('Here is what I found. ');
  });

  it('has the published getHistory() and addToHistory(entry): an added entry goes with the next turn', async () => {
    const bodies: Array<{ messages: unknown[] }> = [];
    const llm = new LlmProcessor({
      sessionId: 's',
      openStream: async (body) => {
        bodies.push(body);
        return new Response(sse({ type: 'message', content: 'ok' })).body!;
      },
    });
    llm.addToHistory({ role: 'assistant', type: 'message', content: 'Welcome!' });
    expect(llm.getHistory()).toEqual([{ role: 'assistant', type: 'message', content: 'Welcome!' }]);
    await collect(llm.processLLM({ message: 'hi' }));
    expect(bodies[0]!.messages).toEqual([{ role: 'assistant', type: 'message', content: 'Welcome!' }, { role: 'user', type: 'message', content: 'hi' }]);
    expect(() => llm.addToHistory(null as never)).toThrow(InvalidArgumentError);
  });
});
