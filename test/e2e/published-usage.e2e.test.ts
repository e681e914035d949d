/**
 * This SDK driven the way the seed README and the published Example Guide
 * write apps (render the conversation from subscribeChatLog, tools through
 * processChat, teardown through the unsubscribe functions, deprecated 1.6.1
 * calls), against the emulator over real WebRTC in Node.
 */
import { describe, expect, it, vi } from 'vitest';
import { ChatState, ChatTool, createSession, InvalidArgumentError, STTError } from '../../src/client/index.js';
import type { ChatLogEntry } from '../../src/client/index.js';
import { eventually, newSessionId, RTCPeerConnection, useSessionFixture } from './harness.js';

vi.setConfig({ testTimeout: 60_000 });

const fixture = useSessionFixture();
const { track } = fixture;

const weatherTool = new ChatTool(
  'get_weather',
  'Get current weather for a location',
  { type: 'object', properties: { location: { type: 'string', description: 'City name' } }, required: ['location'] },
  async () => ({ temperature: 22, condition: 'Sunny' }),
);

/** The README's start-up: positional options object, a video element stand-in, subscriptions kept for teardown. */
async function startApp(enableVoiceChat = false) {
  const sessionId = await newSessionId(fixture.emulator);
  const session = await createSession({ sessionId, width: 1920, height: 1080, clientTools: [weatherTool], apiServer: fixture.emulator.url, RTCPeerConnection, enableVoiceChat });
  track(session);
  const ui = { log: [] as ChatLogEntry[], states: new Set<ChatState>(), errors: [] as Error[] };
  const teardown = [
    session.subscribeChatLog((log) => (ui.log = log)),
    session.subscribeChatStates((states) => (ui.states = states)),
    session.setErrorHandler((error) => ui.errors.push(error)),
  ];
  return { session, ui, teardown };
}

describe('an app written for the published SDK', () => {
  it('renders the conversation from subscribeChatLog after processChat and a tool round; the history holds the round', async () => {
    const { session, ui } = await startApp();
    await session.processChat("What's the weather in Paris?");
    // Newest first: the answer, then the user's message.
    expect(ui.log.at(-1)).toMatchObject({ text: "What's the weather in Paris?", isUser: true });
    expect(ui.log[0]).toMatchObject({ isUser: false, text: expect.stringMatching(/22|Sunny/i) });
    expect(ui.log.every((entry) => entry.timestamp instanceof Date)).toBe(true);
    const history = session.getMessageHistory();
    expect(history.map((entry) => entry.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(history[1]).toMatchObject({ type: 'tool_call', tool_calls: [{ function: { name: 'get_weather' } }] });
    expect(JSON.parse(history[2]!.content)).toEqual({ temperature: 22, condition: 'Sunny' });
    expect(ui.errors).toEqual([]);
  });

  it('tears down through the unsubscribe functions: nothing is delivered afterwards', async () => {
    const { session, ui, teardown } = await startApp();
    for (const unsubscribe of teardown) unsubscribe();
    const logBefore = ui.log;
    await session.processChat('Hello!');
    expect(ui.log).toBe(logBefore);
    expect(ui.states.size).toBe(0);
  });

  it('uses the deprecated processCustomChat to speak its own LLM text (ANALYZING, then SPEAKING)', async () => {
    const { session } = await startApp();
    const seen: Array<Set<ChatState>> = [];
    session.subscribeChatStates((states) => seen.push(states));
    expect(() => session.processCustomChat('')).toThrow(InvalidArgumentError);
    session.processCustomChat('This answer came from my own model.');
    await eventually(() => seen.some((states) => states.has(ChatState.SPEAKING)), 20_000, 'speaking');
    const analyzing = seen.findIndex((states) => states.has(ChatState.ANALYZING));
    const speaking = seen.findIndex((states) => states.has(ChatState.SPEAKING));
    expect(analyzing).toBeGreaterThanOrEqual(0);
    expect(analyzing).toBeLessThan(speaking);
  });

  it('uses the deprecated startVoiceChat / stopVoiceChat on a voice-chat session (record-start, record-end-stt)', async () => {
    const { session } = await startApp(true);
    await session.startVoiceChat();
    expect(session.isSTTRecording()).toBe(true);
    // Node has no microphone: the server got no uplink track and says so (the Chromium test hears real speech).
    const failure = await session.stopVoiceChat().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(STTError);
    expect(String(failure)).toMatch(/no_audio_track/);
    const plain = await startApp();
    await expect(plain.session.startVoiceChat()).rejects.toThrow(/enableVoiceChat/);
  });

  it('awaits processSTF for its file_ref, and chains .then on clearBuffer()', async () => {
    const { session, ui } = await startApp();
    const audio = await session.processTTS('Hello from a file.');
    const fileRef = await session.processSTF(audio!, 'wav');
    expect(typeof fileRef).toBe('string');
    expect(fileRef.length).toBeGreaterThan(0);
    await eventually(() => ui.states.has(ChatState.SPEAKING), 20_000, 'speaking the file');
    let cleared = false;
    await session.clearBuffer().then(() => (cleared = true));
    expect(cleared).toBe(true);
  });
});
