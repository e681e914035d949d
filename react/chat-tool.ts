/**
 * Client tools as React values. A session takes its tools when it starts;
 * the tool made here stays the same object for the component's life while
 * each call runs the handler of the latest render, so a handler may read
 * fresh props and state without restarting the session.
 */
import { useState } from 'react';
import { ChatTool } from '../src/client/index.js';
import type { ChatToolArguments } from '../src/client/index.js';
import type { JSONSchemaObject } from '../src/llm/types.js';
import { useLatest } from './use-latest.js';

export interface ToolSpec<Args = ChatToolArguments, Result extends object = object> {
  /** 1-64 letters, digits, `_` or `-`. */
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: JSONSchemaObject;
  /** Runs the tool; its result (a JSON-serialisable object) goes back to the model. */
  call: (args: Args) => Result | Promise<Result>;
  /** End the turn after the tool ran instead of asking the model for a follow-up answer. @default false */
  executeOnly?: boolean;
}

/**
 * A tool spec with its argument type, checked now (a bad name or schema throws
 * `InvalidArgumentError` where it is defined, not when the session starts).
 */
export function defineTool<Args = ChatToolArguments, Result extends object = object>(spec: ToolSpec<Args, Result>): ToolSpec<Args, Result> {
  toChatTool(spec, spec.call);
  return spec;
}

/**
 * A `ChatTool` for `clientTools`, the same object on every render; calls
 * run the latest `spec.call`. Name, description, schema and `executeOnly` are
 * read once (a session sends them when it starts).
 */
export function useChatTool<Args = ChatToolArguments, Result extends object = object>(spec: ToolSpec<Args, Result>): ChatTool {
  const call = useLatest(spec.call);
  const [tool] = useState(() => toChatTool(spec, (args) => call.current(args)));
  return tool;
}

function toChatTool<Args, Result extends object>(spec: ToolSpec<Args, Result>, call: (args: Args) => Result | Promise<Result>): ChatTool {
  return new ChatTool(spec.name, spec.description, spec.parameters, (args) => call(args as Args), spec.executeOnly ?? false);
}
