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
  it('renders the conversation from subscribeChatLog after processTTSTF, processChat and a tool round; the history holds them', async () => {
    const { session, ui } = await startApp();
    // The README's scripted greeting: spoken, and in the chat log and history as the avatar's line.
    session.processTTSTF('Welcome! How can I help you today?');
    await eventually(() => ui.log.length === 1, 5_000, 'the greeting in the chat log');
    await session.processChat('Hello!');
    await session.processChat("What's the weather in Paris?");
    // Apps render newest-first logs oldest-first.
    const rendered = [...ui.log].reverse().map((entry) => `${entry.isUser ? 'user' : 'avatar'}: ${entry.text}`);
    expect(rendered).toHaveLength(5);
    expect(rendered[0]).toBe('avatar: Welcome! How can I help you today?');
    expect(rendered[1]).toBe('user: Hello!');
    expect(rendered[2]).toMatch(/^avatar: \S/);
    expect(rendered[3]).toBe("user: What's the weather in Paris?");
    expect(rendered[4]).toMatch(/^avatar: .*(22|Sunny)/i);
    expect(ui.log.every((entry) => entry.timestamp instanceof Date)).toBe(true);
    const history = session.getMessageHistory();
    expect(history.map((entry) => entry.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant', 'tool', 'assistant']);
    expect(history[0]).toMatchObject({ role: 'assistant', type: 'message', content: 'Welcome! How can I help you today?' });
    // As published, every entry has role, type and content.
    expect(history.map((entry) => entry.type)).toEqual(['message', 'message', 'message', 'message', 'tool_call', 'tool_call', 'message']);
    expect(history.every((entry) => typeof entry.content === 'string')).toBe(true);
    expect(history[4]).toMatchObject({ type: 'tool_call', tool_calls: [{ function: { name: 'get_weather' } }] });
    expect(JSON.parse(history[5]!.content)).toEqual({ temperature: 22, condition: 'Sunny' });
    expect(ui.errors).toEqual([]);
  });

  it('streams processLLM into its own bubbles: the SDK neither re-renders the chat log nor speaks; sliced chunks rebuild every message', async () => {
    const { session, ui } = await startApp();
    // The app's list: subscribeChatLog would replace it wholesale, so any call during processLLM would wipe the app's bubbles.
    let rendered: string[] = [];
    let chatLogRenders = 0;
    session.subscribeChatLog((log) => {
      chatLogRenders++;
      rendered = [...log].reverse().map((entry) => entry.text);
    });
    const spoke: Array<Set<ChatState>> = [];
    session.subscribeChatStates((states) => spoke.push(states));
    const question = "What's the weather in Paris?";
    rendered.push(`me: ${question}`);
    let bubble = -1;
    let shown = 0;
    const finished: string[] = [];
    for await (const chunk of session.processLLM({ message: question })) {
      if (chunk.type === 'message') {
        if (bubble < 0) bubble = rendered.push('avatar: ') - 1;
        // The published pattern: append the pieces past the ones already shown.
        rendered[bubble] += chunk.chunks.slice(shown).join('');
        shown = chunk.chunks.length;
        expect(rendered[bubble]).toBe(`avatar: ${chunk.message}`);
        if (chunk.finish) {
          finished.push(chunk.message);
          bubble = -1;
          shown = 0;
        }
      } else if (chunk.type === 'tool_call') {
        rendered.push(`tool: ${chunk.tool_calls.map((call) => call.function.name).join(', ')}`);
      }
    }
    expect(chatLogRenders).toBe(0);
    expect(ui.log).toEqual([]);
    expect(rendered[0]).toBe(`me: ${question}`);
    expect(rendered).toContain('tool: get_weather');
    expect(rendered.at(-1)).toMatch(/^avatar: .*(22|Sunny)/i);
    // Every bubble holds its whole message, exactly as the history keeps it.
    const history = session.getMessageHistory();
    const answers = history.filter((entry) => entry.role === 'assistant' && entry.type === 'message').map((entry) => entry.content);
    expect(finished).toEqual(answers);
    expect(rendered.filter((line) => line.startsWith('avatar: '))).toEqual(answers.map((text) => `avatar: ${text}`));
    expect(history.map((entry) => entry.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    // No speech was asked for.
    expect(spoke.some((states) => states.has(ChatState.ANALYZING) || states.has(ChatState.SPEAKING))).toBe(false);
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
