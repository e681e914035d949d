import { describe, expect, it } from 'vitest';
import { MessagePieces, prefixView } from '../../src/llm/message-pieces.js';

describe('prefixView', () => {
  it('behaves as a read-only array of the first entries, even after the list grew', () => {
    const pieces = ['a', 'b'];
    const view = prefixView(pieces, 2);
    pieces.push('c');
    expect(Array.isArray(view)).toBe(true);
    expect(view).toHaveLength(2);
    expect(view).toEqual(['a', 'b']);
    expect([...view]).toEqual(['a', 'b']);
    expect(view.slice(1)).toEqual(['b']);
    expect(view.join('')).toBe('ab');
    expect(view[2]).toBeUndefined();
    expect(2 in view).toBe(false);
    expect(JSON.stringify(view)).toBe('["a","b"]');
    expect(Object.keys(view)).toEqual(['0', '1']);
    expect(() => view.push('x')).toThrow(TypeError);
    expect(() => {
      view[0] = 'z';
    }).toThrow(TypeError);
    expect(pieces).toEqual(['a', 'b', 'c']);
  });
});

describe('MessagePieces', () => {
  it('answers cumulative chunks; a reset keeps the views of the finished message', () => {
    const message = new MessagePieces();
    message.add('Hel');
    const first = message.chunk(false);
    message.add('lo');
    const last = message.chunk(true);
    message.reset();
    message.add('Next');
    expect(first).toEqual({ type: 'message', chunks: ['Hel'], message: 'Hel', finish: false });
    expect(last).toEqual({ type: 'message', chunks: ['Hel', 'lo'], message: 'Hello', finish: true });
    expect(message.chunk(false).chunks).toEqual(['Next']);
  });
});
