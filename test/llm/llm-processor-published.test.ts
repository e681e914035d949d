/**
 * `LlmProcessor` as the published API reference has it (API-NOTES.md):
 * `callbacks` an app wires to its UI and avatar, and a history whose entries
 * all have `role`, `type` and `content`. Against a local LLM server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatState } from '../../machines/chat-state.js';
import type { ChatLogEntry } from '../../machines/session.types.js';
import { InvalidArgumentError, LLMError } from '../../src/errors.js';
import { ChatTool } from '../../src/llm/chat-tool.js';
import { LlmProcessor } from '../../src/llm/llm-processor.js';
import type { LLMChunk } from '../../src/llm/types.js';
import { sse, startLlmServer, startStream, type Script } from './llm-server.js';

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  vi.restoreAllMocks();
});

async function serve(script: Script) {
  const server = await startLlmServer(script);
  servers.push(server);
  return server;
}

async function drain(generator: AsyncGenerator<LLMChunk>): Promise<LLMChunk[]> {
  const chunks: LLMChunk[] = [];
  for await (const chunk of generator) chunks.push(chunk);
  return chunks;
}

const weatherTool = new ChatTool('get_weather', 'Weather', { type: 'object', properties: { city: { type: 'string' } } }, async () => ({ temperature: 22 }));
const weatherCall = { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };

/** An app's UI state, fed only by the processor's callbacks. */
function appUi() {
  const ui = { states: [] as string[][], log: [] as ChatLogEntry[], spoken: [] as string[], errors: [] as Error[] };
  const callbacks = {
    onChatStateChange: (states: Set<ChatState>) => ui.states.push([...states]),
    onChatLog: (log: ChatLogEntry[]) => (ui.log = log),
    onTTSTF: (text: string) => ui.spoken.push(text),
    onError: (error: Error) => ui.errors.push(error),
  };
  return { ui, callbacks };
}

describe('LlmProcessor callbacks', () => {
  it('drive an app the way processChat does: LLM state on and off, a chat log newest first, each sentence to speak, across a tool round', async () => {
    const server = await serve(async (_request, res, index) => {
      startStream(res);
      if (index === 0) {
        res.write(sse({ type: 'message', content: 'Let me check. ' }));
        res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall] }));
      } else {
        res.write(sse({ type: 'message', content: 'It is 22 degrees' }));
        res.write(sse({ type: 'message', content: ' in Paris. Enjoy!' }));
        res.end(sse({ type: 'done' }));
      }
    });
    const { ui, callbacks } = appUi();
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [weatherTool], callbacks });
    await drain(llm.processLLM({ message: "What's the weather in Paris?" }));
    expect(ui.states).toEqual([[ChatState.LLM], []]);
    expect([...ui.log].reverse().map((entry) => [entry.isUser, entry.text])).toEqual([
      [true, "What's the weather in Paris?"],
      [false, 'Let me check. '],
      [false, 'It is 22 degrees in Paris. Enjoy!'],
    ]);
    expect(ui.log.every((entry) => entry.timestamp instanceof Date)).toBe(true);
    expect(ui.spoken.join(' ')).toBe('Let me check. It is 22 degrees in Paris. Enjoy!');
    expect(ui.spoken.length).toBeGreaterThanOrEqual(2);
    expect(ui.errors).toEqual([]);
  });

  it('hand a failed turn to onError (the LLMError of its error chunk), keep the text shown in the chat log, and turn LLM off', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.write(sse({ type: 'message', content: 'Part' }));
      res.end(`data: ${JSON.stringify({ status: 'error', reason: 'quota exceeded' })}\n`);
    });
    const { ui, callbacks } = appUi();
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', callbacks });
    const chunks = await drain(llm.processLLM({ message: 'hi' }));
    const last = chunks.at(-1);
    expect(last?.type).toBe('error');
    expect(ui.errors).toHaveLength(1);
    expect(ui.errors[0]).toBeInstanceOf(LLMError);
    expect(ui.errors[0]).toBe((last as { error: LLMError }).error);
    expect(ui.log.map((entry) => entry.text)).toEqual(['Part', 'hi']);
    expect(ui.states.at(-1)).toEqual([]);
  });

  it('are optional one by one, are checked up front, and one that throws never breaks the turn', async () => {
    const server = await serve((_request, res) => {
      startStream(res);
      res.end(sse({ type: 'message', content: 'Hello.' }));
    });
    expect(() => new LlmProcessor({ sessionId: 's', callbacks: { onError: 'nope' as never } })).toThrow(InvalidArgumentError);
    expect(() => new LlmProcessor({ sessionId: 's', callbacks: 3 as never })).toThrow(InvalidArgumentError);
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => undefined);
    const llm = new LlmProcessor({
      apiServer: server.url,
      sessionId: 's',
      callbacks: {
        onChatLog: () => {
          throw new Error('render failed');
        },
      },
    });
    const chunks = await drain(llm.processLLM({ message: 'hi' }));
    expect(chunks.at(-1)).toMatchObject({ type: 'message', message: 'Hello.', finish: true });
    expect(console).toHaveBeenCalled();
    expect(llm.getHistory().map((entry) => entry.content)).toEqual(['hi', 'Hello.']);
  });
});

describe('LlmProcessor history entries', () => {
  it('all have role, type and content, a tool round included', async () => {
    const server = await serve((_request, res, index) => {
      startStream(res);
      if (index === 0) res.end(sse({ type: 'tool_call', content: '', tool_calls: [weatherCall] }));
      else res.end(sse({ type: 'message', content: 'Sunny.' }));
    });
    const llm = new LlmProcessor({ apiServer: server.url, sessionId: 's', clientTools: [weatherTool] });
    await drain(llm.processLLM({ message: 'Weather?' }));
    const history = llm.getHistory();
    expect(history.map((entry) => [entry.role, entry.type])).toEqual([
      ['user', 'message'],
      ['assistant', 'tool_call'],
      ['tool', 'tool_call'],
      ['assistant', 'message'],
    ]);
    expect(history.every((entry) => typeof entry.content === 'string')).toBe(true);
  });

  it('handed in without a type get one (addToHistory, history); entries that are not history entries are refused', () => {
    const llm = new LlmProcessor({ sessionId: 's', history: [{ role: 'user', content: 'earlier' }] });
    llm.addToHistory({ role: 'assistant', content: '', tool_calls: [weatherCall] });
    llm.addToHistory({ role: 'tool', content: '{"temperature":22}', tool_call_id: 'call_1' });
    llm.addToHistory({ role: 'assistant', content: 'Sunny.' });
    expect(llm.getHistory().map((entry) => entry.type)).toEqual(['message', 'tool_call', 'tool_call', 'message']);
    for (const bad of [null, { role: 'system', content: 'x' }, { role: 'user' }, { role: 'tool', content: 'x' }, { role: 'assistant', content: '', tool_calls: 'x' }]) {
      expect(() => llm.addToHistory(bad as never)).toThrow(InvalidArgumentError);
    }
    expect(() => new LlmProcessor({ sessionId: 's', history: [{ role: 'bot', content: 'x' }] as never })).toThrow(/history\[0\]/);
    expect(llm.getHistory()).toHaveLength(4);
  });
});
