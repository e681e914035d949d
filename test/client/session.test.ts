import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import type { Emulator } from '../../emulator/index.js';
import { createSession, InvalidArgumentError, LLMError, TTSError } from '../../src/client/index.js';
import type { LLMChunk, Session } from '../../src/client/index.js';
import { newSessionId, startTestEmulator } from '../e2e/harness.js';

// Sessions without WebRTC: the facade's LLM, TTS and error paths, fast and without a peer.
let emulator: Emulator;
const sessions: Session[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  emulator = await startTestEmulator();
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.stopSession();
});
afterAll(async () => {
  await emulator?.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

async function open(): Promise<Session> {
  const sessionId = await newSessionId(emulator, { using_stf_webrtc: false });
  const session = await createSession({ sessionId, width: 1, height: 1, apiServer: emulator.url });
  sessions.push(session);
  return session;
}

describe('Session facade', () => {
  it('runs one LLM turn at a time', async () => {
    const session = await open();
    const first = session.processLLM({ message: 'Tell me about the weather.' });
    await first.next();
    await expect(session.processLLM({ message: 'And now?' }).next()).rejects.toBeInstanceOf(LLMError);
    await first.return(undefined);
    expect(session.actor.getSnapshot().matches({ active: { llm: 'idle' } })).toBe(true);
  });

  it('ends the turn when the consumer breaks out, and aborts it with the caller’s signal', async () => {
    const session = await open();
    for await (const chunk of session.processLLM({ message: 'Hello!' })) {
      expect(chunk.type).toBe('message');
      break;
    }
    expect(session.actor.getSnapshot().matches({ active: { llm: 'idle' } })).toBe(true);

    const controller = new AbortController();
    const chunks: LLMChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of session.processLLM({ message: 'Hello again!', signal: controller.signal })) {
          chunks.push(chunk);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toHaveLength(1);
  });

  it('clearBuffer ends a streaming processLLM quietly; the text shown so far stays in the history (processLLM keeps out of the chat log)', async () => {
    const session = await open();
    const logs: string[][] = [];
    session.subscribeChatLog((log) => logs.push(log.map((e) => e.text)));
    const seen: LLMChunk[] = [];
    for await (const chunk of session.processLLM({ message: 'Tell me a long story about the sea.' })) {
      seen.push(chunk);
      if (seen.length === 2) session.clearBuffer();
    }
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(logs).toEqual([]);
    const shown = seen.at(-1)!;
    expect(shown.type).toBe('message');
    const history = session.getMessageHistory();
    expect(history.map((entry) => entry.role)).toEqual(['user', 'assistant']);
    expect(history[1]!.content).toBe(shown.type === 'message' ? shown.message : '');
  });

  it('runs a turn the chart is sent directly, with no facade call: history and chat log are chart context', async () => {
    const session = await open();
    session.actor.send({ type: 'LLM.REQUEST', message: 'Hello!' });
    await waitFor(session.actor, (s) => s.context.history.length >= 2 && s.matches({ active: { llm: 'idle' } }));
    const history = session.getMessageHistory();
    expect(history[0]).toEqual({ role: 'user', type: 'message', content: 'Hello!' });
    expect(history.at(-1)).toMatchObject({ role: 'assistant', type: 'message' });
    expect(session.actor.getSnapshot().context.chatLog.map((e) => e.isUser)).toEqual([false, true]);
  });

  it('rejects processChat for empty text, before any request', async () => {
    const session = await open();
    const errors: Error[] = [];
    session.setErrorHandler((error) => errors.push(error));
    await expect(session.processChat('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(session.processChat('   ')).rejects.toThrow(/non-empty text/);
    expect(session.getMessageHistory()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('sends processChat failures to the error handler', async () => {
    const session = await open();
    const errors: Error[] = [];
    session.setErrorHandler((error) => errors.push(error));
    emulator.faults.failRequests({ method: 'POST', path: `/api/v1/session/${session.getSessionId()}/llm/v2/`, status: 500 });
    await session.processChat('Hello!');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LLMError);
  });

  it('rejects processTTS with TTSError when the API fails, and counts TTS while in flight', async () => {
    const session = await open();
    const states: string[][] = [];
    session.subscribeChatStates((s) => states.push([...s]));
    emulator.faults.failRequests({ method: 'POST', path: `/api/v1/session/${session.getSessionId()}/tts/`, status: 502, kind: 'html' });
    await expect(session.processTTS('Hello.')).rejects.toBeInstanceOf(TTSError);
    expect(states).toEqual([['TTS'], []]);
    const [a, b] = await Promise.all([session.processTTS('One.'), session.processTTS('Two.')]);
    expect(a).toBeInstanceOf(Blob);
    expect(b).toBeInstanceOf(Blob);
  });

  it('clearBuffer drops pending TTS: the call answers undefined', async () => {
    const session = await open();
    const pending = session.processTTS('A sentence to drop.');
    session.clearBuffer();
    await expect(pending).resolves.toBeUndefined();
  });

  it('closes with an error when a heartbeat fails, telling onClose it was not manual', async () => {
    const sessionId = await newSessionId(emulator, { using_stf_webrtc: false });
    const session = await createSession({ sessionId, width: 1, height: 1, apiServer: emulator.url, timeouts: { heartbeatIntervalMs: 100 } });
    const closes: boolean[] = [];
    const errors: Error[] = [];
    session.onClose((manual) => closes.push(manual));
    session.setErrorHandler((error) => errors.push(error));
    emulator.faults.failRequests({ method: 'POST', path: `/api/v1/session/${sessionId}/event/create/`, status: 500 });
    await new Promise<void>((resolve) => session.onClose(() => resolve()));
    expect(closes).toEqual([false]);
    expect(errors).toHaveLength(1);
    expect(session.getConnectionState()).toBe('closed');
  });

  it('rejects createSession with the API error for an unknown session', async () => {
    await expect(createSession({ sessionId: 'no-such-session', width: 1, height: 1, apiServer: emulator.url })).rejects.toMatchObject({
      name: 'ApiError',
      errorCode: 404,
    });
  });
});
