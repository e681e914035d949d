/**
 * Handlers and small methods as the published SDK 1.6.1 states them
 * (API-NOTES.md), written the way its apps use them; sessions without WebRTC
 * against the emulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { ChatState, createSession, STTError, TTSError } from '../../src/client/index.js';
import type { CreateSessionOptions, Session } from '../../src/client/index.js';
import { newSessionId, startTestEmulator } from '../e2e/harness.js';

// Transcription (PocketSphinx) on a shared 2-core box is slow: generous bounds, no timing assertions.
vi.setConfig({ testTimeout: 120_000 });

let emulator: Emulator;
const sessions: Session[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  emulator = await startTestEmulator();
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.stopSession();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await emulator?.close();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  expect(unhandled).toEqual([]);
});

async function open(options: Partial<CreateSessionOptions> = {}): Promise<Session> {
  const sessionId = await newSessionId(emulator, { using_stf_webrtc: false });
  const session = await createSession({ sessionId, width: 1, height: 1, apiServer: emulator.url, ...options });
  sessions.push(session);
  return session;
}

function failLlm(session: Session): void {
  emulator.faults.failRequests({ method: 'POST', path: `/api/v1/session/${session.getSessionId()}/llm/v2/`, status: 500 });
}

describe('setErrorHandler and setSttResultCallback', () => {
  it('add up and return the function that removes each one (the Example Guide calls it on teardown)', async () => {
    const session = await open();
    const first: Error[] = [];
    const second: Error[] = [];
    const removeFirst = session.setErrorHandler((error) => first.push(error));
    const removeSecond = session.setErrorHandler((error) => second.push(error));
    expect(typeof removeFirst).toBe('function');
    failLlm(session);
    await session.processChat('Hello!');
    expect([first.length, second.length]).toEqual([1, 1]);
    removeFirst();
    failLlm(session);
    await session.processChat('Hello again!');
    expect([first.length, second.length]).toEqual([1, 2]);
    removeSecond();

    const heard: string[][] = [[], []];
    const cleanups = heard.map((list) => session.setSttResultCallback((text) => list.push(text)));
    const speech = await session.processTTS('Hello world.');
    const text = await session.transcribeAudio(speech!);
    expect(heard).toEqual([[text], [text]]);
    for (const cleanup of cleanups) cleanup();
    await session.transcribeAudio(speech!);
    expect(heard).toEqual([[text], [text]]);
  });

  it('also tell the error handlers about a failed processTTS (with the TTSError the call rejects with)', async () => {
    const session = await open();
    const errors: Error[] = [];
    session.setErrorHandler((error) => errors.push(error));
    emulator.faults.failRequests({ method: 'POST', path: `/api/v1/session/${session.getSessionId()}/tts/`, status: 502, kind: 'html' });
    const rejection = await session.processTTS('Hello.').catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(TTSError);
    expect(errors).toEqual([rejection]);
  });
});

describe("an app's callback that throws", () => {
  it('is reported once on the console and never takes the session down (subscriber, error handler, onClose)', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const session = await open();
    const states: Array<Set<ChatState>> = [];
    session.subscribeChatStates(() => {
      throw new Error('subscriber bug');
    });
    session.subscribeChatStates((next) => states.push(next));
    session.setErrorHandler(() => {
      throw new Error('handler bug');
    });
    const handled: Error[] = [];
    session.setErrorHandler((error) => handled.push(error));
    failLlm(session);
    await session.processChat('Hello!');
    expect(handled).toHaveLength(1);
    expect(states.length).toBeGreaterThan(0);
    // The session still works after both threw.
    await session.processChat('What is your name?');
    expect(session.getMessageHistory().at(-1)).toMatchObject({ role: 'assistant' });
    const reported = consoleError.mock.calls.map((call) => (call[1] as Error).message);
    expect(reported).toContain('handler bug');
    expect(reported.filter((message) => message === 'handler bug')).toHaveLength(1);
    expect(reported).toContain('subscriber bug');

    const closed = new Promise<void>((resolve) => session.onClose(() => resolve()));
    session.onClose(() => {
      throw new Error('onClose bug');
    });
    session.stopSession();
    await closed;
    expect(consoleError.mock.calls.map((call) => (call[1] as Error).message)).toContain('onClose bug');
  });
});

describe('small methods as published', () => {
  it('clearBuffer returns a Promise; getRemoteStream is undefined without a renderer; lastRecordedAudioFile is writable', async () => {
    const session = await open();
    await expect(session.clearBuffer()).resolves.toBeUndefined();
    expect(session.getRemoteStream()).toBeUndefined();
    const file = new File([new Uint8Array(4)], 'mine.wav', { type: 'audio/wav' });
    session.lastRecordedAudioFile = file;
    expect(session.lastRecordedAudioFile).toBe(file);
    session.lastRecordedAudioFile = null;
    expect(session.lastRecordedAudioFile).toBeNull();
  });

  it('isSTTRecording stays true after the timeout stopped the microphone, until stopProcessSTT; misuse is a plain Error', async () => {
    const speech = await (await open()).processTTS('Hello world.');
    const file = new File([await speech!.arrayBuffer()], 'recording.wav', { type: 'audio/wav' });
    const session = await open({ createRecorder: () => ({ start: async () => undefined, stop: async () => file, cancel: () => undefined }) });
    const states: Array<Set<ChatState>> = [];
    session.subscribeChatStates((next) => states.push(next));
    await session.startProcessSTT(50);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states.at(-1)!.has(ChatState.RECORDING)).toBe(false);
    expect(session.isSTTRecording()).toBe(true);
    // The published toggle: isSTTRecording() ? stop() : start()
    const text = session.isSTTRecording() ? await session.stopProcessSTT() : '';
    expect(text.toLowerCase()).toContain('hello');
    expect(session.isSTTRecording()).toBe(false);
    const misuse = await session.stopProcessSTT().catch((error: unknown) => error);
    expect(misuse).toBeInstanceOf(Error);
    expect(misuse).not.toBeInstanceOf(STTError);
  });
});
