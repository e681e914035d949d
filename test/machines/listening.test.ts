/**
 * Hands-free listening as event scripts: the detector's events are sent as
 * the voiceListener actor would send them, transcription and the LLM turn are
 * stand-ins, and the chart must run the loop by itself.
 */
import { describe, expect, it } from 'vitest';
import { toListeningState } from '../../machines/listening-state.js';
import type { ListeningRequest } from '../../machines/session.types.js';
import type { VoiceActivityDetector } from '../../src/audio/vad/voice-listener.js';
import { MicrophoneBusyError } from '../../src/errors.js';
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

  it('a barge-in marks the answer after the stop committed it, and says so once that is done', async () => {
    const s = listening(['tell me a joke', 'another one']);
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 900 });
    await flush();
    s.show(s.turns[0]!.input.turnId, 'Why did');
    let logWhenTold: unknown;
    s.actor.on('barge-in', () => (logWhenTold = s.actor.getSnapshot().context.chatLog[0]));
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(logWhenTold).toMatchObject({ text: 'Why did', interrupted: true });
    expect(s.emitted.filter((e) => e.type === 'barge-in')).toHaveLength(1);
    // Nothing is left armed: a later clearBuffer() of an answer the user did not interrupt marks nothing.
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 400 });
    await flush();
    s.show(s.turns[1]!.input.turnId, 'Here is one');
    s.send({ type: 'CLEAR_BUFFER' });
    expect(s.actor.getSnapshot().context.chatLog[0]).toMatchObject({ text: 'Here is one', isUser: false });
    expect(s.actor.getSnapshot().context.chatLog[0]!.interrupted).toBeUndefined();
  });
});

describe('one microphone: hands-free listening and startProcessSTT() exclude each other', () => {
  it('a recording asked for while listening is refused with MicrophoneBusyError; the recorder never opens', () => {
    const s = listening();
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'STT.START', requestId: 'stt-1' });
    const refusal = s.emitted.find((e) => e.type === 'reply.failed');
    expect(refusal).toMatchObject({ requestId: 'stt-1' });
    const error = (refusal as { error: unknown }).error;
    expect(error).toBeInstanceOf(MicrophoneBusyError);
    expect(error).toMatchObject({ name: 'MicrophoneBusyError', heldBy: 'listening' });
    expect(s.recorder.starts).toBe(0);
    expect(s.state()).toBe('listening');
  });

  it('listening asked for while a recording holds the microphone is refused; after stopProcessSTT it starts', () => {
    const s = startSession();
    s.send({ type: 'STT.START', requestId: 'stt-1' });
    s.send({ type: 'RECORDER.STARTED' });
    s.send({ type: 'LISTEN.START', requestId: 'listen-1', request: request() });
    const refusal = s.emitted.find((e) => e.type === 'reply.failed' && e.requestId === 'listen-1') as { error: unknown } | undefined;
    expect(refusal?.error).toBeInstanceOf(MicrophoneBusyError);
    expect(refusal?.error).toMatchObject({ heldBy: 'recording' });
    expect(s.voice.starts).toBe(0);
    s.send({ type: 'STT.STOP', requestId: 'stt-2' });
    s.send({ type: 'RECORDER.STOPPED', file: utterance() });
    s.send({ type: 'LISTEN.START', requestId: 'listen-2', request: request() });
    expect(s.voice.starts).toBe(1);
  });

  it('the voice-chat uplink recording (legacy) holds it too', () => {
    const s = startSession({ voiceChat: true });
    s.send({ type: 'STT.START', requestId: 'stt-1' });
    s.send({ type: 'LISTEN.START', requestId: 'listen-1', request: request() });
    expect(s.emitted.find((e) => e.type === 'reply.failed' && e.requestId === 'listen-1')).toMatchObject({ error: { heldBy: 'recording' } });
    expect(s.voice.starts).toBe(0);
  });
});

describe('hands-free listening: utterances queue behind a slow transcription', () => {
  it('the second utterance waits for the first transcript; both are answered in order, each after the previous turn', async () => {
    const pending: Array<(text: string) => void> = [];
    const s = startSession({}, { transcribe: () => new Promise<string>((resolve) => pending.push(resolve)) });
    s.send({ type: 'LISTEN.START', requestId: 'listen-1', request: request({ bargeIn: false }) });
    s.send({ type: 'VOICE.READY' });
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 900 });
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 700 });
    await flush();
    expect(toListeningState(s.actor.getSnapshot())).toBe('transcribing');
    expect(pending).toHaveLength(1);
    pending[0]!('first question');
    await flush();
    expect(s.turns.map((t) => t.input.history.at(-1)?.content)).toEqual(['first question']);
    expect(pending).toHaveLength(2);
    pending[1]!('second question');
    await flush();
    // Transcribed, but the first turn still runs: the second waits for it.
    expect(s.turns).toHaveLength(1);
    s.turns[0]!.done.resolve();
    await flush();
    expect(s.turns.map((t) => t.input.history.at(-1)?.content)).toEqual(['first question', 'second question']);
  });
});
