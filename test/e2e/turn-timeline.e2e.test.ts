import { describe, expect, it, vi } from 'vitest';
import { decodeWav } from '../../src/audio/wav.js';
import { ChatState, TURN_STEPS } from '../../src/client/index.js';
import type { Session, TurnStep, TurnTimeline, VoiceActivityDetector, VoiceActivityHandlers } from '../../src/client/index.js';
import { useSessionFixture } from './harness.js';

// Real WebRTC, LLM, TTS and STT on a shared 2-core box: generous bounds, no timing assertions.
vi.setConfig({ testTimeout: 60_000 });

const fixture = useSessionFixture();

function nextTimeline(session: Session): Promise<TurnTimeline> {
  return new Promise((resolve) => {
    const off = session.on('turn-timeline', (timeline) => {
      off();
      resolve(timeline);
    });
  });
}

/** The marks that are present, in the causal order each must keep (a later step never before an earlier one). */
function expectInOrder(timeline: TurnTimeline, steps: readonly TurnStep[]): void {
  const times = steps.map((step) => timeline.marks[step]);
  for (const [index, time] of times.entries()) expect(time, steps[index]).toEqual(expect.any(Number));
  expect([...(times as number[])].sort((a, b) => a - b)).toEqual(times);
}

function waitForStates(session: Session, predicate: (states: Set<ChatState>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = session.subscribeChatStates((states) => {
      if (!predicate(states)) return;
      off();
      resolve();
    });
  });
}

describe('turn timelines', () => {
  it('a processChat turn reports each step once the avatar has spoken, monotonic and in order', async () => {
    const session = await fixture.open();
    const reported = nextTimeline(session);
    await session.processChat('Hello!');
    const timeline = await reported;
    expect(timeline).toMatchObject({ turnId: expect.any(String), end: 'spoken', startedAt: expect.any(Number) });
    expect(timeline.startedAt).toBeLessThanOrEqual(timeline.marks.llmRequestSent!);
    expectInOrder(timeline, ['llmRequestSent', 'llmFirstByte', 'firstMessage', 'firstTtstfSent', 'firstStf', 'speechEnd']);
    expectInOrder(timeline, ['llmFirstByte', 'llmStreamEnd', 'speechEnd']);
    expect(timeline.endedAt).toBeGreaterThanOrEqual(timeline.marks.speechEnd!);
    // Node has no video element: no frame to mark, and no hands-free steps in a typed turn.
    expect(Object.keys(timeline.marks).sort()).toEqual(
      TURN_STEPS.filter((step) => !['firstVideoFrame', 'userSpeechEnd', 'sttAnswered'].includes(step)).sort(),
    );
    expect(session.getTurnTimelines()).toEqual([timeline]);
  });

  it('keeps the last `turnTimelineLimit` timelines; a turn with nothing to speak ends unspoken', async () => {
    const session = await fixture.open({ turnTimelineLimit: 2 });
    const reported: TurnTimeline[] = [];
    session.on('turn-timeline', (timeline) => reported.push(timeline));
    for (const message of ['one', 'two', 'three']) {
      for await (const _chunk of session.processLLM({ message })) {
        // drain
      }
    }
    expect(reported.map((t) => t.end)).toEqual(['unspoken', 'unspoken', 'unspoken']);
    for (const timeline of reported) expectInOrder(timeline, ['llmRequestSent', 'llmFirstByte', 'firstMessage', 'llmStreamEnd']);
    expect(session.getTurnTimelines()).toEqual(reported.slice(1));
    expect(session.getTurnTimelines()[1]!.startedAt).toBeGreaterThan(session.getTurnTimelines()[0]!.endedAt);
  });

  it('clearBuffer while the avatar speaks ends the turn as interrupted', async () => {
    const session = await fixture.open();
    const reported = nextTimeline(session);
    const speaking = waitForStates(session, (states) => states.has(ChatState.SPEAKING));
    await session.processChat('Tell me a long story about the sea.');
    await speaking;
    await session.clearBuffer();
    const timeline = await reported;
    expect(timeline.end).toBe('interrupted');
    expectInOrder(timeline, ['llmRequestSent', 'firstTtstfSent', 'firstStf', 'speechEnd']);
  });

  it('a hands-free turn starts with the user speech end and the STT answer', async (context) => {
    if (!fixture.emulator.engines.sttAvailable) context.skip('pocketsphinx is not installed: no transcript to start a voice turn');
    const probe = await fixture.open();
    const speech = decodeWav(await (await probe.processTTS('Hello world.', { resample: true }))!.arrayBuffer());
    const detector = scriptedDetector();
    const session = await fixture.open();
    const reported = nextTimeline(session);
    await session.startListening({ vad: detector.vad });
    detector.say({ audio: speech.samples[0]!, sampleRate: speech.sampleRate, durationMs: (speech.samples[0]!.length / speech.sampleRate) * 1000 });
    const timeline = await reported;
    expect(timeline.end).toBe('spoken');
    expectInOrder(timeline, ['userSpeechEnd', 'sttAnswered', 'llmRequestSent', 'llmFirstByte', 'firstTtstfSent', 'firstStf', 'speechEnd']);
    expect(timeline.startedAt).toBeGreaterThanOrEqual(timeline.marks.sttAnswered!);
    expect(timeline.startedAt).toBeLessThanOrEqual(timeline.marks.llmRequestSent!);
  }, 120_000);
});

/** A voice activity detector the test speaks through: no microphone, the utterance is given. */
function scriptedDetector() {
  let handlers: VoiceActivityHandlers | null = null;
  const vad: VoiceActivityDetector = {
    start: async (given) => void (handlers = given),
    stop: () => void (handlers = null),
    setAvatarSpeaking: () => undefined,
  };
  return {
    vad,
    say(utterance: Parameters<VoiceActivityHandlers['onSpeechEnd']>[0]): void {
      handlers!.onSpeechStart();
      handlers!.onSpeechEnd(utterance);
    },
  };
}
