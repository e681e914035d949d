/**
 * Hands-free listening as event scripts: the detector's events are sent as
 * the voiceListener actor would send them, transcription and the LLM turn are
 * stand-ins, and the chart must run the loop by itself.
 */
import { describe, expect, it } from 'vitest';
import { toListeningState } from '../../machines/listening-state.js';
import type { ListeningRequest } from '../../machines/session.types.js';
import type { VoiceActivityDetector } from '../../src/audio/vad/voice-listener.js';
import { startSession } from './session-harness.js';

const idleDetector: VoiceActivityDetector = { start: async () => undefined, stop: () => undefined, setAvatarSpeaking: () => undefined };
const request = (overrides: Partial<ListeningRequest> = {}): ListeningRequest => ({ detector: idleDetector, bargeIn: true, speak: true, ...overrides });
const utterance = () => new File([new Uint8Array(44)], 'utterance.wav', { type: 'audio/wav' });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function listening(transcripts: string[] = ['what is the weather in paris'], overrides: Partial<ListeningRequest> = {}) {
  const queue = [...transcripts];
  const session = startSession({}, { transcribe: async () => queue.shift() ?? '' });
  session.send({ type: 'LISTEN.START', requestId: 'listen-1', request: request(overrides) });
  return { ...session, state: () => toListeningState(session.actor.getSnapshot()) };
}

describe('hands-free listening', () => {
  it('is starting until the microphone is live, then answers the startListening() request', () => {
    const s = listening();
    expect(s.state()).toBe('starting');
    expect(s.voice.starts).toBe(1);
    expect(s.emitted.some((e) => e.type === 'reply.done')).toBe(false);
    s.send({ type: 'VOICE.READY' });
    expect(s.state()).toBe('listening');
    expect(s.emitted).toContainEqual({ type: 'reply.done', requestId: 'listen-1' });
  });

  it('runs the whole loop by itself: speech → transcript → a spoken LLM turn → listening again', async () => {
    const s = listening();
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(s.state()).toBe('user-speaking');
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 1200 });
    expect(s.emitted).toContainEqual({ type: 'speech-end', durationMs: 1200 });
    expect(s.state()).toBe('transcribing');
    await flush();
    expect(s.emitted).toContainEqual({ type: 'transcript', text: 'what is the weather in paris' });
    // The chart started the turn itself, as processChat would: spoken, with the user's words in the log.
    expect(s.turns).toHaveLength(1);
    expect(s.turns[0]!.input.speak).toBe(true);
    expect(s.actor.getSnapshot().context.chatLog[0]).toMatchObject({ text: 'what is the weather in paris', isUser: true });
    expect(s.state()).toBe('listening');
    s.turns[0]!.done.resolve();
    await flush();
    expect(s.actor.getSnapshot().context.llmTurn).toBeNull();
  });

  it('starts no turn for an empty or noise-only transcript', async () => {
    const s = listening(['', '[noise]', '  ']);
    s.send({ type: 'VOICE.READY' });
    for (let i = 0; i < 3; i++) {
      s.send({ type: 'VOICE.SPEECH_START' });
      s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 400 });
      await flush();
    }
    expect(s.transcriptions).toHaveLength(3);
    expect(s.turns).toHaveLength(0);
    expect(s.actor.getSnapshot().context.chatLog).toEqual([]);
  });

  it('a misfire starts nothing', async () => {
    const s = listening();
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.MISFIRE' });
    await flush();
    expect(s.state()).toBe('listening');
    expect(s.transcriptions).toHaveLength(0);
  });

  it('speaking over a running answer is a barge-in: the turn is cancelled, clear-buffer sent, the answer marked interrupted', async () => {
    const s = listening(['tell me a joke', 'never mind']);
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 900 });
    await flush();
    const turnId = s.turns[0]!.input.turnId;
    s.show(turnId, 'Why did the chicken');
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(s.emitted).toContainEqual({ type: 'barge-in' });
    expect(s.sentMessages('clear-buffer')).toHaveLength(1);
    expect(s.turns[0]!.signal.aborted).toBe(true);
    expect(s.actor.getSnapshot().context.chatLog[0]).toMatchObject({ text: 'Why did the chicken', isUser: false, interrupted: true });
    // The interruption is itself an utterance: it is answered next.
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 500 });
    await flush();
    expect(s.turns).toHaveLength(2);
    expect(s.actor.getSnapshot().context.chatLog[0]).toMatchObject({ text: 'never mind', isUser: true });
  });

  it('with bargeIn off, speech over an answer interrupts nothing and its turn waits for the running one', async () => {
    const s = listening(['first question', 'second question'], { bargeIn: false });
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 900 });
    await flush();
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 900 });
    await flush();
    expect(s.emitted.some((e) => e.type === 'barge-in')).toBe(false);
    expect(s.sentMessages('clear-buffer')).toHaveLength(0);
    expect(s.turns).toHaveLength(1);
    s.turns[0]!.done.resolve();
    await flush();
    expect(s.turns).toHaveLength(2);
    expect(s.turns[1]!.input.history.at(-1)).toMatchObject({ role: 'user', type: 'message', content: 'second question' });
  });

  it('the avatar speaking alone (no turn) is interrupted too', () => {
    const s = listening();
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'SPEECH.REQUEST', message: { type: 'ttstf', data: { message: 'A long announcement.' } } });
    s.serverStf(5000);
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(s.emitted).toContainEqual({ type: 'barge-in' });
    expect(s.chatStates()).not.toContain('SPEAKING');
  });

  it('stopListening stops the detector; stopping before the microphone is live rejects the pending start', () => {
    const s = listening();
    s.send({ type: 'LISTEN.STOP' });
    expect(s.voice.stops).toBe(1);
    expect(s.state()).toBe('off');
    expect(s.emitted.find((e) => e.type === 'reply.failed')).toMatchObject({ requestId: 'listen-1' });
  });

  it('a detector that fails to start rejects startListening and leaves listening off', () => {
    const s = listening();
    const failure = new Error('NotAllowedError');
    s.send({ type: 'VOICE.FAILED', error: failure });
    expect(s.state()).toBe('off');
    expect(s.emitted).toContainEqual({ type: 'reply.failed', requestId: 'listen-1', error: failure });
  });
});
