/**
 * Synthetic `/llm/v2/` answers: the shape of a real token stream (short
 * `message` lines, an occasional blank line, some multi-byte UTF-8) at any
 * size, generated deterministically so every run decodes the same bytes.
 */
import { createPrng } from '../../emulator/avatar/prng.js';

const words = [
  'the', 'avatar', 'answers', 'in', 'real', 'time', 'and', 'speaks', 'with', 'a', 'natural', 'voice',
  'café', 'naïve', 'Straße', 'über', '東京', '안녕하세요', 'привет', 'ok', '—', '«quoted»', '42', 'weather',
];

export interface SyntheticStream {
  bytes: Uint8Array;
  /** Non-blank `data:` lines, i.e. events a decoder must produce. */
  events: number;
  /** Assistant text characters across all events. */
  textLength: number;
}

/** About `size` bytes (never more) of `data: {"status":"success","type":"message",…}` lines. */
export function syntheticLlmStream(size: number, seed = 1): SyntheticStream {
  const next = createPrng(seed);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let length = 0;
  let events = 0;
  let textLength = 0;
  for (;;) {
    const count = 1 + Math.floor(next() * 4);
    const content = Array.from({ length: count }, () => words[Math.floor(next() * words.length)]!).join(' ') + ' ';
    const line = `data: ${JSON.stringify({ status: 'success', type: 'message', content })}\n${events % 20 === 19 ? '\n' : ''}`;
    const encoded = encoder.encode(line);
    if (length + encoded.length > size) break;
    parts.push(encoded);
    length += encoded.length;
    events += 1;
    textLength += content.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { bytes, events, textLength };
}

/** Views of `bytes` in reads of `readSize` bytes (the last may be shorter); no copying. */
export function splitIntoReads(bytes: Uint8Array, readSize: number): Uint8Array[] {
  const reads: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += readSize) reads.push(bytes.subarray(offset, offset + readSize));
  return reads;
}

/**
 * A byte stream that hands over the next read whenever the reader asks, as
 * when the network is faster than the reader. Reads are enqueued on pull, not
 * all up front: Node's stream queue dequeues with Array#shift, so 150,000
 * queued reads would measure the queue, not the decoder.
 */
export function pulledStream(reads: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < reads.length) controller.enqueue(reads[next++]!);
      if (next === reads.length) controller.close();
    },
  });
}
