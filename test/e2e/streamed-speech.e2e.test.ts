/**
 * processChat speaks while the LLM streams: one `ttstf` per speakable unit,
 * as soon as it is complete, in order, for token-level and sentence-level
 * streams; clearBuffer() mid-answer drops the units not yet sent. The `ttstf`
 * messages are read off the real data channel.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { createSession, type Session } from '../../src/client/index.js';
import { newSessionId, RTCPeerConnection } from './harness.js';

vi.setConfig({ testTimeout: 60_000 });

const SENTENCES = ['Busan is a port city in Korea.', 'It is famous for its beaches and its seafood.', 'Many people visit it every summer.'];
const ANSWER = SENTENCES.join(' ');
const TOKENS = ANSWER.split(/(?= )/);
const PACE_MS = 40;

interface Sent {
  message: string;
  at: number;
}

/** The wrtc peer connection, noting every `ttstf` sent on the `message` channel. */
function recordingPeerConnection(sent: Sent[]): typeof globalThis.RTCPeerConnection {
  return class extends RTCPeerConnection {
    override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
      const channel = super.createDataChannel(label, init);
      const send = channel.send.bind(channel) as (data: string) => void;
      channel.send = ((data: string) => {
        const parsed = JSON.parse(data) as { type: string; data?: { message?: string } };
        if (parsed.type === 'ttstf') sent.push({ message: parsed.data?.message ?? '', at: performance.now() });
        send(data);
      }) as RTCDataChannel['send'];
      return channel;
    }
  } as typeof globalThis.RTCPeerConnection;
}

let emulator: Emulator;
const sessions: Session[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, llm: { pace: PACE_MS }, staticDir: false });
  emulator.llm.addRule({ pattern: 'tokens please', reply: TOKENS });
  emulator.llm.addRule({ pattern: 'sentences please', reply: ANSWER });
});

afterAll(async () => {
  for (const session of sessions) session.stopSession();
  await emulator?.close();
});

async function open(sent: Sent[]): Promise<Session> {
  const session = await createSession({
    sessionId: await newSessionId(emulator),
    width: 640,
    height: 360,
    apiServer: emulator.url,
    RTCPeerConnection: recordingPeerConnection(sent),
  });
  sessions.push(session);
  return session;
}

describe('processChat speaks while the answer streams', () => {
  it.each([
    ['a token-level stream', 'tokens please'],
    ['a sentence-level stream', 'sentences please'],
  ])('%s: one ttstf per sentence, in order, the first before the stream ends; the log keeps the whole message', async (_label, question) => {
    const sent: Sent[] = [];
    const session = await open(sent);
    const turn = session.processChat(question);
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0), { timeout: 10_000, interval: 5 });
    const firstAt = performance.now();
    await turn;
    const turnEndedAt = performance.now();
    expect(sent.map((entry) => entry.message)).toEqual(SENTENCES);
    // The first sentence went out while later pieces were still to come (each is PACE_MS apart).
    expect(sent[0]!.at).toBeLessThan(sent[2]!.at);
    expect(firstAt).toBeLessThan(turnEndedAt);
    const history = session.getMessageHistory();
    expect(history.at(-1)).toMatchObject({ role: 'assistant', content: ANSWER });
  });

  it('clearBuffer mid-answer: the units not yet sent are never sent', async () => {
    const sent: Sent[] = [];
    const session = await open(sent);
    const turn = session.processChat('tokens please');
    await vi.waitFor(() => expect(sent.length).toBe(1), { timeout: 10_000, interval: 2 });
    session.clearBuffer();
    await turn;
    // Long enough for the rest of the stream (about TOKENS.length × PACE_MS) to have arrived, had it gone on.
    await new Promise((resolve) => setTimeout(resolve, TOKENS.length * PACE_MS + 500));
    expect(sent.map((entry) => entry.message)).toEqual([SENTENCES[0]]);
  });
});
