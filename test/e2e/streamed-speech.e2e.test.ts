/**
 * processChat speaks while the LLM streams: one `ttstf` per speakable unit,
 * as soon as it is complete, in order, for token-level and sentence-level
 * streams; clearBuffer() mid-answer drops the units not yet sent. The SDK
 * against the emulator over real WebRTC; the `ttstf` messages are read off
 * the real data channel.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { createSession, type Session } from '../../src/client/index.js';
import { newSessionId, RTCPeerConnection } from './harness.js';

vi.setConfig({ testTimeout: 60_000 });

const SENTENCES = ['Busan is a port city in Korea.', 'It is famous for its beaches and its seafood.', 'Many people visit it every summer.'];
const ANSWER = SENTENCES.join(' ');
const TOKENS = ANSWER.split(/(?= )/);
/** Between the emulator's chunks: the first sentence is complete long before the stream ends. */
const PACE_MS = 40;

interface Sent {
  message: string;
  /** Whether the turn's LLM stream was still running when this `ttstf` went out. */
  turnRunning: boolean;
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

/** A session whose every `ttstf` on the `message` channel is noted, with whether its turn was still streaming. */
async function open(): Promise<{ session: Session; sent: Sent[] }> {
  const sent: Sent[] = [];
  let session: Session | null = null;
  class RecordingPeerConnection extends RTCPeerConnection {
    override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
      const channel = super.createDataChannel(label, init);
      const send = channel.send.bind(channel) as (data: string) => void;
      channel.send = ((data: string) => {
        const parsed = JSON.parse(data) as { type: string; data?: { message?: string } };
        if (parsed.type === 'ttstf') sent.push({ message: parsed.data?.message ?? '', turnRunning: session?.actor.getSnapshot().context.llmTurn != null });
        send(data);
      }) as RTCDataChannel['send'];
      return channel;
    }
  }
  session = await createSession({
    sessionId: await newSessionId(emulator),
    width: 640,
    height: 360,
    apiServer: emulator.url,
    RTCPeerConnection: RecordingPeerConnection as typeof globalThis.RTCPeerConnection,
  });
  sessions.push(session);
  return { session, sent };
}

describe('processChat speaks while the answer streams', () => {
  it.each([
    ['a token-level stream', 'tokens please'],
    ['a sentence-level stream', 'sentences please'],
  ])('%s: one ttstf per sentence, in order, the first while the stream still runs; the log and history keep the whole message', async (_label, question) => {
    const { session, sent } = await open();
    await session.processChat(question);
    expect(sent.map((entry) => entry.message)).toEqual(SENTENCES);
    expect(sent[0]!.turnRunning).toBe(true);
    expect(session.getMessageHistory().at(-1)).toEqual({ role: 'assistant', type: 'message', content: ANSWER });
  });

  it('clearBuffer mid-answer: the units not yet sent are never sent', async () => {
    const { session, sent } = await open();
    const turn = session.processChat('tokens please');
    await vi.waitFor(() => expect(sent.length).toBe(1), { timeout: 15_000, interval: 2 });
    await session.clearBuffer();
    await turn;
    // Long enough for the rest of the stream (TOKENS.length × PACE_MS) to have arrived, had the turn gone on.
    await new Promise((resolve) => setTimeout(resolve, TOKENS.length * PACE_MS + 500));
    expect(sent.map((entry) => entry.message)).toEqual([SENTENCES[0]]);
  });
});
