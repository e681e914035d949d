import { describe, expect, it, vi } from 'vitest';
import { ChatState, ChatTool, createSession, InvalidArgumentError, SessionClosedError, STTError } from '../../src/client/index.js';
import type { ChatLogEntry, LLMChunk, Session } from '../../src/client/index.js';
import { eventually, newSessionId, RTCPeerConnection, useSessionFixture } from './harness.js';

// Real WebRTC, TTS and STT on a shared 2-core box: generous bounds, no timing assertions.
vi.setConfig({ testTimeout: 60_000 });

const fixture = useSessionFixture();
const { open, track } = fixture;

/** Every distinct chat-state set the session goes through, as sorted arrays. */
function recordChatStates(session: Session): string[][] {
  const seen: string[][] = [];
  session.subscribeChatStates((states) => seen.push([...states].sort()));
  return seen;
}

function waitForStates(session: Session, predicate: (states: Set<ChatState>) => boolean, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('chat states never matched'));
    }, timeoutMs);
    const unsubscribe = session.subscribeChatStates((states) => {
      if (!predicate(states)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

describe('a full conversation', () => {
  it('processChat runs a tool, the avatar analyses and speaks, the log and history keep it; clearBuffer; stopSession', async () => {
    const calls: unknown[] = [];
    const weather = new ChatTool(
      'get_weather',
      'Get current weather for a location',
      { type: 'object', properties: { location: { type: 'string', description: 'City name' } }, required: ['location'] },
      async (args) => {
        calls.push(args);
        return { temperature: 22, condition: 'Sunny' };
      },
    );
    const session = await open({ clientTools: [weather] });
    const states = recordChatStates(session);
    const logs: ChatLogEntry[][] = [];
    session.subscribeChatLog((log) => logs.push(log));
    const closes: boolean[] = [];
    session.onClose((manual) => closes.push(manual));

    const speaking = waitForStates(session, (s) => s.has(ChatState.SPEAKING));
    await session.processChat("What's the weather in Paris?");
    expect(calls).toEqual([{ location: 'Paris' }]);
    await speaking;
    expect(states[0]).toEqual(['LLM']);
    expect(states.some((s) => s.includes('ANALYZING'))).toBe(true);
    const firstAnalyzing = states.findIndex((s) => s.includes('ANALYZING'));
    const firstSpeaking = states.findIndex((s) => s.includes('SPEAKING'));
    expect(firstAnalyzing).toBeLessThan(firstSpeaking);

    const log = logs.at(-1)!;
    expect(log.at(-1)).toMatchObject({ text: "What's the weather in Paris?", isUser: true });
    expect(log[0]!.isUser).toBe(false);
    expect(log[0]!.text.length).toBeGreaterThan(0);
    expect(log[0]!.timestamp).toBeInstanceOf(Date);
    const roles = session.getMessageHistory().map((m) => m.role);
    expect(roles[0]).toBe('user');
    expect(roles).toContain('tool');
    expect(roles.at(-1)).toBe('assistant');

    session.clearBuffer();
    await eventually(() => states.at(-1)?.length === 0, 5_000, 'chat states off after clearBuffer');
    expect(session.subscribeChatLog).toBeDefined();

    session.stopSession();
    await eventually(() => closes.length === 1, 5_000, 'onClose');
    expect(closes).toEqual([true]);
    expect(session.getConnectionState()).toBe('closed');
    expect(logs.at(-1)).toEqual(log);
  });

  it('processLLM → processTTS → processSTF', async () => {
    const session = await open();
    let answer = '';
    const chunks: LLMChunk[] = [];
    for await (const chunk of session.processLLM({ message: 'Hello!' })) {
      chunks.push(chunk);
      if (chunk.type === 'message' && chunk.finish) answer = chunk.message;
    }
    expect(answer.length).toBeGreaterThan(0);
    expect(chunks.some((c) => c.type === 'message' && !c.finish)).toBe(true);

    const audio = await session.processTTS(answer);
    expect(audio).toBeInstanceOf(Blob);
    expect(audio!.type).toBe('audio/wav');
    expect(await session.processTTS(' 😀 ')).toBeUndefined();

    const speaking = waitForStates(session, (s) => s.has(ChatState.SPEAKING));
    await session.processSTF(audio!, audio!.type, answer);
    await speaking;
  });

  it('processTTSTF speaks text directly', async () => {
    const session = await open();
    const states = recordChatStates(session);
    expect(() => session.processTTSTF('  ')).toThrow(InvalidArgumentError);
    expect(() => session.processTTSTF('😀🎉')).toThrow(/nothing to speak|something to speak/);
    session.processTTSTF('Welcome! How can I help you today?');
    expect(states).toEqual([['ANALYZING']]);
    await waitForStates(session, (s) => s.has(ChatState.SPEAKING) && !s.has(ChatState.ANALYZING));
    await waitForStates(session, (s) => s.size === 0);
  });

  it('transcribes synthesised speech, directly and through startProcessSTT / stopProcessSTT', async (context) => {
    if (!fixture.emulator.engines.sttAvailable) {
      context.skip('pocketsphinx is not installed: STT cannot be checked');
    }
    const session = await open();
    const audio = (await session.processTTS('Hello world.', { resample: true }))!;
    const text = await session.transcribeAudio(audio);
    expect(text.toLowerCase()).toContain('hello');
    expect(await session.transcribeAudioDetailed(audio)).toEqual({ text });

    const file = new File([await audio.arrayBuffer()], 'recording.wav', { type: 'audio/wav' });
    const session2 = await open({
      createRecorder: () => ({ start: async () => undefined, stop: async () => file, cancel: () => undefined }),
    });
    const transcripts: string[] = [];
    session2.setSttResultCallback((t) => transcripts.push(t));
    await session2.startProcessSTT();
    expect(session2.isSTTRecording()).toBe(true);
    // Misuse is a plain Error (an STTError always has an underlyingError to read).
    const twice = await session2.startProcessSTT().catch((error: unknown) => error);
    expect(twice).toBeInstanceOf(Error);
    expect(twice).not.toBeInstanceOf(STTError);
    const heard = await session2.stopProcessSTT('en');
    expect(heard.toLowerCase()).toContain('hello');
    expect(transcripts).toEqual([heard]);
    expect(session2.isSTTRecording()).toBe(false);
    expect(session2.lastRecordedAudioFile).toBe(file);
    const unstarted = await session2.stopProcessSTT().catch((error: unknown) => error);
    expect(unstarted).toBeInstanceOf(Error);
    expect(unstarted).not.toBeInstanceOf(STTError);
  }, 120_000);

  it('accepts the positional call style, and the deprecated voice-chat one', async () => {
    const global = globalThis as { RTCPeerConnection?: typeof RTCPeerConnection };
    global.RTCPeerConnection = RTCPeerConnection;
    try {
      const sessionId = await newSessionId(fixture.emulator);
      const session = await createSession(fixture.emulator.url, sessionId, 320, 240, []);
      track(session);
      expect(session.getSessionId()).toBe(sessionId);
      session.changeSize(480, 270);
      await session.logSessionEvent({ step: 'e2e' });
      const logged = await eventually(() => fixture.emulator.sessions.get(sessionId)?.events.find((e) => e.event === 'SESSION_LOG'), 5_000, 'SESSION_LOG');
      expect(logged.detail).toBe('{"step":"e2e"}');

      const legacy = await createSession(fixture.emulator.url, await newSessionId(fixture.emulator), 320, 240, true, []);
      track(legacy);
      await legacy.startProcessSTT();
      expect(legacy.isSTTRecording()).toBe(true);
      // Node has no microphone, so the server got no uplink track and says so (Chromium's test hears real speech).
      const failure = legacy.stopProcessSTT();
      await expect(failure).rejects.toBeInstanceOf(STTError);
      await expect(failure).rejects.toThrow(/no_audio_track/);
    } finally {
      delete global.RTCPeerConnection;
    }
  });

  it('passes inspection events to `inspect` and stops a pending connect on abort', async () => {
    const inspected: string[] = [];
    const session = await open({ inspect: (event) => void inspected.push(event.type) });
    expect(inspected).toContain('@xstate.event');
    expect(session.actor.getSnapshot().matches({ active: { link: 'connected' } })).toBe(true);

    const controller = new AbortController();
    const pending = createSession({
      sessionId: await newSessionId(fixture.emulator),
      width: 10,
      height: 10,
      apiServer: fixture.emulator.url,
      RTCPeerConnection,
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('sessions without WebRTC', () => {
  it('send SESSION_START and then SESSION_DURING heartbeats', async () => {
    const sessionId = await newSessionId(fixture.emulator, { using_stf_webrtc: false });
    const session = await createSession({ sessionId, width: 1, height: 1, apiServer: fixture.emulator.url, timeouts: { heartbeatIntervalMs: 200 } });
    track(session);
    expect(session.getConnectionState()).toBe('connected');
    expect(session.getRemoteStream()).toBeUndefined();
    await eventually(() => (fixture.emulator.sessions.get(sessionId)?.events.filter((e) => e.event === 'SESSION_DURING').length ?? 0) >= 2, 5_000, 'heartbeats');
    expect(fixture.emulator.sessions.get(sessionId)!.events[0]!.event).toBe('SESSION_START');
    expect(() => session.processTTSTF('hi')).toThrow(/no STF_WEBRTC/);
    session.stopSession();
  });
});

describe('reconnect', () => {
  it('comes back after the server drops its peer, keeping the chat log, and speaks again', async () => {
    const session = await open({ reconnectPolicy: { nextRetryDelayMs: ({ retryCount }) => (retryCount < 10 ? 200 : null) } });
    const logs: ChatLogEntry[][] = [];
    session.subscribeChatLog((log) => logs.push(log));
    await session.processChat('Hello!');
    session.clearBuffer();
    const logBefore = logs.at(-1)!;
    expect(logBefore).toHaveLength(2);
    const connection: string[] = [];
    session.subscribeConnectionState((state) => connection.push(state));

    const audio = (await session.processTTS('Uploaded while the link was down.'))!;
    fixture.emulator.faults.cutLink(session.getSessionId(), 0, 'close');
    await eventually(() => connection.includes('reconnecting'), 15_000, 'reconnecting');
    // Calls made while reconnecting: the message waits in the outbox, the upload waits for the link.
    const speaking = waitForStates(session, (s) => s.has(ChatState.SPEAKING));
    session.processTTSTF('I am back.');
    const upload = session.processSTF(audio);
    await eventually(() => connection.at(-1) === 'connected', 20_000, 'connected again');
    await upload;
    await speaking;
    expect(session.getMessageHistory().length).toBeGreaterThanOrEqual(3);
    // The log survived the reconnect; the line spoken meanwhile joined it.
    expect(logs.at(-1)!.slice(1)).toEqual(logBefore);
    expect(logs.at(-1)![0]).toMatchObject({ text: 'I am back.', isUser: false });
    expect(session.getRemoteStream()).toBeDefined();
  });

  it('closes as lost once the policy gives up (the platform ended the session)', async () => {
    const session = await open({ reconnectPolicy: { nextRetryDelayMs: ({ retryCount }) => (retryCount < 2 ? 100 : null) } });
    const closes: boolean[] = [];
    const errors: Error[] = [];
    session.onClose((manual) => closes.push(manual));
    session.setErrorHandler((error) => errors.push(error));
    fixture.emulator.faults.expireSession(session.getSessionId());
    await eventually(() => closes.length === 1, 20_000, 'onClose');
    expect(closes).toEqual([false]);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(() => session.processTTSTF('hi')).toThrow(SessionClosedError);
  });

  it('treats a silent link as dead and recovers when it speaks again', async () => {
    const session = await open({ timeouts: { linkDeadMs: 1_500 }, reconnectPolicy: { nextRetryDelayMs: ({ retryCount }) => (retryCount < 20 ? 300 : null) } });
    const connection: string[] = [];
    session.subscribeConnectionState((state) => connection.push(state));
    fixture.emulator.faults.cutLink(session.getSessionId(), 2_500, 'silence');
    await eventually(() => connection.includes('reconnecting'), 10_000, 'reconnecting');
    await eventually(() => connection.at(-1) === 'connected', 20_000, 'connected again');
  });
});

describe('after stopSession', () => {
  it('every call fails with SessionClosedError or is a documented no-op', async () => {
    const session = await open();
    const closes: boolean[] = [];
    session.onClose((manual) => closes.push(manual));
    session.stopSession();
    session.stopSession();
    session.clearBuffer();
    await expect(session.processChat('hi')).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.processLLM({ message: 'hi' }).next()).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.processTTS('hi')).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.processSTF(new Blob([], { type: 'audio/wav' }))).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.startProcessSTT()).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.stopProcessSTT()).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.transcribeAudio(new Blob())).rejects.toBeInstanceOf(SessionClosedError);
    await expect(session.logSessionEvent('x')).rejects.toBeInstanceOf(SessionClosedError);
    expect(() => session.processTTSTF('hi')).toThrow(SessionClosedError);
    expect(() => session.changeSize(1, 1)).toThrow(SessionClosedError);
    expect(session.getConnectionState()).toBe('closed');
    expect(session.getSessionId()).toMatch(/.+/);
    const late: boolean[] = [];
    session.onClose((manual) => late.push(manual));
    await eventually(() => late.length === 1, 2_000, 'late onClose');
    expect(closes).toEqual([true]);
    expect(late).toEqual([true]);
  });

  it('a call in flight when the session stops settles instead of hanging', async () => {
    const session = await open();
    const tts = session.processTTS('A sentence that takes a moment to synthesise.');
    session.stopSession();
    await expect(tts).rejects.toBeInstanceOf(SessionClosedError);
  });
});
