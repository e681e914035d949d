import { describe, expect, it } from 'vitest';
import { decodeLlmLine, encodeLlmLine, LLM_DONE_LINE } from '../../src/protocol/llm-stream.js';
import type { LlmStreamLine } from '../../src/protocol/llm-stream.js';

const decode = (line: LlmStreamLine) => decodeLlmLine(encodeLlmLine(line).trimEnd());

describe('LLM stream lines', () => {
  it('writes one `data: <JSON>` line per object', () => {
    expect(encodeLlmLine({ status: 'success', type: 'message', content: 'Hi.' })).toBe('data: {"status":"success","type":"message","content":"Hi."}\n');
  });

  it('reads back what it writes', () => {
    expect(decode({ status: 'success', type: 'message', content: 'Hi.' })).toEqual({ type: 'message', content: 'Hi.' });
    const call = { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Seoul"}' } } as const;
    expect(decode({ status: 'success', type: 'tool_call', content: '', tool_calls: [call] })).toEqual({ type: 'tool_call', content: '', tool_calls: [call] });
    expect(decode({ status: 'success', role: 'tool', type: 'tool_call', content: '{}', tool_call_id: 'c1' })).toEqual({
      type: 'server_tool_result',
      content: '{}',
      tool_call_id: 'c1',
    });
    expect(decode({ status: 'error', reason: 'model overloaded' })).toEqual({ error: 'model overloaded' });
  });

  it('skips the terminal done line, blank lines and non-data lines', () => {
    expect(LLM_DONE_LINE).toEqual({ status: 'success', type: 'done' });
    expect(decode(LLM_DONE_LINE)).toBeUndefined();
    for (const line of ['', 'data:', ': comment', 'event: x', 'data: [DONE]']) expect(decodeLlmLine(line)).toBeUndefined();
  });

  it('reports a broken line as an error', () => {
    expect(decodeLlmLine('data: {')).toEqual({ error: 'not a JSON line: {' });
    expect(decodeLlmLine('data: {"status":"success","type":"tool_call"}')).toMatchObject({ error: expect.stringContaining('without a tool_calls list') });
  });
});
