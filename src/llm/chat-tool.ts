import { InvalidArgumentError } from '../errors.js';
import type { JSONSchemaObject, ToolDefinition } from './types.js';

/** The arguments the model passed, parsed from the tool call's JSON. */
export type ChatToolArguments = Record<string, unknown>;

// The function-name rule of OpenAI-compatible tool APIs.
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A tool the LLM may call, run in the app. Its result (anything
 * JSON-serialisable) goes back to the model; with `executeOnly` the turn ends
 * after the tool ran instead of asking the model for a follow-up answer.
 */
export class ChatTool {
  readonly name: string;
  readonly description: string;
  readonly parameters: JSONSchemaObject;
  readonly call: (args: ChatToolArguments) => unknown;
  readonly executeOnly: boolean;

  constructor(
    name: string,
    description: string,
    parameters: JSONSchemaObject,
    call: (args: ChatToolArguments) => unknown,
    executeOnly = false,
  ) {
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      throw new InvalidArgumentError('name', `must be 1-64 letters, digits, "_" or "-", got ${JSON.stringify(name)}`);
    }
    if (typeof description !== 'string') throw new InvalidArgumentError('description', 'must be a string');
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw new InvalidArgumentError('parameters', 'must be a JSON Schema object');
    }
    if (typeof call !== 'function') throw new InvalidArgumentError('call', 'must be a function');
    this.name = name;
    this.description = description;
    this.parameters = parameters;
    this.call = call;
    this.executeOnly = Boolean(executeOnly);
  }

  /** The tool as sent in the `tools` list of `/llm/v2/`. */
  toDefinition(): ToolDefinition {
    return { type: 'function', function: { name: this.name, description: this.description, parameters: this.parameters } };
  }
}
