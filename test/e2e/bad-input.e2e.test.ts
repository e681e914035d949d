/**
 * Bad input and odd rounds against the emulator over real WebRTC (Node,
 * @roamhq/wrtc): each fails at once with a typed error, or reaches the caller
 * as the server's typed refusal, and leaves the session working.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { encodeWav } from '../../src/audio/wav.js';
import { ApiError, ChatState, ChatTool, createSession, InvalidArgumentError, LLMError, UploadRefusedError } from '../../src/client/index.js';
import type { ChatLogEntry, Session } from '../../src/client/index.js';
import { FILE_UPLOAD_MAX_BYTES } from '../../src/protocol/limits.js';
import { eventually, newSessionId, RTCPeerConnection, useSessionFixture } from './harness.js';

vi.setConfig({ testTimeout: 60_000 });

const fixture = useSessionFixture();
const { open } = fixture;

function latestLog(session: Session): () => ChatLogEntry[] {
  let log: ChatLogEntry[] = [];
  session.subscribeChatLog((entries) => (log = entries));
  return () => log;
}

function chatStates(session: Session): () => Set<ChatState> {
  let states = new Set<ChatState>();
  session.subscribeChatStates((next) => (states = next));
  return () => states;
}

/** A 16-bit mono WAV of a quiet tone, `seconds` long at 44.1 kHz (88 200 bytes a second). */
function toneWav(seconds: number): Blob {
  const rate = 44_100;
  const samples = new Float32Array(Math.round(seconds * rate)).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 220 * i) / rate));
  return new Blob([encodeWav(samples, rate)], { type: 'audio/wav' });
}

describe('processSTF', () => {
  it('uploads a WAV of more than 4 MB in Node (no bufferedamountlow there) and resolves with its file_ref', async () => {
    const session = await open();
    const wav = toneWav(50);
    expect(wav.size).toBeGreaterThan(4 * 1024 * 1024);
    const states = chatStates(session);
    const fileRef = await session.processSTF(wav, 'wav');
    expect(fileRef).toMatch(/^file_[0-9a-f]+$/);
    await eventually(() => states().has(ChatState.SPEAKING), 20_000, 'the avatar speaking the upload');
    await session.clearBuffer();
  });

  it('rejects a blob over the upload limit at once, before any transfer', async () => {
    const session = await open();
    const huge = new Blob([new Uint8Array(FILE_UPLOAD_MAX_BYTES + 1)], { type: 'audio/wav' });
    await expect(session.processSTF(huge, 'wav')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("surfaces the emulator's refusal of bytes that are not audio as UploadRefusedError, and nothing is left pending", async () => {
    const session = await open();
    const states = chatStates(session);
    const seen: Array<Set<ChatState>> = [];
    session.subscribeChatStates((next) => seen.push(next));
    const error = await session.processSTF(new Blob(['this is not audio at all'], { type: 'audio/wav' }), 'wav').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadRefusedError);
    expect(error).toMatchObject({ code: 'not_audio' });
    expect(seen.some((set) => set.has(ChatState.ANALYZING))).toBe(false);
    expect(states().size).toBe(0);
    // The link is unharmed: a real WAV still speaks.
    await expect(session.processSTF(toneWav(1), 'wav')).resolves.toMatch(/^file_/);
  });
});

describe('processTTSTF, processTTS, logSessionEvent', () => {
  it('refuses a 1 MB processTTSTF up front; the message channel stays open and the next one speaks', async () => {
    const session = await open();
    const states = chatStates(session);
    expect(() => session.processTTSTF('word '.repeat(200_000))).toThrow(InvalidArgumentError);
    expect(states().has(ChatState.ANALYZING)).toBe(false);
    expect(session.getConnectionState()).toBe('connected');
    session.processTTSTF('Still here.');
    await eventually(() => states().has(ChatState.SPEAKING), 20_000, 'the avatar speaking');
    expect(session.getConnectionState()).toBe('connected');
  });

  it('rejects processTTS of a number or null, and logSessionEvent of a circular object, with InvalidArgumentError', async () => {
    const session = await open();
    await expect(session.processTTS(12345 as unknown as string)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(session.processTTS(null as unknown as string)).rejects.toBeInstanceOf(InvalidArgumentError);
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    await expect(session.logSessionEvent(circular)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(session.logSessionEvent({ fine: true })).resolves.toBeUndefined();
  });
});

describe('tools', () => {
  it('refuses two client tools of one name when the session is created', async () => {
    const schema = { type: 'object' as const, properties: {} };
    const tools = [new ChatTool('lookup', 'a', schema, () => ({})), new ChatTool('lookup', 'b', schema, () => ({}))];
    const sessionId = await newSessionId(fixture.emulator);
    await expect(createSession({ sessionId, width: 640, height: 360, clientTools: tools, apiServer: fixture.emulator.url, RTCPeerConnection })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('answers a client tool that never settles with {error: "timeout"} and finishes the turn', async () => {
    const hanging = new ChatTool(
      'get_weather',
      'Get current weather for a location',
      { type: 'object', properties: { location: { type: 'string', description: 'City name' } }, required: ['location'] },
      () => new Promise<object>(() => undefined),
      false,
      { timeoutMs: 300 },
    );
    const session = await open({ clientTools: [hanging] });
    const log = latestLog(session);
    await session.processChat("What's the weather in Paris?");
    const history = session.getMessageHistory();
    expect(history.find((entry) => entry.role === 'tool')).toMatchObject({ content: '{"error":"timeout"}' });
    expect(history.at(-1)).toMatchObject({ role: 'assistant', type: 'message', content: expect.stringMatching(/failed: timeout/) });
    expect(log()[0]).toMatchObject({ isUser: false, text: expect.stringMatching(/failed: timeout/) });
    expect(session.getSessionId()).toBeTruthy();
  });

  it('takes the answer to a round only an MCP server answered from the same stream: one answer, in the log and history', async () => {
    const session = await open({}, { mcp_servers: ['mcp-clock'] });
    const log = latestLog(session);
    await session.processChat('What time is it in Tokyo?');
    const history = session.getMessageHistory();
    expect(history.map((entry) => [entry.role, entry.type])).toEqual([
      ['user', 'message'],
      ['assistant', 'tool_call'],
      ['tool', 'tool_call'],
      ['assistant', 'message'],
    ]);
    expect(history.at(-1)!.content).toMatch(/Tokyo/);
    expect(log()[0]).toMatchObject({ isUser: false, text: expect.stringMatching(/Tokyo/) });
  });
});

describe('a refused LLM request', () => {
  let small: Emulator;
  beforeAll(async () => {
    small = await startEmulator({ port: 0, llm: { pace: 0 }, staticDir: false, limits: { jsonBodyBytes: 64 * 1024 } });
  });
  afterAll(() => small?.close());

  it('(a 413) leaves the history without that message, so the next turn works', async () => {
    const session = await open({}, {}, small);
    const errors: Error[] = [];
    session.setErrorHandler((error) => errors.push(error));
    await session.processChat('Hello!');
    const before = session.getMessageHistory();
    await session.processChat('word '.repeat(20_000));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LLMError);
    expect((errors[0] as LLMError).underlyingError).toBeInstanceOf(ApiError);
    expect((errors[0] as LLMError).underlyingError).toMatchObject({ errorCode: 413 });
    expect(session.getMessageHistory()).toEqual(before);
    await session.processChat('What is your name?');
    expect(errors).toHaveLength(1);
    expect(session.getMessageHistory().at(-1)).toMatchObject({ role: 'assistant', content: expect.stringMatching(/Aria/) });
  });
});
