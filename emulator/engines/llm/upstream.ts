/**
 * An OpenAI-compatible upstream (`POST {url}/chat/completions`, streaming,
 * with tools), translated both ways: Perso messages to OpenAI messages, and
 * OpenAI stream deltas to Perso chunks (text as it arrives, tool calls once
 * complete).
 */
import { HttpError } from '../../http/respond.js';
import { textOf, type ChatMessage, type LlmChunk, type LlmEngine, type LlmTurn, type ToolCall } from './types.js';

export interface UpstreamLlmConfig {
  /** Base URL of the API (e.g. `http://127.0.0.1:11434/v1`) or the full `/chat/completions` URL. */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when given. */
  apiKey?: string;
}

/** Upstream settings from PERSO_EMULATOR_LLM_URL / _MODEL / _KEY, or null when no URL is set. */
export function upstreamLlmFromEnv(env: NodeJS.ProcessEnv): UpstreamLlmConfig | null {
  const url = env.PERSO_EMULATOR_LLM_URL?.trim();
  if (!url) return null;
  const config: UpstreamLlmConfig = { url, model: env.PERSO_EMULATOR_LLM_MODEL?.trim() || 'gpt-4o-mini' };
  if (env.PERSO_EMULATOR_LLM_KEY) config.apiKey = env.PERSO_EMULATOR_LLM_KEY;
  return config;
}

interface OpenAiDelta {
  content?: string | null;
  tool_calls?: Array<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>;
}

export class UpstreamLlmEngine implements LlmEngine {
  readonly paced = false;
  readonly description: string;
  private readonly endpoint: string;

  constructor(private readonly config: UpstreamLlmConfig) {
    const base = config.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
    this.description = `upstream ${config.model} at ${this.endpoint}`;
  }

  async *run(turn: LlmTurn): AsyncIterable<LlmChunk> {
    const body: Record<string, unknown> = { model: this.config.model, stream: true, messages: toOpenAiMessages(turn) };
    if (turn.tools.length > 0) body.tools = turn.tools;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
    if (this.config.apiKey) headers.Authorization = `Bearer ${this.config.apiKey}`;
    let response: Response;
    try {
      response = await fetch(this.endpoint, { method: 'POST', headers, body: JSON.stringify(body), signal: turn.signal });
    } catch (error) {
      throw new HttpError(502, 'llm_upstream_error', `The upstream LLM at ${this.endpoint} could not be reached: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body) {
      const text = (await response.text().catch(() => '')).slice(0, 300);
      throw new HttpError(502, 'llm_upstream_error', `The upstream LLM answered HTTP ${response.status}: ${text}`);
    }
    const calls = new Map<number, ToolCall>();
    for await (const data of sseData(response.body)) {
      if (data === '[DONE]') break;
      let parsed: { choices?: Array<{ delta?: OpenAiDelta }>; error?: { message?: string } };
      try {
        parsed = JSON.parse(data) as typeof parsed;
      } catch {
        throw new Error(`The upstream LLM sent a line that is not JSON: ${data.slice(0, 200)}`);
      }
      if (parsed.error) throw new Error(`The upstream LLM failed: ${parsed.error.message ?? 'unknown error'}`);
      const delta = parsed.choices?.[0]?.delta;
      if (!delta) continue;
      if (typeof delta.content === 'string' && delta.content !== '') yield { type: 'message', content: delta.content };
      for (const part of delta.tool_calls ?? []) {
        const index = part.index ?? 0;
        const call = calls.get(index) ?? { id: '', type: 'function' as const, function: { name: '', arguments: '' } };
        if (part.id) call.id = part.id;
        if (part.function?.name) call.function.name += part.function.name;
        if (part.function?.arguments) call.function.arguments += part.function.arguments;
        calls.set(index, call);
      }
    }
    if (calls.size > 0) {
      const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([index, call]) => ({
        ...call,
        id: call.id || `call_${index}`,
        function: { ...call.function, arguments: call.function.arguments || '{}' },
      }));
      yield { type: 'tool_call', content: '', tool_calls: toolCalls };
    }
  }
}

function toOpenAiMessages(turn: LlmTurn): unknown[] {
  const messages: unknown[] = turn.systemPrompt ? [{ role: 'system', content: turn.systemPrompt }] : [];
  for (const message of turn.messages) messages.push(toOpenAiMessage(message));
  return messages;
}

function toOpenAiMessage(message: ChatMessage): unknown {
  if (message.role === 'tool') return { role: 'tool', content: textOf(message.content), tool_call_id: message.tool_call_id ?? '' };
  if (message.role === 'assistant' && message.tool_calls && message.tool_calls.length > 0) {
    return { role: 'assistant', content: textOf(message.content) || null, tool_calls: message.tool_calls };
  }
  return { role: message.role === 'assistant' || message.role === 'system' ? message.role : 'user', content: textOf(message.content) };
}

/** The `data:` payloads of a server-sent-event stream. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('data:')) yield line.slice(5).trim();
    }
  }
  const last = (buffer + decoder.decode()).trim();
  if (last.startsWith('data:')) yield last.slice(5).trim();
}
