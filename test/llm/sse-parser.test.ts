import { describe, expect, it, vi } from 'vitest';
import { LLMStreamingResponseError } from '../../src/errors.js';
import { LlmStreamDecoder, readLlmStream } from '../../src/llm/sse-parser.js';
import type { LlmStreamEvent } from '../../src/llm/types.js';

const encoder = new TextEncoder();

function line(data: unknown): string {
  return `data: ${JSON.stringify(data)}`;
}
const msg = (content: string) => line({ status: 'success', type: 'message', content });
const toolCall = line({
  status: 'success',
  type: 'tool_call',
  content: '',
  tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"서울"}' } }],
});
const serverTool = line({ status: 'success', role: 'tool', type: 'tool_call', content: '{"ok":true}', tool_call_id: 'call_2' });

/** Decodes `bytes` cut at `cuts`; returns the events and the error that ended the stream, if any. */
function decodeSplit(bytes: Uint8Array, cuts: number[]): { events: LlmStreamEvent[]; error?: unknown } {
  const decoder = new LlmStreamDecoder();
  const events: LlmStreamEvent[] = [];
  let from = 0;
  try {
    for (const cut of [...cuts, bytes.length]) {
      events.push(...decoder.push(bytes.subarray(from, cut)));
      from = cut;
    }
    events.push(...decoder.end());
  } catch (error) {
    return { events, error };
  }
  return { events };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every byte-by-byte, two-part and seeded random split of a stream of `length` bytes. */
function* splits(length: number): Generator<number[]> {
  yield [];
  yield Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
  for (let i = 0; i <= length; i++) yield [i];
  const random = mulberry32(length);
  for (let n = 0; n < 60; n++) {
    const cuts = new Set<number>();
    const count = 1 + Math.floor(random() * Math.min(12, length));
    for (let k = 0; k < count; k++) cuts.add(Math.floor(random() * (length + 1)));
    yield [...cuts].sort((a, b) => a - b);
  }
}

const streams: Record<string, { text: string; events: LlmStreamEvent[] }> = {
  'LF lines': {
    text: `${msg('Hello')}\n${msg(', world')}\n`,
    events: [
      { type: 'message', content: 'Hello' },
      { type: 'message', content: ', world' },
    ],
  },
  'CRLF with tool call and server tool line': {
    text: `${msg('Checking')}\r\n\r\n${toolCall}\r\n${serverTool}\r\n`,
    events: [
      { type: 'message', content: 'Checking' },
      { type: 'tool_call', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"서울"}' } }] },
      { type: 'server_tool_result', content: '{"ok":true}', tool_call_id: 'call_2' },
    ],
  },
  'CR-only line ends and blank lines': {
    text: `\r${msg('a')}\r\r\r${msg('b')}\r`,
    events: [
      { type: 'message', content: 'a' },
      { type: 'message', content: 'b' },
    ],
  },
  'mixed line ends, comments and non-data lines': {
    text: `: keep-alive\n${msg('x')}\r\nevent: message\rid: 7\n\n${msg('y')}\nnot a data line\n`,
    events: [
      { type: 'message', content: 'x' },
      { type: 'message', content: 'y' },
    ],
  },
  'multi-byte UTF-8: emoji, CJK, Hangul': {
    text: `${msg('안녕하세요 👨‍👩‍👧')}\n${msg('你好，世界 🇰🇷')}\ndata:${JSON.stringify({ status: 'success', type: 'message', content: 'é😀' })}\n`,
    events: [
      { type: 'message', content: '안녕하세요 👨‍👩‍👧' },
      { type: 'message', content: '你好，世界 🇰🇷' },
      { type: 'message', content: 'é😀' },
    ],
  },
  'last line without its newline': {
    text: `${msg('one')}\n${msg('two 🎉')}`,
    events: [
      { type: 'message', content: 'one' },
      { type: 'message', content: 'two 🎉' },
    ],
  },
  'unknown line types and the [DONE] marker are skipped': {
    text: `${line({ status: 'success', type: 'usage', tokens: 3 })}\n${msg('z')}\ndata: [DONE]\n`,
    events: [{ type: 'message', content: 'z' }],
  },
};

describe('LlmStreamDecoder', () => {
  for (const [name, { text, events }] of Object.entries(streams)) {
    it(`decodes "${name}" the same for every split into reads`, () => {
      const bytes = encoder.encode(text);
      for (const cuts of splits(bytes.length)) {
        const result = decodeSplit(bytes, cuts);
        expect(result.error, `cuts ${cuts.join(',')}`).toBeUndefined();
        expect(result.events, `cuts ${cuts.join(',')}`).toEqual(events);
      }
    });
  }

  it.each([
    ['bad JSON', `${msg('ok')}\ndata: {"status": "success", "type": \n${msg('never')}\n`, '{"status": "success", "type":'],
    ['a status other than success', `${msg('ok')}\r\n${line({ status: 'error', reason: 'model overloaded' })}\r\n${msg('never')}\r\n`, 'model overloaded'],
    ['an error line without reason', `${msg('ok')}\n${line({ status: 'fail' })}`, '{"status":"fail"}'],
  ])('fails with LLMStreamingResponseError on %s after the same events for every split', (_label, text, description) => {
    const bytes = encoder.encode(text);
    for (const cuts of splits(bytes.length)) {
      const result = decodeSplit(bytes, cuts);
      expect(result.events).toEqual([{ type: 'message', content: 'ok' }]);
      expect(result.error).toBeInstanceOf(LLMStreamingResponseError);
      expect((result.error as LLMStreamingResponseError).description).toContain(description);
    }
  });

  it('throws at once when the bad line is the first of its read', () => {
    const decoder = new LlmStreamDecoder();
    expect(() => decoder.push(encoder.encode('data: nope\n'))).toThrow(LLMStreamingResponseError);
    expect(() => decoder.end()).toThrow(LLMStreamingResponseError);
  });

  it('keeps only the unfinished line, however small the reads', () => {
    const decoder = new LlmStreamDecoder();
    const one = `${msg('piece of text')}\r\n`;
    const bytes = encoder.encode(one.repeat(3000));
    let maxBuffered = 0;
    let events = 0;
    for (let i = 0; i < bytes.length; i += 7) {
      events += decoder.push(bytes.subarray(i, i + 7)).length;
      maxBuffered = Math.max(maxBuffered, decoder.bufferedLength);
    }
    events += decoder.end().length;
    expect(events).toBe(3000);
    expect(maxBuffered).toBeLessThan(one.length);
  });

  it('decodes one huge line in 64-byte reads holding its parts and joining them once (linear work; the SSE benchmark times it)', () => {
    const bytes = encoder.encode(`${msg('x'.repeat(200_000))}\n`);
    const decoder = new LlmStreamDecoder();
    const join = vi.spyOn(Array.prototype, 'join');
    const events: LlmStreamEvent[] = [];
    try {
      for (let i = 0; i < bytes.length; i += 64) {
        events.push(...decoder.push(bytes.subarray(i, i + 64)));
        if (events.length === 0) expect(decoder.bufferedLength).toBe(Math.min(i + 64, bytes.length));
      }
      // Re-joining the held parts on every read would call join once per read.
      expect(join.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      join.mockRestore();
    }
    expect(events).toHaveLength(1);
    expect(decoder.bufferedLength).toBe(0);
  });
});

function streamOf(parts: string[], { close = true } = {}): { stream: ReadableStream<Uint8Array>; cancelled: Promise<unknown> } {
  let onCancel: (reason: unknown) => void = () => undefined;
  const cancelled = new Promise((resolve) => {
    onCancel = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      if (close) controller.close();
    },
    cancel(reason) {
      onCancel(reason);
    },
  });
  return { stream, cancelled };
}

describe('readLlmStream', () => {
  it('yields one batch per read, skipping reads that finish no line', async () => {
    const { stream } = streamOf([`${msg('a')}\n${msg('b')}\n`, 'data: {"status":"suc', `cess","type":"message","content":"c"}\n`, `${msg('d')}`]);
    const batches: LlmStreamEvent[][] = [];
    for await (const batch of readLlmStream(stream)) batches.push(batch);
    expect(batches).toEqual([
      [
        { type: 'message', content: 'a' },
        { type: 'message', content: 'b' },
      ],
      [{ type: 'message', content: 'c' }],
      [{ type: 'message', content: 'd' }],
    ]);
  });

  it('hands over the good events of a read before failing on its bad line, and cancels the stream', async () => {
    const { stream, cancelled } = streamOf([`${msg('a')}\n${line({ status: 'error', reason: 'boom' })}\n`], { close: false });
    const batches: LlmStreamEvent[][] = [];
    await expect(
      (async () => {
        for await (const batch of readLlmStream(stream)) batches.push(batch);
      })(),
    ).rejects.toThrow(LLMStreamingResponseError);
    expect(batches).toEqual([[{ type: 'message', content: 'a' }]]);
    await cancelled;
  });

  it('stops at once on abort while waiting for a read, and cancels the stream', async () => {
    const { stream, cancelled } = streamOf([`${msg('a')}\n`], { close: false });
    const controller = new AbortController();
    const reading = (async () => {
      for await (const batch of readLlmStream(stream, controller.signal)) {
        expect(batch).toEqual([{ type: 'message', content: 'a' }]);
        setTimeout(() => controller.abort(), 10);
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await cancelled;
    expect(stream.locked).toBe(false);
  });

  it('cancels and releases the stream when the consumer stops early', async () => {
    const { stream, cancelled } = streamOf([`${msg('a')}\n`, `${msg('b')}\n`], { close: false });
    for await (const batch of readLlmStream(stream)) {
      expect(batch).toHaveLength(1);
      break;
    }
    await cancelled;
    expect(stream.locked).toBe(false);
  });
});
