import type { ChatTool } from '../llm/chat-tool.js';
import type { LLMChunk } from '../llm/types.js';
import { ChunkQueue } from './chunk-queue.js';

/** What the facade wants from one LLM turn; the `llmTurn` actor looks it up by `turnId`. */
export interface TurnPlan {
  /** Ask the avatar to speak each finished assistant message (`processChat`). */
  speak: boolean;
  tools?: ChatTool[];
  /** The caller's signal (`processLLM({ signal })`). */
  signal?: AbortSignal;
  chunks: ChunkQueue<LLMChunk>;
  onError?: (error: Error) => void;
}

export class TurnPlans {
  private readonly plans = new Map<string, TurnPlan>();

  add(turnId: string, plan: TurnPlan): void {
    this.plans.set(turnId, plan);
  }

  take(turnId: string): TurnPlan | undefined {
    const plan = this.plans.get(turnId);
    this.plans.delete(turnId);
    return plan;
  }
}
