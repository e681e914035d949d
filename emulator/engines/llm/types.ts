/** The LLM side of PROTOCOL.md, as the emulator's engines produce it. */
import type { LlmLinePayload, ToolCall } from '../../../src/protocol/llm-stream.js';

export type { ToolCall };

/** A JSON schema, as far as the engines read one. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

export interface ToolSpec {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonSchema };
}

/** A message of the conversation the client sends (OpenAI-style, see PROTOCOL.md). */
export interface ChatMessage {
  role: string;
  type?: string;
  content?: unknown;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** One line of the stream an engine produces, without its `status` (the route adds the terminal `done` line). */
export type LlmChunk = Exclude<LlmLinePayload, { type: 'done' }>;

/** A tool the platform runs itself (an MCP server's tool). */
export interface ServerTool {
  spec: ToolSpec;
  run(args: Record<string, unknown>): unknown;
}

export interface LlmTurn {
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** The session's avatar name, e.g. "Aria". */
  assistantName: string;
  systemPrompt: string;
  /** Tools of the session's MCP servers. */
  serverTools: ServerTool[];
  signal: AbortSignal;
}

export interface LlmEngine {
  /** Shown in the start-up banner, e.g. "scripted". */
  readonly description: string;
  /** Whether the service should pace this engine's chunks (a real model paces itself). */
  readonly paced: boolean;
  run(turn: LlmTurn): AsyncIterable<LlmChunk>;
}

/** The text of a message's `content`: a string, or OpenAI-style text parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('');
  }
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

/** The text of the last user message, or '' when there is none. */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return textOf(messages[i]!.content);
  return '';
}
