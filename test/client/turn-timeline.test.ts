import { describe, expect, it } from 'vitest';
import { TurnTimelineRecorder } from '../../src/client/turn-timeline.js';
import type { TimelineInput, TurnTimeline } from '../../src/client/turn-timeline.js';

/** A recorder fed an event script; `at` counts up by itself unless given. */
function script(limit = 20) {
  const completed: TurnTimeline[] = [];
  const recorder = new TurnTimelineRecorder({ limit, onComplete: (timeline) => completed.push(timeline) });
  let clock = 0;
  type Unstamped = TimelineInput extends infer I ? (I extends TimelineInput ? Omit<I, 'at'> : never) : never;
  const send = (...inputs: Unstamped[]): void => {
    for (const input of inputs) recorder.record({ ...input, at: (clock += 10) } as TimelineInput);
  };
  return { recorder, completed, send };
}

const spokenTurn = (turnId: string): Parameters<ReturnType<typeof script>['send']> => [
  { type: 'turn-start', turnId },
  { type: 'llm-request-sent' },
  { type: 'llm-first-byte' },
  { type: 'llm-message', turnId },
  { type: 'speech-requested', turnId },
  { type: 'llm-end', turnId, reason: 'done' },
  { type: 'speech-started' },
  { type: 'video-frame' },
  { type: 'speech-stopped', cleared: false },
];

describe('TurnTimelineRecorder', () => {
  it('marks each step of a spoken turn once, in order, and completes when the speech ends', () => {
    const { completed, send } = script();
    send(...spokenTurn('t1'));
    expect(completed).toEqual([
      {
        turnId: 't1',
        startedAt: 10,
        marks: { llmRequestSent: 20, llmFirstByte: 30, firstMessage: 40, firstTtstfSent: 50, llmStreamEnd: 60, firstStf: 70, firstVideoFrame: 80, speechEnd: 90 },
        end: 'spoken',
        endedAt: 90,
      },
    ]);
  });

  it('keeps the first time of a step that happens again (follow-up requests, more messages and sentences)', () => {
    const { completed, send } = script();
    send(
      { type: 'turn-start', turnId: 't1' },
      { type: 'llm-request-sent' },
      { type: 'llm-first-byte' },
      { type: 'llm-message', turnId: 't1' },
      { type: 'speech-requested', turnId: 't1' },
      { type: 'llm-request-sent' },
      { type: 'llm-first-byte' },
      { type: 'llm-message', turnId: 't1' },
      { type: 'speech-requested', turnId: 't1' },
      { type: 'speech-started' },
      { type: 'video-frame' },
      { type: 'speech-started' },
      { type: 'video-frame' },
      { type: 'llm-end', turnId: 't1', reason: 'done' },
    );
    expect(completed).toEqual([]);
    send({ type: 'speech-stopped', cleared: false });
    expect(completed[0]!.marks).toEqual({
      llmRequestSent: 20,
      llmFirstByte: 30,
      firstMessage: 40,
      firstTtstfSent: 50,
      firstStf: 100,
      firstVideoFrame: 110,
      llmStreamEnd: 140,
      speechEnd: 150,
    });
  });

  it('does not end a turn in a pause between its sentences: the last stop counts once nothing is queued and the LLM is done', () => {
    const { completed, send } = script();
    send(
      { type: 'turn-start', turnId: 't1' },
      { type: 'speech-requested', turnId: 't1' },
      { type: 'speech-started' },
      { type: 'speech-stopped', cleared: false },
      { type: 'speech-requested', turnId: 't1' },
      { type: 'llm-end', turnId: 't1', reason: 'done' },
    );
    expect(completed).toEqual([]);
    send({ type: 'speech-started' }, { type: 'speech-stopped', cleared: false });
    expect(completed[0]).toMatchObject({ end: 'spoken', marks: { firstStf: 30, speechEnd: 80 } });
  });

  it("gives each stf to the oldest request not yet started: one turn's speech ends when the next turn's (or the app's) begins", () => {
    const { completed, send } = script();
    send(
      { type: 'turn-start', turnId: 'a' },
      { type: 'speech-requested', turnId: 'a' },
      { type: 'llm-end', turnId: 'a', reason: 'done' },
      { type: 'turn-start', turnId: 'b' },
      { type: 'speech-requested', turnId: 'b' },
      { type: 'speech-requested', turnId: null },
      { type: 'llm-end', turnId: 'b', reason: 'done' },
      { type: 'speech-started' },
    );
    expect(completed).toEqual([]);
    send({ type: 'speech-started' });
    expect(completed.map((t) => [t.turnId, t.end, t.marks.firstStf, t.marks.speechEnd])).toEqual([['a', 'spoken', 80, 90]]);
    send({ type: 'speech-started' });
    expect(completed.map((t) => [t.turnId, t.end, t.marks.firstStf, t.marks.speechEnd])).toEqual([
      ['a', 'spoken', 80, 90],
      ['b', 'spoken', 90, 100],
    ]);
    send({ type: 'speech-stopped', cleared: false });
    expect(completed).toHaveLength(2);
  });

  it('a turn that asks for speech has had its first message, even when the chunk is reported after the request', () => {
    const { completed, send } = script();
    send(
      { type: 'turn-start', turnId: 't1' },
      { type: 'speech-requested', turnId: 't1' },
      { type: 'llm-message', turnId: 't1' },
      { type: 'llm-end', turnId: 't1', reason: 'failed' },
    );
    expect(completed[0]!.marks).toMatchObject({ firstMessage: 20, firstTtstfSent: 20 });
  });

  it('marks a video frame only for turns whose stf has arrived, never before that stf', () => {
    const { recorder, completed, send } = script();
    send({ type: 'turn-start', turnId: 't1' }, { type: 'speech-requested', turnId: 't1' }, { type: 'video-frame' }, { type: 'speech-started' });
    recorder.record({ type: 'video-frame', at: 35 });
    send({ type: 'llm-end', turnId: 't1', reason: 'done' }, { type: 'speech-stopped', cleared: false });
    expect(completed[0]!.marks).toMatchObject({ firstStf: 40, firstVideoFrame: 40 });
  });

  it('ends a turn with nothing to speak as unspoken when its LLM is done', () => {
    const { completed, send } = script();
    send({ type: 'turn-start', turnId: 't1' }, { type: 'llm-request-sent' }, { type: 'llm-message', turnId: 't1' }, { type: 'llm-end', turnId: 't1', reason: 'done' });
    expect(completed).toEqual([{ turnId: 't1', startedAt: 10, marks: { llmRequestSent: 20, firstMessage: 30, llmStreamEnd: 40 }, end: 'unspoken', endedAt: 40 }]);
  });

  it('ends failed, cancelled and aborted turns when their LLM does, and ignores their speech after that', () => {
    const { completed, send } = script();
    send({ type: 'turn-start', turnId: 'f' }, { type: 'speech-requested', turnId: 'f' }, { type: 'llm-end', turnId: 'f', reason: 'failed' });
    send({ type: 'turn-start', turnId: 'c' }, { type: 'llm-end', turnId: 'c', reason: 'cancelled' });
    send({ type: 'turn-start', turnId: 'x' }, { type: 'llm-end', turnId: 'x', reason: 'aborted' });
    send({ type: 'speech-started' }, { type: 'speech-stopped', cleared: false });
    expect(completed.map((t) => [t.turnId, t.end])).toEqual([
      ['f', 'failed'],
      ['c', 'cancelled'],
      ['x', 'aborted'],
    ]);
    expect(completed[0]!.marks.firstStf).toBeUndefined();
  });

  it('ends a turn whose speech was cleared as interrupted, and one the avatar never started as failed', () => {
    const { completed, send } = script();
    send(
      { type: 'turn-start', turnId: 'i' },
      { type: 'speech-requested', turnId: 'i' },
      { type: 'speech-requested', turnId: 'i' },
      { type: 'llm-end', turnId: 'i', reason: 'done' },
      { type: 'speech-started' },
      { type: 'speech-stopped', cleared: true },
    );
    expect(completed[0]).toMatchObject({ turnId: 'i', end: 'interrupted', marks: { firstStf: 50, speechEnd: 60 } });

    send({ type: 'turn-start', turnId: 'n' }, { type: 'speech-requested', turnId: 'n' }, { type: 'llm-end', turnId: 'n', reason: 'done' }, { type: 'speech-abandoned' });
    expect(completed[1]).toMatchObject({ turnId: 'n', end: 'failed' });
    expect(completed[1]!.marks.speechEnd).toBeUndefined();
  });

  it('a clear while the LLM still runs leaves the turn to its llm end; requests dropped by it are not waited for', () => {
    const { completed, send } = script();
    send({ type: 'turn-start', turnId: 't1' }, { type: 'speech-requested', turnId: 't1' }, { type: 'speech-stopped', cleared: true });
    expect(completed).toEqual([]);
    send({ type: 'llm-end', turnId: 't1', reason: 'done' });
    expect(completed[0]).toMatchObject({ end: 'failed' });
  });

  it('carries the hands-free marks of a voice turn, and ends open turns as closed with the session', () => {
    const { completed, send } = script();
    send({ type: 'turn-start', turnId: 'v', voice: { userSpeechEnd: 1, sttAnswered: 5 } }, { type: 'llm-request-sent' }, { type: 'session-closed' });
    expect(completed).toEqual([{ turnId: 'v', startedAt: 10, marks: { userSpeechEnd: 1, sttAnswered: 5, llmRequestSent: 20 }, end: 'closed', endedAt: 30 }]);
  });

  it('steps of the running LLM go to no turn once it has ended', () => {
    const { completed, send } = script();
    send({ type: 'turn-start', turnId: 't1' }, { type: 'llm-end', turnId: 't1', reason: 'cancelled' }, { type: 'llm-first-byte' }, { type: 'llm-message', turnId: 't1' });
    expect(completed[0]!.marks).toEqual({ llmStreamEnd: 20 });
  });

  it('keeps the last `limit` timelines, oldest first, as copies', () => {
    const { recorder, send } = script(2);
    for (const turnId of ['1', '2', '3']) send({ type: 'turn-start', turnId }, { type: 'llm-end', turnId, reason: 'done' });
    const kept = recorder.completed();
    expect(kept.map((t) => t.turnId)).toEqual(['2', '3']);
    kept[0]!.marks.llmStreamEnd = -1;
    expect(recorder.completed()[0]!.marks.llmStreamEnd).not.toBe(-1);
    expect(script(0).recorder.completed()).toEqual([]);
  });
});
