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

/** Told by `runTool` as a tool starts and settles. */
export interface ToolObserver {
  started(start: ToolStart): void;
  ended(end: ToolEnd): void;
  failed(failure: ToolFailure): void;
}
