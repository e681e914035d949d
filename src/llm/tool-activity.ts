/** What a client tool is doing, for `session.on('tool-start' | 'tool-end' | 'tool-error', …)`. */

export interface ToolStart {
  /** The tool call's id from the LLM stream. */
  callId: string;
  name: string;
  /** The parsed arguments, or the raw text when it is not a JSON object. */
  arguments: Record<string, unknown> | string;
  /** `performance.now()` when the tool was called. */
  at: number;
}

export interface ToolEnd extends ToolStart {
  durationMs: number;
  /** What the tool returned (sent to the model as JSON). */
  result: unknown;
}

export interface ToolFailure extends ToolStart {
  durationMs: number;
  /** Why: the tool threw, timed out, got arguments that are not JSON, or returned something that is not JSON. The model is answered `{error}`. */
  error: Error;
}

/** One of the three, named as the session event that reports it. */
export type ToolActivity =
  | { name: 'tool-start'; detail: ToolStart }
  | { name: 'tool-end'; detail: ToolEnd }
  | { name: 'tool-error'; detail: ToolFailure };

/** An observer that reports all three as `ToolActivity`. */
export function toolActivityObserver(report: (activity: ToolActivity) => void): ToolObserver {
  return {
    started: (detail) => report({ name: 'tool-start', detail }),
    ended: (detail) => report({ name: 'tool-end', detail }),
    failed: (detail) => report({ name: 'tool-error', detail }),
  };
}

/** Told by `runTool` as a tool starts and settles. */
export interface ToolObserver {
  started(start: ToolStart): void;
  ended(end: ToolEnd): void;
  failed(failure: ToolFailure): void;
}
