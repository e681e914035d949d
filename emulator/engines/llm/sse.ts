/**
 * Writes the LLM stream of PROTOCOL.md — one `data: <JSON>\n` line per chunk,
 * each with `status`, closed by the `done` line — and applies an injected LLM
 * fault while doing so.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeLlmLine, LLM_DONE_LINE } from '../../../src/protocol/llm-stream.js';
import type { ActiveLlmFault } from '../../faults.js';
import type { LlmChunk } from './types.js';

export class SseWriter {
  private written = 0;
  private finished = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly fault: ActiveLlmFault | null,
    private readonly signal: AbortSignal,
  ) {}

  get done(): boolean {
    return this.finished || this.res.destroyed;
  }

  /** Writes one chunk; after a fault that ends the stream, `done` turns true. */
  async chunk(chunk: LlmChunk): Promise<void> {
    if (this.done) return;
    if (this.fault?.mode === 'slow') await sleep(this.fault.delayMs, undefined, { signal: this.signal });
    const line = encodeLlmLine({ status: 'success', ...chunk });
    if (this.written >= 1 && this.fault?.mode === 'truncated') {
      this.end(line.slice(0, Math.max(1, Math.floor(line.length / 2))));
      return;
    }
    await this.write(line);
    this.written += 1;
    if (this.fault?.mode === 'malformed') this.end('data: {"status": "success", "type": "message", "content": "unterminated\n');
    else if (this.fault?.mode === 'error') this.end(encodeLlmLine({ status: 'error', reason: this.fault.reason }));
  }

  /** A streaming error line (`status` other than success), then the end. */
  error(reason: string): void {
    this.end(encodeLlmLine({ status: 'error', reason }));
  }

  /** Ends the stream with the `done` line; a `truncated` fault that never got a second chunk cuts a filler line instead. */
  finish(): void {
    if (this.fault?.mode === 'truncated') this.end(encodeLlmLine({ status: 'success', type: 'message', content: ' (cut off)' }).slice(0, 20));
    else this.end(encodeLlmLine(LLM_DONE_LINE));
  }

  private end(text: string): void {
    if (this.done) return;
    this.finished = true;
    this.res.end(text);
  }

  private async write(text: string): Promise<void> {
    if (!this.res.write(text)) {
      await new Promise<void>((resolve) => {
        const settle = () => {
          this.res.off('drain', settle);
          this.res.off('close', settle);
          resolve();
        };
        this.res.once('drain', settle);
        this.res.once('close', settle);
      });
    }
  }
}
