/** The LLM as the route sees it: user rules first, then the engine, paced chunk by chunk. */
import { setTimeout as sleep } from 'node:timers/promises';
import { LlmRules } from './rules.js';
import type { LlmChunk, LlmEngine, LlmTurn } from './types.js';

export class LlmService {
  readonly rules = new LlmRules();

  constructor(
    readonly engine: LlmEngine,
    /** Milliseconds between chunks of rule and scripted answers. */
    private readonly paceMs: number,
  ) {}

  async *stream(turn: LlmTurn): AsyncIterable<LlmChunk> {
    const ruled = this.rules.answer(turn.messages);
    const chunks = ruled ?? this.engine.run(turn);
    const paced = ruled !== null || this.engine.paced;
    let first = true;
    for await (const chunk of chunks) {
      if (!first && paced && this.paceMs > 0) await sleep(this.paceMs, undefined, { signal: turn.signal });
      first = false;
      yield chunk;
    }
  }
}
