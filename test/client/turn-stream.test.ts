import { describe, expect, it } from 'vitest';
import { followTurn } from '../../src/client/turn-stream.js';
import type { LLMChunk } from '../../src/llm/types.js';
import { startSession } from '../machines/session-harness.js';

const piece = (text: string): LLMChunk => ({ type: 'message', chunks: [text], message: text, finish: false });

async function collect(chunks: AsyncIterable<LLMChunk>): Promise<string[]> {
  const seen: string[] = [];
  for await (const chunk of chunks) seen.push(chunk.type === 'message' ? chunk.message : chunk.type);
  return seen;
}

// The turn actor hands chunks to the request's `onChunk` (the follower's `push`); the end comes from the chart.
describe('followTurn', () => {
  it('delivers the turn’s chunks in order, then ends with the turn', async () => {
    const s = startSession();
    const follower = followTurn(s.actor, 't1');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true, onChunk: follower.push });
    expect(s.turns[0]!.input.onChunk).toBe(follower.push);
    const turn = s.turns[0]!;
    const done = collect(follower.chunks);
    follower.push(piece('1'));
    follower.push(piece('2'));
    await Promise.resolve();
    follower.push(piece('3'));
    turn.done.resolve();
    expect(await done).toEqual(['1', '2', '3']);
  });

  it('ignores the end of another turn', async () => {
    const s = startSession();
    const follower = followTurn(s.actor, 't2');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true });
    s.turns[0]!.done.resolve();
    await Promise.resolve();
    s.send({ type: 'LLM.REQUEST', turnId: 't2', message: 'Again', streamed: true, onChunk: follower.push });
    const done = collect(follower.chunks);
    follower.push(piece('mine'));
    s.turns[1]!.done.resolve();
    expect(await done).toEqual(['mine']);
  });

  it('throws the turn’s failure after the chunks before it', async () => {
    const s = startSession();
    const follower = followTurn(s.actor, 't1');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true, onChunk: follower.push });
    const items: string[] = [];
    const done = (async () => {
      for await (const chunk of follower.chunks) items.push(chunk.type);
    })();
    follower.push(piece('1'));
    s.turns[0]!.done.reject(new Error('boom'));
    await expect(done).rejects.toThrow('boom');
    expect(items).toEqual(['message']);
  });

  it('cancels the turn when the consumer stops early, and ends quietly when the session closes', async () => {
    const s = startSession();
    const first = followTurn(s.actor, 't1');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true, onChunk: first.push });
    first.push(piece('1'));
    expect((await first.chunks.next()).value).toMatchObject({ message: '1' });
    await first.chunks.return(undefined);
    expect(s.actor.getSnapshot().matches({ active: { llm: 'idle' } })).toBe(true);
    expect(s.turns[0]!.signal.aborted).toBe(true);

    const second = followTurn(s.actor, 't2');
    s.send({ type: 'LLM.REQUEST', turnId: 't2', message: 'Again', streamed: true, onChunk: second.push });
    const done = collect(second.chunks);
    s.send({ type: 'SESSION.STOP' });
    expect(await done).toEqual([]);
  });
});
