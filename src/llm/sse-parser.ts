/**
 * Decoder for the `/llm/v2/` answer: lines of `data: <JSON>` (PROTOCOL.md,
 * "The LLM stream").
 *
 * Guarantees:
 * - Any split of the byte stream into reads gives the same events: UTF-8
 *   sequences and CRLF pairs may be cut anywhere.
 * - Line ends are LF, CRLF or a lone CR. Blank lines are skipped, and so are
 *   lines that are not `data:` lines (SSE comments, `event:`/`id:` fields)
 *   and the OpenAI-style end marker `data: [DONE]`.
 * - The last line may lack its line end; `end()` decodes it.
 * - Work and memory are linear in the stream: only the unfinished line is
 *   kept (as a list of parts joined once, when its line end arrives), and each
 *   byte is scanned once.
 * - A line that is not JSON, or whose `status` is not `"success"`, fails the
 *   stream with `LLMStreamingResponseError`. Events decoded before it in the
 *   same read are still handed over; the error is thrown as soon as none is
 *   left to hand over (by the same call when the bad line comes first, else
 *   by the next call). Lines of unknown `type` are skipped, for forward
 *   compatibility.
 */
import { AbortError, LLMStreamingResponseError } from '../errors.js';
import type { LlmStreamEvent, ToolCall } from './types.js';

const DATA_PREFIX = 'data:';
const DONE_MARKER = '[DONE]';
const LINE_END = /[\r\n]/g;

export class LlmStreamDecoder {
  private readonly text = new TextDecoder('utf-8');
  /** The unfinished line, in the pieces it arrived in. */
  private tail: string[] = [];
  private tailLength = 0;
  /** The previous read ended with CR: an LF starting this read belongs to it. */
  private afterCR = false;
  private failure: LLMStreamingResponseError | undefined;

  /** Characters held for the unfinished line (for tests and diagnostics). */
  get bufferedLength(): number {
    return this.tailLength;
  }

  push(bytes: Uint8Array): LlmStreamEvent[] {
    this.throwIfFailed();
    return this.decode(this.text.decode(bytes, { stream: true }), false);
  }

  end(): LlmStreamEvent[] {
    this.throwIfFailed();
    return this.decode(this.text.decode(), true);
  }

  /** Throws the stream error found by an earlier call, if any. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private decode(chunk: string, final: boolean): LlmStreamEvent[] {
    const events: LlmStreamEvent[] = [];
    let start = 0;
    if (this.afterCR && chunk.charCodeAt(0) === 0x0a) start = 1;
    if (chunk.length > 0) this.afterCR = false;
    LINE_END.lastIndex = start;
    for (let match = LINE_END.exec(chunk); match; match = LINE_END.exec(chunk)) {
      const end = match.index;
      this.takeLine(this.finishLine(chunk.slice(start, end)), events);
      start = end + 1;
      if (chunk.charCodeAt(end) === 0x0d) {
        if (start === chunk.length) this.afterCR = true;
        else if (chunk.charCodeAt(start) === 0x0a) start += 1;
      }
      LINE_END.lastIndex = start;
      if (this.failure) break;
    }
    if (!this.failure) {
      if (start < chunk.length) {
        this.tail.push(chunk.slice(start));
        this.tailLength += chunk.length - start;
      }
      if (final) {
        this.afterCR = false;
        if (this.tailLength > 0) this.takeLine(this.finishLine(''), events);
      }
    }
    if (this.failure && events.length === 0) throw this.failure;
    return events;
  }

  private finishLine(last: string): string {
    if (this.tail.length === 0) return last;
    this.tail.push(last);
    const line = this.tail.join('');
    this.tail = [];
    this.tailLength = 0;
    return line;
  }

  private takeLine(line: string, events: LlmStreamEvent[]): void {
    if (this.failure || !line.startsWith(DATA_PREFIX)) return;
    const payload = line.slice(DATA_PREFIX.length).trim();
    if (payload === '' || payload === DONE_MARKER) return;
    try {
      const event = toEvent(payload);
      if (event) events.push(event);
    } catch (error) {
      this.failure = error instanceof LLMStreamingResponseError ? error : new LLMStreamingResponseError(String(error));
    }
  }
}

function toEvent(payload: string): LlmStreamEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    throw new LLMStreamingResponseError(`not a JSON line: ${snippet(payload)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new LLMStreamingResponseError(`not a JSON object: ${snippet(payload)}`);
  }
  const line = data as Record<string, unknown>;
  if (line.status !== 'success') {
    throw new LLMStreamingResponseError(typeof line.reason === 'string' && line.reason !== '' ? line.reason : snippet(payload));
  }
  if (line.role === 'tool') {
    if (typeof line.tool_call_id !== 'string') throw new LLMStreamingResponseError(`tool line without tool_call_id: ${snippet(payload)}`);
    return { type: 'server_tool_result', content: asText(line.content), tool_call_id: line.tool_call_id };
  }
  if (line.type === 'message') return { type: 'message', content: asText(line.content) };
  if (line.type === 'tool_call') return { type: 'tool_call', content: asText(line.content), tool_calls: toToolCalls(line.tool_calls, payload) };
  return undefined;
}

function toToolCalls(value: unknown, payload: string): ToolCall[] {
  if (!Array.isArray(value)) throw new LLMStreamingResponseError(`tool_call line without a tool_calls list: ${snippet(payload)}`);
  return value.map((call: unknown): ToolCall => {
    const entry = (typeof call === 'object' && call !== null ? call : {}) as Record<string, unknown>;
    const fn = (typeof entry.function === 'object' && entry.function !== null ? entry.function : {}) as Record<string, unknown>;
    if (typeof entry.id !== 'string' || typeof fn.name !== 'string') {
      throw new LLMStreamingResponseError(`malformed tool call: ${snippet(JSON.stringify(call) ?? String(call))}`);
    }
    const args = fn.arguments;
    return {
      id: entry.id,
      type: 'function',
      function: { name: fn.name, arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args) },
    };
  });
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * The decoded events of `stream`, one batch per network read (reads that
 * complete no line give no batch). The stream is cancelled and its reader
 * released when the consumer stops early, on a decode error, and on abort —
 * which ends the generator with the SDK's `AbortError` without waiting for
 * the next read.
 */
export async function* readLlmStream(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<LlmStreamEvent[]> {
  const reader = stream.getReader();
  const decoder = new LlmStreamDecoder();
  let finished = false;
  // Cancelling the reader settles a pending read at once, so an abort costs
  // nothing per read (racing every read against an abort promise did).
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw abortErrorFor(signal);
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => {
        throw signal?.aborted ? abortErrorFor(signal) : error;
      });
      if (signal?.aborted) throw abortErrorFor(signal);
      const events = done ? decoder.end() : decoder.push(value);
      if (done) finished = true;
      if (events.length > 0) yield events;
      // A bad line after good ones in the same read: surface it now.
      decoder.throwIfFailed();
      if (done) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!finished && !signal?.aborted) reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function abortErrorFor(signal: AbortSignal | undefined): AbortError {
  return new AbortError('The LLM stream was aborted', { cause: signal?.reason });
}
