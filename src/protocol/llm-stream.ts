/**
 * The line format of the `/llm/v2/` answer (PROTOCOL.md, "The LLM stream"):
 * each line `data: <JSON>`, each object with a `status`. The emulator writes
 * lines with `encodeLlmLine`; the SDK's stream decoder reads them with
 * `decodeLlmLine`.
 */

/** A tool call the model asks for; `arguments` is a JSON string. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** What one successful line carries, without its `status`. */
export type LlmLinePayload =
  | { type: 'message'; content: string }
  | { type: 'tool_call'; content: string; tool_calls: ToolCall[] }
  /** A tool the server ran itself (an MCP server); recorded in history only. */
  | { role: 'tool'; type: 'tool_call'; content: string; tool_call_id: string }
  /** The emulator's last line: not a `message`, so the published client commits the answer's text. Clients ignore it. */
  | { type: 'done' };

export type LlmStreamLine = ({ status: 'success' } & LlmLinePayload) | { status: 'error'; reason: string };

/** The terminal line every answer ends with. */
export const LLM_DONE_LINE: LlmStreamLine = { status: 'success', type: 'done' };

const DATA_PREFIX = 'data:';
/** The OpenAI-style end marker; never sent by Perso, skipped when met. */
const OPENAI_DONE_MARKER = '[DONE]';

export function encodeLlmLine(line: LlmStreamLine): string {
  return `${DATA_PREFIX} ${JSON.stringify(line)}\n`;
}

/** A decoded line, as a client uses it. */
export type LlmStreamEvent =
  | { type: 'message'; content: string }
  | { type: 'tool_call'; content: string; tool_calls: ToolCall[] }
  /** A `role: "tool"` line: a tool the server ran itself (an MCP server). */
  | { type: 'server_tool_result'; content: string; tool_call_id: string };

/**
 * One line of the stream (without its line end): the event it carries,
 * `undefined` for a line to skip (blank, not a `data:` line, the `done` line,
 * an unknown `type`), or `{ error }` for a streaming error (not JSON, a
 * `status` other than `"success"`, a malformed tool line).
 */
export function decodeLlmLine(line: string): LlmStreamEvent | { error: string } | undefined {
  if (!line.startsWith(DATA_PREFIX)) return undefined;
  const payload = line.slice(DATA_PREFIX.length).trim();
  if (payload === '' || payload === OPENAI_DONE_MARKER) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return { error: `not a JSON line: ${snippet(payload)}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { error: `not a JSON object: ${snippet(payload)}` };
  const fields = data as Record<string, unknown>;
  if (fields.status !== 'success') return { error: typeof fields.reason === 'string' && fields.reason !== '' ? fields.reason : snippet(payload) };
  if (fields.role === 'tool') {
    if (typeof fields.tool_call_id !== 'string') return { error: `tool line without tool_call_id: ${snippet(payload)}` };
    return { type: 'server_tool_result', content: asText(fields.content), tool_call_id: fields.tool_call_id };
  }
  if (fields.type === 'message') return { type: 'message', content: asText(fields.content) };
  if (fields.type === 'tool_call') {
    const toolCalls = toToolCalls(fields.tool_calls, payload);
    return typeof toolCalls === 'string' ? { error: toolCalls } : { type: 'tool_call', content: asText(fields.content), tool_calls: toolCalls };
  }
  return undefined;
}

function toToolCalls(value: unknown, payload: string): ToolCall[] | string {
  if (!Array.isArray(value)) return `tool_call line without a tool_calls list: ${snippet(payload)}`;
  const calls: ToolCall[] = [];
  for (const call of value as unknown[]) {
    const entry = (typeof call === 'object' && call !== null ? call : {}) as Record<string, unknown>;
    const fn = (typeof entry.function === 'object' && entry.function !== null ? entry.function : {}) as Record<string, unknown>;
    if (typeof entry.id !== 'string' || typeof fn.name !== 'string') return `malformed tool call: ${snippet(JSON.stringify(call) ?? String(call))}`;
    const args = fn.arguments;
    calls.push({
      id: entry.id,
      type: 'function',
      function: { name: fn.name, arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args) },
    });
  }
  return calls;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
