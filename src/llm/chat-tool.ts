import { InvalidArgumentError } from '../errors.js';
import type { JSONSchemaObject, ToolDefinition } from './types.js';

/** The arguments the model passed, parsed from the tool call's JSON. */
export type ChatToolArguments = Record<string, unknown>;

export interface ChatToolOptions {
  /**
   * How long the tool may run before the model is answered `{error: "timeout"}`
   * and the turn goes on. @default the session's (or processor's) `toolTimeoutMs`, 30000
   */
  timeoutMs?: number;
}

/**
 * A tool the LLM may call, run in the app. Its result (a JSON-serialisable
 * object) goes back to the model; with `executeOnly` the turn ends after the
 * tool ran instead of asking the model for a follow-up answer. Tool names
 * must be unique within a session (their only rule, as published).
 */
export class ChatTool<TArg = ChatToolArguments, TResult extends object = object> {
  readonly name: string;
  readonly description: string;
  readonly parameters: JSONSchemaObject;
  /**
   * Declared as a method (bivariant in `TArg`) so that a tool with typed
   * arguments, `ChatTool<{ city: string }, …>`, fits a `clientTools` list as
   * in 1.6.1; the model's arguments are whatever JSON it sent.
   */
  readonly call: { method(args: TArg): TResult | Promise<TResult> }['method'];
  readonly executeOnly: boolean;
  /** This tool's own time limit, if it has one. */
  readonly timeoutMs: number | undefined;

  constructor(
    name: string,
    description: string,
    parameters: JSONSchemaObject,
    call: (args: TArg) => TResult | Promise<TResult>,
    executeOnly = false,
    options: ChatToolOptions = {},
  ) {
    // As published, the only rule for a name is that it is unique in a session (checked where tools are given).
    if (typeof name !== 'string') throw new InvalidArgumentError('name', `must be a string, got ${name === null ? 'null' : typeof name}`);
    if (typeof description !== 'string') throw new InvalidArgumentError('description', 'must be a string');
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw new InvalidArgumentError('parameters', 'must be a JSON Schema object');
    }
    if (typeof call !== 'function') throw new InvalidArgumentError('call', 'must be a function');
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs !== undefined && !isPositiveDuration(timeoutMs)) {
      throw new InvalidArgumentError('timeoutMs', `must be a positive number of milliseconds, got ${String(timeoutMs)}`);
    }
    this.name = name;
    this.description = description;
    this.parameters = parameters;
    this.call = call;
    this.executeOnly = Boolean(executeOnly);
    this.timeoutMs = timeoutMs;
  }

  /** The tool as sent in the `tools` list of `/llm/v2/`. */
  toDefinition(): ToolDefinition {
    return { type: 'function', function: { name: this.name, description: this.description, parameters: this.parameters } };
  }
}

/** A finite number of milliseconds above zero (a timer bound). */
export function isPositiveDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
