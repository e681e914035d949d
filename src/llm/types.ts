/** The LLM conversation and stream types of PROTOCOL.md ("The LLM stream"). */

import type { LLMError } from '../errors.js';
import type { ToolCall } from '../protocol/llm-stream.js';

export type { LlmStreamEvent, ToolCall } from '../protocol/llm-stream.js';

/** A JSON Schema object describing a tool's arguments. */
export interface JSONSchemaObject {
  type: 'object';
  properties?: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A tool as the `/llm/v2/` endpoint receives it in `tools`. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: JSONSchemaObject };
}

// Every entry has `role`, `type` and `content`, as the published history does.

export interface UserMessage {
  role: 'user';
  type: 'message';
  content: string;
}

export interface AssistantTextMessage {
  role: 'assistant';
  type: 'message';
  content: string;
}

export interface AssistantToolCallMessage {
  role: 'assistant';
  type: 'tool_call';
  content: string;
  tool_calls: ToolCall[];
}

/** A tool's result; `content` is the JSON-stringified result. `type` as the server's own tool lines have it (PROTOCOL.md). */
export interface ToolResultMessage {
  role: 'tool';
  type: 'tool_call';
  content: string;
  tool_call_id: string;
}

/** One entry of the conversation sent as `messages` (OpenAI style). */
export type ChatMessage = UserMessage | AssistantTextMessage | AssistantToolCallMessage | ToolResultMessage;

type TypeOptional<T> = T extends { type: infer K } ? Omit<T, 'type'> & { type?: K } : never;

/** A history entry as an app may hand it in (`addToHistory`, `history`): `type` may be left out, the SDK fills it in. */
export type ChatMessageInput = TypeOptional<ChatMessage>;

/** What `processLLM` yields. */
export type LLMChunk =
  | {
      type: 'message';
      /** ALL text pieces of the current assistant message so far (a read-only view; the `finish` chunk has them all). */
      chunks: string[];
      /** The whole text of the current assistant message so far, emoji removed. */
      message: string;
      /** True once, at the end of each assistant message. */
      finish: boolean;
    }
  | { type: 'tool_call'; tool_calls: ToolCall[] }
  | {
      type: 'tool_result';
      tool_call_id: string;
      name: string;
      /** What the tool returned, or `{ error: message }` when it threw. */
      result: unknown;
    }
  | { type: 'error'; /** Always an `LLMError`; `underlyingError` says what failed. */ error: LLMError };
