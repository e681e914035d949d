/**
 * The hands-free loop on simulated time: the detector's events come as the
 * voiceListener actor sends them (its silence and min-speech timing is audio
 * time, inside the detector), and every chart timer — the avatar's speaking
 * deadline, which decides whether speech is a barge-in — runs on XState's
 * SimulatedClock, never on the wall clock.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { toListeningState } from '../../machines/listening-state.js';
import { FIRST_UTTERANCE_MARGIN_MS, SPEECH_START_TIMEOUT_MS } from '../../machines/session.setup.js';
import type { ListeningRequest } from '../../machines/session.types.js';
import type { VoiceActivityDetector } from '../../src/audio/vad/voice-listener.js';
import { startSession } from './session-harness.js';

const idleDetector: VoiceActivityDetector = { start: async () => undefined, stop: () => undefined, setAvatarSpeaking: () => undefined };
const utterance = () => new File([new Uint8Array(44)], 'utterance.wav', { type: 'audio/wav' });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function handsFree(transcripts: string[], overrides: Partial<ListeningRequest> = {}) {
  const clock = new SimulatedClock();
  const queue = [...transcripts];
  const s = startSession({}, { clock, transcribe: async () => queue.shift() ?? '' });
  s.notify({ type: 'LINK.STATUS', status: 'connected' });
  s.send({ type: 'LISTEN.START', requestId: 'listen-1', request: { detector: idleDetector, bargeIn: true, speak: true, ...overrides } });
  s.send({ type: 'VOICE.READY' });
  return { ...s, clock, state: () => toListeningState(s.actor.getSnapshot()) };
}

/** The user says one thing; the chart transcribes it and starts a spoken turn, whose answer the avatar starts speaking. */
async function askAndHearAnswer(s: ReturnType<typeof handsFree>, stfDurationMs: number) {
  s.send({ type: 'VOICE.SPEECH_START' });
  s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 800 });
  await flush();
  const turn = s.turns.at(-1)!;
  turn.sendBack({ type: 'LLM.SPEECH', turnId: turn.input.turnId, text: 'Here is the answer.' });
  turn.done.resolve();
  await flush();
  s.serverStf(stfDurationMs, 'Here is the answer.');
  return turn;
}

describe('hands-free listening on simulated time', () => {
  it('runs speech → transcript → spoken turn → speaking → listening, the speaking deadline moved by the clock alone', async () => {
    const s = handsFree(['what time is it']);
    s.clock.set(10_000);
    const turn = await askAndHearAnswer(s, 2_000);
    expect(turn.input.speak).toBe(true);
    expect(s.sentMessages('ttstf')).toEqual([{ type: 'ttstf', data: { message: 'Here is the answer.' } }]);
    expect(s.chatStates()).toEqual(['SPEAKING']);
    expect(s.actor.getSnapshot().context.speakingUntil).toBe(10_000 + 2_000 + FIRST_UTTERANCE_MARGIN_MS);
    s.clock.increment(2_000 + FIRST_UTTERANCE_MARGIN_MS - 1);
    expect(s.chatStates()).toEqual(['SPEAKING']);
    s.clock.increment(1);
    expect(s.chatStates()).toEqual([]);
    expect(s.state()).toBe('listening');
  });

  it('speech while the avatar still speaks (by the clock) is a barge-in', async () => {
    const s = handsFree(['tell me a story', 'stop']);
    await askAndHearAnswer(s, 5_000);
    s.clock.increment(4_000);
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(s.emitted).toContainEqual({ type: 'barge-in' });
    expect(s.sentMessages('clear-buffer')).toHaveLength(1);
    expect(s.chatStates()).toEqual([]);
  });

  it('speech after the speaking deadline has passed on the clock interrupts nothing', async () => {
    const s = handsFree(['tell me a story', 'and another']);
    await askAndHearAnswer(s, 1_000);
    s.clock.increment(1_000 + FIRST_UTTERANCE_MARGIN_MS);
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(s.emitted.some((e) => e.type === 'barge-in')).toBe(false);
    expect(s.sentMessages('clear-buffer')).toHaveLength(0);
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 600 });
    await flush();
    expect(s.turns).toHaveLength(2);
  });

  it('an answer the avatar never starts is given up after the speech-start timeout on the clock; listening goes on', async () => {
    const s = handsFree(['hello']);
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 500 });
    await flush();
    const turn = s.turns[0]!;
    turn.sendBack({ type: 'LLM.SPEECH', turnId: turn.input.turnId, text: 'Hi.' });
    turn.done.resolve();
    await flush();
    expect(s.chatStates()).toEqual(['ANALYZING']);
    s.clock.increment(SPEECH_START_TIMEOUT_MS - 1);
    expect(s.chatStates()).toEqual(['ANALYZING']);
    s.clock.increment(1);
    expect(s.chatStates()).toEqual([]);
    expect(s.emitted).toContainEqual({ type: 'error', error: new Error('The avatar did not start the requested speech in time') });
    expect(s.state()).toBe('listening');
  });
});
