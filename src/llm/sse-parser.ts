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
/** `TextDecoder` options of every read but the last (one object, not one per read). */
const STREAMING: TextDecodeOptions = { stream: true };

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
    return this.decode(this.text.decode(bytes, STREAMING), false);
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
 * A stream read by read, for a loop that awaits each read itself: `next()`
 * is the reader's own read (no promise or closure added per read) and
 * `decode()` turns its result into that read's events (an empty list for a
 * read that completes no line). Aborting `signal` cancels the reader, which
 * settles a pending read at once. `release()` when done: it cancels a stream
 * not read to its end.
 */
export class LlmStreamReads {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new LlmStreamDecoder();
  private finished = false;

  constructor(
    stream: ReadableStream<Uint8Array>,
    private readonly signal?: AbortSignal,
  ) {
    this.reader = stream.getReader();
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  next(): Promise<ReadableStreamReadResult<Uint8Array>> {
    return this.reader.read();
  }

  decode(read: ReadableStreamReadResult<Uint8Array>): LlmStreamEvent[] {
    if (!read.done) return this.decoder.push(read.value);
    this.finished = true;
    return this.decoder.end();
  }

  /** A bad line after good ones in the same read: thrown once those are handed over. */
  throwIfFailed(): void {
    this.decoder.throwIfFailed();
  }

  release(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    if (!this.finished && !this.signal?.aborted) this.reader.cancel().catch(() => undefined);
    this.reader.releaseLock();
  }

  private readonly onAbort = (): void => {
    this.reader.cancel(this.signal?.reason).catch(() => undefined);
  };
}

/**
 * The decoded events of `stream`, one batch per network read (reads that
 * complete no line give no batch). The stream is cancelled and its reader
 * released when the consumer stops early, on a decode error, and on abort —
 * which ends the generator with the SDK's `AbortError` without waiting for
 * the next read.
 */
export async function* readLlmStream(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<LlmStreamEvent[]> {
  const reads = new LlmStreamReads(stream, signal);
  try {
    if (signal?.aborted) throw abortErrorFor(signal);
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reads.next();
      } catch (error) {
        throw signal?.aborted ? abortErrorFor(signal) : error;
      }
      if (signal?.aborted) throw abortErrorFor(signal);
      const events = reads.decode(read);
      if (events.length > 0) yield events;
      reads.throwIfFailed();
      if (read.done) return;
    }
  } finally {
    reads.release();
  }
}

function abortErrorFor(signal: AbortSignal | undefined): AbortError {
  return new AbortError('The LLM stream was aborted', { cause: signal?.reason });
}
