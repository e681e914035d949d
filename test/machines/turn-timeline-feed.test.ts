/**
 * Turn timelines fed by the real session chart (stand-in actors, simulated
 * clock): which hands-free utterance a voice turn's marks come from, and the
 * chart's speech events reaching the recorder in order.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { FIRST_UTTERANCE_MARGIN_MS } from '../../machines/session.setup.js';
import type { VoiceActivityDetector } from '../../src/audio/vad/voice-listener.js';
import type { SessionActor } from '../../src/client/session.js';
import type { TurnTimeline } from '../../src/client/turn-timeline.js';
import { TurnTimelines } from '../../src/client/turn-timeline-feed.js';
import { startSession } from './session-harness.js';

const idleDetector: VoiceActivityDetector = { start: async () => undefined, stop: () => undefined, setAvatarSpeaking: () => undefined };
const utterance = () => new File([new Uint8Array(44)], 'utterance.wav', { type: 'audio/wav' });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function recordedSession(transcripts: Array<string | Error>) {
  const clock = new SimulatedClock();
  const queue = [...transcripts];
  const s = startSession({}, {
    clock,
    transcribe: async () => {
      const next = queue.shift() ?? '';
      if (next instanceof Error) throw next;
      return next;
    },
  });
  const completed: TurnTimeline[] = [];
  const timelines = new TurnTimelines(s.actor as unknown as SessionActor, { limit: 20, video: () => null, onComplete: (t) => completed.push(t), now: () => clock.now() });
  s.notify({ type: 'LINK.STATUS', status: 'connected' });
  s.send({ type: 'LISTEN.START', requestId: 'listen-1', request: { detector: idleDetector, bargeIn: true, speak: true } });
  s.send({ type: 'VOICE.READY' });
  return { ...s, clock, completed, timelines };
}

describe('turn timelines fed by the session chart', () => {
  it("a voice turn carries its own utterance's speech end and STT answer, not those of one whose STT failed", async () => {
    const s = recordedSession([new Error('STT down'), 'what time is it']);
    s.clock.set(1_000);
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 500 });
    await flush();
    expect(s.turns).toHaveLength(0);

    s.clock.set(2_000);
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 500 });
    s.clock.set(2_300);
    await flush();
    const [turn] = s.turns;
    s.clock.set(2_400);
    s.timelines.llmStep('llm-request-sent');
    s.clock.set(2_450);
    s.timelines.llmMessage(turn!.input.turnId);
    turn!.sendBack({ type: 'LLM.SPEECH', turnId: turn!.input.turnId, text: 'It is noon.' });
    turn!.done.resolve();
    await flush();
    s.clock.set(2_700);
    s.serverStf(1_000, 'It is noon.');
    s.clock.increment(1_000 + FIRST_UTTERANCE_MARGIN_MS);

    expect(s.completed).toHaveLength(1);
    const [timeline] = s.completed;
    expect(timeline).toMatchObject({ turnId: turn!.input.turnId, end: 'spoken', startedAt: 2_300 });
    expect(timeline!.marks).toEqual({
      userSpeechEnd: 2_000,
      sttAnswered: 2_300,
      llmRequestSent: 2_400,
      firstMessage: 2_450,
      firstTtstfSent: 2_450,
      llmStreamEnd: 2_450,
      firstStf: 2_700,
      speechEnd: 2_700 + 1_000 + FIRST_UTTERANCE_MARGIN_MS,
    });
  });

  it('a transcript with no words starts no turn, and the next typed turn does not take its marks', async () => {
    const s = recordedSession(['[noise]']);
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 300 });
    await flush();
    expect(s.turns).toHaveLength(0);
    s.send({ type: 'LLM.REQUEST', turnId: 'typed', message: 'hello', speak: false });
    s.turns[0]!.done.resolve();
    await flush();
    expect(s.completed).toEqual([expect.objectContaining({ turnId: 'typed', end: 'unspoken' })]);
    expect(s.completed[0]!.marks.userSpeechEnd).toBeUndefined();
  });

  it('a barge-in over the answer ends the turn as interrupted; closing ends what is open as closed', async () => {
    const s = recordedSession(['tell me a story', 'stop']);
    s.send({ type: 'VOICE.SPEECH_START' });
    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 300 });
    await flush();
    const [story] = s.turns;
    story!.sendBack({ type: 'LLM.SPEECH', turnId: story!.input.turnId, text: 'Once upon a time.' });
    story!.done.resolve();
    await flush();
    s.serverStf(5_000);
    s.clock.increment(1_000);
    s.send({ type: 'VOICE.SPEECH_START' });
    expect(s.completed.map((t) => t.end)).toEqual(['interrupted']);
    expect(s.completed[0]!.marks.speechEnd).toBe(1_000);

    s.send({ type: 'VOICE.SPEECH_END', file: utterance(), durationMs: 300 });
    await flush();
    expect(s.turns).toHaveLength(2);
    s.timelines.close();
    expect(s.completed.map((t) => t.end)).toEqual(['interrupted', 'closed']);
    expect(s.completed[1]!.marks).toMatchObject({ userSpeechEnd: 1_000, sttAnswered: 1_000 });
  });
});
