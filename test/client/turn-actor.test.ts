/**
 * The turn actor's hot path, through the session chart: a network read costs
 * the chart no event, processLLM's chunks are exactly the runner's, and only
 * a turn stopped early aborts its request.
 */
import { createActor, waitFor } from 'xstate';
import type { InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { ConnectionMachine } from '../../machines/connection.machine.js';
import { sessionMachine } from '../../machines/session.machine.js';
import { createTurnActor } from '../../src/client/turn-actor.js';
import { followTurn } from '../../src/client/turn-stream.js';
import type { OpenLlmStream } from '../../src/llm/turn-runner.js';
import type { LLMChunk } from '../../src/llm/types.js';
import { encodeLlmLine } from '../../src/protocol/llm-stream.js';
import { fakeConnection } from '../machines/session-harness.js';

const WORDS = Array.from({ length: 200 }, (_, index) => `word${index} `);
const BYTES = new TextEncoder().encode(WORDS.map((content) => encodeLlmLine({ status: 'success', type: 'message', content })).join(''));

/** `BYTES` in reads of `size` bytes, each handed over when the reader asks. */
function streamOf(size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(BYTES.subarray(offset, offset + size));
      offset += size;
      if (offset >= BYTES.length) controller.close();
    },
  });
}

function startChart(openStream: OpenLlmStream) {
  const events: string[] = [];
  const machine = sessionMachine.provide({
    actors: { connection: fakeConnection([]) as unknown as ConnectionMachine, llmTurn: createTurnActor(openStream, 1_000) },
  });
  const inspect = (inspection: InspectionEvent): void => {
    if (inspection.type === '@xstate.event' && inspection.actorRef === actor) events.push(inspection.event.type);
  };
  const actor = createActor(machine, { input: { width: 640, height: 360 }, inspect });
  actor.start();
  return { actor, events };
}

describe('the turn actor', () => {
  it('costs the chart the same few events for a turn of 25 reads as of 1000, and processLLM sees every read', async () => {
    const counts: number[] = [];
    for (const size of [128, 3]) {
      const chart = startChart(async () => streamOf(size));
      const follower = followTurn(chart.actor, 't');
      chart.actor.send({ type: 'LLM.REQUEST', turnId: 't', message: 'Count', streamed: true, onChunk: follower.push });
      const chunks: LLMChunk[] = [];
      for await (const chunk of follower.chunks) chunks.push(chunk);
      const last = chunks.at(-1);
      expect(last).toMatchObject({ type: 'message', finish: true, message: WORDS.join('') });
      // Cumulative, as published: each chunk holds every piece so far.
      expect(last?.type === 'message' && [...last.chunks]).toEqual(WORDS);
      expect(chunks.length).toBeGreaterThan(size === 3 ? 200 : 20);
      counts.push(chart.events.filter((type) => type.startsWith('LLM.')).length);
      chart.actor.stop();
    }
    // LLM.REQUEST, LLM.COMMIT, LLM.MESSAGE, LLM.DONE.
    expect(counts).toEqual([4, 4]);
  });

  it('leaves the request signal alone when the turn ends normally, and aborts it when the turn is stopped early', async () => {
    const signals: AbortSignal[] = [];
    const chart = startChart(async (_body, signal) => {
      signals.push(signal);
      return streamOf(64);
    });
    chart.actor.send({ type: 'LLM.REQUEST', turnId: 'done', message: 'Count' });
    await waitFor(chart.actor, (snapshot) => snapshot.context.llmTurn === null);
    expect(signals[0]!.aborted).toBe(false);

    chart.actor.send({ type: 'LLM.REQUEST', turnId: 'stopped', message: 'Count' });
    await waitFor(chart.actor, () => signals.length === 2);
    chart.actor.send({ type: 'CLEAR_BUFFER' });
    expect(signals[1]!.aborted).toBe(true);
  });
});
