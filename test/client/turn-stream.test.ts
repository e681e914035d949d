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

// followTurn replaced the ChunkQueue the facade used to fill: the same guarantees, now over the chart's emitted events.
describe('followTurn', () => {
  it('delivers the turn’s chunks in order, then ends with the turn', async () => {
    const s = startSession();
    const chunks = followTurn(s.actor, 't1');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true });
    const turn = s.turns[0]!;
    const done = collect(chunks);
    turn.sendBack({ type: 'LLM.CHUNK', turnId: 't1', chunk: piece('1') });
    turn.sendBack({ type: 'LLM.CHUNK', turnId: 'other', chunk: piece('x') });
    turn.sendBack({ type: 'LLM.CHUNK', turnId: 't1', chunk: piece('2') });
    await Promise.resolve();
    turn.sendBack({ type: 'LLM.CHUNK', turnId: 't1', chunk: piece('3') });
    turn.done.resolve();
    expect(await done).toEqual(['1', '2', '3']);
  });

  it('throws the turn’s failure after the chunks before it', async () => {
    const s = startSession();
    const chunks = followTurn(s.actor, 't1');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true });
    const items: string[] = [];
    const done = (async () => {
      for await (const chunk of chunks) items.push(chunk.type);
    })();
    s.turns[0]!.sendBack({ type: 'LLM.CHUNK', turnId: 't1', chunk: piece('1') });
    s.turns[0]!.done.reject(new Error('boom'));
    await expect(done).rejects.toThrow('boom');
    expect(items).toEqual(['message']);
  });

  it('cancels the turn when the consumer stops early, and ends quietly when the session closes', async () => {
    const s = startSession();
    const first = followTurn(s.actor, 't1');
    s.send({ type: 'LLM.REQUEST', turnId: 't1', message: 'Hi', streamed: true });
    s.turns[0]!.sendBack({ type: 'LLM.CHUNK', turnId: 't1', chunk: piece('1') });
    expect((await first.next()).value).toMatchObject({ message: '1' });
    await first.return(undefined);
    expect(s.actor.getSnapshot().matches({ active: { llm: 'idle' } })).toBe(true);
    expect(s.turns[0]!.signal.aborted).toBe(true);

    const second = followTurn(s.actor, 't2');
    s.send({ type: 'LLM.REQUEST', turnId: 't2', message: 'Again', streamed: true });
    const done = collect(second);
    s.send({ type: 'SESSION.STOP' });
    expect(await done).toEqual([]);
  });
});
