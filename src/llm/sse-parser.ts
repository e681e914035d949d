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
import { decodeLlmLine } from '../protocol/llm-stream.js';
import type { LlmStreamEvent } from './types.js';

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
    if (this.failure) return;
    const decoded = decodeLlmLine(line);
    if (decoded === undefined) return;
    if ('error' in decoded) this.failure = new LLMStreamingResponseError(decoded.error);
    else events.push(decoded);
  }
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
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        throw signal?.aborted ? abortErrorFor(signal) : error;
      }
      if (signal?.aborted) throw abortErrorFor(signal);
      const { done, value } = read;
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
